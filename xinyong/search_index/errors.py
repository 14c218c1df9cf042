"""Search errors carry their HTTP status and a stable code; the site renders them."""

from __future__ import annotations


class SearchError(Exception):
    status = 400
    code = "bad_query"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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
