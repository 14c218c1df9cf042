"""Search errors carry their HTTP status and a stable code; the site renders them."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from xinyong.records.errors import DomainError

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


class SearchError(DomainError):
    status = 400
    code = "bad_query"

    def __init__(self, message: str):
        super().__init__(message=message)


class QueryTooLong(SearchError):
    code = "query_too_long"


class QueryEmpty(SearchError):
    code = "query_empty"


class BadFilter(SearchError):
    code = "bad_filter"


class PageOutOfRange(SearchError):
    status = 404
    code = "page_out_of_range"


class SearchUnavailable(SearchError):
    status = 503
    code = "search_unavailable"


class IndexUnavailable(SearchUnavailable):
    """The index is missing, unreadable or damaged. Callers fail closed on it: a page answers
    503 with Retry-After, a counter check answers ERROR — never an empty or partial result."""

    def __init__(self, message: str = "搜索服务暂时不可用，请稍后再试"):
        super().__init__(message)


def index_fault(exc: BaseException) -> bool:
    """Whether `exc` came from reading the index: no build, a file gone or short (OSError), or
    anything raised inside Whoosh — damaged files surface as struct.error, KeyError, zlib.error,
    EOFError, unpickling errors and more, from whichever layer met the damage first."""
    from xinyong.search_index.store import IndexMissing

    if isinstance(exc, IndexMissing | OSError | EOFError):
        return True
    tb = exc.__traceback__
    while tb is not None:
        if "/whoosh/" in tb.tb_frame.f_code.co_filename.replace("\\", "/"):
            return True
        tb = tb.tb_next
    return False


def fails_closed(method: Callable[P, R]) -> Callable[P, R]:
    """Wrap a search method: an index fault becomes IndexUnavailable (logged once, with the
    cause); query errors (SearchError) and database errors pass through unchanged."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except SearchError:
            raise
        except Exception as exc:
            if not index_fault(exc):
                raise
            log.error(
                "search index unavailable or damaged (%s: %s); run `xinyong index check`",
                type(exc).__name__,
                exc,
            )
            raise IndexUnavailable() from exc

    return wrapper
