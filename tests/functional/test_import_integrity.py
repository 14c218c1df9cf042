"""A file is one transaction; big files work; the schema matches its migrations; no full IDs;
two files creating the same subject at once both land (or one fails as a batch, never a crash)."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from bench.penalty_file import write_penalty_file
from tests.security.scope_files import penalty_csv
from tests.support.databases import postgres_schema
from xinyong.records import migrate
from xinyong.records.db import Base, make_engine, make_session_factory
from xinyong.records.ingest.importer import (
    CONCURRENT,
    ImportFailed,
    ImportOptions,
    ImportSummary,
    import_file,
)
from xinyong.records.migrate import include_name
from xinyong.records.models import Department, ImportBatch, OutboxEvent, Penalty, Subject
from xinyong.records.pii import contains_full_id
from xinyong.settings import load_settings


class Crash(Exception):
    pass


def test_a_crash_mid_file_leaves_nothing_behind(session_factory, settings, tmp_path):
    path = write_penalty_file(tmp_path / "big.csv", 5000)
    seen = []

    def crash_after_first_chunk(rows: int) -> None:
        seen.append(rows)
        raise Crash

    with pytest.raises(Crash):
        import_file(
            session_factory,
            path,
            ImportOptions(id_hash_key=settings.id_hash_key_bytes, progress=crash_after_first_chunk),
        )
    assert seen == [2000]  # the first chunk had been written inside the transaction
    with session_factory() as s:
        for model in (Penalty, Subject, ImportBatch, OutboxEvent):
            assert s.scalar(select(func.count()).select_from(model)) == 0


def test_a_50000_row_file_imports_whole_and_reimports_unchanged(do_import, session_factory, tmp_path):
    path = write_penalty_file(tmp_path / "fifty-thousand.csv", 50_000)
    first = do_import(path)
    assert (first.rows, first.accepted, first.rejected) == (50_000, 50_000, 0)
    again = do_import(path)
    assert (again.accepted, again.updated, again.unchanged) == (0, 0, 50_000)
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Penalty)) == 50_000
        assert s.scalar(select(func.count()).select_from(Subject)) == 50_000


def test_migrations_create_exactly_the_models(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert "alembic_version" in inspect(engine).get_table_names()


def test_no_full_id_number_is_stored_anywhere(runner, engine, tmp_path):
    result = runner.invoke(
        args=["demo", "--subjects", "600", "--seed", "5", "--out", str(tmp_path / "files"), "--json"]
    )
    assert result.exit_code == 0, result.output
    files_with_ids = [
        p
        for p in (tmp_path / "files").iterdir()
        if p.suffix == ".csv" and contains_full_id(p.read_bytes().decode("utf-8-sig", errors="ignore"))
    ]
    assert files_with_ids, "the demo delivers full ID numbers, as departments do"
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(text(f"SELECT * FROM {table.name}")):
                for value in row:
                    if isinstance(value, str | dict | list):
                        assert not contains_full_id(str(value)), (table.name, value)


NEW_COMPANY = {
    "行政相对人名称": "武汉新开张贸易有限公司",
    "行政相对人代码_1(统一社会信用代码)": "91420102MA4K00010N",
}


def _racing_imports(factory, settings, tmp_path, waiting, attempts: int = 3) -> dict:
    """Two files naming the same new company, the second started while the first has written
    the subject but not committed; `waiting()` returns once the second is held up (or at once)."""
    paths = []
    for n in (1, 2):
        path = tmp_path / f"race-{n}.csv"
        path.write_bytes(penalty_csv({**NEW_COMPANY, "行政处罚决定书文号": f"武市监处罚〔2026〕90{n}号"}))
        paths.append(path)
    holding, release, results = threading.Event(), threading.Event(), {}

    def hold(_rows: int) -> None:
        holding.set()
        assert release.wait(30)

    def run(name: str, path, progress) -> None:
        try:
            results[name] = import_file(
                factory,
                path,
                ImportOptions(id_hash_key=settings.id_hash_key_bytes, progress=progress, attempts=attempts),
            )
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            results[name] = exc

    first = threading.Thread(target=run, args=("first", paths[0], hold))
    first.start()
    assert holding.wait(30)
    second = threading.Thread(target=run, args=("second", paths[1], None))
    second.start()
    try:
        waiting()
    finally:
        release.set()
        first.join(60)
        second.join(60)
    return results


def _blocked_on_a_lock(engine, tag: str):
    def wait() -> None:
        for _ in range(1500):
            with engine.connect() as conn:
                if conn.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = :t "
                        "AND wait_event_type = 'Lock'"
                    ),
                    {"t": tag},
                ):
                    return
            time.sleep(0.02)
        raise AssertionError("the second import never waited for the first")

    return wait


def _tagged_factory(db_url: str, tag: str):
    """Sessions whose PostgreSQL connections can be told apart in pg_stat_activity."""
    url = f"{db_url}&application_name={tag}" if db_url.startswith("postgresql") else db_url
    return make_engine(url)


def test_concurrent_imports_creating_the_same_subject_both_land(db_url, engine, settings, tmp_path):
    with make_session_factory(engine)() as s:  # the department exists: the subject is the race
        s.add(Department(name="武汉市市场监督管理局", uscc="11420100MB1A0001X4"))
        s.commit()
    tag = f"race-{uuid.uuid4().hex[:8]}"
    racing = _tagged_factory(db_url, tag)
    postgres = db_url.startswith("postgresql")
    try:
        results = _racing_imports(
            make_session_factory(racing),
            settings,
            tmp_path,
            _blocked_on_a_lock(engine, tag) if postgres else lambda: None,
        )
    finally:
        racing.dispose()
    assert all(isinstance(r, ImportSummary) and r.accepted == 1 for r in results.values()), results
    with make_session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Subject)) == 1
        assert s.scalar(select(func.count()).select_from(Penalty)) == 2
        assert set(s.scalars(select(ImportBatch.status))) == {"completed"}


def test_a_collision_that_outlasts_the_retries_is_a_failed_batch(tmp_path):
    with postgres_schema("race") as url:
        settings = load_settings(
            {
                "XINYONG_ENV": "test",
                "XINYONG_DATABASE_URL": url,
                "XINYONG_INSTANCE_DIR": str(tmp_path / "instance"),
            }
        )
        tag = f"race-{uuid.uuid4().hex[:8]}"
        engine, racing = make_engine(url), _tagged_factory(url, tag)
        try:
            migrate.upgrade(engine)
            results = _racing_imports(
                make_session_factory(racing), settings, tmp_path, _blocked_on_a_lock(engine, tag), attempts=1
            )
            with make_session_factory(engine)() as s:
                failed = s.scalars(select(ImportBatch).where(ImportBatch.status == "failed")).all()
        finally:
            racing.dispose()
            engine.dispose()
    assert isinstance(results["first"], ImportSummary)
    refused = results["second"]
    assert isinstance(refused, ImportFailed) and "同时导入" in refused.message
    assert [b.id for b in failed] == [refused.batch_id] and failed[0].message == CONCURRENT
