#!/usr/bin/env bash
# Renders ferry's HTML reports in a real headless browser and checks them: runs the demo, loads
# its run/report.html and verify/report.html in Debian's Chromium, fails on any console error or when the key
# numbers are missing, and writes a screenshot. Installs chromium with apt-get when it is missing.
#   tools/check-report.sh [SCREENSHOT.png]    (default: docs/report-screenshot.png)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shot="${1:-$here/docs/report-screenshot.png}"
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)..." >&2
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/ferry" demo --dir "$work/demo" >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; exit 1; }
report="$work/demo/run/report.html"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
chromium "${flags[@]}" --dump-dom "file://$report" >"$work/dom.html" 2>"$work/console.log"
chromium "${flags[@]}" --window-size=1400,1100 --screenshot="$shot" "file://$report" \
  >/dev/null 2>>"$work/console.log"
fail=0
if grep -E 'CONSOLE\(|Uncaught|ERROR:.*(console|javascript)' "$work/console.log"; then
  echo "console errors in the report" >&2; fail=1
fi
for expected in "copy" "done" "36" "department" "Load order" "User mapping" "task_comment"; do
  grep -q "$expected" "$work/dom.html" || { echo "missing in the page: $expected" >&2; fail=1; }
done
[ -s "$shot" ] || { echo "no screenshot written" >&2; fail=1; }
verify="$work/demo/verify/report.html"
chromium "${flags[@]}" --dump-dom "file://$verify" >"$work/verify-dom.html" 2>>"$work/console.log"
for expected in "passed" "remapped-references" "orphans" "row-count"; do
  grep -q "$expected" "$work/verify-dom.html" || { echo "missing in verify page: $expected" >&2; fail=1; }
done
[ "$fail" -eq 0 ] && echo "report renders without console errors; screenshot: $shot"
exit "$fail"
