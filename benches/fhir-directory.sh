#!/usr/bin/env bash
# Provider Directory and Patient Access speed at scale, side by side in one run: for
# each `--scale` (practitioners per tenant) it starts `conform serve` with one tenant,
# reports the seeding time and resident memory, then p50/p99 latency and throughput of
# the Plan-Net searches at 10 concurrent clients (wrk -t2 -c10), and a Patient read with
# token validation; ratios between the scales show how each grows. Needs wrk (Debian
# package `wrk`); nothing here runs in CI.
#
#   SCALES="10000 100000" DURATION=5s benches/fhir-directory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SCALES=${SCALES:-"10000 100000"}
DURATION=${DURATION:-5s}
PORT=18590
B=http://127.0.0.1:$PORT
NUCC='http://nucc.org/provider-taxonomy'
source benches/lib/rose.sh

cargo build --release --quiet
TENANTS=$(mktemp --suffix .json)
python3 -c "
import json; t = json.load(open('fixtures/tenants.json'))
t['tenants'] = [x for x in t['tenants'] if x['id'] == 'dev1']
json.dump(t, open('$TENANTS', 'w'))"
LOG=$(mktemp)
PID=
trap 'kill $PID 2>/dev/null || true; rm -f "$TENANTS" "$LOG"' EXIT

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$1/status; }
# wrk --latency prints "50%  1.23ms": convert to milliseconds.
pct() { awk -v p="$1%" '$1 == p { v=$2; u=v; gsub(/[0-9.]/,"",u); gsub(/[a-z]/,"",v);
  if (u=="us") v/=1000; else if (u=="s") v*=1000; printf "%.2f", v }'; }
rate() { awk '/Requests\/sec/ {printf "%.0f", $2}'; }
non2xx() { awk '/Non-2xx/ {n=$NF} END {print n+0}'; }

serve() {
  kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true
  ./target/release/conform serve --port $PORT --tenants "$TENANTS" --scale "$1" --password-cost fast >"$LOG" 2>&1 &
  PID=$!
  for _ in $(seq 1 600); do grep -q "FHIR data ready" "$LOG" && break; sleep 0.1; done
  SEED_MS=$(grep "FHIR data ready" "$LOG" | grep -o "in [0-9]* ms" | tail -1 | tr -dc 0-9)
}

declare -A RESULT
SEARCHES=()
for SCALE in $SCALES; do
  serve "$SCALE"
  RSS=$(rss_mb $PID)
  RESULT[$SCALE,seed]=$SEED_MS; RESULT[$SCALE,rss]=$RSS
  NPI=$(curl -sf "$B/dev1/fhir/Practitioner/pract-1" | field '["identifier"][0]["value"]')
  SEARCHES=(
    "read Practitioner/pract-777|Practitioner/pract-777"
    "token PractitionerRole?specialty|PractitionerRole?specialty=$NUCC|207Q00000X"
    "reference PractitionerRole?practitioner|PractitionerRole?practitioner=Practitioner/pract-500"
    "network PractitionerRole?network (_count=50)|PractitionerRole?network=Organization/network-1&_count=50"
    "chain PractitionerRole?practitioner.name|PractitionerRole?practitioner.name=Smith"
    "chain PractitionerRole?location.address-city|PractitionerRole?location.address-city=Lansing"
    "string Practitioner?family (prefix)|Practitioner?family=Joh"
    "string Practitioner?name:contains|Practitioner?name:contains=son"
    "token Practitioner?identifier (NPI)|Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|$NPI"
    "string Location?address-city|Location?address-city=Detroit"
    "string Organization?name|Organization?name=Lake"
    "revinclude Location?_revinclude|Location?address-city=Detroit&_revinclude=PractitionerRole:location&_count=10"
    "include PractitionerRole?_include|PractitionerRole?_include=PractitionerRole:practitioner&_include=PractitionerRole:location"
  )
  echo "== scale $SCALE practitioners (1 tenant): seeded in ${SEED_MS} ms, RSS ${RSS} MB"
  printf "  %-58s %9s %9s %9s %7s\n" search p50_ms p99_ms req/s non2xx
  for S in "${SEARCHES[@]}"; do
    NAME=${S%%|*}; URL=${S#*|}
    OUT=$(wrk -t2 -c10 -d"$DURATION" --latency "$B/dev1/fhir/$URL" 2>&1)
    P50=$(echo "$OUT" | pct 50); P99=$(echo "$OUT" | pct 99); R=$(echo "$OUT" | rate)
    RESULT[$SCALE,$NAME]="$P50 $P99 $R"
    printf "  %-58s %9s %9s %9s %7s\n" "$NAME" "$P50" "$P99" "$R" "$(echo "$OUT" | non2xx)"
  done
  rose_tokens "$B" "openid fhirUser launch/patient offline_access patient/Patient.read"
  OUT=$(wrk -t2 -c10 -d"$DURATION" --latency -H "authorization: Bearer $ACCESS" "$B/dev1/fhir/Patient/smart-15716" 2>&1)
  RESULT[$SCALE,patient]="$(echo "$OUT" | pct 50) $(echo "$OUT" | pct 99) $(echo "$OUT" | rate)"
  printf "  %-58s %9s %9s %9s %7s\n" "Patient read with token validation" ${RESULT[$SCALE,patient]} "$(echo "$OUT" | non2xx)"
  echo "  RSS after the load: $(rss_mb $PID) MB"
done

set -- $SCALES
if [ $# -ge 2 ]; then
  LO=$1; HI=${!#}
  echo "== ratios, scale $HI / scale $LO (data grew $(python3 -c "print($HI/$LO)")x)"
  python3 -c "print(f'  seeding time: {${RESULT[$HI,seed]}/max(1,${RESULT[$LO,seed]}):.1f}x, RSS: {${RESULT[$HI,rss]}/${RESULT[$LO,rss]}:.1f}x')"
  for S in "${SEARCHES[@]}"; do
    NAME=${S%%|*}
    read -r a50 a99 _ <<<"${RESULT[$LO,$NAME]}"; read -r b50 b99 _ <<<"${RESULT[$HI,$NAME]}"
    python3 -c "print(f'  {\"$NAME\":58s} p99 {$b99/max($a99,0.001):.1f}x')"
  done
fi
