#!/usr/bin/env bash
# Create the virtualenv; on a fresh Debian the venv module is a separate package.
set -euo pipefail
venv=${1:-.venv}
python=${PYTHON:-python3}
if [ -x "$venv/bin/python" ]; then exit 0; fi
if ! "$python" -m venv "$venv" 2>/dev/null; then
  rm -rf "$venv"
  echo "python venv module missing; installing python3-venv from Debian" >&2
  as_root=""; [ "$(id -u)" -eq 0 ] || as_root="sudo"
  $as_root apt-get update -qq
  $as_root apt-get install -y -qq python3-venv >/dev/null
  "$python" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade pip
