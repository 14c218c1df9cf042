"""Rendered public pages kept per worker process, so a page many people open costs one render
per change of the data instead of one per visit.

A page is kept under its full URL and the data version it was rendered from: the day (records
enter and leave publication by date), the newest outbox event (every change to published
records, states included, writes one) and the index generation this thread's searchers read
(search results follow the index, which catches up with the outbox a little later). Both are
looked at once a second, so a change shows within a second; changes that write no outbox
event — a renamed department, an edited measure — show within `page_cache_seconds`.
Only anonymous GETs are kept (any cookie → rendered fresh: a signed-in operator sees pages with
an administration menu), only 200 answers, and only pages that wrote nothing into the session
(a form's CSRF token is the visitor's own). Rate limits and response hooks run on every
request as before.
"""

from __future__ import annotations

import functools
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app, make_response, request, session

from xinyong.records.clock import today_local
from xinyong.records.opendata.build import data_version
from xinyong.site.security import id_numbers_asked_with
from xinyong.web.database import db_session

MAX_BYTES = 32 * 1024 * 1024  # per worker process, compressed (a 50 KB profile page keeps ~6 KB)
CHECK_EVERY = 1.0  # seconds between looks at the newest outbox event, per worker process
EXTENSION = "xinyong.public_pages"
DATA_VERSION = "xinyong.public_pages.data_version"


class PageStore:
    """An LRU of rendered bodies, compressed (zlib's fastest level: ~0.1 ms either way for a
    page, and eight times as many pages in the same memory), bounded by their total size."""

    def __init__(self, max_bytes: int = MAX_BYTES):
        self.max_bytes, self.size = max_bytes, 0
        self._pages: OrderedDict[tuple, tuple[float, bytes, list]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, seconds: float) -> tuple[bytes, list] | None:
        with self._lock:
            hit = self._pages.get(key)
            if hit is None or time.monotonic() - hit[0] > seconds:
                return None
            self._pages.move_to_end(key)
        return zlib.decompress(hit[1]), hit[2]

    def put(self, key: tuple, body: bytes, headers: list) -> None:
        body = zlib.compress(body, 1)
        if len(body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.size -= len(old[1])
            self._pages[key] = (time.monotonic(), body, headers)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (_, evicted, _) = self._pages.popitem(last=False)
                self.size -= len(evicted)


class DataVersion:
    """`opendata.data_version` (the day and the newest outbox event), looked up at most once a
    second per process: a page shows a change within a second, and a page served from the store
    costs no database query."""

    def __init__(self) -> None:
        self._value, self._checked = "", float("-inf")

    def get(self) -> str:
        now = time.monotonic()
        if now - self._checked >= CHECK_EVERY:
            # Two threads may both look it up at the turn of a second: harmless, no lock needed.
            self._value, self._checked = data_version(db_session(), today_local()), now
        return self._value


def page_version() -> tuple | None:
    """What a public page is rendered from; None when it cannot be told (no index)."""
    search = current_app.extensions.get("xinyong.search")
    try:
        index = search.searchers.version()
    except Exception:  # noqa: BLE001 - no index or a switch in progress: render fresh
        return None
    return current_app.extensions.setdefault(DATA_VERSION, DataVersion()).get(), *index


def public_page(view: Callable) -> Callable:
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        seconds = current_app.config["XINYONG"].page_cache_seconds
        if (
            not seconds
            or request.method != "GET"
            or request.cookies
            or id_numbers_asked_with(check_digit=False)
        ):
            # An ID number in the URL: the page echoes it (masked on the way out); it is not
            # kept, even in memory.
            return view(*args, **kwargs)
        version = page_version()
        if version is None:
            return view(*args, **kwargs)
        store: PageStore = current_app.extensions.setdefault(EXTENSION, PageStore())
        key = (request.url, *version)
        hit = store.get(key, seconds)
        if hit is not None:
            return current_app.response_class(hit[0], headers=hit[1])
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and not session.modified and not response.is_streamed:
            headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
            store.put(key, response.get_data(), headers)
        return response

    return wrapper
