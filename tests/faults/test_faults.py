"""Processes killed mid-work and services stopped while serving: clear answers, nothing lost."""

from __future__ import annotations

import csv
import os
import resource
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, func, select, text, update

from tests.support.apps import extra_app
from tests.support.files import FIXTURES
from tests.support.processes import redis_server
from xinyong.records.clock import today_local
from xinyong.records.db import make_engine, make_session_factory
from xinyong.records.ingest.importer import ImportOptions, import_file
from xinyong.records.models import ImportBatch, OutboxEvent, Penalty, PublicationPeriod
from xinyong.records.publication.refresh import refresh
from xinyong.search_index.indexer import rebuild
from xinyong.search_index.store import IndexStore
from xinyong.settings import load_settings

CHUTIAN = "91420117MA4K000376"
AS_ROOT = [] if os.geteuid() == 0 else ["sudo"]


def _pg_cluster(action: str) -> None:
    version = sorted(os.listdir("/usr/lib/postgresql"), key=float)[-1]
    subprocess.run(
        [*AS_ROOT, "pg_ctlcluster", version, "main", action, *(["-m", "fast"] if action == "stop" else [])],
        check=True,
        timeout=120,
    )
    if action == "start":
        for _ in range(60):
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0:
                return
            time.sleep(0.5)


def _count(portal, model, *where) -> int:
    engine = create_engine(portal.env["XINYONG_DATABASE_URL"])
    with engine.connect() as c:
        n = c.execute(select(func.count()).select_from(model).where(*where)).scalar_one()
    engine.dispose()
    return n


def _big_penalty_file(path: Path, rows: int) -> Path:
    """The fixture's first penalty repeated under distinct decision numbers."""
    with (FIXTURES / "penalties-current.csv").open(encoding="utf-8-sig", newline="") as f:
        header, first = list(csv.reader(f))[:2]
    number = header.index("行政处罚决定书文号")
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for i in range(rows):
            row = list(first)
            row[number] = f"武市监处罚〔2026〕{100000 + i}号"
            writer.writerow(row)
    return path


def test_postgres_down_pages_503_checks_error_then_recovery(pg_portal, gunicorn):
    pg_portal.cli("import", str(FIXTURES / "list-entries.json"))
    pg_portal.cli("index", "rebuild")
    key = (
        pg_portal.cli(
            "widget-key", "create", "--center", "江岸区政务服务中心", "--origin", "http://counter.example"
        )
        .stdout.splitlines()[1]
        .strip()
    )  # the secret key
    assert requests.get(f"{gunicorn}/credit/{CHUTIAN}", timeout=10).status_code == 200
    check = {"query": CHUTIAN, "approval_type": "gov_procurement", "operator": "窗口1"}
    token = requests.post(
        f"{gunicorn}/api/v1/counter-sessions",
        json={"operator": "窗口1"},
        headers={"X-API-Key": key},
        timeout=10,
    ).json()["token"]
    _pg_cluster("stop")
    try:
        page = requests.get(f"{gunicorn}/credit/{CHUTIAN}", timeout=30)
        assert page.status_code == 503 and "服务暂时不可用" in page.text
        assert page.headers["Retry-After"] == "30"
        api = requests.post(f"{gunicorn}/api/v1/checks", json=check, headers={"X-API-Key": key}, timeout=30)
        assert api.status_code == 503 and api.json()["state"] == "ERROR"
        widget = requests.post(f"{gunicorn}/widget/v1/check", timeout=30, data={"token": token, **check})
        assert widget.status_code == 503 and 'data-state="ERROR"' in widget.text
        assert "核查未能完成" in widget.text
    finally:
        _pg_cluster("start")
    page = requests.get(f"{gunicorn}/credit/{CHUTIAN}", timeout=30)  # the pool reconnects
    assert page.status_code == 200 and "严重违法失信企业" in page.text
    api = requests.post(f"{gunicorn}/api/v1/checks", json=check, headers={"X-API-Key": key}, timeout=30)
    assert api.status_code == 201 and api.json()["state"] == "HIT"


def _writing(portal, importer: subprocess.Popen) -> bool:
    """Whether the importer is inside its write transaction, with penalty rows written on
    PostgreSQL (it holds a row-exclusive lock on this schema's penalties table), with the
    database's write lock taken on SQLite (its batch row, then its rows, are being written)."""
    assert importer.poll() is None, "the import ended before it was caught writing"
    url = portal.env["XINYONG_DATABASE_URL"]
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:  # database is locked: the importer writes
            return True
        finally:
            connection.close()
    engine = create_engine(url)
    with engine.connect() as c:
        held = c.execute(
            text(
                "SELECT count(*) FROM pg_locks l JOIN pg_class r ON r.oid = l.relation "
                "WHERE r.relname = 'penalties' AND r.relnamespace = current_schema()::regnamespace "
                "AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()"
            )
        ).scalar_one()
    engine.dispose()
    return held > 0


def test_importer_killed_mid_file_leaves_nothing_half_written(portal, tmp_path):
    big = _big_penalty_file(tmp_path / "big.csv", 6_000)
    importer = portal.start("import", str(big))
    # Killed at a known point, not after a guessed sleep: once it is writing (the file is read
    # and parsed first; 6,000 rows take a few seconds more to write).
    while not _writing(portal, importer):
        time.sleep(0.02)
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    assert _count(portal, Penalty) == 0 and _count(portal, ImportBatch) == 0
    done = portal.cli("import", str(big))
    assert "新增 6000" in done.stdout and "拒收 0" in done.stdout
    assert _count(portal, Penalty) == 6_000


CHANGES = 1500  # enough that an update writes segments far larger than the 64 KB "disk"


def _many_changes(portal, tmp_path, rows: int = CHANGES) -> None:
    """An index behind the database by `rows` changes: the rows imported and indexed, then a
    rule edit and a re-derivation (new windows, same states: changes all the same). Done in
    this process, as the commands would (each command start-up costs seconds)."""
    settings = load_settings(portal.env)
    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)
    import_file(
        factory,
        _big_penalty_file(tmp_path / "first.csv", rows),
        ImportOptions(id_hash_key=settings.id_hash_key_bytes),
    )
    rebuild(factory, IndexStore(settings.index_dir))
    with factory() as session:
        session.execute(update(PublicationPeriod).values(max_months=PublicationPeriod.max_months + 1))
        assert not refresh(session, today_local(), rederive=True)  # no state moved
        session.commit()
    engine.dispose()
    assert _count(portal, OutboxEvent) >= 2 * rows


def _writing_segment(portal) -> bool:
    return bool(_partial_files(portal))


def test_indexer_killed_mid_update_catches_up_exactly(portal, tmp_path):
    _many_changes(portal, tmp_path)
    indexer = portal.start("index", "update")
    # Killed once it writes a segment no table of contents refers to yet (a known point).
    while not _writing_segment(portal):
        assert indexer.poll() is None, "the update ended before it was caught writing"
        time.sleep(0.01)
    indexer.send_signal(signal.SIGKILL)
    indexer.wait()
    assert portal.cli("index", "update").returncode == 0
    check = portal.cli("index", "check")
    assert check.returncode == 0, check.stdout


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_full_index_disk_fails_the_update_not_the_index(portal, tmp_path):
    _many_changes(portal, tmp_path)
    # No file larger than 64 KB may be written: the index update hits "disk full" (EFBIG).
    builds = _builds(portal)
    full = portal.cli("index", "update", check=False, preexec_fn=_limit_file_size)
    assert full.returncode == 4 and "索引写入失败（磁盘已满或不可写" in full.stderr, full.stderr
    assert _partial_files(portal) == []  # the partial segment's files were deleted
    behind = portal.cli("index", "check", check=False)  # the build is intact and readable
    assert behind.returncode in (0, 1) and f"待处理变更：{CHANGES}" in behind.stdout, behind.stderr
    # A rebuild on the full disk fails too, and its half-written build directory goes with it.
    failed = portal.cli("index", "rebuild", check=False, preexec_fn=_limit_file_size)
    assert failed.returncode == 4 and "索引重建失败（磁盘已满或不可写" in failed.stderr, failed.stderr
    assert "Traceback" not in failed.stderr
    assert _builds(portal) == builds and _partial_files(portal) == []
    assert portal.cli("index", "update").returncode == 0  # space again: it catches up
    assert portal.cli("index", "check").returncode == 0
    assert "索引已重建并启用" in portal.cli("index", "rebuild").stdout


def _builds(portal) -> list[str]:
    return sorted(p.name for p in (portal.root / "index" / "builds").iterdir())


def _partial_files(portal) -> list[str]:
    """Files in the index no table of contents refers to (segments of a failed writer, TOCs or
    cursor files half written, spill directories)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    partial = [str(p) for p in (portal.root / "index").rglob("*.tmp")]
    for build in (portal.root / "index" / "builds").iterdir():
        storage = FileStorage(str(build))
        for name in ("subjects", "records"):
            live = {s.segment_id() for s in TOC.read(storage, name).segments}
            pattern = TOC._segment_pattern(name)
            partial += [f for f in storage if (m := pattern.match(f)) and m.group(1) not in live]
            partial += [f for f in storage if f.startswith(f"_{name}_") and ".toc." in f]
    return partial


def test_redis_stopped_while_serving_keeps_the_site_up(settings, engine):
    redis, port = redis_server()
    storage = f"redis://127.0.0.1:{port}/0"
    try:
        with extra_app(settings.with_overrides(rate_limits=True, rate_limit_storage=storage)) as app:
            client = app.test_client()
            assert client.get("/healthz").status_code == 200
            assert int(client.get("/healthz").headers["X-RateLimit-Remaining"]) < 300  # in Redis
            redis.send_signal(signal.SIGKILL)
            redis.wait()
            assert [client.get("/healthz").status_code for _ in range(3)] == [200, 200, 200]
    finally:
        if redis.poll() is None:
            redis.kill()


pytestmark = pytest.mark.faults
