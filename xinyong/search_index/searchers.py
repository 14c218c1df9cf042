"""Searchers reused per worker thread and refreshed, never opened per request.

Opening a searcher costs tens of milliseconds on a large index, querying a warm one a few;
so each thread keeps its searchers and only checks, at most once a second, whether the index
changed (a new commit or a new build → reopen).
"""

from __future__ import annotations

import threading
import time
from contextlib import suppress
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from xinyong.search_index.schema import RECORDS, SUBJECTS
from xinyong.search_index.store import IndexStore

CHECK_EVERY = 1.0  # seconds between freshness checks: "searchable within 60 s" leaves room


class Searchers:
    """Per-thread searchers over one index store."""

    def __init__(self, store: IndexStore):
        self.store = store
        self._local = threading.local()
        self._all: list[Searcher] = []  # every searcher opened, so close() can reach them all
        self._lock = threading.Lock()

    def get(self, name: str) -> Searcher:
        state = self._local.__dict__
        now = time.monotonic()
        searcher = state.get("open", {}).get(name)
        if state.get("checked", 0) + CHECK_EVERY < now or searcher is None or searcher.is_closed:
            self._freshen(state)
            state["checked"] = now
        return state["open"][name]

    def version(self) -> tuple:
        """What this thread's searchers show: the build and each index's generation (a page
        rendered from them may be reused until this changes)."""
        gens = tuple(self.get(name).reader().generation() for name in (SUBJECTS, RECORDS))
        return (self._local.__dict__["build"], *gens)

    def _freshen(self, state: dict) -> None:
        build = self.store.current()  # raises IndexMissing when there is none
        if state.get("build") != build.id or any(s.is_closed for s in state.get("open", {}).values()):
            self.close_thread()
            opened: dict[str, Searcher] = {}
            try:
                for name in (SUBJECTS, RECORDS):
                    opened[name] = self._track(open_searcher(build.path, name))
            except BaseException:
                # A damaged build: nothing half-open is kept, the next request tries again.
                for searcher in opened.values():
                    _close(searcher)
                raise
            state["open"], state["build"] = opened, build.id
            return
        for name, searcher in list(state["open"].items()):
            if not searcher.up_to_date():
                # Reopened rather than Searcher.refresh(): refresh hands segment readers over to
                # the new searcher, and closing the old one then closed them under it (and
                # leaked the files of segments merged away). A reopen costs tens of ms once
                # per index change per thread.
                fresh = open_searcher(build.path, name)
                state["open"][name] = self._track(fresh)
                _close(searcher)

    def _track(self, searcher: Searcher) -> Searcher:
        with self._lock:
            self._all = [s for s in self._all if not s.is_closed] + [searcher]
        return searcher

    def close(self) -> None:
        """Close every searcher of every thread (app shutdown, tests)."""
        with self._lock:
            for searcher in self._all:
                _close(searcher)
            self._all = []

    def close_thread(self) -> None:
        for searcher in self._local.__dict__.pop("open", {}).values():
            _close(searcher)
        self._local.__dict__.pop("build", None)


def open_searcher(path: Path, name: str) -> Searcher:
    """A searcher over one index; when the index is damaged, the files Whoosh opened before
    meeting the damage are closed (Whoosh leaves them open: a worker would leak descriptors on
    every request while the index stays damaged)."""
    storage = FileStorage(str(path))
    opened: list = []

    def open_file(*args, **kwargs):
        stream = FileStorage.open_file(storage, *args, **kwargs)
        opened.append(stream)
        return stream

    storage.open_file = open_file  # this storage object only, while opening
    try:
        return storage.open_index(name).searcher()
    except BaseException:
        for stream in opened:
            with suppress(Exception):
                stream.close()
        raise
    finally:
        del storage.open_file


def _close(searcher: Searcher) -> None:
    with suppress(Exception):
        searcher.close()
