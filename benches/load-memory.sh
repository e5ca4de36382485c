#!/usr/bin/env bash
# Is the server's memory bounded over a long run? `conform load` against a release
# `conform serve --password-cost fast` while the sandbox clock runs fast: every LAPSE_EVERY
# real seconds the clock is advanced by LAPSE_STEP seconds, so the 45 minutes after which
# an authorization's records are forgotten (30-minute refresh token, 5-minute access
# token, 10-minute grace; sandbox/src/store/expiry.rs) pass in a few real minutes. The
# step stays under the 60-s code lifetime, so no walk in flight sees its code expire.
# Prints the server's RSS every 30 s and its peak; a bounded store levels off, an
# unbounded one keeps rising.
#
#   benches/load-memory.sh                             # this build: 200 clients, 360 s, 15x time
#   SERVER=/tmp/conform-before benches/load-memory.sh  # another build's server, side by side
#   LAPSE_STEP=0 benches/load-memory.sh             # real time (nothing expires in a short run)
#   SKIP_BUILD=1 benches/load-memory.sh             # the binaries already built, as they are
#
# AUTOGROUP_NICE=-15 runs it in a session of its own with that priority (as root), so
# another session's build does not starve the server (see benches/load-curve.sh).
# Needs curl and python3; nothing here runs in CI. docs/load.md has the figures.
set -euo pipefail
if [ -n "${AUTOGROUP_NICE:-}" ] && [ -z "${LOAD_MEMORY_SESSION:-}" ]; then
  export LOAD_MEMORY_SESSION=1
  exec setsid bash -c 'echo "$AUTOGROUP_NICE" > /proc/self/autogroup && exec "$0" "$@"' "$0" "$@"
fi
cd "$(dirname "$0")/.."
CLIENTS=${CLIENTS:-200}
DURATION=${DURATION:-360}
LAPSE_STEP=${LAPSE_STEP:-30}
LAPSE_EVERY=${LAPSE_EVERY:-2}
PORT=${PORT:-18592}
OUT=${OUT:-reports/load-memory}
BIN=target/release/conform
SERVER=${SERVER:-$BIN}
B=http://127.0.0.1:$PORT
NAME=$(basename "$SERVER")

# SKIP_BUILD=1 measures the binaries as they are (sources changed since, say).
[ -n "${SKIP_BUILD:-}" ] || CARGO_INCREMENTAL=0 cargo build --release --quiet
mkdir -p "$OUT"
PID= LAPSE=
trap 'kill $PID $LAPSE 2>/dev/null || true' EXIT

RUST_LOG=${LOG:-warn} "$SERVER" serve --port "$PORT" --password-cost fast >"$OUT/serve-$NAME.log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do curl -sf "$B/_sandbox/clock" >/dev/null && break; sleep 0.1; done
if [ "$LAPSE_STEP" -gt 0 ]; then
  (while sleep "$LAPSE_EVERY"; do
     curl -sf -X POST -H 'content-type: application/json' \
       -d "{\"seconds\": $LAPSE_STEP}" "$B/_sandbox/clock/advance" >/dev/null || true
   done) &
  LAPSE=$!
fi
echo "== $NAME: $CLIENTS clients for $DURATION s, the clock advanced ${LAPSE_STEP} s every ${LAPSE_EVERY} s (server pid $PID)" >&2
"$BIN" load --target "$B" --clients "$CLIENTS" --duration "$DURATION" \
  --server-pid "$PID" --json "$OUT/$NAME.json" >"$OUT/$NAME.txt" || true
kill "$LAPSE" 2>/dev/null || true
CLOCK=$(curl -sf "$B/_sandbox/clock" || echo '{}')

python3 - "$OUT/$NAME.json" "$CLOCK" <<'EOF'
import json, sys
report, clock = json.load(open(sys.argv[1])), sys.argv[2]
memory = report["memory"]
samples = memory["rss_samples"]
walks = report.get("walks", 0)
print(f"walks {walks}, errors {report.get('errors')}, peak RSS {memory['peak_rss_kib'] / 1024:.1f} MiB; clock at the end: {clock}")
print("| s | RSS MiB |")
print("|---|---|")
for t, kib in samples:
    if round(t) % 30 == 0:
        print(f"| {t:.0f} | {kib / 1024:.1f} |")
EOF
