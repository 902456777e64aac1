# Who is this pipeline? The member behind the token the pipeline runs with, and its role: useful in a
# plan's output, or to flag a run whose token has more power than it should.
terraform {
  required_version = ">= 1.5.0" # check blocks

  required_providers {
    launchdarkly = {
      source = "tf-launchdarkly/launchdarkly"
    }
  }
}

# The token comes from LAUNCHDARKLY_ACCESS_TOKEN, set by the pipeline.
provider "launchdarkly" {}

data "launchdarkly_member" "pipeline" {
  id = "me"
}

output "pipeline_member" {
  value = {
    email        = data.launchdarkly_member.pipeline.email
    role         = data.launchdarkly_member.pipeline.role
    custom_roles = [for r in coalesce(data.launchdarkly_member.pipeline.custom_roles_info, []) : r.key]
  }
}

# Warn on every plan when the pipeline's token belongs to an owner or admin: a pipeline needs less. A
# check block warns without stopping the run; to stop it instead, move the condition into a
# `lifecycle { postcondition { ... } }` block of the data source.
check "pipeline_token_is_not_admin" {
  assert {
    condition     = !contains(["owner", "admin"], data.launchdarkly_member.pipeline.role)
    error_message = "The pipeline's LaunchDarkly token belongs to ${data.launchdarkly_member.pipeline.email}, whose role is ${data.launchdarkly_member.pipeline.role}; use a token with a narrower role."
  }
}
