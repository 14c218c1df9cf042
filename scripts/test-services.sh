#!/usr/bin/env bash
# Install (from Debian packages) what the test suite needs — PostgreSQL, Redis and gunicorn's
# production stack for the fault tests, HAProxy for the two-node test (tests/faults), wrk for the short load test, Chromium for the browser
# tests, CJK fonts for screenshots and PDFs — start PostgreSQL, and write its URL to
# .test-services.env. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/system-packages.sh postgresql redis-server haproxy chromium fonts-noto-cjk fonts-wqy-microhei wrk
port=$(scripts/postgres-up.sh xinyong xinyong xinyong_test)
echo "export XINYONG_TEST_POSTGRES_URL=postgresql+psycopg://xinyong:xinyong@127.0.0.1:$port/xinyong_test" \
  > .test-services.env
