data "launchdarkly_caller_identity" "current" {}

output "whoami" {
  value = {
    account_id    = data.launchdarkly_caller_identity.current.account_id
    token         = coalesce(data.launchdarkly_caller_identity.current.token_name, data.launchdarkly_caller_identity.current.client_id, "unnamed")
    member_id     = data.launchdarkly_caller_identity.current.member_id
    service_token = data.launchdarkly_caller_identity.current.service_token
  }
}

# In a pipeline, warn on every plan when the provider authenticates as a person (a personal access
# token or an OAuth token) rather than with a service token: the run would stop working when that
# person leaves, and it can do whatever they can. A check block (Terraform 1.5 or newer) warns; it does
# not stop the run.
variable "in_pipeline" {
  description = "Whether Terraform runs in a pipeline; set TF_VAR_in_pipeline=true there."
  type        = bool
  default     = false
}

check "pipeline_uses_a_service_token" {
  assert {
    # `== true` rather than the bare value: a null would make the condition itself an error.
    condition     = !var.in_pipeline || data.launchdarkly_caller_identity.current.service_token == true
    error_message = "This pipeline authenticates to LaunchDarkly as a person (${coalesce(data.launchdarkly_caller_identity.current.token_kind, data.launchdarkly_caller_identity.current.auth_kind, "unknown kind")} token \"${coalesce(data.launchdarkly_caller_identity.current.token_name, data.launchdarkly_caller_identity.current.client_id, "unnamed")}\", member ${coalesce(data.launchdarkly_caller_identity.current.member_id, "unknown")}); use a service token."
  }
}
