#!/usr/bin/env bash
# Install the given Debian packages if any is missing (as root, or through sudo). Idempotent:
# with everything present it does nothing, not even `apt-get update`.
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
as_root=""; [ "$(id -u)" -eq 0 ] || as_root="sudo"
echo "installing from Debian packages: ${missing[*]}…" >&2
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
