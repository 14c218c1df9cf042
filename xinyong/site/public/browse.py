"""Disclosure pages for journalists: browse and download licences and penalties, lists, cases."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from xinyong.records.catalog import load_catalog
from xinyong.records.clock import today_local
from xinyong.records.display.browse import (
    COUNT_CAP,
    MAX_PAGE,
    PAGE_SIZE,
    SORTS,
    browse_all,
    browse_page,
    parse_filters,
)
from xinyong.records.display.lists import Filters, list_query, page_of
from xinyong.records.models import ListType
from xinyong.records.opendata.formats import columns, encode, rows
from xinyong.records.publication.list_periods import removal_text
from xinyong.records.reference.lookups import facet_labels
from xinyong.site.public import list_views
from xinyong.web.database import database, db_session
from xinyong.web.downloads import attachment

blueprint = Blueprint("disclosure", __name__)
KINDS = {"penalties": ("penalty", "行政处罚"), "licences": ("licence", "行政许可")}
# The filter's choices are the national catalog's own values (records/catalog), never a copy.
CATEGORY_FIELDS = {"penalty": "categories", "licence": "category"}


def _categories(entity: str) -> tuple[str, ...]:
    return load_catalog().get(entity).field(CATEGORY_FIELDS[entity]).values


def _page(limit: int) -> int:
    page = request.args.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= limit:
        abort(404)
    return int(page)


@blueprint.get("/disclosure/<kind>")
def browse(kind: str):
    if kind not in KINDS:
        abort(404)
    entity, title = KINDS[kind]
    filters = parse_filters(request.args, entity)
    session = db_session()
    labels = facet_labels(session)
    context = {
        "kind": kind,
        "entity": entity,
        "title": title,
        "filters": filters,
        "args": request.args.to_dict(),
        "labels": labels,
        "sorts": SORTS,
        "categories": _categories(entity),
    }
    if filters.errors:
        return render_template(
            "disclosure/browse.html", total=0, records=[], page=1, pages=0, count_cap=COUNT_CAP, **context
        ), 400
    page = _page(MAX_PAGE)
    total, records = browse_page(session, entity, filters, today_local(), page)
    pages = -(-total // PAGE_SIZE)
    if total and page > pages:
        abort(404)
    return render_template(
        "disclosure/browse.html",
        total=total,
        records=records,
        page=page,
        pages=min(pages, MAX_PAGE),
        count_cap=COUNT_CAP,
        **context,
    )


@blueprint.get("/disclosure/<kind>.<fmt>")
def download(kind: str, fmt: str):
    """What the page shows, every matching row, as CSV (Excel-ready) or JSON Lines."""
    if kind not in KINDS or fmt not in ("csv", "jsonl"):
        abort(404)
    entity, _ = KINDS[kind]
    filters = parse_filters(request.args, entity)
    if filters.errors:
        abort(400)
    today, header, factory = today_local(), columns(entity), database().factory

    def chunks():
        # Its own session, closed when the stream ends or the client goes away: the request's
        # session is torn down before a streamed body is sent.
        with factory() as session:
            yield from encode(fmt, header, rows(session, entity, browse_all(session, entity, filters, today)))

    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    name = f"{entity}-{today.isoformat()}.{fmt}"
    return attachment(chunks(), content_type, name)


@blueprint.get("/lists")
def lists():
    return list_views.lists_page()


@blueprint.get("/lists/<code>")
def list_page(code: str):
    session, today = db_session(), today_local()
    list_type = session.get(ListType, code)
    if list_type is None:
        abort(404)
    page = _page(MAX_PAGE)
    total, entries = page_of(session, list_query(Filters(list_type=code), today), page)
    pages = min(-(-total // PAGE_SIZE), MAX_PAGE)  # a total above COUNT_CAP reads "10,000+"
    if total and page > pages:
        abort(404)
    return render_template(
        "disclosure/list.html",
        list_type=list_type,
        entries=entries,
        total=total,
        page=page,
        pages=pages,
        today=today,
        removal_text=removal_text,
        count_cap=COUNT_CAP,
    )


@blueprint.get("/cases")
def cases():
    return list_views.cases_page()


@blueprint.get("/<any(lists, cases):what>.<any(csv, jsonl):fmt>")
def listing_download(what: str, fmt: str):
    """Exactly the filtered set of /lists or /cases, streamed (CSV for Excel, or JSON Lines)."""
    return list_views.download(what, fmt)
