#!/usr/bin/env bash
# A picture of the member's login page, for people (CI runs tests/integration/browser.rs,
# which screenshots every page of the flow into target/browser-screenshots/).
#
#   scripts/screenshot-pages.sh            -> reports/screenshots/login.png
#
# Starts `cargo run -- serve` on a free port, registers a developer and an app whose
# redirect URI is the sandbox's /debug, opens the app's authorize request in headless
# Chromium and saves what it shows. Needs curl, python3 and chromium (Debian:
# apt-get install --no-install-recommends chromium). OUT and CHROMIUM override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-reports/screenshots}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$CHROMIUM" ] || { echo "chromium not found: apt-get install --no-install-recommends chromium" >&2; exit 1; }
mkdir -p "$OUT"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
B=http://127.0.0.1:$PORT
J='content-type: application/json'
PROFILE=$(mktemp -d)
LOG=$(mktemp)
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

cargo build --quiet
# `cargo run` execs the binary, so $! is the server itself.
cargo run --quiet -- serve --port "$PORT" --password-cost fast >"$LOG" 2>&1 &
SERVER=$!
cleanup() {
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    rm -rf "$PROFILE" "$LOG"
}
trap cleanup EXIT

for _ in $(seq 100); do
    curl -sf "$B/dev1/fhir/.well-known/smart-configuration" >/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
    sleep 0.1
done

USER=shot$RANDOM
curl -sf -XPOST "$B/portal/api/accounts" -H "$J" -d "{\"email\":\"$USER@example.com\",\"username\":\"$USER\",
  \"password\":\"Tr1cky-Pass!\",\"confirm_password\":\"Tr1cky-Pass!\",\"accept_terms\":true}" >/dev/null
LINK=$(curl -sf "$B/_sandbox/outbox?to=$USER@example.com" | field '["mails"][-1]["body"]' |
    grep -o 'http[^ ]*verify-email?token=[A-Za-z0-9_-]*')
curl -sf "$LINK" >/dev/null
S=$(curl -sf -XPOST "$B/portal/api/sessions" -H "$J" -d "{\"username\":\"$USER\",\"password\":\"Tr1cky-Pass!\"}" | field '["token"]')
curl -sf -XPOST "$B/portal/api/terms/accept" -H "authorization: Bearer $S" >/dev/null
CLIENT_ID=$(curl -sf -XPOST "$B/portal/api/apps" -H "authorization: Bearer $S" -H "$J" -d "{\"name\":\"Screenshot App\",
  \"client_type\":\"confidential-basic\",\"scopes\":\"openid fhirUser launch/patient patient/Patient.read\",
  \"redirect_uris\":[\"$B/debug\"]}" | field '["credentials"]["development"]["client_id"]')

AUTHORIZE=$(B="$B" CLIENT_ID="$CLIENT_ID" python3 -c '
import os, urllib.parse
b = os.environ["B"]
print(b + "/dev1/oauth2/authorize?" + urllib.parse.urlencode({
    "response_type": "code", "client_id": os.environ["CLIENT_ID"], "redirect_uri": b + "/debug",
    "scope": "openid fhirUser launch/patient patient/Patient.read",
    "state": "screenshot", "nonce": "screenshot", "response_mode": "query"}))')

shoot() { # name url
    "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$PROFILE" --hide-scrollbars --window-size=1280,900 \
        --screenshot="$OUT/$1.png" "$2" >/dev/null 2>&1
    echo "$OUT/$1.png"
}
shoot login "$AUTHORIZE"
shoot debug-waiting "$B/debug"
