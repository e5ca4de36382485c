#!/usr/bin/env bash
# Discovery and token-endpoint throughput of `conform serve` and of the SMART Health IT
# launcher, side by side in one run with the same load tool (wrk, 10 connections), with
# ratios. Nothing here runs in CI: it needs the launcher checked out and installed
# (LAUNCHER_DIR, `npm ci --ignore-scripts`) and wrk (Debian package `wrk`).
#
#   LAUNCHER_DIR=/tmp/launcher benches/oauth-side-by-side.sh
#
# Token requests: the refresh_token grant on both (it is repeatable; codes are single-use
# here). Ours authenticates the client (Basic) and signs RS256; the launcher checks no
# client authentication and signs HS256, so the comparison flatters the launcher.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
LAUNCHER_DIR=${LAUNCHER_DIR:?set LAUNCHER_DIR to a smart-launcher-v2 checkout with node_modules}
OURS_PORT=18580
THEIRS_PORT=18581
OURS=http://127.0.0.1:$OURS_PORT
THEIRS=http://127.0.0.1:$THEIRS_PORT
J='content-type: application/json'

cargo build --release --quiet
./target/release/conform serve --port $OURS_PORT --password-cost fast 2>/dev/null &
OURS_PID=$!
(cd "$LAUNCHER_DIR" && HOST=127.0.0.1 PORT=$THEIRS_PORT NODE_ENV=production \
  npx ts-node --skipProject --transpile-only backend/index.ts >/dev/null 2>&1) &
THEIRS_PID=$!
trap 'kill $OURS_PID $THEIRS_PID 2>/dev/null || true; pkill -f "PORT=$THEIRS_PORT" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "$THEIRS/v/r4/fhir/.well-known/smart-configuration" >/dev/null && curl -sf "$OURS/_sandbox/clock" >/dev/null && break
  sleep 0.3
done

source benches/lib/rose.sh

# Ours: a developer, an app with /debug as redirect, Rose's consent, a refresh token.
rose_tokens "$OURS" "openid fhirUser launch/patient offline_access patient/Patient.read"
OURS_REFRESH=$REFRESH

# Theirs: the launcher's sim segment skips its dialogs (patient standalone, public client).
SIM=$(python3 -c 'import json,base64;print(base64.urlsafe_b64encode(json.dumps([3,"87a339d0-8cae-418e-89c7-8651e6aab3c6","","AUTO",1,1,0,"","","","","","","",0,0,""]).encode()).decode().rstrip("="))')
TLOC=$(curl -s -o /dev/null -w '%{redirect_url}' "$THEIRS/v/r4/sim/$SIM/auth/authorize?response_type=code&client_id=demo&redirect_uri=http://x.example/cb&scope=openid%20fhirUser%20offline_access%20launch/patient%20patient/*.read&state=s&aud=$THEIRS/v/r4/sim/$SIM/fhir")
TCODE=$(echo "$TLOC" | grep -o 'code=[^&]*' | cut -d= -f2)
THEIRS_REFRESH=$(curl -sf -XPOST "$THEIRS/v/r4/sim/$SIM/auth/token" -d "grant_type=authorization_code&code=$TCODE&redirect_uri=http://x.example/cb" | field '["refresh_token"]')

rate() { awk '/Requests\/sec/ {print $2}'; }
errors() { awk '/Non-2xx/ {print $NF} END {}' ; }
run() { wrk -t2 -c10 -d"$DURATION" "$@" 2>&1; }

echo "== discovery (GET smart-configuration), wrk -t2 -c10 -d$DURATION"
A=$(run "$OURS/dev1/fhir/.well-known/smart-configuration"); B=$(run "$THEIRS/v/r4/fhir/.well-known/smart-configuration")
OA=$(echo "$A" | rate); TB=$(echo "$B" | rate)
echo "  conform sandbox: $OA req/s (non-2xx: $(echo "$A" | errors))"
echo "  SMART launcher : $TB req/s (non-2xx: $(echo "$B" | errors))"
python3 -c "print(f'  ratio: {float($OA)/float($TB):.1f}x')"

echo "== token endpoint (refresh_token grant), wrk -t2 -c10 -d$DURATION"
A=$(WRK_BODY="grant_type=refresh_token&refresh_token=$OURS_REFRESH" WRK_AUTH="$BASIC" run -s benches/wrk/post-form.lua "$OURS/dev1/oauth2/token")
B=$(WRK_BODY="grant_type=refresh_token&refresh_token=$THEIRS_REFRESH" WRK_AUTH="" run -s benches/wrk/post-form.lua "$THEIRS/v/r4/sim/$SIM/auth/token")
OA=$(echo "$A" | rate); TB=$(echo "$B" | rate)
echo "  conform sandbox: $OA req/s (non-2xx: $(echo "$A" | errors))"
echo "  SMART launcher : $TB req/s (non-2xx: $(echo "$B" | errors))"
python3 -c "print(f'  ratio: {float($OA)/float($TB):.1f}x')"
