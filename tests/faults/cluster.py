"""Two web nodes behind HAProxy on one machine, as docs/operations.md lays them out: each node a
gunicorn (production mode) and a `xinyong maintain` with its OWN index replica and instance
folder; PostgreSQL and Redis shared; HAProxy from Debian's packages in front, health-checking
/healthz. Used by tests/faults/test_two_nodes.py (`make test-two-nodes`).

Every part is a real process; a node's gunicorn and maintain each lead a process group, so a
kill -9 takes the whole node (gunicorn master, its workers and its maintain) at once.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests

from tests.support.processes import BIN, Portal, free_port, wait_for
from xinyong.records.checks.keys import create_key
from xinyong.records.db import make_engine, make_session_factory, transaction
from xinyong.records.ingest.importer import ImportOptions, import_file
from xinyong.records.migrate import upgrade
from xinyong.records.operators import create_operator
from xinyong.search_index.indexer import rebuild
from xinyong.search_index.store import IndexStore

ROOT = Path(__file__).resolve().parents[2]
HAPROXY_MISSING = (
    "HAProxy is not installed: run `scripts/test-services.sh` (it installs haproxy "
    "and redis-server from Debian's packages) or `apt-get install haproxy`"
)


def require(binary: str, hint: str) -> str:
    """The path of a service binary; a missing one fails the test with a clear message."""
    path = shutil.which(binary) or next(
        (p for p in (f"/usr/sbin/{binary}", f"/usr/bin/{binary}") if os.path.exists(p)), None
    )
    if path is None:
        raise AssertionError(hint)
    return path


@dataclass
class Node:
    name: str
    portal: Portal
    port: int
    group: subprocess.Popen | None = None  # gunicorn's master, the group's leader
    maintainer: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, maintain_every: float) -> None:
        """gunicorn and maintain, each leading a process group of its own."""
        env = {**self.portal.env, "PORT": str(self.port), "WORKERS": "1", "THREADS": "4"}
        with (self.portal.root / "node.log").open("ab") as log:
            self.group = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "-c",
                    str(ROOT / "deploy/gunicorn.conf.py"),
                    "--chdir",
                    str(ROOT),
                    "wsgi:app",
                ],
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
            self.maintainer = subprocess.Popen(
                [str(BIN / "xinyong"), "maintain", "--every", str(maintain_every)],
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        wait_for(f"{self.url}/healthz", 60)

    def maintaining(self) -> bool:
        """Whether the node's maintain has run (its first open-data round reports in the log)."""
        return "开放数据" in (self.portal.root / "node.log").read_text(errors="replace")

    def kill(self) -> None:
        """kill -9 of every process of the node: nothing is shut down cleanly."""
        processes = [p for p in (self.group, self.maintainer) if p]
        for process in processes:  # the two groups within microseconds
            with contextlib.suppress(ProcessLookupError):  # already gone
                os.killpg(process.pid, signal.SIGKILL)
        for process in processes:
            process.wait()


@dataclass
class Cluster:
    nodes: list[Node]
    proxy_port: int
    stats_port: int
    proxy: subprocess.Popen | None = None
    redis: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def server_states(self) -> dict[str, str]:
        """HAProxy's view of each node (UP, DOWN, …) from its CSV statistics."""
        rows = requests.get(f"http://127.0.0.1:{self.stats_port}/stats;csv", timeout=5).text
        return {
            r.split(",")[1]: r.split(",")[17]
            for r in rows.splitlines()
            if r.startswith("nodes,") and r.split(",")[1] != "BACKEND"
        }

    def stop(self) -> None:
        for node in self.nodes:
            node.kill()  # a test cluster: nothing to finish cleanly
        for process in (self.proxy, self.redis):
            if process and process.poll() is None:
                process.terminate()
                process.wait(timeout=10)


HAPROXY_CFG = """\
global
    maxconn 512
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    # A node that dies mid-request: connection failures and empty answers are retried on the
    # other node (GETs and HEADs only: HAProxy never replays other methods on empty-response).
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
frontend portal
    bind 127.0.0.1:{proxy}
    # The client's address for the nodes' per-address rate limits (XINYONG_PROXY_HOPS=1).
    option forwardfor
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /healthz
    default-server inter 1s fastinter 250ms fall 2 rise 2
{servers}
listen stats
    bind 127.0.0.1:{stats}
    stats enable
    stats uri /stats
"""


class Database:
    """The shared PostgreSQL, reached from the test's own process: setting up in-process (the
    migrations, fixtures, accounts, replica builds) saves a CLI start-up of several seconds per
    step; the nodes themselves are the real servers."""

    def __init__(self, url: str, id_hash_key: str):
        self.engine = make_engine(url)
        self.factory = make_session_factory(self.engine)
        self.id_hash_key = id_hash_key.encode("utf-8")
        upgrade(self.engine)

    def load(self, path: Path) -> None:
        summary = import_file(self.factory, path, ImportOptions(id_hash_key=self.id_hash_key))
        assert summary.accepted > 0, summary

    def build_replica(self, index_dir: Path) -> None:
        rebuild(self.factory, IndexStore(index_dir))

    def admin(self, username: str, password: str) -> None:
        with transaction(self.factory) as session:
            create_operator(session, username, username, "platform", password)

    def counter_key(self, centre: str) -> str:
        """A widget key pair for the centre; returns the secret key (the checks' Bearer)."""
        with transaction(self.factory) as session:
            return create_key(session, centre, ["http://counter.example"])[2]

    def close(self) -> None:
        self.engine.dispose()


def start_cluster(
    root: Path, database_url: str, maintain_every: float, seed: list[Path]
) -> tuple[Cluster, Database]:
    """Redis, two nodes (index replicas built from the shared database) and HAProxy."""
    haproxy = require("haproxy", HAPROXY_MISSING)
    redis_bin = require("redis-server", "redis-server is not installed: run scripts/test-services.sh")
    redis_port = free_port()
    redis = subprocess.Popen(
        [redis_bin, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    shared = {
        "XINYONG_ENV": "production",
        "XINYONG_SECRET_KEY": secrets.token_urlsafe(48),
        "XINYONG_ID_HASH_KEY": secrets.token_urlsafe(48),
        "XINYONG_RATE_LIMITS": "on",
        "XINYONG_RATE_LIMIT_STORAGE": f"redis://127.0.0.1:{redis_port}/0",
        # plain http on loopback: no TLS proxy in this test
        "XINYONG_SECURE_COOKIES": "off",
        "XINYONG_PROXY_HOPS": "1",
    }
    nodes = []
    for name in ("a", "b"):
        portal = Portal(root / name, database_url)
        portal.env.update(shared)
        nodes.append(Node(name, portal, free_port()))
    cluster = Cluster(nodes, free_port(), free_port(), redis=redis)
    started = time.monotonic()
    try:
        database = Database(database_url, shared["XINYONG_ID_HASH_KEY"])
        for path in seed:
            database.load(path)
        for node in nodes:  # each node its own replica, built from the shared database
            database.build_replica(Path(node.portal.env["XINYONG_INDEX_DIR"]))
        print(f"cluster: database and replicas ready {time.monotonic() - started:.1f}s")
        threads = [threading.Thread(target=n.start, args=(maintain_every,)) for n in nodes]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        servers = "\n".join(f"    server {n.name} 127.0.0.1:{n.port} check" for n in nodes)
        cfg = root / "haproxy.cfg"
        cfg.write_text(
            HAPROXY_CFG.format(proxy=cluster.proxy_port, stats=cluster.stats_port, servers=servers)
        )
        print(f"cluster: nodes up {time.monotonic() - started:.1f}s")
        cluster.proxy = subprocess.Popen(
            [haproxy, "-f", str(cfg), "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(f"{cluster.url}/healthz")
        deadline = time.monotonic() + 10
        while set(cluster.server_states().values()) != {"UP"}:
            assert time.monotonic() < deadline, cluster.server_states()
            time.sleep(0.1)
    except BaseException:
        cluster.stop()
        raise
    return cluster, database


@dataclass
class Load:
    """Small GET load through the proxy: `clients` threads, each request from the next of 250
    loopback addresses (127.0.10+i.*): many visitors, each well within its rate limits."""

    port: int
    paths: list[str]
    clients: int = 4
    results: list[tuple[float, float, int | str]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds  # bounded even if never stopped
        for i in range(self.clients):
            thread = threading.Thread(target=self._client, args=(f"127.0.{10 + i}", i))
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def _client(self, network: str, offset: int) -> None:
        n = offset
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            path = self.paths[n % len(self.paths)]
            n += 1
            started = time.monotonic()
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=30, source_address=(f"{network}.{n % 250 + 1}", 0)
            )
            try:
                connection.request("GET", quote(path, safe="/?=&"))
                response = connection.getresponse()
                response.read()
                outcome: int | str = response.status
            # A node killed while its answer was on the wire leaves it cut short
            # (IncompleteRead, an HTTPException, not an OSError): a failed request like any
            # other, judged by when it ran — not a crashed client thread.
            except (OSError, http.client.HTTPException) as exc:
                outcome = type(exc).__name__
            finally:
                connection.close()  # left open, the next test failed on its ResourceWarning
            self.results.append((started, time.monotonic(), outcome))

    def failures(self) -> list[tuple[float, float, int | str]]:
        return [r for r in self.results if r[2] != 200]
