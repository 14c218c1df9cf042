#!/usr/bin/env bash
# Install (from Debian packages) what the test suite needs — PostgreSQL, Chromium for the
# browser tests, CJK fonts for screenshots and PDFs — start PostgreSQL, and write its URL to
# .test-services.env. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root=""; [ "$(id -u)" -eq 0 ] || as_root="sudo"

scripts/system-packages.sh postgresql chromium fonts-noto-cjk fonts-wqy-microhei
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  $as_root pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -qx online; then
  $as_root pg_ctlcluster "$version" main start
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
psql_admin() { $as_root su postgres -c "psql -p $port -qtAc \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='xinyong'")" != "1" ]; then
  psql_admin "CREATE ROLE xinyong LOGIN CREATEDB PASSWORD 'xinyong'"
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='xinyong_test'")" != "1" ]; then
  psql_admin "CREATE DATABASE xinyong_test OWNER xinyong"
fi
echo "export XINYONG_TEST_POSTGRES_URL=postgresql+psycopg://xinyong:xinyong@127.0.0.1:$port/xinyong_test" \
  > .test-services.env
echo "PostgreSQL $version ready on port $port" >&2
