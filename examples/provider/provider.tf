terraform {
  required_providers {
    launchdarkly = {
      source = "tf-launchdarkly/launchdarkly"
    }
  }
}

# The token is best left out of the configuration: set LAUNCHDARKLY_ACCESS_TOKEN in the environment.
provider "launchdarkly" {
  # For LaunchDarkly's EU or federal instances:
  # api_host = "app.eu.launchdarkly.com"
}
