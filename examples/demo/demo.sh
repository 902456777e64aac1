#!/usr/bin/env bash
# make demo: build the provider, point Terraform at it with dev_overrides in a throwaway CLI config, and
# apply main.tf. Against a mock API of its own by default (offline); when LAUNCHDARKLY_ACCESS_TOKEN is set,
# against LaunchDarkly or the server LAUNCHDARKLY_API_HOST names, and it says which. Prints the outputs; Terraform's full log goes to DEMO_LOG (a file in
# the system's temporary directory by default). Leaves nothing running and nothing else behind.
set -euo pipefail

# TERRAFORM names another binary than the terraform on PATH (make matrix sets it, through validate.sh).
tf=${TERRAFORM:-terraform}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
log=${DEMO_LOG:-$(mktemp "${TMPDIR:-/tmp}/launchdarkly-demo.XXXXXX.log")}
mock_pid=""
# shellcheck source=../dev-provider.sh
. "$root/examples/dev-provider.sh"

cleanup() {
	stop_mock_api
	rm -rf "$work"
}
trap cleanup EXIT

echo "Building the provider..."
use_dev_provider "$work" "$root"

mkdir "$work/config"
cp "$root/examples/demo/main.tf" "$work/config/"

# The seeded data the demo reads from the mock, unless the variables say otherwise.
mock_variables() {
	export TF_VAR_member_email="${TF_VAR_member_email:-sam.lee@acme.example}"
	export TF_VAR_project_key="${TF_VAR_project_key:-web-app}" TF_VAR_environment_key="${TF_VAR_environment_key:-production}"
	export TF_VAR_user_key="${TF_VAR_user_key:-user-key-123abc}" TF_VAR_context_key="${TF_VAR_context_key:-acme-corp}"
}

# Say which server the demo reads: a token in the environment may be the mock's own, and an API host in
# it may be a mock started by hand.
host=${LAUNCHDARKLY_API_HOST:-https://app.launchdarkly.com}
if [ -z "${LAUNCHDARKLY_ACCESS_TOKEN:-}" ]; then
	echo "Starting the mock LaunchDarkly API (LAUNCHDARKLY_ACCESS_TOKEN is not set)..."
	start_mock_api "$work" "$root"
	mock_variables
elif [ "$LAUNCHDARKLY_ACCESS_TOKEN" = "$mock_token" ]; then
	echo "LAUNCHDARKLY_ACCESS_TOKEN is the mock's token: reading the mock API at $host."
	mock_variables
elif [[ $host =~ ^http://(localhost|127\.[0-9.]+|\[::1\])(:[0-9]+)?(/|$) ]]; then
	echo "LAUNCHDARKLY_ACCESS_TOKEN and LAUNCHDARKLY_API_HOST are set: reading the server at $host, not LaunchDarkly."
else
	echo "LAUNCHDARKLY_ACCESS_TOKEN is set: reading the LaunchDarkly API at $host."
fi

echo "Applying examples/demo..."
if ! "$tf" -chdir="$work/config" apply -auto-approve -input=false -no-color >"$log" 2>&1; then
	# The errors are what matter; Terraform writes them last.
	sed -n '/^Error: /,$p' "$log"
	echo "make demo failed. Terraform's full log: $log"
	exit 1
fi
echo
"$tf" -chdir="$work/config" output -no-color
echo
# dev_overrides always warns; any other warning (from the provider, say) is worth a line.
grep '^Warning: ' "$log" | grep -v 'Provider development overrides are in effect' || true
echo "Terraform's full log: $log"
