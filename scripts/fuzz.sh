#!/usr/bin/env bash
# make fuzz: a short run of each fuzz target. Go 1.26's fuzzing can fail a target at the end of its
# -fuzztime with a bare "context deadline exceeded" and no failing input, when a loaded machine keeps a
# worker from stopping in time (golang/go#75804, fixed in Go 1.27). Such a run is tried once more; a run
# that wrote a failing input, or failed any other way, fails at once.
set -uo pipefail

fuzztime=${FUZZTIME:-10s}
targets=(
	./internal/provider:FuzzMemberDecodeAndMap
	./internal/provider:FuzzUserDecodeAndMap
	./internal/provider:FuzzDynamicFromJSON
	./internal/launchdarkly:FuzzDecodeContextsPage
	./internal/provider:FuzzMembersDecodeAndMap
)
for target in "${targets[@]}"; do
	pkg=${target%%:*} name=${target#*:}
	for attempt in 1 2; do
		echo "go test -run '^\$' -fuzz '^$name\$' -fuzztime $fuzztime $pkg"
		out=$(go test -run '^$' -fuzz "^$name\$" -fuzztime "$fuzztime" "$pkg" 2>&1)
		rc=$?
		echo "$out"
		[ "$rc" -eq 0 ] && break
		if [ "$attempt" -eq 2 ] || ! grep -q 'context deadline exceeded' <<<"$out" ||
			grep -q 'Failing input written' <<<"$out"; then
			exit 1
		fi
		echo "$name stopped at its deadline without a failing input (golang/go#75804): once more."
	done
done
