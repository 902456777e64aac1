# Warn on every plan when a member who matters (an approver, an admin) has not verified their email
# address or has no multi-factor authentication. A check block warns; it does not stop the run.
terraform {
  required_providers {
    launchdarkly = {
      source = "tf-launchdarkly/launchdarkly"
    }
  }
}

provider "launchdarkly" {}

variable "member_email" {
  description = "Email address of the member to check."
  type        = string
}

check "member_security" {
  data "launchdarkly_member" "checked" {
    email = var.member_email
  }

  assert {
    condition     = data.launchdarkly_member.checked.verified
    error_message = "${var.member_email} has not verified their email address."
  }

  assert {
    # mfa_enforced is null on accounts that do not report it: then only the member's own MFA counts.
    condition     = data.launchdarkly_member.checked.mfa == "enabled" || coalesce(data.launchdarkly_member.checked.mfa_enforced, false)
    error_message = "${var.member_email} has no multi-factor authentication (mfa = ${data.launchdarkly_member.checked.mfa})."
  }
}
