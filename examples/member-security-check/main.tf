# Warn on every plan when a member who matters (an approver, an admin) has not verified their email
# address or has no multi-factor authentication. A check block warns; it does not stop the run.
terraform {
  required_version = ">= 1.5.0" # check blocks

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
    # `== true` rather than the bare value: a null would make the condition itself an error.
    condition     = data.launchdarkly_member.checked.verified == true
    error_message = "${var.member_email} has not verified their email address."
  }

  assert {
    # Only the member's own MFA status counts: with MFA enforced, a member may still be in the grace
    # period without it (mfa_grace_period_expires_at says until when).
    condition     = data.launchdarkly_member.checked.mfa == "enabled"
    error_message = "${var.member_email} has no multi-factor authentication (mfa = ${coalesce(data.launchdarkly_member.checked.mfa, "unknown")})."
  }
}
