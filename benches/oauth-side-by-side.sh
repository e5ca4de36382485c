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

field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# Ours: a developer, an app with /debug as redirect, Rose's consent, a refresh token.
U=bench$RANDOM
curl -sf -XPOST $OURS/portal/api/accounts -H "$J" -d "{\"email\":\"$U@example.com\",\"username\":\"$U\",\"password\":\"Tr1cky-Pass!\",\"confirm_password\":\"Tr1cky-Pass!\",\"accept_terms\":true}" >/dev/null
LINK=$(curl -sf "$OURS/_sandbox/outbox?to=$U@example.com" | field '["mails"][-1]["body"]' | grep -o 'http[^ ]*token=[A-Za-z0-9_-]*')
curl -sf "$LINK" >/dev/null
S=$(curl -sf -XPOST $OURS/portal/api/sessions -H "$J" -d "{\"username\":\"$U\",\"password\":\"Tr1cky-Pass!\"}" | field '["token"]')
curl -sf -XPOST $OURS/portal/api/terms/accept -H "authorization: Bearer $S" >/dev/null
APP=$(curl -sf -XPOST $OURS/portal/api/apps -H "authorization: Bearer $S" -H "$J" \
  -d "{\"name\":\"Bench\",\"scopes\":\"openid fhirUser launch/patient offline_access patient/Patient.read\",\"redirect_uris\":[\"$OURS/debug\"]}")
CID=$(echo "$APP" | field '["credentials"]["development"]["client_id"]')
SECRET=$(echo "$APP" | field '["credentials"]["development"]["client_secret"]')
JAR=$(mktemp)
AUTH="$OURS/dev1/oauth2/authorize?response_type=code&client_id=$CID&redirect_uri=$OURS/debug&scope=openid+fhirUser+launch/patient+offline_access+patient/Patient.read&state=s&nonce=n$RANDOM"
PAGE=$(curl -sf -c "$JAR" "$AUTH")
ACTION=$(echo "$PAGE" | grep -o 'action="[^"]*"' | head -1 | cut -d'"' -f2)
CSRF=$(echo "$PAGE" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -sf -b "$JAR" -o /dev/null "$ACTION" -d "csrf=$CSRF&username=rose&password=Beltran-1997!"
curl -sf -b "$JAR" -o /dev/null "$ACTION" -d "csrf=$CSRF&decision=accept"
LOC=$(curl -s -b "$JAR" -o /dev/null -w '%{redirect_url}' "$ACTION" -d "csrf=$CSRF&decision=accept")
CODE=$(echo "$LOC" | grep -o 'code=[^&]*' | cut -d= -f2)
BASIC="Basic $(printf '%s:%s' "$CID" "$SECRET" | base64 -w0)"
OURS_REFRESH=$(curl -sf -XPOST $OURS/dev1/oauth2/token -H "authorization: $BASIC" \
  -d "grant_type=authorization_code&code=$CODE&redirect_uri=$OURS/debug" | field '["refresh_token"]')

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
