# Sourced by the bench scripts: Rose's tokens from a running `conform serve`, obtained
# the way an app would (developer sign-up, app registration, the member's login and
# both consent pages, the code exchange), because there is no backdoor to mint them.
#
#   rose_tokens BASE "SCOPES"   sets CID, SECRET, BASIC, ACCESS and REFRESH

field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

rose_tokens() {
  local B=$1 SCOPES=$2 J='content-type: application/json'
  local U=bench$RANDOM$RANDOM
  curl -sf -XPOST "$B/portal/api/accounts" -H "$J" -d "{\"email\":\"$U@example.com\",\"username\":\"$U\",\"password\":\"Tr1cky-Pass!\",\"confirm_password\":\"Tr1cky-Pass!\",\"accept_terms\":true}" >/dev/null
  local LINK; LINK=$(curl -sf "$B/_sandbox/outbox?to=$U@example.com" | field '["mails"][-1]["body"]' | grep -o 'http[^ ]*token=[A-Za-z0-9_-]*')
  curl -sf "$LINK" >/dev/null
  local S; S=$(curl -sf -XPOST "$B/portal/api/sessions" -H "$J" -d "{\"username\":\"$U\",\"password\":\"Tr1cky-Pass!\"}" | field '["token"]')
  curl -sf -XPOST "$B/portal/api/terms/accept" -H "authorization: Bearer $S" >/dev/null
  local APP; APP=$(curl -sf -XPOST "$B/portal/api/apps" -H "authorization: Bearer $S" -H "$J" \
    -d "{\"name\":\"Bench\",\"scopes\":\"$SCOPES\",\"redirect_uris\":[\"$B/debug\"]}")
  CID=$(echo "$APP" | field '["credentials"]["development"]["client_id"]')
  SECRET=$(echo "$APP" | field '["credentials"]["development"]["client_secret"]')
  local JAR; JAR=$(mktemp)
  local Q; Q=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote_plus(sys.argv[1]))" "$SCOPES")
  local PAGE; PAGE=$(curl -sf -c "$JAR" "$B/dev1/oauth2/authorize?response_type=code&client_id=$CID&redirect_uri=$B/debug&scope=$Q&state=s&nonce=n$RANDOM$RANDOM")
  local ACTION; ACTION=$(echo "$PAGE" | grep -o 'action="[^"]*"' | head -1 | cut -d'"' -f2)
  local CSRF; CSRF=$(echo "$PAGE" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -sf -b "$JAR" -o /dev/null "$ACTION" -d "csrf=$CSRF&username=rose&password=Beltran-1997!"
  curl -sf -b "$JAR" -o /dev/null "$ACTION" -d "csrf=$CSRF&decision=accept"
  local LOC; LOC=$(curl -s -b "$JAR" -o /dev/null -w '%{redirect_url}' "$ACTION" -d "csrf=$CSRF&decision=accept")
  rm -f "$JAR"
  local CODE; CODE=$(echo "$LOC" | grep -o 'code=[^&]*' | cut -d= -f2)
  BASIC="Basic $(printf '%s:%s' "$CID" "$SECRET" | base64 -w0)"
  local TOKENS; TOKENS=$(curl -sf -XPOST "$B/dev1/oauth2/token" -H "authorization: $BASIC" \
    -d "grant_type=authorization_code&code=$CODE&redirect_uri=$B/debug")
  ACCESS=$(echo "$TOKENS" | field '["access_token"]')
  REFRESH=$(echo "$TOKENS" | field '["refresh_token"]')
}
