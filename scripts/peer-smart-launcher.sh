#!/usr/bin/env bash
# The proof run against a server we did not write: the SMART Health IT launcher
# (smart-on-fhir/smart-launcher-v2, Apache-2.0) on loopback, with a `conform serve` on
# 127.0.0.1:8080 as the FHIR server behind the launcher's proxy (docs/targets.md).
#
#   scripts/peer-smart-launcher.sh [LAUNCHER_DIR]
#
# LAUNCHER_DIR is a checkout of the launcher (default target/peers/smart-launcher-v2,
# cloned at the commit below if absent; its code is never committed here). Needs Node
# 18+ and npm. Writes reports/launcher/ and reports/launcher-public/ and prints each
# run's counts; exits 0 whether scenarios failed or not (failures are the findings),
# and non-zero only if something could not start.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=https://github.com/smart-on-fhir/smart-launcher-v2
COMMIT=64374254347fdfa9625f9112c77813aa75fa9f3e
DIR=${1:-target/peers/smart-launcher-v2}
LAUNCHER_PORT=8445
SANDBOX_PORT=8080

if [ ! -d "$DIR/.git" ]; then
    mkdir -p "$(dirname "$DIR")"
    git clone --quiet "$REPO" "$DIR"
    git -C "$DIR" checkout --quiet "$COMMIT"
fi
if [ ! -d "$DIR/node_modules" ]; then
    (cd "$DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

cargo build --quiet
pids=()
# Each server runs in its own process group (setsid), so npx's node child stops too.
cleanup() { for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

setsid target/debug/conform serve --port "$SANDBOX_PORT" --password-cost fast \
    >target/peer-sandbox.log 2>&1 &
pids+=($!)
# FHIR_SERVER_R4 empty: the profiles' launch segments name the sandbox as the FHIR server.
(cd "$DIR" && HOST=127.0.0.1 PORT=$LAUNCHER_PORT NODE_ENV=production FHIR_SERVER_R4="" \
    exec setsid npx ts-node --skipProject --transpile-only backend/index.ts) >target/peer-launcher.log 2>&1 &
pids+=($!)

wait_for() {
    for _ in $(seq 1 120); do
        curl -fs -o /dev/null "$1" && return 0
        sleep 0.5
    done
    echo "nothing answers at $1 (see target/peer-*.log)" >&2
    exit 2
}
wait_for "http://127.0.0.1:$SANDBOX_PORT/_sandbox/clock"
wait_for "http://127.0.0.1:$LAUNCHER_PORT/v/r4/fhir/.well-known/smart-configuration"

for profile in smart-launcher smart-launcher-public; do
    out=reports/${profile/smart-/}
    echo "== $profile -> $out"
    # Exit 1 means scenarios failed: those are the findings, listed in the report.
    target/debug/conform run --profile "fixtures/profiles/$profile.toml" --report-dir "$out" \
        --transcripts all 2>&1 | tail -1 || [ "${PIPESTATUS[0]}" -eq 1 ]
done
