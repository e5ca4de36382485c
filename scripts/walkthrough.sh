#!/usr/bin/env bash
# The portal flow of the README, end to end, against a running `conform serve`:
#   conform serve --port 8080 --admin-token letmein &   then   scripts/walkthrough.sh
# Needs curl and python3. BASE and ADMIN_TOKEN override the defaults.
set -euo pipefail
B=${BASE:-http://127.0.0.1:8080}
ADMIN=${ADMIN_TOKEN:-letmein}
J='content-type: application/json'
USER=ada$RANDOM
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
say() { printf '\n== %s\n' "$*"; }

say "1. sign up (guide 2.1)"
curl -sf -XPOST "$B/portal/api/accounts" -H "$J" -d "{\"email\":\"$USER@example.com\",\"username\":\"$USER\",
  \"password\":\"Tr1cky-Pass!\",\"confirm_password\":\"Tr1cky-Pass!\",\"accept_terms\":true}"

say "2. open the Verify Email link from the outbox"
LINK=$(curl -sf "$B/_sandbox/outbox?to=$USER@example.com" | field '["mails"][-1]["body"]' | grep -o 'http[^ ]*verify-email?token=[A-Za-z0-9_-]*')
curl -sf "$LINK"

say "3. sign in, accept the Terms of Service"
S=$(curl -sf -XPOST "$B/portal/api/sessions" -H "$J" -d "{\"username\":\"$USER\",\"password\":\"Tr1cky-Pass!\"}" | field '["token"]')
curl -sf -XPOST "$B/portal/api/terms/accept" -H "authorization: Bearer $S"

say "4. register an app (guide 3.2)"
APP=$(curl -sf -XPOST "$B/portal/api/apps" -H "authorization: Bearer $S" -H "$J" -d '{"name":"TestApp1",
  "scopes":"openid patient/Patient.read","redirect_uris":"https://app.example/cb,https://oauthdebugger.com/debug"}' | field '["id"]')
echo "app id: $APP"

say "5. upload and submit the privacy policy (guide 3.3.1)"
curl -sf -XPUT "$B/portal/api/apps/$APP/privacy-policy" -H "authorization: Bearer $S" \
  -H 'content-type: application/pdf' --data-binary @"$(dirname "$0")/../fixtures/pdfs/privacy-policy.pdf"
curl -sf -XPOST "$B/portal/api/apps/$APP/privacy-policy/submit" -H "authorization: Bearer $S"

say "6. submit the security attestation (guide 3.3.3); it opens a help-desk ticket"
ANSWERS=$(curl -sf "$B/portal/api/attestation-questions" | python3 -c \
  'import json,sys; print(json.dumps({"answers": {q["id"]: "yes" for q in json.load(sys.stdin)["security"]}}))')
ATT=$(curl -sf -XPOST "$B/portal/api/apps/$APP/security-attestation" -H "authorization: Bearer $S" -H "$J" -d "$ANSWERS" | field '["id"]')
curl -sf "$B/portal/api/tickets" -H "authorization: Bearer $S"

say "7. the security team approves; register in production (guide 3.7.1)"
curl -sf -XPOST "$B/portal/api/admin/attestations/$ATT/review" -H "authorization: Bearer $ADMIN" -H "$J" -d '{"decision":"approved"}'
curl -sf -XPOST "$B/portal/api/apps/$APP/production" -H "authorization: Bearer $S" -H "$J" -d '{"redirect_uris":["https://app.example/cb"]}'

say "8. the dashboard (guide 3.3), secrets revealed"
curl -sf "$B/portal/api/apps/$APP?reveal=true" -H "authorization: Bearer $S"
echo
