"""A per-process cache for figures every visitor sees (home page counts over millions of rows).

Seconds-old figures are fine on a public page; a count over 1.7 M licences on every hit is not.
Off under tests, which change the data between requests and expect to see it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from flask import current_app

T = TypeVar("T")
_lock = threading.Lock()


def cached(name: str, seconds: float, compute: Callable[[], T]) -> T:
    if current_app.testing:
        return compute()
    store: dict[str, tuple[float, object]] = current_app.extensions.setdefault("xinyong.cache", {})
    now = time.monotonic()
    with _lock:
        hit = store.get(name)
    if hit is not None and now - hit[0] < seconds:
        return hit[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        store[name] = (now, value)
    return value
