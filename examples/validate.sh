#!/usr/bin/env bash
# make examples-check: every example directory must be `terraform fmt`-clean and pass `terraform validate`
# against the provider built from this tree, and every example with tests (*.tftest.hcl) must pass
# `terraform test`: its runs with mock_provider need nothing else, its runs with the real provider read
# the bundled mock API, which this script starts. `terraform test` with mock_provider needs Terraform 1.7
# (OpenTofu 1.8). TERRAFORM names another binary than the terraform on PATH (make matrix sets it).
set -euo pipefail

tf=${TERRAFORM:-terraform}

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
mock_pid=""
# shellcheck source=dev-provider.sh
. "$root/examples/dev-provider.sh"
trap 'stop_mock_api; rm -rf "$work"' EXIT

use_dev_provider "$work" "$root" with-official-standin

"$tf" fmt -check -recursive -diff "$root/examples"
failed=0
mapfile -t dirs < <(find "$root/examples" -name '*.tf' -exec dirname {} \; | sort -u)
for dir in "${dirs[@]}"; do
	if out=$("$tf" -chdir="$dir" validate -no-color 2>&1); then
		echo "valid    ${dir#"$root"/}"
	else
		printf '%s\nINVALID  %s\n' "$out" "${dir#"$root"/}"
		failed=1
	fi
done

# The guide "Using this provider beside LaunchDarkly's own" shows the error a data source without
# `provider = ldread` gets: the example without those lines must fail with it.
mkdir "$work/missing-provider"
grep -v 'provider = ldread' "$root/examples/beside-official/main.tf" >"$work/missing-provider/main.tf"
want='The provider launchdarkly/launchdarkly does not support data source "launchdarkly_members"'
if out=$("$tf" -chdir="$work/missing-provider" validate -no-color 2>&1); then
	echo "FAILED   examples/beside-official without provider = ldread is valid; the guide says it is not"
	failed=1
elif ! tr -s ' \n' ' ' <<<"$out" | grep -qF "$want"; then
	printf '%s\nFAILED   examples/beside-official without provider = ldread: no "%s"\n' "$out" "$want"
	failed=1
else
	echo "refused  examples/beside-official without provider = ldread, as the guide says"
fi

# Test files sit in the module's directory or in its tests/ directory.
mapfile -t tested < <(find "$root/examples" -name '*.tftest.hcl' -exec dirname {} \; | sed 's|/tests$||' | sort -u)
if [ "${#tested[@]}" -gt 0 ]; then
	start_mock_api "$work" "$root"
	for dir in "${tested[@]}"; do
		if out=$("$tf" -chdir="$dir" test -no-color 2>&1); then
			echo "tested   ${dir#"$root"/}: $(grep -E '^Success!' <<<"$out")"
		else
			printf '%s\nFAILED   %s\n' "$out" "${dir#"$root"/}"
			failed=1
		fi
	done
fi

# make demo, the first thing a newcomer runs: it prints the outputs, not Terraform's plan and advice, keeps
# the full log in a file, and says which server it reads. First with a mock of its own, then with the
# mock's token and the address of the mock started above, as the README's variables would have it.
check_demo() { # check_demo LABEL WANT...: the demo in this environment prints each WANT
	local label=$1 out
	shift
	if ! out=$(DEMO_LOG="$work/demo.log" "$root/examples/demo/demo.sh" 2>&1); then
		printf '%s\nFAILED   make demo (%s)\n' "$out" "$label"
		failed=1
		return
	fi
	local want noise problems=""
	for want in "$@" 'me = {' '"email" = "ariel.flores@acme.example"' 'member_by_email = [' '"seats" = 42' \
		"Terraform's full log: $work/demo.log"; do
		grep -qF -- "$want" <<<"$out" || problems+="  it did not print: $want"$'\n'
	done
	for noise in "Terraform will perform" "Reading..." "Note: You didn't use" "Warning:"; do
		! grep -qF -- "$noise" <<<"$out" || problems+="  it printed Terraform's: $noise"$'\n'
	done
	grep -q 'Apply complete!' "$work/demo.log" || problems+="  its log $work/demo.log holds no apply"$'\n'
	if [ -n "$problems" ]; then
		printf '%s\n%sFAILED   make demo (%s)\n' "$out" "$problems" "$label"
		failed=1
	else
		echo "demo     make demo ($label)"
	fi
}
(
	unset LAUNCHDARKLY_ACCESS_TOKEN LAUNCHDARKLY_API_HOST
	check_demo "its own mock" "Starting the mock LaunchDarkly API"
	exit "$failed"
) || failed=1
if [ -z "${mock_pid:-}" ]; then
	start_mock_api "$work" "$root"
fi
check_demo "the mock's variables exported" \
	"LAUNCHDARKLY_ACCESS_TOKEN is the mock's token: reading the mock API at $LAUNCHDARKLY_API_HOST."

exit "$failed"
