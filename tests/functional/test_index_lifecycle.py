"""Index lifecycle: incremental equals rebuild, crash safety, one writer, check, rollback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date

import pytest
from whoosh import index as whoosh_index

from xinyong.search_index.indexer import rebuild, update
from xinyong.search_index.integrity.consistency import compare_index
from xinyong.search_index.schema import RECORDS, SUBJECTS
from xinyong.search_index.store import IndexMissing, IndexStore


def stored(store: IndexStore) -> dict[str, dict[str, str]]:
    build = store.current()
    out = {}
    for name in (SUBJECTS, RECORDS):
        ix = whoosh_index.open_dir(str(build.path), indexname=name)
        with ix.searcher() as s:
            ids = [f["id"] for f in s.all_stored_fields()]
            assert len(ids) == len(set(ids)), "a document is in the index twice"
            out[name] = {f["id"]: f["digest"] for f in s.all_stored_fields()}
    return out


@pytest.fixture
def store(settings):
    return IndexStore(settings.index_dir)


def test_incremental_updates_equal_a_rebuild(do_import, session_factory, store, settings, tmp_path):
    do_import("penalties-current.csv")
    rebuild(session_factory, store)
    for name in (
        "penalties-alt-order-gb18030.csv",
        "licences.xlsx",
        "list-entries.json",
        "penalties-legacy.csv",
    ):
        do_import(name)
    assert update(session_factory, store) > 0
    incremental = stored(store)
    assert compare_index(session_factory, store).ok
    fresh = IndexStore(tmp_path / "fresh")
    rebuild(session_factory, fresh)
    assert stored(fresh) == incremental


def test_missing_index_is_reported_not_crashed(session_factory, store):
    with pytest.raises(IndexMissing):
        update(session_factory, store)


def test_kill_9_during_an_update_loses_and_doubles_nothing(do_import, session_factory, store, settings):
    do_import("penalties-current.csv")
    rebuild(session_factory, store)
    do_import("licences.xlsx")
    do_import("list-entries.json")
    # A child process runs the update but stalls after writing documents, before committing.
    script = textwrap.dedent(f"""
        import time
        from xinyong.records.db import make_engine, make_session_factory
        from xinyong.search_index import indexer
        from xinyong.search_index.store import IndexStore
        original = indexer._replace
        def stalled(writer, docs, wanted):
            original(writer, docs, wanted)
            print("written", flush=True)
            time.sleep(60)
        indexer._replace = stalled
        factory = make_session_factory(make_engine({settings.database_url!r}))
        indexer.update(factory, IndexStore({str(store.root)!r}))
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    try:
        assert child.stdout.readline().strip() == "written"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()
    assert not compare_index(session_factory, store).ok  # the killed update left work undone
    update(session_factory, store)
    report = compare_index(session_factory, store)
    assert report.ok, report.lines()
    stored(store)  # asserts no id twice


def test_a_writer_waits_out_a_held_lock(do_import, session_factory, store):
    do_import("penalties-current.csv")
    rebuild(session_factory, store)
    do_import("licences.xlsx")
    ix = whoosh_index.open_dir(str(store.current().path), indexname=SUBJECTS)
    held = ix.writer()
    result: dict[str, object] = {}

    def run_update() -> None:
        started = time.monotonic()
        result["applied"] = update(session_factory, store)
        result["waited"] = time.monotonic() - started

    worker = threading.Thread(target=run_update)
    worker.start()
    time.sleep(1.0)
    held.cancel()  # release the lock
    worker.join(timeout=60)
    assert result["applied"] and result["waited"] >= 0.9
    assert compare_index(session_factory, store).ok


def test_check_reports_a_document_that_is_missing(do_import, session_factory, store):
    do_import("penalties-current.csv")
    rebuild(session_factory, store)
    ix = whoosh_index.open_dir(str(store.current().path), indexname=RECORDS)
    with ix.writer() as w:
        w.delete_by_term("id", "penalty:1")
    report = compare_index(session_factory, store)
    assert not report.ok and report.missing[RECORDS] == 1


def test_rebuild_switches_atomically_and_rollback_restores(do_import, session_factory, store):
    do_import("penalties-current.csv")
    first = rebuild(session_factory, store)
    second = rebuild(session_factory, store)
    assert store.current().id == second.id != first.id
    assert store.rollback().id == first.id
    assert store.current().id == first.id


def test_a_new_day_unpublishes_records_whose_period_ended(do_import, session_factory, store, tmp_path):
    do_import("penalties-current.csv")  # 处罚有效期 2027-11-11
    rebuild(session_factory, store, today=date(2027, 11, 11))
    before = stored(store)
    assert any(i.startswith("penalty:") for i in before[RECORDS])
    assert update(session_factory, store, today=date(2027, 11, 11)) == 0  # same day: nothing
    assert update(session_factory, store, today=date(2027, 11, 12)) > 0
    after = stored(store)
    assert not any(i.startswith("penalty:") for i in after[RECORDS])
    assert after[SUBJECTS] != before[SUBJECTS]  # their counts of records in force changed
    fresh = IndexStore(tmp_path / "fresh")
    rebuild(session_factory, fresh, today=date(2027, 11, 12))
    assert stored(fresh) == after
    assert update(session_factory, store, today=date(2027, 11, 12)) == 0  # once a day
