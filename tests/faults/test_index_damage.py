"""A damaged or missing search index: every search surface answers a Chinese 503 with
Retry-After (a JSON code under /api/), `index check` names the damage and exits non-zero,
and the repair path (`index rebuild`, `index rollback`) brings search back."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from tests.support.apps import extra_app
from tests.support.records import subject
from xinyong.search_index.indexer import rebuild
from xinyong.search_index.schema import RECORDS, SUBJECTS
from xinyong.search_index.store import IndexStore

NAME = "楚天"
SEARCH_URLS = (
    "/search?q=楚天",
    "/search?q=楚天&tab=records",
    "/api/v1/search?q=楚天",
    "/api/v1/records?q=楚天",
    "/api/v1/suggest?q=楚天",
)


def _files(store: IndexStore, suffix: str) -> list[Path]:
    """The files of both indexes (subjects and records) with that suffix."""
    return sorted(p for name in (SUBJECTS, RECORDS) for p in store.current().path.glob(f"{name}_*{suffix}"))


def _truncate_terms(store: IndexStore) -> None:
    for path in _files(store, ".trm"):
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


def _damage_toc(store: IndexStore) -> None:
    for path in sorted(store.current().path.glob("_*.toc")):
        data = bytearray(path.read_bytes())
        for i in range(8, len(data), 7):
            data[i] ^= 0x5A
        path.write_bytes(bytes(data))


def _damage_postings(store: IndexStore) -> None:
    for path in _files(store, ".pst"):
        data = bytearray(path.read_bytes())
        for i in range(0, len(data), 3):
            data[i] ^= 0xFF
        path.write_bytes(bytes(data))


def _remove_directory(store: IndexStore) -> None:
    shutil.rmtree(store.current().path)


DAMAGE: dict[str, Callable[[IndexStore], None]] = {
    "truncated_terms": _truncate_terms,
    "damaged_toc": _damage_toc,
    "damaged_postings": _damage_postings,
    "missing_directory": _remove_directory,
}


@pytest.fixture
def indexed(do_import, session_factory, settings) -> IndexStore:
    do_import("penalties-current.csv")
    do_import("list-entries.json")
    # A second 楚天建筑工程: a term of one document lives inline in the term dictionary, not in
    # the postings file, so every term the searches read must have two documents for damaged
    # postings to be met at all (a search that only reads intact data answers correctly).
    with session_factory() as session:
        subject(session, "湖北楚天建筑工程有限公司")
        session.commit()
    store = IndexStore(settings.index_dir)
    rebuild(session_factory, store)
    return store


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_index_fails_closed_everywhere(indexed, settings, damage):
    DAMAGE[damage](indexed)
    with extra_app(settings) as app:
        _assert_unavailable(app.test_client())


def test_a_document_without_a_subject_id_fails_closed(indexed, settings):
    # A document another writer left without its id: only the pool of names one typo from
    # 楚天建 reads it (its `near` key: 楚天X建 less a character), outside Whoosh's own hits.
    ix = whoosh_index.open_dir(str(indexed.current().path), indexname=SUBJECTS)
    writer = ix.writer()
    writer.add_document(name_core="楚天兴建", near="楚天建")
    writer.commit(merge=False)
    with extra_app(settings) as app:
        client = app.test_client()
        for url in ("/search?q=楚天建", "/api/v1/search?q=楚天建"):
            answer = client.get(url)
            assert answer.status_code == 503 and answer.headers["Retry-After"] == "30", url


def _assert_unavailable(client) -> None:
    for url in SEARCH_URLS:
        answer = client.get(url)
        assert answer.status_code == 503, (url, answer.status_code)
        assert answer.headers["Retry-After"] == "30", url
        if url.startswith("/api/"):
            assert answer.json["error"]["code"] == "search_unavailable", url
        else:
            assert "搜索服务暂时不可用" in answer.get_data(as_text=True), url


@pytest.mark.parametrize("damage", DAMAGE)
def test_check_names_the_damage_and_rebuild_repairs_it(indexed, settings, damage):
    DAMAGE[damage](indexed)
    with extra_app(settings) as app:
        runner = app.test_cli_runner()
        check = runner.invoke(args=["index", "check"])
        assert check.exit_code == 2, check.output
        assert "Traceback" not in check.output and check.exception.__class__ is SystemExit
        assert "索引已损坏" in check.output or "索引目录缺失" in check.output, check.output
        assert "一致" not in check.output.replace("不一致", "")
        rebuilt = runner.invoke(args=["index", "rebuild"])
        assert rebuilt.exit_code == 0 and "索引已重建并启用" in rebuilt.output, rebuilt.output
        assert runner.invoke(args=["index", "check"]).exit_code == 0
        client = app.test_client()
        assert all(client.get(url).status_code == 200 for url in SEARCH_URLS)
        assert "楚天" in client.get("/api/v1/search?q=楚天").get_data(as_text=True)


def test_rollback_serves_the_last_good_build(indexed, session_factory, settings):
    rebuild(session_factory, indexed)  # a second build: the first one is now PREVIOUS
    _damage_postings(indexed)
    with extra_app(settings) as app:
        runner = app.test_cli_runner()
        assert runner.invoke(args=["index", "check"]).exit_code == 2
        rolled = runner.invoke(args=["index", "rollback"])
        assert rolled.exit_code == 0 and "已回退到上一版索引" in rolled.output
        assert runner.invoke(args=["index", "check"]).exit_code == 0
        client = app.test_client()
        assert all(client.get(url).status_code == 200 for url in SEARCH_URLS)


def test_a_worker_serving_when_the_index_is_damaged_recovers_after_rebuild(
    indexed, session_factory, settings
):
    with extra_app(settings) as app:
        client = app.test_client()
        assert client.get("/api/v1/search?q=楚天").status_code == 200  # searchers open
        _remove_directory(indexed)
        app.extensions["xinyong.search"].searchers.close()  # as after the freshness check
        _assert_unavailable(client)
        rebuild(session_factory, indexed)
        assert client.get("/api/v1/search?q=楚天").status_code == 200
