"""A damaged or missing search index: every search surface answers a Chinese 503 with
Retry-After (a JSON code under /api/), `index check` names the damage and exits non-zero,
and the repair path (`index rebuild`, `index rollback`) brings search back."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import extra_app
from xinyong.search_index.indexer import rebuild
from xinyong.search_index.schema import RECORDS, SUBJECTS
from xinyong.search_index.store import IndexStore

NAME = "楚天"
SEARCH_URLS = ("/search?q=楚天", "/search?q=楚天&tab=records", "/api/v1/search?q=楚天",
               "/api/v1/records?q=楚天", "/api/v1/suggest?q=楚天")


def _files(store: IndexStore, suffix: str) -> list[Path]:
    """The files of both indexes (subjects and records) with that suffix."""
    return sorted(p for name in (SUBJECTS, RECORDS)
                  for p in store.current().path.glob(f"{name}_*{suffix}"))


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
    "truncated_terms": _truncate_terms, "damaged_toc": _damage_toc,
    "damaged_postings": _damage_postings, "missing_directory": _remove_directory}


@pytest.fixture
def indexed(do_import, session_factory, settings) -> IndexStore:
    do_import("penalties-current.csv")
    do_import("list-entries.json")
    store = IndexStore(settings.index_dir)
    rebuild(session_factory, store)
    return store


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_index_fails_closed_everywhere(indexed, settings, damage):
    DAMAGE[damage](indexed)
    with extra_app(settings) as app:
        _assert_unavailable(app.test_client())


def _assert_unavailable(client) -> None:  # noqa: ANN001
    for url in SEARCH_URLS:
        answer = client.get(url)
        assert answer.status_code == 503, (url, answer.status_code)
        assert answer.headers["Retry-After"] == "30", url
        if url.startswith("/api/"):
            assert answer.json["error"]["code"] == "search_unavailable", url
        else:
            assert "搜索服务暂时不可用" in answer.get_data(as_text=True), url
