#!/usr/bin/env bash
# The Debian packages the project needs beyond Python: one list, one install step, for `make test`
# (target system-packages), .ci/run and the GitHub workflows.
#   Chromium: the browser tests and the PDF; poppler-utils: reading the PDF; fonts-liberation2: the
#   serif of the print edition; python3-venv: .venv; Java: the Nu Html Checker (tests/test_reading.py);
#   npm: the pinned Node tools under tools/; make and git: the commands themselves, and the dates of
#   «Cập nhật lần cuối».
# Installs what is missing, as root or through sudo, after saying what it is about to do. Where that
# cannot work (no apt-get, no sudo, install refused) it prints the command to run and exits 1.
set -euo pipefail

find_missing() {
  missing=()
  command -v make >/dev/null || missing+=(make)
  command -v git >/dev/null || missing+=(git)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  [ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || missing+=(fonts-liberation2)
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v npm >/dev/null || missing+=(npm)
}

find_missing
((${#missing[@]})) || exit 0

give_up() {
  echo "Thiếu gói hệ thống: ${missing[*]}. Cài bằng: sudo apt-get install ${missing[*]}" >&2
  exit 1
}

command -v apt-get >/dev/null || give_up
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  give_up
fi
echo "Cài các gói Debian còn thiếu: ${missing[*]}" >&2
echo "  ${as_root[*]:+${as_root[*]} }apt-get update && ${as_root[*]:+${as_root[*]} }apt-get install -y --no-install-recommends ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Java's install script needs this folder, which slim images leave out.
"${as_root[@]}" mkdir -p /usr/share/man/man1 || give_up
"${as_root[@]}" apt-get update -qq || give_up
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" || give_up
find_missing
((${#missing[@]} == 0)) || give_up
