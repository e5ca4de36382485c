#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that face the network with cargo fuzz (libFuzzer),
# on the stable toolchain (docs/fuzzing.md). Installs cargo-fuzz (pinned) when missing,
# builds every target once, then runs each for FUZZ_SECONDS, one after another, on one
# core, and prints per target: executions, executions per second, coverage (libFuzzer's
# `cov` edges and `ft` features), corpus size, seconds and the result.
#
#   scripts/cargo-fuzz.sh                      # every target, 20 s each
#   FUZZ_SECONDS=600 scripts/cargo-fuzz.sh jwt fhir_search
#   FUZZ_OPT_LEVEL=3 FUZZ_SECONDS=600 scripts/cargo-fuzz.sh     # a long local run
#
# Settings (environment):
#   FUZZ_SECONDS     seconds per target (default 20)
#   FUZZ_SANITIZER   none (default) or address; address needs RUSTC_BOOTSTRAP=1, which
#                    the script sets for it (-Zsanitizer on a stable compiler)
#   FUZZ_OPT_LEVEL   opt-level of every crate in the build (default: fuzz/Cargo.toml's
#                    profile, fast to build; 3 builds slowly and runs several times faster)
#   FUZZ_CORPUS      where the corpora a run grows are kept (default target/fuzz-corpus);
#                    the committed seeds in fuzz/seeds/<target> are read, never written
#   FUZZ_TIMEOUT     seconds one input may take before it counts as a finding (default 10)
#
# A crash (a failed check or a panic), a timeout or running out of memory fails the run:
# the input is written under fuzz/artifacts/<target>/ and its path printed, with the
# command that replays it. Exits 1 when any target failed, 2 when the build failed.
set -uo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
SECONDS_EACH="${FUZZ_SECONDS:-20}"
SANITIZER="${FUZZ_SANITIZER:-none}"
CORPUS="${FUZZ_CORPUS:-target/fuzz-corpus}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
OPT="${FUZZ_OPT_LEVEL:-profile}"
if [ "$OPT" != profile ]; then
    # After cargo's own flags, so it overrides the profile's per-package levels too.
    export RUSTFLAGS="${RUSTFLAGS:-} -Copt-level=$OPT"
fi
# Each opt-level and sanitizer builds into a directory of its own, so switching between
# a CI-like run and a long one does not rebuild everything each time.
TARGET_DIR="target/fuzz-$SANITIZER-$OPT"
if [ "$SANITIZER" != none ]; then
    export RUSTC_BOOTSTRAP=1
fi
BUILD=(--sanitizer "$SANITIZER" --codegen-units 16 --target-dir "$TARGET_DIR")

ALL=(scopes smart_scopes fhir_search fhir_date authorization jwt oauth_params pdf redirect_uri router)
TARGETS=("${@:-${ALL[@]}}")
for t in "${TARGETS[@]}"; do
    if [ ! -f "fuzz/fuzz_targets/$t.rs" ]; then
        echo "no target $t; targets are ${ALL[*]}" >&2
        exit 2
    fi
done

start=$SECONDS
if ! cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION\$"; then
    echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --quiet || exit 2
    echo "   installed in $((SECONDS - start)) s"
fi

echo "== building the fuzz targets (sanitizer $SANITIZER, opt-level $OPT) into $TARGET_DIR"
build_start=$SECONDS
cargo fuzz build "${BUILD[@]}" || exit 2
echo "   built in $((SECONDS - build_start)) s"

# A figure from libFuzzer's final statistics (-print_final_stats=1).
stat() { grep -o "^stat::$1: *[0-9]*" "$log" | grep -o '[0-9]*$' | tail -1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=0
printf '\n%-14s %10s %8s %7s %7s %7s %8s  %s\n' target execs exec/s cov ft corpus seconds result
for t in "${TARGETS[@]}"; do
    mkdir -p "$CORPUS/$t"
    dict=()
    if [ -f "fuzz/dicts/$t.dict" ]; then
        dict=("-dict=fuzz/dicts/$t.dict")
    fi
    t_start=$(date +%s.%N)
    cargo fuzz run "${BUILD[@]}" "$t" "$CORPUS/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -print_final_stats=1 \
        "${dict[@]}" >"$log" 2>&1
    status=$?
    t_end=$(date +%s.%N)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*')
    ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*')
    corpus=$(find "$CORPUS/$t" "fuzz/seeds/$t" -type f | wc -l)
    result=ok
    if [ $status -ne 0 ]; then
        result=FAILED
        failed=1
    fi
    printf '%-14s %10s %8s %7s %7s %7s %8.1f  %s\n' "$t" "$(stat number_of_executed_units)" \
        "$(stat average_exec_per_sec)" "${cov:--}" "${ft:--}" "$corpus" \
        "$(awk -v a="$t_start" -v b="$t_end" 'BEGIN { print b - a }')" "$result"
    if [ $status -ne 0 ]; then
        grep -E 'panicked at|^==[0-9]+== ERROR|SUMMARY|Test unit written to|ALARM|out-of-memory|Build failed|^error' "$log" | head -20
        artifact=$(grep -o 'Test unit written to .*' "$log" | tail -1 | sed 's/Test unit written to //')
        if [ -n "$artifact" ]; then
            echo "   crashing input: $artifact"
            echo "   replay: cargo fuzz run ${BUILD[*]} $t $artifact"
        else
            tail -20 "$log"
        fi
    fi
done
echo "== cargo fuzz finished in $((SECONDS - start)) s"
exit $failed
