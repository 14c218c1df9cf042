#!/usr/bin/env bash
# Make sure the local PostgreSQL cluster runs and has a role and a database.
#   scripts/postgres-up.sh ROLE PASSWORD DATABASE   → prints the port
# Installs PostgreSQL from Debian packages if missing. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."
role=$1; password=$2; database=$3
# Only the port goes to stdout, which callers capture: pg_ctlcluster prints notes there ("Removed
# stale pid file." broke a fresh CI machine). The server it starts must not inherit fd 3, or the
# caller's $(...) would wait for it forever.
exec 3>&1 1>&2
as_root=""; [ "$(id -u)" -eq 0 ] || as_root="sudo"

scripts/system-packages.sh postgresql
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  $as_root pg_createcluster "$version" main 3>&-
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -qx online; then
  $as_root pg_ctlcluster "$version" main start 3>&-
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
psql_admin() { $as_root su postgres -c "psql -p $port -qtAc \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='$role'")" != "1" ]; then
  psql_admin "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'"
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='$database'")" != "1" ]; then
  psql_admin "CREATE DATABASE $database OWNER $role"
fi
echo "PostgreSQL $version ready on port $port"
[[ $port =~ ^[0-9]+$ ]] || { echo "could not read the cluster's port: $port"; exit 1; }
echo "$port" >&3
