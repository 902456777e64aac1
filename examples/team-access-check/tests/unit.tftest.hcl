# Runs anywhere, with no account, token or API: mock_provider serves the provider's schema, and
# override_data gives each data source the values a test needs. Everything else a mocked data source
# returns is made up by Terraform.
#
#   terraform test -filter=tests/unit.tftest.hcl
#
# What override_data can set: top-level attributes and single nested objects (user below). Two limits
# shape these tests. An override applies to every instance of a data source: OpenTofu refuses a target
# with an instance key (data.launchdarkly_member.team["..."]), so the team here has one member. And
# Terraform up to 1.16 mocks a list of nested objects (launchdarkly_members.members) as an empty list
# whatever the override says (hashicorp/terraform#38369): per-member values come from launchdarkly_member.

mock_provider "launchdarkly" {
  override_data {
    target = data.launchdarkly_member.team
    values = {
      id   = "6511d0c3a8e4f20013b70001"
      role = "admin"
      mfa  = "enabled"
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
    # OpenTofu needs every attribute of a nested object; Terraform would make up those left out.
    values = {
      user = {
        key           = "contact-1"
        email         = "contact@customer.example"
        name          = "Casey Contact"
        anonymous     = false
        secondary     = null
        ip            = null
        country       = null
        first_name    = null
        last_name     = null
        avatar        = null
        private_attrs = null
        custom        = null
      }
    }
  }
}

variables {
  team_emails     = ["Ariel.Flores@acme.example"]
  project_key     = "web-app"
  environment_key = "production"
  customer_key    = "acme-corp"
  contact_key     = "contact-1"
}

run "maps_an_email_in_any_case_to_its_member_id" {
  command = plan

  assert {
    condition     = output.member_ids == ["6511d0c3a8e4f20013b70001"]
    error_message = "member_ids is ${jsonencode(output.member_ids)}."
  }
}

# A failed check is only a warning, so each run asserts the value the check tests as well.
run "an_admin_with_mfa_passes_the_check" {
  command = plan

  assert {
    condition     = output.admins_without_mfa == []
    error_message = "admins_without_mfa is ${jsonencode(output.admins_without_mfa)}."
  }
}

# The run expects the check to fail. The address is the one configured: with a mocked provider, email
# stays as given, where the real provider returns it as LaunchDarkly stores it.
run "an_admin_without_mfa_fails_the_check" {
  command = plan

  override_data {
    target = data.launchdarkly_member.team
    values = {
      id   = "6511d0c3a8e4f20013b70001"
      role = "admin"
      mfa  = "disabled"
    }
  }

  expect_failures = [check.team_admins_use_mfa]

  assert {
    condition     = output.admins_without_mfa == ["ariel.flores@acme.example"]
    error_message = "admins_without_mfa is ${jsonencode(output.admins_without_mfa)}."
  }
}

run "a_writer_without_mfa_is_not_an_admin" {
  command = plan

  override_data {
    target = data.launchdarkly_member.team
    values = {
      id   = "6511d0c3a8e4f20013b70001"
      role = "writer"
      mfa  = "disabled"
    }
  }

  assert {
    condition     = output.admins_without_mfa == []
    error_message = "admins_without_mfa is ${jsonencode(output.admins_without_mfa)}."
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
