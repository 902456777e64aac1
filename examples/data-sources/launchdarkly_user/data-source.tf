data "launchdarkly_user" "customer" {
  project_key     = "web-app"
  environment_key = "production"
  user_key        = "user-key-123abc"
}

output "customer" {
  value = {
    name  = data.launchdarkly_user.customer.user.name
    plan  = data.launchdarkly_user.customer.user.custom.plan
    seats = data.launchdarkly_user.customer.user.custom.seats
  }
}
