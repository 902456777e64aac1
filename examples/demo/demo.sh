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

cleanup() {
	if [ -n "$mock_pid" ]; then
		kill "$mock_pid" 2>/dev/null || true
		wait "$mock_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

echo "Building the provider..."
# shellcheck source=../dev-provider.sh
. "$root/examples/dev-provider.sh"
use_dev_provider "$work" "$root"

mkdir "$work/config"
cp "$root/examples/demo/main.tf" "$work/config/"

if [ -n "${LAUNCHDARKLY_ACCESS_TOKEN:-}" ]; then
	echo "LAUNCHDARKLY_ACCESS_TOKEN is set: reading the real LaunchDarkly API."
else
	echo "Starting the mock LaunchDarkly API..."
	go build -o "$work/mockapi" "$root/internal/mockapi/cmd/mockapi"
	"$work/mockapi" -url-file "$work/mock-url" >"$work/mock.log" 2>&1 &
	mock_pid=$!
	for _ in $(seq 50); do
		[ -s "$work/mock-url" ] && break
		kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.log"; echo "The mock API failed to start."; exit 1; }
		sleep 0.1
	done
	[ -s "$work/mock-url" ] || { echo "The mock API did not start within 5 seconds."; exit 1; }
	export LAUNCHDARKLY_API_HOST LAUNCHDARKLY_ACCESS_TOKEN
	LAUNCHDARKLY_API_HOST=$(cat "$work/mock-url")
	# The mock's own fake token; it grants nothing anywhere else.
	LAUNCHDARKLY_ACCESS_TOKEN=api-00000000-0000-4000-8000-000000000001
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
