#!/usr/bin/env bash
# A long run of the property tests that fuzz the parsers facing the network
# (docs/fuzzing.md): every property of each target PROPTEST_CASES times (default 20000;
# `cargo test` runs a few hundred), one target after another, with the time each took.
#
#   scripts/fuzz.sh                      # every target, 20000 cases per property
#   PROPTEST_CASES=2000 scripts/fuzz.sh  # a shorter run
#   scripts/fuzz.sh fhir::search http    # only these targets
#   PROPTEST_CASES=ci scripts/fuzz.sh    # the case counts `cargo test` runs, timed
#
# A failure is shrunk to its smallest input, printed, and kept under
# sandbox/proptest-regressions/ (commit that file with the fix: it is replayed first in
# every later run). Exits 1 when any target failed.
set -uo pipefail
cd "$(dirname "$0")/.."

export PROPTEST_CASES="${PROPTEST_CASES:-20000}"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# Module paths of the `fuzz` modules in the sandbox library, and `http` for the router
# properties in sandbox/tests/fuzz_http.rs.
ALL=(
    portal::scopes::fuzz
    oauth::smart_scopes::fuzz
    oauth::client_auth::fuzz
    oauth::bearer::fuzz
    oauth::keys::fuzz
    oauth::params::fuzz
    portal::pdf::fuzz
    portal::redirect_uris::fuzz
    oauth::redirect::fuzz
    fhir::date::fuzz
    fhir::search::fuzz
    http
)
if [ $# -gt 0 ]; then
    TARGETS=()
    for want in "$@"; do
        for t in "${ALL[@]}"; do
            case "$t" in "$want"*) TARGETS+=("$t") ;; esac
        done
    done
else
    TARGETS=("${ALL[@]}")
fi
if [ ${#TARGETS[@]} -eq 0 ]; then
    echo "no target matches: $*; targets are ${ALL[*]}" >&2
    exit 2
fi

echo "== building the tests"
cargo test -q -p conform-sandbox --lib --test fuzz_http --no-run || exit 2

log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=0
printf '\n%-28s %6s %8s %10s  %s\n' target tests cases seconds result
for t in "${TARGETS[@]}"; do
    start=$(date +%s.%N)
    if [ "$t" = http ]; then
        cargo test -q -p conform-sandbox --test fuzz_http >"$log" 2>&1
    else
        cargo test -q -p conform-sandbox --lib -- "$t::" >"$log" 2>&1
    fi
    status=$?
    end=$(date +%s.%N)
    passed=$(grep -o '[0-9]* passed' "$log" | awk '{s += $1} END {print s + 0}')
    result=ok
    if [ $status -ne 0 ]; then
        result=FAILED
        failed=1
    fi
    printf '%-28s %6s %8s %10.1f  %s\n' "$t" "$passed" "$PROPTEST_CASES" "$(echo "$end - $start" | bc)" "$result"
    if [ $status -ne 0 ]; then
        grep -E 'panicked|minimal failing input|Test failed' -A3 "$log" | head -40
    fi
done
# The count of properties includes each target's plain regression tests, which run once.
exit $failed
