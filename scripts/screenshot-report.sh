#!/usr/bin/env bash
# A picture of the HTML report, to see what a reader sees (CI checks the page in
# tests/integration/report_browser.rs; this is for people changing its look).
#
#   scripts/screenshot-report.sh                      -> runs the suite, reports/screenshots/report.png
#   scripts/screenshot-report.sh REPORT_DIR [OUT.png] -> the report already in REPORT_DIR
#
# Without REPORT_DIR it runs `cargo run -- run --report-dir target/screenshot-report`
# (extra `conform run` flags in CONFORM_RUN_ARGS, e.g. "--transcripts all --tags @fhir");
# a run with failing scenarios is still a report to look at. Needs chromium (Debian:
# apt-get install --no-install-recommends chromium); CHROMIUM and WIDTH/HEIGHT override
# the defaults. The page is opened from file://, so the picture also proves it needs no
# network.
set -euo pipefail
cd "$(dirname "$0")/.."
REPORT_DIR=${1:-}
OUT=${2:-reports/screenshots/report.png}
WIDTH=${WIDTH:-1400}
HEIGHT=${HEIGHT:-2000}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$CHROMIUM" ] || { echo "chromium not found: apt-get install --no-install-recommends chromium" >&2; exit 1; }

if [ -z "$REPORT_DIR" ]; then
    REPORT_DIR=target/screenshot-report
    # Exit 1 means "a scenario failed": the report is written all the same.
    # shellcheck disable=SC2086
    cargo run --quiet -- run --report-dir "$REPORT_DIR" ${CONFORM_RUN_ARGS:-} || [ $? -eq 1 ]
fi
INDEX=$(cd "$REPORT_DIR" && pwd)/index.html
[ -f "$INDEX" ] || { echo "no report at $INDEX" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")

PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$PROFILE" --hide-scrollbars --window-size="$WIDTH,$HEIGHT" \
    --screenshot="$OUT" "file://$INDEX" >/dev/null 2>&1
[ -s "$OUT" ] || { echo "chromium wrote no screenshot to $OUT" >&2; exit 1; }
echo "$OUT"
