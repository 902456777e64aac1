# This provider beside LaunchDarkly's own. Both name their types launchdarkly_*, and Terraform gives a
# type to the provider whose local name is its prefix: `launchdarkly`. LaunchDarkly's provider keeps
# that name, so its resources need nothing more; this one gets a second local name, `ldread`, and each
# of its data sources says `provider = ldread`.
terraform {
  required_version = ">= 1.3"

  required_providers {
    launchdarkly = {
      source = "launchdarkly/launchdarkly"
    }
    ldread = {
      source = "tf-launchdarkly/launchdarkly"
    }
  }
}

# Both read LAUNCHDARKLY_ACCESS_TOKEN and LAUNCHDARKLY_API_HOST, so one token in the environment serves
# both, and the blocks take the same arguments.
provider "launchdarkly" {}

provider "ldread" {}

variable "platform_team_emails" {
  description = "The platform team's email addresses, in any case."
  type        = set(string)
  default     = ["ariel.flores@acme.example", "Kim.Nguyen@acme.example", "dev+ci@acme.example"]
}

# The members behind the addresses: an address no member has fails the plan, naming it.
data "launchdarkly_members" "platform_team" {
  provider = ldread
  emails   = var.platform_team_emails
}

# The member behind the token maintains the team.
data "launchdarkly_member" "me" {
  provider = ldread
  id       = "me"
}

# A resource of LaunchDarkly's provider, fed from this one: ids_by_email is keyed by the lower-cased
# address.
resource "launchdarkly_team" "platform" {
  key         = "platform"
  name        = "Platform team"
  member_ids  = [for email in var.platform_team_emails : data.launchdarkly_members.platform_team.ids_by_email[lower(email)]]
  maintainers = [data.launchdarkly_member.me.id]
}

output "platform_team_member_ids" {
  value = launchdarkly_team.platform.member_ids
}
