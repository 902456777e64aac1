# Sourced by demo.sh and validate.sh.

# use_dev_provider builds the provider into $1/bin and points Terraform at it with dev_overrides in a CLI
# configuration of its own, so no registry and no `terraform init` are involved. OpenTofu reads the same
# source address from its own registry, so both addresses are overridden. With a third argument,
# with-official-standin, LaunchDarkly's own provider (launchdarkly/launchdarkly) is overridden too, by the
# stand-in in internal/officialstandin, for the examples that use both providers.
use_dev_provider() {
	local work=$1 root=$2 standin=${3:-}
	go build -o "$work/bin/terraform-provider-launchdarkly" "$root"
	local official=""
	if [ "$standin" = with-official-standin ]; then
		go build -o "$work/official/terraform-provider-launchdarkly" "$root/internal/officialstandin"
		official="
    \"registry.terraform.io/launchdarkly/launchdarkly\" = \"$work/official\"
    \"registry.opentofu.org/launchdarkly/launchdarkly\" = \"$work/official\""
	fi
	cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/tf-launchdarkly/launchdarkly" = "$work/bin"
    "registry.opentofu.org/tf-launchdarkly/launchdarkly" = "$work/bin"$official
  }
  direct {}
}
RC
	export TF_CLI_CONFIG_FILE="$work/terraformrc"
}

# mock_token is the mock's own fake token, which grants nothing anywhere else.
mock_token=api-00000000-0000-4000-8000-000000000001

# start_mock_api builds the bundled mock API into $1, starts it on a free loopback port and points the
# provider at it through LAUNCHDARKLY_API_HOST and LAUNCHDARKLY_ACCESS_TOKEN (the mock's own fake token,
# which grants nothing anywhere else). It sets mock_pid: the caller stops the mock with it.
start_mock_api() {
	local work=$1 root=$2
	go build -o "$work/mockapi" "$root/internal/mockapi/cmd/mockapi"
	"$work/mockapi" -url-file "$work/mock-url" >"$work/mock.log" 2>&1 &
	mock_pid=$!
	for _ in $(seq 50); do
		[ -s "$work/mock-url" ] && break
		kill -0 "$mock_pid" 2>/dev/null || {
			cat "$work/mock.log"
			echo "The mock API failed to start."
			return 1
		}
		sleep 0.1
	done
	[ -s "$work/mock-url" ] || {
		echo "The mock API did not start within 5 seconds."
		return 1
	}
	LAUNCHDARKLY_API_HOST=$(cat "$work/mock-url")
	LAUNCHDARKLY_ACCESS_TOKEN=$mock_token
	export LAUNCHDARKLY_API_HOST LAUNCHDARKLY_ACCESS_TOKEN
}

# stop_mock_api stops the mock start_mock_api started, if any.
stop_mock_api() {
	if [ -n "${mock_pid:-}" ]; then
		kill "$mock_pid" 2>/dev/null || true
		wait "$mock_pid" 2>/dev/null || true
		mock_pid=""
	fi
}
