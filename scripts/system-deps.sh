#!/usr/bin/env bash
# Debian packages Prongsai needs, installed only when missing.
#   scripts/system-deps.sh          what the test suite needs: the runtime ones, Chromium for the
#                                   browser tests (Playwright drives the system browser; it never
#                                   downloads its own), Thai fonts, poppler-utils (pdftoppm)
#   scripts/system-deps.sh runtime  what the app itself needs: the PDF renderer's libraries
set -euo pipefail
need=()
if [ "${1:-all}" != "runtime" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  dpkg -s fonts-thai-tlwg >/dev/null 2>&1 || need+=(fonts-thai-tlwg)
  command -v pg_isready >/dev/null 2>&1 || need+=(postgresql-client)
fi
# WeasyPrint (PDF documents): Pango (with libthai for Thai line breaks), HarfBuzz and its subsetter.
# Padauk and Droid Sans Fallback: the posters name the questionnaire's languages in their own
# scripts (မြန်မာ, 中文).
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-sil-padauk fonts-droid-fallback; do
  dpkg -s "$lib" >/dev/null 2>&1 || need+=("$lib")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
