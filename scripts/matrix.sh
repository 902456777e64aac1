#!/usr/bin/env bash
# make matrix: the acceptance tests, and every example's `terraform test`, under each Terraform and
# OpenTofu version in MATRIX (tool:version, built once from the Go module proxy by build-terraform.sh and
# cached) and under the terraform on PATH. Prints a Markdown table of the results, the one in CONTRIBUTING.md.
#
#   MATRIX="terraform:1.16.0 tofu:1.12.6" scripts/matrix.sh
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
matrix=${MATRIX:-terraform:1.3.10 terraform:1.5.7 terraform:1.14.0 terraform:1.15.0 terraform:1.16.0 tofu:1.10.10 tofu:1.12.6}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# OpenTofu warns on standard output about a TF_CLI_CONFIG_FILE that does not exist, which breaks
# terraform-plugin-testing's reading of `tofu version`: every run gets an empty file of its own.
: >"$work/empty.tfrc"

# Build everything first, so that the test runs below are not slowed by builds.
declare -A bins built
for spec in $matrix; do
	tool=${spec%%:*} version=${spec#*:}
	out=$("$root/scripts/build-terraform.sh" "$tool" "$version" 2>"$work/build.log") || {
		cat "$work/build.log" >&2
		echo "Building $tool $version failed." >&2
		exit 1
	}
	bins[$spec]=$(tail -1 <<<"$out")
	# How long the build took, when it ran now or earlier (the cache keeps the time).
	built[$spec]="$(cat "$(dirname "${bins[$spec]}")/build-seconds") s"
	grep -q '^Built ' "$work/build.log" || built[$spec]+=" (cached)"
done
path_terraform=$(command -v terraform) || path_terraform=""

rows=()
failed=0
run() { # run LABEL BINARY BUILD
	local label=$1 bin=$2 build=$3 host=registry.terraform.io
	[[ $label == OpenTofu* ]] && host=registry.opentofu.org
	echo "== $label: acceptance tests" >&2
	local start=$SECONDS
	TF_ACC=1 TF_ACC_TERRAFORM_PATH="$bin" TF_ACC_PROVIDER_HOST=$host TF_CLI_CONFIG_FILE="$work/empty.tfrc" \
		go test -count=1 -timeout "${TEST_TIMEOUT:-30m}" -json ./internal/provider/ >"$work/test.json" 2>&1
	local seconds=$((SECONDS - start))
	# Every test and subtest that ran, by its final action.
	local pass fail skip
	pass=$(grep -c '"Action":"pass","Package":"[^"]*","Test"' "$work/test.json")
	fail=$(grep -c '"Action":"fail","Package":"[^"]*","Test"' "$work/test.json")
	skip=$(grep -c '"Action":"skip","Package":"[^"]*","Test"' "$work/test.json")
	local result=pass
	if [ "$fail" -gt 0 ] || ! grep -q '"Action":"pass","Package":"[^"]*","Elapsed"' "$work/test.json"; then
		result=FAIL
		failed=1
		grep '"Action":"output"' "$work/test.json" | sed -n 's/.*"Output":"\(.*\)"}$/\1/p' | sed 's/\\n$//; s/\\t/\t/g' |
			grep -E -- '--- FAIL|Error|error' | head -40 >&2
	fi
	# The examples' tests need mock_provider: Terraform 1.7, OpenTofu 1.8.
	local examples version=${label#* } minor
	version=${version%% *}
	minor=$((10#$(cut -d. -f2 <<<"$version")))
	if [[ $label == OpenTofu* && $minor -lt 8 ]] || [[ $label == Terraform* && $minor -lt 7 ]]; then
		examples="not run: needs mock_provider"
	else
		echo "== $label: example tests" >&2
		examples=pass
		if ! TERRAFORM="$bin" "$root/examples/validate.sh" >"$work/examples.log" 2>&1; then
			examples=FAIL
			failed=1
			tail -40 "$work/examples.log" >&2
		fi
		local tested=0 n
		for n in $(sed -n 's/^tested .*Success! \([0-9]*\) passed.*/\1/p' "$work/examples.log"); do
			tested=$((tested + n))
		done
		examples+=" ($tested runs)"
	fi
	rows+=("| $label | $result | $((pass + fail + skip)) | $pass | $fail | $skip | ${seconds} s | $examples | $build |")
}

for spec in $matrix; do
	tool=${spec%%:*} version=${spec#*:}
	label="Terraform $version"
	[ "$tool" = tofu ] && label="OpenTofu $version"
	run "$label" "${bins[$spec]}" "${built[$spec]}"
done
if [ -n "$path_terraform" ]; then
	version=$("$path_terraform" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -1)
	run "Terraform $version (PATH)" "$path_terraform" "installed"
fi

echo
echo "| version | acceptance tests | tests run | passed | failed | skipped | test time | example tests | build |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit "$failed"
