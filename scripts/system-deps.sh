#!/usr/bin/env bash
# Install the Debian packages the tests use (Chromium drives the pages; LibreOffice opens our .xlsx as an office
# user would; poppler reads the PDF back; a CJK font renders Chinese; Node runs
# Pyodide for the parity tests), when missing.
set -euo pipefail

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc)
[ -e /usr/lib/libreoffice/program/swriter ] || need+=(libreoffice-writer)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -i "wqy\|noto sans cjk" >/dev/null || need+=(fonts-wqy-microhei)  # not -q: with pipefail, an early exit of grep fails the pipe
# Calibri's metrics, as LibreOffice recommends: Excel's column width unit is a digit of the workbook's font
fc-list 2>/dev/null | grep -i carlito >/dev/null || need+=(fonts-crosextra-carlito)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)  # runs the W3C checker (npm vnu-jar) in tests/test_markup.py
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
{ [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1; } || need+=(nginx)  # serves the site with the shipped configuration (test_hosting)
[ -x /usr/sbin/apache2 ] || need+=(apache2)  # serves the site with the shipped .htaccess (test_hosting)

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${need[*]}. Install them (Debian: apt-get install ${need[*]}) and run again." >&2
  exit 1
fi
echo "Installing ${need[*]} …"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
