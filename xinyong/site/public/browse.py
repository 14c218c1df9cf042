"""Disclosure pages for journalists: browse and download licences and penalties, lists, cases."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import func, select

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
from xinyong.records.models import JointCase, ListEntry, ListType
from xinyong.records.opendata.formats import columns, encode, rows
from xinyong.records.publication.in_force import list_entry_in_force
from xinyong.records.publication.list_periods import removal_text
from xinyong.records.reference.lookups import facet_labels
from xinyong.site.downloads import attachment
from xinyong.web.database import database, db_session

blueprint = Blueprint("disclosure", __name__)
KINDS = {"penalties": ("penalty", "行政处罚"), "licences": ("licence", "行政许可")}
PENALTY_CATEGORIES = ("警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件",
                      "降低资质等级", "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭",
                      "限制从业", "行政拘留", "其他")
LICENCE_CATEGORIES = ("普通", "特许", "认可", "核准", "登记", "其他")



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
    context = {"kind": kind, "entity": entity, "title": title, "filters": filters,
               "args": request.args.to_dict(), "labels": labels, "sorts": SORTS,
               "categories": PENALTY_CATEGORIES if entity == "penalty" else LICENCE_CATEGORIES}
    if filters.errors:
        return render_template("disclosure/browse.html", total=0, records=[], page=1, pages=0,
                               count_cap=COUNT_CAP, **context), 400
    page = _page(MAX_PAGE)
    total, records = browse_page(session, entity, filters, today_local(), page)
    pages = -(-total // PAGE_SIZE)
    if total and page > pages:
        abort(404)
    return render_template("disclosure/browse.html", total=total, records=records, page=page,
                           pages=min(pages, MAX_PAGE), count_cap=COUNT_CAP, **context)


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

    def chunks():  # noqa: ANN202
        # Its own session, closed when the stream ends or the client goes away: the request's
        # session is torn down before a streamed body is sent.
        with factory() as session:
            yield from encode(fmt, header, rows(session, entity,
                                                browse_all(session, entity, filters, today)))

    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    name = f"{entity}-{today.isoformat()}.{fmt}"
    return attachment(chunks(), content_type, name)


@blueprint.get("/lists")
def lists():
    session, today = db_session(), today_local()
    counts = dict(session.execute(select(ListEntry.list_type_code, func.count())
                                  .where(list_entry_in_force(today))
                                  .group_by(ListEntry.list_type_code)).all())
    types = list(session.scalars(select(ListType).order_by(ListType.sort_order)))
    return render_template("disclosure/lists.html", types=types, counts=counts)


@blueprint.get("/lists/<code>")
def list_page(code: str):
    session, today = db_session(), today_local()
    list_type = session.get(ListType, code)
    if list_type is None:
        abort(404)
    query = select(ListEntry).where(ListEntry.list_type_code == code, list_entry_in_force(today))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = _page(MAX_PAGE)
    pages = -(-total // PAGE_SIZE)
    if total and page > pages:
        abort(404)
    entries = list(session.scalars(query.order_by(ListEntry.entered_on.desc(), ListEntry.id.desc())
                                   .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return render_template("disclosure/list.html", list_type=list_type, entries=entries,
                           total=total, page=page, pages=pages, today=today,
                           removal_text=removal_text)


@blueprint.get("/cases")
def cases():
    kind = request.args.get("kind", "")
    if kind not in ("", "守信激励", "失信惩戒"):
        abort(404)
    session = db_session()
    query = select(JointCase)
    if kind:
        query = query.where(JointCase.case_kind == kind)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = _page(MAX_PAGE)
    pages = -(-total // PAGE_SIZE)
    if total and page > pages:
        abort(404)
    found = list(session.scalars(query.order_by(JointCase.implemented_on.desc(), JointCase.id.desc())
                                 .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return render_template("disclosure/cases.html", cases=found, kind=kind, total=total, page=page,
                           pages=pages, labels=facet_labels(session))
