"""The scale-out path proved on one machine (issue 12 §7; docs/operations.md "Two web nodes"):
two gunicorn nodes, each with its own index replica, sharing PostgreSQL and Redis, behind
HAProxy with health checks.

- an import made once reaches both replicas (each node's `maintain` drains the shared outbox);
- an admin session and a counter session made on one node work on the other;
- an objection document uploaded through node A downloads through node B;
- rate limits are shared: the limit reached through A holds on B;
- kill -9 of a whole node under load: no request fails except those in flight at the kill.

The short form runs inside `make test`; `make test-two-nodes` (also part of `make test-faults`)
sets XINYONG_TWO_NODES_LONG=1 for the long form: a longer load, the killed node restarted and
taken back by the proxy, then the other node killed.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator

import pytest
import requests
from requests.adapters import HTTPAdapter
from sqlalchemy import select

from tests.faults.cluster import Cluster, Database, Load, start_cluster
from tests.support.databases import postgres_schema
from tests.support.files import FIXTURES
from xinyong.records.models import Penalty, ProcedureCase, ProcedureDocument

LONG = os.environ.get("XINYONG_TWO_NODES_LONG") == "1"
CHUTIAN = "91420117MA4K000376"
PASSWORD = "Correct-Horse-9-Battery"
PDF = b"%PDF-1.4\n% objection evidence uploaded through node A\n%%EOF\n"
CHECK = {"query": CHUTIAN, "approval_type": "gov_procurement", "operator": "窗口1"}
LOAD_PATHS = [
    "/search?q=楚天",
    f"/credit/{CHUTIAN}",
    "/healthz",
    "/api/v1/search?q=恒通",
    "/search?q=金桥&tab=records",
]
pytestmark = pytest.mark.faults


class _From(HTTPAdapter):
    """Requests from one loopback address: the rate limits count per client address."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def client(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", _From(address))
    return session


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> Iterator[tuple[Cluster, Database]]:
    root = tmp_path_factory.mktemp("two-nodes")
    with postgres_schema("n") as url:
        cluster, database = start_cluster(
            root, url, maintain_every=0.5, seed=[FIXTURES / "list-entries.json"]
        )
        try:
            yield cluster, database
        finally:
            cluster.stop()
            database.close()


@pytest.fixture(scope="module")
def cluster(started) -> Cluster:
    return started[0]


@pytest.fixture(scope="module")
def database(started) -> Database:
    return started[1]


def _wait_until(condition, seconds: float, every: float = 0.1) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "timed out"
        time.sleep(every)
    return time.monotonic() - started


@pytest.fixture(scope="module")
def imported(cluster, database) -> dict[str, float]:
    """penalties-current.csv imported once (as `xinyong import` would, into the shared database
    only): seconds until each node's search finds its new subject."""
    a, b = cluster.nodes
    searchers = {a.name: client("127.0.0.38"), b.name: client("127.0.0.39")}

    def found(node) -> bool:
        answer = searchers[node.name].get(f"{node.url}/api/v1/search?q=老王热干面馆", timeout=10)
        return answer.json()["total"] > 0

    assert not found(a) and not found(b)
    _wait_until(lambda: a.maintaining() and b.maintaining(), 60)  # started, not yet measured
    database.load(FIXTURES / "penalties-current.csv")
    # every 0.3 s: the API allows 60 requests a minute per address
    return {"a": _wait_until(lambda: found(a), 15, 0.3), "b": _wait_until(lambda: found(b), 15, 0.3)}


def test_one_import_reaches_both_replicas(cluster, imported):
    # Each node's maintain drains the shared outbox into its own replica (each build keeps its
    # own cursor): no index files are copied between nodes, nothing is coordinated.
    print(f"seconds until each node finds the import: {imported}")
    a, b = cluster.nodes
    assert a.portal.env["XINYONG_INDEX_DIR"] != b.portal.env["XINYONG_INDEX_DIR"]
    assert imported["a"] < 15 and imported["b"] < 15


def test_sessions_and_documents_work_on_both_nodes(cluster, database, imported):
    a, b = cluster.nodes
    database.admin("admin", PASSWORD)
    key = database.counter_key("江岸区政务服务中心")
    # A signed-in administrator: signed in on A, served on B.
    admin = client("127.0.0.41")
    form = admin.get(f"{a.url}/admin/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    signed = admin.post(
        f"{a.url}/admin/login",
        timeout=10,
        allow_redirects=False,
        data={"csrf_token": token, "username": "admin", "password": PASSWORD},
    )
    assert signed.status_code == 302, signed.text
    assert admin.get(f"{b.url}/admin/", timeout=10, allow_redirects=False).status_code == 200
    # A counter session: opened on A, checks on B.
    counter = client("127.0.0.42")
    session_token = counter.post(
        f"{a.url}/api/v1/counter-sessions", json={"operator": "窗口1"}, headers={"X-API-Key": key}, timeout=10
    ).json()["token"]
    checked = counter.post(f"{b.url}/widget/v1/check", data={"token": session_token, **CHECK}, timeout=10)
    assert checked.status_code == 200 and 'data-state="HIT"' in checked.text, checked.text[:500]
    # An objection with a document, uploaded through A; the reviewer downloads it through B.
    with database.engine.connect() as c:
        record = c.scalar(
            select(Penalty.id).where(Penalty.publication_state == "公示中").order_by(Penalty.id)
        )
    applicant = client("127.0.0.43")
    page = f"{a.url}/record/penalty/{record}/objection"
    token = re.search(r'name="csrf_token" value="([^"]+)"', applicant.get(page, timeout=10).text)
    sent = applicant.post(
        page,
        timeout=10,
        files={"documents": ("更正材料.pdf", PDF, "application/pdf")},
        data={
            "csrf_token": token.group(1),
            "contact_name": "王经理",
            "contact_phone": "027-88886666",
            "grounds": "信息错误",
            "statement": "处罚决定书文号有误，请核实更正。",
        },
    )
    assert sent.status_code == 200 and "查询码" in sent.text, sent.text[:800]
    with database.engine.connect() as c:
        case_id = c.scalar(select(ProcedureCase.id).where(ProcedureCase.record_id == record))
        doc_id = c.scalar(select(ProcedureDocument.id).where(ProcedureDocument.case_id == case_id))
    served = admin.get(f"{b.url}/admin/cases/{case_id}/documents/{doc_id}", timeout=10)
    assert served.status_code == 200 and served.content == PDF
    assert not any((b.portal.root / "instance").rglob("*.pdf"))  # not from node B's disk


def test_rate_limits_are_shared_between_nodes(cluster, database, imported):
    a, b = cluster.nodes
    with database.engine.connect() as c:
        record = c.scalar(
            select(Penalty.id).where(Penalty.publication_state == "公示中").order_by(Penalty.id.desc())
        )  # not the one with an objection open
    page = f"/record/penalty/{record}/objection"
    visitor = client("127.0.0.44")
    token = re.search(r'name="csrf_token" value="([^"]+)"', visitor.get(a.url + page).text).group(1)
    answers = [
        visitor.post(a.url + page, data={"csrf_token": token}, timeout=10).status_code for _ in range(5)
    ]  # SUBMIT_LIMIT: 5 a minute per address (incomplete forms: 400)
    assert answers == [400] * 5
    on_b = visitor.post(b.url + page, data={"csrf_token": token}, timeout=10)
    assert on_b.status_code == 429  # node B read the count node A wrote to Redis
    other = client("127.0.0.45")  # another visitor is not held up
    assert other.get(b.url + page, timeout=10).status_code == 200


def _kill_under_load(cluster: Cluster, load: Load, victim: int, before: float) -> dict:
    """kill -9 node `victim` `before` seconds into the running load; the figures of the kill."""
    time.sleep(before)
    killed_at = time.monotonic()
    cluster.nodes[victim].kill()
    down_after = _wait_until(
        lambda: (
            cluster.server_states()[cluster.nodes[victim].name] != "UP"
            and cluster.server_states()[cluster.nodes[victim].name].startswith("DOWN")
        ),
        10,
    )
    return {"killed_at": killed_at, "marked_down_s": round(down_after, 2)}


def _judge(load: Load, kills: list[dict]) -> dict:
    in_flight = [r for r in load.results if any(r[0] <= k["killed_at"] <= r[1] for k in kills)]
    failed = load.failures()
    beyond = [r for r in failed if r not in in_flight]
    assert not beyond, f"requests failed outside the kill: {beyond[:5]}"
    assert len(load.results) > 50
    after = [r[1] - r[0] for r in load.results if r[0] > kills[0]["killed_at"]]
    return {
        "requests": len(load.results),
        "failed": len(failed),
        "in_flight": len(in_flight),
        "slowest_after_kill_s": round(max(after), 2),
        "kills": kills,
    }


def test_kill_a_node_under_load(cluster, record_property):
    load = Load(cluster.proxy_port, LOAD_PATHS, clients=4)
    load.start(seconds=60 if LONG else 8)
    kills = []
    try:
        kills.append(_kill_under_load(cluster, load, victim=0, before=2))
        if LONG:  # node A comes back and is taken back; then node B dies
            time.sleep(5)
            cluster.nodes[0].start(maintain_every=0.5)
            _wait_until(lambda: cluster.server_states()["a"] == "UP", 15)
            kills.append(_kill_under_load(cluster, load, victim=1, before=5))
        time.sleep(3)
    finally:
        load.stop()
    figures = _judge(load, kills)
    record_property("two_nodes", figures)
    print(f"two-node kill figures: {figures}")
    # The survivor serves everything: pages, the shared session store is not needed.
    survivor = client("127.0.0.46")
    assert survivor.get(f"{cluster.url}/credit/{CHUTIAN}", timeout=10).status_code == 200
