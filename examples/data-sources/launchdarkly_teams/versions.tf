# Not part of the rendered docs: lets `make examples-check` validate data-source.tf on its own.
terraform {
  required_version = ">= 1.5.0" # check blocks

  required_providers {
    launchdarkly = {
      source = "tf-launchdarkly/launchdarkly"
    }
  }
}
