"""Real processes for the fault and load suites: the portal's CLI and servers as subprocesses,
each test with a database, instance and index of its own; a throwaway redis-server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

BIN = Path(sys.executable).parent


class Portal:
    """The portal's environment for subprocesses: one database, one instance, one index."""

    def __init__(self, root: Path, database_url: str):
        self.root = root
        self.env = {
            **os.environ,
            "XINYONG_ENV": "test",
            "XINYONG_INSTANCE_DIR": str(root / "instance"),
            "XINYONG_DATABASE_URL": database_url,
            "XINYONG_INDEX_DIR": str(root / "index"),
            "XINYONG_RATE_LIMITS": "off",
        }

    def cli(self, *args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(BIN / "xinyong"), *args], env=self.env, capture_output=True, text=True, timeout=600, **kwargs
        )
        if check and result.returncode != 0:
            raise AssertionError(f"xinyong {' '.join(args)}: {result.stdout}{result.stderr}")
        return result

    def start(self, *args: str, **kwargs) -> subprocess.Popen:
        return subprocess.Popen(
            [str(BIN / "xinyong"), *args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **kwargs,
        )


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


def redis_server() -> tuple[subprocess.Popen, int]:
    """A redis-server on a free port, nothing saved; the caller terminates it."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        time.sleep(0.1)
    raise AssertionError("redis-server did not start")
