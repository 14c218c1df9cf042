"""Fault tests: real processes (the CLI, gunicorn, redis-server) killed or cut off mid-work.

Each test runs the portal's own commands as subprocesses against a database of its own, so a
kill -9 hits a real importer or indexer, not a function in the test's process.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.processes import BIN, free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gunicorn(pg_portal) -> Iterator[str]:
    """The portal served by gunicorn (the production server) on a free port."""
    port = free_port()
    env = {**pg_portal.env, "PORT": str(port), "WORKERS": "2", "THREADS": "2"}
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            str(ROOT / "deploy/gunicorn.conf.py"),
            "--chdir",
            str(ROOT),
            "wsgi:app",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the teardown can end the workers too
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/healthz")
        yield url
    finally:
        server.send_signal(signal.SIGINT)  # quick shutdown: TERM waits for idle keep-alives
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            # A worker still retrying a database that was stopped and restarted (the PostgreSQL
            # fault test) holds up even the quick shutdown for graceful_timeout (30 s); the test
            # has made its assertions, so the whole group goes.
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
