variable "project_key" {
  description = "The project whose context kinds to read."
  type        = string
  default     = "web-app"
}

variable "target_kind" {
  description = "The context kind a flag of this configuration targets."
  type        = string
  default     = "organization"
}

data "launchdarkly_context_kinds" "project" {
  project_key = var.project_key
}

# Refuse to target a context kind that does not exist or is archived (archived kinds cannot be
# targeted): the plan stops with the reason, before anything is changed.
output "target_kind" {
  value = var.target_kind

  precondition {
    condition     = contains(data.launchdarkly_context_kinds.project.keys, var.target_kind)
    error_message = "Project ${var.project_key} has no context kind ${var.target_kind}; it has ${join(", ", data.launchdarkly_context_kinds.project.keys)}."
  }
  precondition {
    condition     = !anytrue([for k in data.launchdarkly_context_kinds.project.context_kinds : k.archived == true if k.key == var.target_kind])
    error_message = "The context kind ${var.target_kind} is archived and cannot be targeted."
  }
}
