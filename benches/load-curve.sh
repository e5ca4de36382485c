#!/usr/bin/env bash
# The load curve of the sandbox: `conform load` against a release `conform serve
# --password-cost fast` on loopback at a rising number of simulated apps, a fresh server
# for each point (so every point starts from the same store), and one table of
# throughput, p99 per step, errors and the server's peak RSS. The "x" columns compare
# each point with the one before: clients grew by the first, requests/s by the second,
# p99 of the slowest step by the third; where p99 grows faster than the clients, or
# requests/s stops growing, the server is saturated. Needs curl and python3; nothing here
# runs in CI.
#
#   benches/load-curve.sh                       # 10 25 50 100 200 400 clients, 15 s each
#   DURATION=30 benches/load-curve.sh 200       # one point
#   ONBOARD=every-walk benches/load-curve.sh    # a developer and an app before every walk
#
# The server logs as `conform serve` does by default, one line per request (to a file
# in OUT); LOG=warn turns that off. On a machine other sessions share, Linux autogroups
# give each session an equal share of the CPU whatever `nice` says: AUTOGROUP_NICE=-15
# runs the sweep in a session of its own with that priority (as root), so the server is
# not starved by someone else's build. docs/load.md has the figures and how they were made.
set -euo pipefail
if [ -n "${AUTOGROUP_NICE:-}" ] && [ -z "${LOAD_CURVE_SESSION:-}" ]; then
  export LOAD_CURVE_SESSION=1
  exec setsid bash -c 'echo "$AUTOGROUP_NICE" > /proc/self/autogroup && exec "$0" "$@"' "$0" "$@"
fi
cd "$(dirname "$0")/.."
CLIENTS=${*:-"10 25 50 100 200 400"}
DURATION=${DURATION:-15}
ONBOARD=${ONBOARD:-once}
PORT=${PORT:-18591}
OUT=${OUT:-reports/load-curve}
B=http://127.0.0.1:$PORT
BIN=target/release/conform

CARGO_INCREMENTAL=0 cargo build --release --quiet
mkdir -p "$OUT"
PID=
trap 'if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; fi' EXIT

for N in $CLIENTS; do
  RUST_LOG=${LOG:-info} "$BIN" serve --port "$PORT" --password-cost fast >"$OUT/serve-$N.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 300); do curl -sf "$B/_sandbox/clock" >/dev/null && break; sleep 0.1; done
  echo "== $N clients for $DURATION s (server pid $PID)" >&2
  "$BIN" load --target "$B" --clients "$N" --duration "$DURATION" --onboard "$ONBOARD" \
    --server-pid "$PID" --json "$OUT/clients-$N.json" | tee "$OUT/clients-$N.txt" >&2 || true
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
done

python3 - "$OUT" $CLIENTS <<'EOF' | tee "$OUT/curve.md"
import json, sys
out, points = sys.argv[1], [int(n) for n in sys.argv[2:]]
steps = ["authorize", "login", "disclaimer", "hipaa", "token", "patient-read",
         "patient-search", "directory-search", "refresh"]
short = {"authorize": "authz", "disclaimer": "discl", "patient-read": "read",
         "patient-search": "p-search", "directory-search": "d-search"}
head = ["clients", "walks/s", "req/s", "errors"] + [f"p99 {short.get(s, s)}" for s in steps] \
     + ["peak RSS MiB", "x clients", "x req/s", "x p99 max"]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
previous = None
for n in points:
    r = json.load(open(f"{out}/clients-{n}.json"))
    p99 = {row["step"]: row["p99_ms"] for row in r["steps"]}
    worst = max(p99[s] for s in steps)
    rss = r["memory"]["peak_rss_kib"] / 1024 if r.get("memory") else float("nan")
    ratios = ["", "", ""]
    if previous:
        pn, prps, pworst = previous
        ratios = [f"{n / pn:.2f}", f"{r['requests_per_second'] / prps:.2f}", f"{worst / pworst:.2f}"]
    cells = [str(n), f"{r['walks_per_second']:.1f}", f"{r['requests_per_second']:.0f}",
             str(r["errors"])] + [f"{p99[s]:.1f}" for s in steps] + [f"{rss:.1f}"] + ratios
    print("| " + " | ".join(cells) + " |")
    previous = (n, r["requests_per_second"], worst)
EOF
