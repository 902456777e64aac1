#!/usr/bin/env bash
# make demo: build the provider, point Terraform at it with dev_overrides in a throwaway CLI config, and
# apply main.tf. Against the mock API by default (offline); against LaunchDarkly when
# LAUNCHDARKLY_ACCESS_TOKEN is set. Prints the outputs; Terraform's full log goes to DEMO_LOG (a file in
# the system's temporary directory by default). Leaves nothing running and nothing else behind.
set -euo pipefail

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

if [ -n "${LAUNCHDARKLY_ACCESS_TOKEN:-}" ]; then
	echo "LAUNCHDARKLY_ACCESS_TOKEN is set: reading the real LaunchDarkly API."
else
	echo "Starting the mock LaunchDarkly API..."
	start_mock_api "$work" "$root"
	export TF_VAR_member_email="sam.lee@acme.example"
	export TF_VAR_project_key="web-app" TF_VAR_environment_key="production" TF_VAR_user_key="user-key-123abc"
	export TF_VAR_context_key="acme-corp"
fi

echo "Applying examples/demo..."
if ! terraform -chdir="$work/config" apply -auto-approve -input=false -no-color >"$log" 2>&1; then
	# The errors are what matter; Terraform writes them last.
	sed -n '/^Error: /,$p' "$log"
	echo "make demo failed. Terraform's full log: $log"
	exit 1
fi
echo
terraform -chdir="$work/config" output -no-color
echo
# dev_overrides always warns; any other warning (from the provider, say) is worth a line.
grep '^Warning: ' "$log" | grep -v 'Provider development overrides are in effect' || true
echo "Terraform's full log: $log"
