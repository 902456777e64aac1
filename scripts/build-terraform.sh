#!/usr/bin/env bash
# Builds Terraform or OpenTofu of one version from source through the Go module proxy, once, and prints the
# binary's path on the last line of its output. Later calls find the binary in the cache and build nothing.
#
#   scripts/build-terraform.sh terraform 1.16.0
#   scripts/build-terraform.sh tofu 1.12.6
#
# The cache is TF_MATRIX_CACHE, by default tf-launchdarkly-matrix next to Go's build cache (outside the
# repository, so `git clean` keeps it). Nothing is downloaded but Go modules; no release archive, no registry.
#
# Neither project builds with a plain `go install module@version`:
# - hashicorp/terraform's module zip leaves out its nested remote-state backend modules (s3, gcs, azure, ...),
#   which its go.mod replaces with local paths that then do not exist. The build uses a writable copy of the
#   module with those backends dropped from internal/backend/init/init.go and from go.mod. The tests use the
#   local backend only.
# - opentofu/opentofu replaces hashicorp/hcl with its own fork, which `go install` refuses; `go build -mod=mod`
#   inside a copy of the module honours it.
# Both set their version package's dev flag through -ldflags, so the binary reports 1.16.0, not 1.16.0-dev.
set -euo pipefail

usage() {
	echo "usage: $0 terraform|tofu VERSION" >&2
	exit 2
}
[ $# -eq 2 ] || usage
tool=$1
version=${2#v}
case $tool in
terraform) module=github.com/hashicorp/terraform pkg=. ;;
tofu) module=github.com/opentofu/opentofu pkg=./cmd/tofu ;;
*) usage ;;
esac

cache=${TF_MATRIX_CACHE:-$(dirname "$(go env GOCACHE)")/tf-launchdarkly-matrix}
bin=$cache/$tool-$version/$tool
# stamp is written last, once the binary reported its version, and holds how long the build took.
stamp=$cache/$tool-$version/build-seconds

# The first line of `version` names the tool and the exact version: "Terraform v1.16.0" or "OpenTofu v1.12.6".
reports_version() {
	local first
	first=$(TF_CLI_CONFIG_FILE=/dev/null "$bin" version 2>/dev/null | head -1) || return 1
	[[ $first =~ ^(Terraform|OpenTofu)\ v${version//./\\.}$ ]]
}
if [ -x "$bin" ] && [ -s "$stamp" ]; then
	echo "$bin"
	exit 0
fi

echo "Building $tool $version from $module@v$version (a few minutes)..." >&2
# go mod download fails with a JSON "Error" when the proxy lists a version but refuses its source zip
# (Terraform 1.17.x here: 403 "This module version is not available"): show it.
download=$(go mod download -json "$module@v$version") || true
dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$download")
[ -d "$dir" ] || {
	echo "go mod download found no source for $module@v$version:" >&2
	sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' <<<"$download" | sed 's/\\n\\t/ /g' >&2
	exit 1
}

src=$(mktemp -d "${TMPDIR:-/tmp}/build-$tool-$version.XXXXXX")
trap 'chmod -R u+w "$src" 2>/dev/null; rm -rf "$src"' EXIT
cp -R "$dir/." "$src/"
chmod -R u+w "$src"
cd "$src"

if [ "$tool" = terraform ]; then
	# Every go.mod replacement by a local directory the module zip left out: drop it, and the backend it is.
	while read -r path local; do
		[ -d "$local" ] && continue
		go mod edit -dropreplace="$path" -droprequire="$path"
		name=${path##*/internal/backend/remote-state/}
		[ "$name" = "$path" ] && continue
		init=internal/backend/init/init.go
		alias=$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\) \"$path\"\$|\1|p" "$init")
		[ -n "$alias" ] || {
			echo "no import of $path in $init: the patch needs updating for $version" >&2
			exit 1
		}
		sed -i "\|\"$path\"\$|d; /[^A-Za-z0-9_]$alias\.New(/d" "$init"
		echo "  without the $name backend" >&2
	done < <(sed -n -E 's/^(replace[[:space:]]+)?[[:space:]]*([^[:space:]]+)([[:space:]]+v[^[:space:]]+)?[[:space:]]+=>[[:space:]]+(\.\/[^[:space:]]+)[[:space:]]*$/\2 \4/p' go.mod)
fi

# Builds are niced: the machine may be shared with others' timing-sensitive work.
start=$SECONDS
mkdir -p "$(dirname "$bin")"
rm -f "$stamp"
nice -n 10 go build -mod=mod -trimpath -ldflags "-s -w -X $module/version.dev=no" -o "$bin.tmp" "$pkg"
mv "$bin.tmp" "$bin"
reports_version || {
	echo "$bin does not report version $version:" >&2
	TF_CLI_CONFIG_FILE=/dev/null "$bin" version >&2
	exit 1
}
echo "$((SECONDS - start))" >"$stamp"
echo "Built $tool $version in $((SECONDS - start)) s" >&2
echo "$bin"
