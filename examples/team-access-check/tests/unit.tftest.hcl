# Runs anywhere, with no account, token or API: mock_provider serves the provider's schema, and
# override_data gives each data source the values a test needs. Everything else a mocked data source
# returns is made up by Terraform.
#
#   terraform test -filter=tests/unit.tftest.hcl
#
# override_data sets top-level attributes and single nested objects (user below). Terraform up to 1.16
# cannot take values for a list of nested objects (launchdarkly_members.members): it mocks it as an empty
# list (hashicorp/terraform#38369). A module that needs per-member values in a test reads them with
# launchdarkly_member, as this one does.

mock_provider "launchdarkly" {
  override_data {
    target = data.launchdarkly_member.team["ariel.flores@acme.example"]
    values = {
      id   = "6511d0c3a8e4f20013b70001"
      role = "admin"
      mfa  = "enabled"
    }
  }

  override_data {
    target = data.launchdarkly_member.team["sam.lee@acme.example"]
    values = {
      id   = "6511d0c3a8e4f20013b70006"
      role = "writer"
      mfa  = "disabled"
    }
  }

  override_data {
    target = data.launchdarkly_context.customer
    values = {
      attributes = { plan = "enterprise", seats = 250 }
    }
  }

  override_data {
    target = data.launchdarkly_user.contact
    values = {
      user = { key = "contact-1", email = "contact@customer.example" }
    }
  }
}

variables {
  team_emails     = ["Ariel.Flores@acme.example", "sam.lee@acme.example"]
  project_key     = "web-app"
  environment_key = "production"
  customer_key    = "acme-corp"
  contact_key     = "contact-1"
}

run "maps_emails_to_member_ids_in_order" {
  command = plan

  assert {
    condition     = output.member_ids == ["6511d0c3a8e4f20013b70001", "6511d0c3a8e4f20013b70006"]
    error_message = "member_ids is ${jsonencode(output.member_ids)}."
  }
}

run "reads_the_customer_and_its_contact" {
  command = plan

  assert {
    condition     = output.customer_plan == "enterprise"
    error_message = "customer_plan is ${jsonencode(output.customer_plan)}."
  }

  assert {
    condition     = output.contact_email == "contact@customer.example"
    error_message = "contact_email is ${jsonencode(output.contact_email)}."
  }
}

run "a_customer_without_a_plan" {
  command = plan

  override_data {
    target = data.launchdarkly_context.customer
    values = {
      attributes = { seats = 3 }
    }
  }

  assert {
    condition     = output.customer_plan == null
    error_message = "customer_plan is ${jsonencode(output.customer_plan)}, want null."
  }
}

# Every admin of the team has MFA (sam.lee has none, but is no admin): the check passes. A failed check
# is only a warning, so the run asserts the value the check tests.
run "team_admins_with_mfa_pass_the_check" {
  command = plan

  assert {
    condition     = output.admins_without_mfa == []
    error_message = "admins_without_mfa is ${jsonencode(output.admins_without_mfa)}."
  }
}

# An admin without MFA fails the check, which the run expects, and is named. (email is an argument here:
# the mock keeps the address as configured, where the real provider returns it as LaunchDarkly stores it.)
run "a_team_admin_without_mfa_fails_the_check" {
  command = plan

  override_data {
    target = data.launchdarkly_member.team["sam.lee@acme.example"]
    values = {
      id   = "6511d0c3a8e4f20013b70006"
      role = "admin"
      mfa  = "disabled"
    }
  }

  expect_failures = [check.team_admins_use_mfa]

  assert {
    condition     = output.admins_without_mfa == ["sam.lee@acme.example"]
    error_message = "admins_without_mfa is ${jsonencode(output.admins_without_mfa)}."
  }
}
