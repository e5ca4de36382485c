#!/usr/bin/env bash
# Optional smoke test of `conform postman` with newman, Postman's own command-line runner:
# starts `conform serve` on a free port, writes the tenant's collection for it, and runs the
# folders that need no person at a browser (Discovery, Provider Directory), so the test
# scripts' JavaScript runs in Postman's real sandbox. Not part of CI (it needs Node.js and
# newman from npm); `cargo test --test integration postman` is the gate.
#
#   scripts/postman-smoke.sh                # dev1
#   TENANT=bcbsm scripts/postman-smoke.sh
#   NEWMAN=/path/to/newman scripts/postman-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TENANT=${TENANT:-dev1}
PORT=${PORT:-18080}
if [ -n "${NEWMAN:-}" ]; then
  newman=("$NEWMAN")
elif command -v newman >/dev/null; then
  newman=(newman)
else
  newman=(npx --yes newman@6.2.2)
fi

cargo build -q
work=$(mktemp -d)
target/debug/conform serve --port "$PORT" >"$work/serve.log" 2>&1 &
serve=$!
trap 'kill "$serve" 2>/dev/null || true; wait "$serve" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$PORT/_sandbox/clock" >/dev/null && break
  sleep 0.1
done

target/debug/conform postman --tenant "$TENANT" --base-url "http://127.0.0.1:$PORT" \
  --out "$work/collection.json"
"${newman[@]}" run "$work/collection.json" --folder Discovery --folder "Provider Directory" \
  --color off --disable-unicode
