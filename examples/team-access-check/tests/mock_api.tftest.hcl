# The real provider against the provider's bundled mock API, which serves a fixed, made-up account: see
# the "Testing configurations" guide for how to start it. The provider reads the mock's address and token
# from LAUNCHDARKLY_API_HOST and LAUNCHDARKLY_ACCESS_TOKEN.
#
#   terraform test -filter=tests/mock_api.tftest.hcl

provider "launchdarkly" {}

variables {
  team_emails     = ["ariel.flores@acme.example", "SAM.LEE@acme.example", "mateo.garcia@acme.example"]
  project_key     = "web-app"
  environment_key = "production"
  customer_key    = "acme-corp"
  contact_key     = "user-key-123abc"
}

run "reads_the_mock_account" {
  command = plan

  # mateo.garcia is an admin of the mock account without MFA.
  expect_failures = [check.team_admins_use_mfa]

  assert {
    condition     = output.member_ids == ["6511d0c3a8e4f20013b70001", "6511d0c3a8e4f20013b70006", "6511d0c3a8e4f20013b70013"]
    error_message = "member_ids is ${jsonencode(output.member_ids)}."
  }

  assert {
    condition     = output.admins_without_mfa == ["mateo.garcia@acme.example"]
    error_message = "admins_without_mfa is ${jsonencode(output.admins_without_mfa)}."
  }

  assert {
    condition     = output.customer_plan == "enterprise"
    error_message = "customer_plan is ${jsonencode(output.customer_plan)}."
  }

  assert {
    condition     = output.contact_email == "sandy@example.com"
    error_message = "contact_email is ${jsonencode(output.contact_email)}."
  }
}
