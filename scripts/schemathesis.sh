#!/usr/bin/env bash
# Schemathesis against the sandbox's OpenAPI document (docs/openapi.md), in two passes,
# each with the examples, coverage, fuzzing and stateful phases (the stateful phase
# follows the document's links from a created resource to the operations on it):
#
#   developer  every operation but four, with a developer's session token (the admin
#              operations answer it with the documented 403);
#   admin      the security team's operations with the admin token, on attestations the
#              script submits first, and with the developer's token the steps a review
#              leads to: registering in production (and removing it), resubmitting the
#              attestation after an issue.
#
#   scripts/schemathesis.sh              # builds conform, serves a sandbox on a free port
#   scripts/schemathesis.sh URL          # a sandbox already running at URL
#
# SCHEMATHESIS_MAX_EXAMPLES (default 50) bounds the examples per operation, and the
# stateful phase's scenarios at four times that (of up to 10 steps each).
# SCHEMATHESIS_ADMIN_TOKEN is the sandbox's --admin-token (the script serves its own with
# `schemathesis-admin`; against a URL without it, the admin pass is skipped). Fails on
# any 5xx, undocumented status, wrong content type or body that does not match the
# document; prints which operations on a resource reached a real one.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-50}"
SEED="${SCHEMATHESIS_SEED:-42}"
VENV=target/schemathesis/venv
REPORTS=target/schemathesis/reports

if [ ! -x "$VENV/bin/schemathesis" ] || ! "$VENV/bin/schemathesis" --version | grep -q "$SCHEMATHESIS_VERSION"; then
    echo "== installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

SERVER_PID=
cleanup() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

mkdir -p "$REPORTS"
if [ $# -ge 1 ]; then
    BASE="${1%/}"
    ADMIN_TOKEN="${SCHEMATHESIS_ADMIN_TOKEN:-}"
else
    cargo build --quiet --bin conform
    PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    BASE="http://127.0.0.1:$PORT"
    ADMIN_TOKEN="${SCHEMATHESIS_ADMIN_TOKEN:-schemathesis-admin}"
    target/debug/conform serve --port "$PORT" --password-cost fast --admin-token "$ADMIN_TOKEN" \
        > target/schemathesis/serve.log 2>&1 &
    SERVER_PID=$!
fi

# `setup.py token`: a developer who signed up, verified the email and accepted the terms,
# so the operations behind a session are exercised past their 401, with one app.
# `setup.py attestations TOKEN ADMIN_TOKEN N`: N apps of that developer, each with a
# submitted privacy policy and a security attestation, pending, or for every third one
# reviewed as an issue, so the admin pass reviews real attestations, an approval can be
# followed to a production client and an issue to a resubmission.
SETUP=target/schemathesis/setup.py
cat > "$SETUP" <<'PY'
import re, sys, time, requests as httpx
base, command = sys.argv[1], sys.argv[2]
api = f"{base}/portal/api"
for _ in range(600):
    try:
        if httpx.get(f"{base}/_sandbox/clock").status_code == 200:
            break
    except httpx.RequestException:
        pass
    time.sleep(0.1)
else:
    sys.exit(f"no sandbox answered at {base}")
if command == "token":
    user = f"fuzz{int(time.time() * 1000)}"
    email = f"{user}@example.com"
    password = "Fuzzing-Passw0rd!"
    r = httpx.post(f"{api}/accounts", json={"email": email, "username": user,
        "password": password, "confirm_password": password, "accept_terms": True})
    r.raise_for_status()
    mails = httpx.get(f"{base}/_sandbox/outbox", params={"to": email}).json()["mails"]
    link = re.search(r"verify-email\?token=([A-Za-z0-9_-]+)", mails[-1]["body"]).group(1)
    httpx.get(f"{api}/verify-email", params={"token": link}).raise_for_status()
    r = httpx.post(f"{api}/sessions", json={"username": user, "password": password})
    r.raise_for_status()
    token = r.json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    httpx.post(f"{api}/terms/accept", headers=auth).raise_for_status()
    # The first app of `GET /apps`, where the document's links from that list lead.
    httpx.post(f"{api}/apps", headers=auth, json={"name": "Schemathesis seed",
        "scopes": ["openid", "patient/Patient.read"], "redirect_uris": ["https://app.example/cb"]}).raise_for_status()
    print(token)
elif command == "attestations":
    auth = {"Authorization": f"Bearer {sys.argv[3]}"}
    admin = {"Authorization": f"Bearer {sys.argv[4]}"}
    questions = httpx.get(f"{api}/attestation-questions").json()["security"]
    answers = {q["id"]: "yes" for q in questions}
    with open("fixtures/pdfs/privacy-policy.pdf", "rb") as f:
        policy = f.read()
    for n in range(int(sys.argv[5])):
        r = httpx.post(f"{api}/apps", headers=auth, json={"name": f"Admin pass {n}",
            "scopes": ["openid", "patient/Patient.read"], "redirect_uris": ["https://app.example/cb"]})
        r.raise_for_status()
        app = f"{api}/apps/{r.json()['id']}"
        httpx.put(f"{app}/privacy-policy", data=policy,
            headers={**auth, "Content-Type": "application/pdf"}).raise_for_status()
        httpx.post(f"{app}/privacy-policy/submit", headers=auth).raise_for_status()
        r = httpx.post(f"{app}/security-attestation", headers=auth, json={"answers": answers})
        r.raise_for_status()
        attestation = r.json()["id"]
        if n % 3 == 2:
            httpx.post(f"{api}/admin/attestations/{attestation}/review", headers=admin,
                json={"decision": "issue", "reason": "Say how secrets are rotated."}).raise_for_status()
            attestation += "(issue)"
        print(attestation)
PY
export SCHEMATHESIS_DEVELOPER_TOKEN
SCHEMATHESIS_DEVELOPER_TOKEN=$("$VENV/bin/python" "$SETUP" "$BASE" token)

# The configuration both passes share. Tokens stay in the environment (`${...}`): every
# operation gets the pass's token, but the production registration and the security
# attestation always the developer's, so the admin pass can follow a review to them.
CONFIG=target/schemathesis/schemathesis.toml
cat > "$CONFIG" <<TOML
headers = { Authorization = "Bearer \${SCHEMATHESIS_PASS_TOKEN}" }

[generation]
max-examples = $MAX_EXAMPLES
# No example database (Hypothesis's default is .hypothesis/ in the working directory):
# examples saved against one sandbox replay against another in another state, and a
# replay that goes differently makes the stateful phase stop early.
database = "none"

[phases.stateful]
# Steps per scenario: enough for create app, upload, submit, attest, list, review,
# register in production, remove it.
max-steps = 10

[phases.stateful.generation]
max-examples = $((MAX_EXAMPLES * 4))

[phases.stateful.inference]
# The document's links and Location headers only: dependency analysis guesses links
# from field names (an attestation's \`id\` onto \`/apps/{id}\`), and every such step is a 404.
algorithms = ["location-headers"]

[[operations]]
include-path-regex = "/(production|security-attestation)\$"
headers = { Authorization = "Bearer \${SCHEMATHESIS_DEVELOPER_TOKEN}" }
TOML

# `run NAME TOKEN ARGS...`: one pass; its reports are $REPORTS/NAME.xml (JUnit) and
# NAME.har (every request and answer, which schemathesis_summary.py reads).
run() {
    local name=$1
    export SCHEMATHESIS_PASS_TOKEN=$2
    shift 2
    echo "== schemathesis $SCHEMATHESIS_VERSION, $name pass, against $BASE/portal/api/openapi.json, $MAX_EXAMPLES examples per operation"
    SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH=scripts \
    "$VENV/bin/schemathesis" --config-file "$CONFIG" run "$BASE/portal/api/openapi.json" \
        --url "$BASE" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
        --phases examples,coverage,fuzzing,stateful \
        --seed "$SEED" \
        --workers 2 \
        --report junit,har --report-junit-path "$REPORTS/$name.xml" --report-har-path "$REPORTS/$name.har" \
        --no-color \
        "$@"
}

rm -f "$REPORTS"/*.har
FAILED=
# Excluded: operations that end the run's own session or change every other answer
# (reset wipes the account, sign-out ends the session, advancing the clock expires it,
# an installed fault answers 5xx by design); tests/integration covers them.
run developer "$SCHEMATHESIS_DEVELOPER_TOKEN" \
    --exclude-operation-id reset \
    --exclude-operation-id sign_out \
    --exclude-operation-id advance_clock \
    --exclude-operation-id create_fault \
    || FAILED="$FAILED developer"

if [ -n "$ADMIN_TOKEN" ]; then
    SEEDED=$("$VENV/bin/python" "$SETUP" "$BASE" attestations "$SCHEMATHESIS_DEVELOPER_TOKEN" "$ADMIN_TOKEN" 6)
    echo "== for the admin pass, attestations of apps with a submitted policy:" $SEEDED
    run admin "$ADMIN_TOKEN" \
        --include-path-regex '^/portal/api/admin/' \
        --include-operation-id security_attestation \
        --include-operation-id register_production \
        --include-operation-id remove_production \
        || FAILED="$FAILED admin"
else
    echo "== no SCHEMATHESIS_ADMIN_TOKEN for $BASE: the admin pass is skipped"
fi

"$VENV/bin/python" scripts/schemathesis_summary.py "$BASE/portal/api/openapi.json" "$REPORTS"/*.har \
    || echo "== no summary of the operations on a resource (see the reports in $REPORTS)"

if [ -n "$FAILED" ]; then
    echo "== schemathesis failed:$FAILED (reports in $REPORTS)"
    exit 1
fi
