# An organization's plan, as its SDK last sent it, picks the size of what Terraform manages for it.
data "launchdarkly_context" "customer" {
  project_key     = "web-app"
  environment_key = "production"
  kind            = "organization"
  key             = "acme-corp"
}

locals {
  attributes = data.launchdarkly_context.customer.attributes
  plan       = try(local.attributes.plan, "free")
  seat_limit = lookup({ free = 5, team = 50, enterprise = 500 }, local.plan, 5)
}

output "customer" {
  value = {
    name       = data.launchdarkly_context.customer.name
    plan       = local.plan
    seat_limit = max(local.seat_limit, try(local.attributes.seats, 0))
    city       = try(local.attributes.address.city, null)
    seen_by    = [for v in data.launchdarkly_context.customer.versions : v.application_id]
  }
}
