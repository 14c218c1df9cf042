#!/usr/bin/env bash
# Production mode on one machine (docs/operations.md): PostgreSQL as the system of record, Redis
# for the shared rate-limit counters, gunicorn web workers that each read the Whoosh index, and
# one `xinyong maintain` that drains the outbox into the index, refreshes publication states and
# rebuilds the open data. Everything comes from Debian and PyPI packages.
#
#   make run-prod                     # serves on http://127.0.0.1:8000
#   PORT=9000 WORKERS=4 make run-prod
#   DEMO_SUBJECTS=0 make run-prod     # no demo data (a real deployment imports its own)
#
# Secrets are generated once into $XINYONG_INSTANCE_DIR/secrets.env (owner-only) and kept.
set -euo pipefail
cd "$(dirname "$0")/.."
export XINYONG_ENV=production
export XINYONG_INSTANCE_DIR=${XINYONG_INSTANCE_DIR:-$PWD/instance-prod}
PORT=${PORT:-8000}
REDIS_PORT=${REDIS_PORT:-6379}
DEMO_SUBJECTS=${DEMO_SUBJECTS:-20000}
mkdir -p "$XINYONG_INSTANCE_DIR"
chmod 700 "$XINYONG_INSTANCE_DIR"

scripts/system-packages.sh postgresql redis-server fonts-wqy-microhei

secrets="$XINYONG_INSTANCE_DIR/secrets.env"
if [ ! -f "$secrets" ]; then
  umask 077
  {
    echo "XINYONG_SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
    echo "XINYONG_ID_HASH_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
    echo "DB_PASSWORD=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(16))')"
  } > "$secrets"
fi
set -a; . "$secrets"; set +a

db_port=$(scripts/postgres-up.sh xinyong_prod "$DB_PASSWORD" xinyong_prod)
export XINYONG_DATABASE_URL="postgresql+psycopg://xinyong_prod:$DB_PASSWORD@127.0.0.1:$db_port/xinyong_prod"

if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  mkdir -p "$XINYONG_INSTANCE_DIR/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
    --dir "$XINYONG_INSTANCE_DIR/redis" --logfile "$XINYONG_INSTANCE_DIR/redis/redis.log"
  for _ in $(seq 1 30); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
fi
export XINYONG_RATE_LIMIT_STORAGE="redis://127.0.0.1:$REDIS_PORT/0"
# Behind the city's TLS proxy, leave secure cookies on (the default in production); to try the
# administration over plain http://127.0.0.1, start with XINYONG_SECURE_COOKIES=off.

.venv/bin/xinyong db upgrade
if [ "$DEMO_SUBJECTS" -gt 0 ]; then
  .venv/bin/xinyong demo --subjects "$DEMO_SUBJECTS" --seed 1 --if-empty
fi
.venv/bin/xinyong index rebuild --if-missing
.venv/bin/xinyong opendata build --if-changed

.venv/bin/xinyong maintain --every 30 & maintainer=$!
trap 'kill $maintainer 2>/dev/null' EXIT INT TERM
PORT=$PORT .venv/bin/gunicorn -c deploy/gunicorn.conf.py wsgi:app
