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
exit "$failed"
