"""The filtered /lists and /cases pages and their downloads (routes live in `disclosure.py`).

Thin: parse the filters (`records/display/lists.py`), run the one query builder, render. Bad filter
values answer 400 with the Chinese reasons on the page; a page past the end is 404.
"""

from __future__ import annotations

from flask import abort, render_template, request
from sqlalchemy import select

from xinyong.records.clock import today_local
from xinyong.records.display.list_exports import case_columns, case_rows, list_columns, list_rows
from xinyong.records.display.lists import (
    CASE_KINDS,
    COLORS,
    COUNT_CAP,
    MAX_PAGE,
    PAGE_SIZE,
    SEVERITIES,
    Filters,
    case_query,
    counts_by_type,
    list_query,
    page_of,
    parse_case_filters,
    parse_list_filters,
    stream,
)
from xinyong.records.models import ListType
from xinyong.records.opendata.formats import encode
from xinyong.records.reference.lookups import facet_labels
from xinyong.web.database import database, db_session
from xinyong.web.downloads import attachment


def page_number() -> int:
    page = request.args.get("page", "1")
    if not page.isdigit() or len(page) > 6 or not 1 <= int(page) <= MAX_PAGE:
        abort(404)
    return int(page)


def _paged(query, filters: Filters):
    if filters.errors:
        return 0, [], 1, 0
    page = page_number()
    total, found = page_of(db_session(), query, page)
    pages = min(-(-total // PAGE_SIZE), MAX_PAGE)
    if total and page > pages:
        abort(404)
    return total, found, page, pages


def _common(filters: Filters) -> dict:
    return {
        "filters": filters,
        "args": filters.as_args(),
        "labels": facet_labels(db_session()),
        "count_cap": COUNT_CAP,
        "errors": [m for _, m in filters.errors],
    }


def lists_page():
    session, today = db_session(), today_local()
    types = list(session.scalars(select(ListType).order_by(ListType.sort_order)))
    filters = parse_list_filters(request.args, {t.code: t for t in types})
    total, entries, page, pages = _paged(list_query(filters, today), filters)
    counts = {} if filters.errors else counts_by_type(session, filters, today)
    names = {t.code: t.name for t in types}
    body = render_template(
        "disclosure/lists.html",
        types=types,
        counts=counts,
        entries=entries,
        total=total,
        page=page,
        pages=pages,
        colors=COLORS,
        severities=SEVERITIES,
        type_names=names,
        **_common(filters),
    )
    return body, 400 if filters.errors else 200


def cases_page():
    filters = parse_case_filters(request.args)
    total, found, page, pages = _paged(case_query(filters), filters)
    body = render_template(
        "disclosure/cases.html",
        cases=found,
        kind=filters.kind or "",
        kinds=CASE_KINDS,
        total=total,
        page=page,
        pages=pages,
        **_common(filters),
    )
    return body, 400 if filters.errors else 200


def download(what: str, fmt: str):
    session, today = db_session(), today_local()
    if what == "lists":
        codes = {code: True for code in session.scalars(select(ListType.code))}
        filters = parse_list_filters(request.args, codes)
        query, header, writer = list_query(filters, today), list_columns(), list_rows
    else:
        filters = parse_case_filters(request.args)
        query, header, writer = case_query(filters), case_columns(), case_rows
    if filters.errors:
        message = "；".join(m for _, m in filters.errors)
        return render_template("error.html", title=f"筛选条件有误：{message}", status=400), 400
    factory = database().factory

    def chunks():
        # Its own session, closed when the stream ends or the client goes away: the request's
        # session is torn down before a streamed body is sent.
        with factory() as own:
            yield from encode(fmt, header, writer(own, stream(own, query)))

    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    return attachment(chunks(), content_type, f"{what}-{today.isoformat()}.{fmt}")
