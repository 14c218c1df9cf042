"""Public read API beyond search: subject profiles and list pages, as JSON."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from sqlalchemy import func, select

from xinyong.records.clock import today_local
from xinyong.records.display.profile import build_profile, find_subject
from xinyong.records.identifiers import normalize_code
from xinyong.records.models import ListEntry, ListType
from xinyong.records.publication.in_force import list_entry_in_force
from xinyong.records.reports.snapshots import snapshot
from xinyong.site.errors import json_error
from xinyong.web.database import db_session
from xinyong.web.extensions import API_LIMIT, limiter

blueprint = Blueprint("public_api", __name__)
PAGE_SIZE = 50


def _error(status: int, code: str, message: str):  # noqa: ANN202
    return json_error(status, code, message)


@blueprint.get("/api/v1/subjects/<code>")
@limiter.limit(API_LIMIT)
def subject(code: str):
    """The credit profile as the page shows it: status line and sections of records in force."""
    found = find_subject(db_session(), uscc=normalize_code(code))
    if found is None:
        return _error(404, "subject_not_found", "未找到该统一社会信用代码对应的主体")
    return jsonify(snapshot(build_profile(db_session(), found, today_local())))


@blueprint.get("/api/v1/lists")
@limiter.limit(API_LIMIT)
def lists():
    session, today = db_session(), today_local()
    counts = dict(session.execute(select(ListEntry.list_type_code, func.count())
                                  .where(list_entry_in_force(today))
                                  .group_by(ListEntry.list_type_code)).all())
    return jsonify({"lists": [{"code": t.code, "name": t.name, "color": t.color,
                               "in_force": counts.get(t.code, 0)}
                              for t in session.scalars(select(ListType).order_by(ListType.sort_order))]})


@blueprint.get("/api/v1/lists/<code>")
@limiter.limit(API_LIMIT)
def list_entries(code: str):
    session, today = db_session(), today_local()
    list_type = session.get(ListType, code)
    if list_type is None:
        return _error(404, "list_not_found", "没有这个名单")
    page = request.args.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        return _error(400, "bad_page", "页码应为正整数")
    query = select(ListEntry).where(ListEntry.list_type_code == code, list_entry_in_force(today))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = -(-total // PAGE_SIZE)
    if total and int(page) > pages:
        return _error(404, "page_out_of_range", "页码超出范围")
    entries = session.scalars(query.order_by(ListEntry.entered_on.desc(), ListEntry.id.desc())
                              .limit(PAGE_SIZE).offset((int(page) - 1) * PAGE_SIZE))
    return jsonify({"list": {"code": code, "name": list_type.name, "color": list_type.color},
                    "total": total, "page": int(page), "pages": pages,
                    "entries": [{"id": e.id, "subject_name": e.subject_name, "uscc": e.uscc,
                                 "entered_on": e.entered_on.isoformat(),
                                 "removed_on": e.removed_on.isoformat() if e.removed_on else None,
                                 "reason": e.reason, "authority": e.authority,
                                 "basis_doc_no": e.basis_doc_no} for e in entries]})
