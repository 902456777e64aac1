# Sourced by demo.sh and validate.sh: builds the provider into $1/bin and points Terraform at it with
# dev_overrides in a CLI configuration of its own, so no registry and no `terraform init` are involved.
use_dev_provider() {
	local work=$1 root=$2
	go build -o "$work/bin/terraform-provider-launchdarkly" "$root"
	cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/tf-launchdarkly/launchdarkly" = "$work/bin"
  }
  direct {}
}
RC
	export TF_CLI_CONFIG_FILE="$work/terraformrc"
}
