#!/usr/bin/env bash
# make examples-check: every example directory must be `terraform fmt`-clean and pass `terraform validate`
# against the provider built from this tree.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=dev-provider.sh
. "$root/examples/dev-provider.sh"
use_dev_provider "$work" "$root"

terraform fmt -check -recursive -diff "$root/examples"
failed=0
mapfile -t dirs < <(find "$root/examples" -name '*.tf' -exec dirname {} \; | sort -u)
for dir in "${dirs[@]}"; do
	if out=$(terraform -chdir="$dir" validate -no-color 2>&1); then
		echo "valid    ${dir#"$root"/}"
	else
		printf '%s\nINVALID  %s\n' "$out" "${dir#"$root"/}"
		failed=1
	fi
done
exit "$failed"
