"""Fault tests: real processes (the CLI, gunicorn, redis-server) killed or cut off mid-work.

Each test runs the portal's own commands as subprocesses against a database of its own, so a
kill -9 hits a real importer or indexer, not a function in the test's process.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import postgres_schema

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


class Portal:
    """The portal's environment for subprocesses: one database, one instance, one index."""

    def __init__(self, root: Path, database_url: str):
        self.root = root
        self.env = {**os.environ, "XINYONG_ENV": "test", "XINYONG_INSTANCE_DIR": str(root / "instance"),
                    "XINYONG_DATABASE_URL": database_url, "XINYONG_INDEX_DIR": str(root / "index"),
                    "XINYONG_RATE_LIMITS": "off"}

    def cli(self, *args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        result = subprocess.run([str(BIN / "xinyong"), *args], env=self.env, capture_output=True,
                                text=True, timeout=600, **kwargs)
        if check and result.returncode != 0:
            raise AssertionError(f"xinyong {' '.join(args)}: {result.stdout}{result.stderr}")
        return result

    def start(self, *args: str, **kwargs) -> subprocess.Popen:
        return subprocess.Popen([str(BIN / "xinyong"), *args], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


@pytest.fixture
def sqlite_portal(tmp_path) -> Portal:
    portal = Portal(tmp_path, f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    portal.cli("db", "upgrade")
    return portal


@pytest.fixture
def pg_portal(tmp_path) -> Iterator[Portal]:
    with postgres_schema("f") as url:
        portal = Portal(tmp_path, url)
        portal.cli("db", "upgrade")
        yield portal


@pytest.fixture(params=["sqlite", "postgresql"])
def portal(request) -> Portal:
    """Either database: kills and full disks must leave both consistent."""
    return request.getfixturevalue("sqlite_portal" if request.param == "sqlite" else "pg_portal")


@pytest.fixture
def gunicorn(pg_portal) -> Iterator[str]:
    """The portal served by gunicorn (the production server) on a free port."""
    port = free_port()
    env = {**pg_portal.env, "PORT": str(port), "WORKERS": "2", "THREADS": "2"}
    server = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"),
                               "--chdir", str(ROOT), "wsgi:app"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/healthz")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def redis_server() -> tuple[subprocess.Popen, int]:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL)
    for _ in range(50):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        time.sleep(0.1)
    raise AssertionError("redis-server did not start")
