"""/api/v1/lists and /api/v1/lists/<code>: list entries in force, filtered like /lists.

Same filters and query builder as the page (records/display/lists.py); a bad filter is a 400 with a
machine code (bad_date, bad_list_type, param_too_long …) and the Chinese message.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from sqlalchemy import select

from xinyong.records.clock import today_local
from xinyong.records.display.lists import (
    COLORS,
    COUNT_CAP,
    MAX_PAGE,
    counts_by_type,
    list_query,
    page_of,
    parse_list_filters,
)
from xinyong.records.models import ListType
from xinyong.web.database import db_session

PAGE_SIZE = 50


def _error(status: int, code: str, message: str):
    return jsonify({"error": {"code": code, "status": status, "message": message}}), status


def _entry(e: Any, names: dict[str, str]) -> dict[str, Any]:
    # uscc is None for a natural person: the API never carries an ID number, masked or not.
    return {
        "id": e.id,
        "list_type": e.list_type_code,
        "list_name": names.get(e.list_type_code),
        "subject_name": e.subject_name,
        "uscc": e.uscc,
        "entered_on": e.entered_on.isoformat(),
        "removed_on": e.removed_on.isoformat() if e.removed_on else None,
        "reason": e.reason,
        "authority": e.authority,
        "basis_doc_no": e.basis_doc_no,
        "severity": e.severity,
    }


def lists_answer(code: str | None):
    session, today = db_session(), today_local()
    types = list(session.scalars(select(ListType).order_by(ListType.sort_order)))
    by_code = {t.code: t for t in types}
    if code is not None and code not in by_code:
        return _error(404, "list_not_found", "没有这个名单")
    args = request.args.to_dict()
    if code is not None:
        args["type"] = code
    filters = parse_list_filters(args, by_code)
    if filters.errors:
        codes = sorted({c for c, _ in filters.errors})
        return _error(
            400, codes[0] if len(codes) == 1 else "bad_filters", "；".join(m for _, m in filters.errors)
        )
    page = request.args.get("page", "1")
    if not page.isdigit() or len(page) > 6 or int(page) < 1:
        return _error(400, "bad_page", "页码应为正整数")
    if int(page) > MAX_PAGE * 2:  # 50 a page: 25,000 rows; the download has them all
        return _error(404, "page_out_of_range", "页码超出范围，请缩小条件或下载全部结果")
    total, entries = page_of(session, list_query(filters, today), int(page), PAGE_SIZE)
    pages = min(-(-total // PAGE_SIZE), COUNT_CAP // PAGE_SIZE)  # past 10,000 rows: download
    if total and int(page) > pages:
        return _error(404, "page_out_of_range", "页码超出范围，请缩小条件或下载全部结果")
    names = {t.code: t.name for t in types}
    counts = counts_by_type(session, filters, today)
    answer: dict[str, Any] = {
        "lists": [
            {
                "code": t.code,
                "name": t.name,
                "color": t.color,
                "color_label": COLORS.get(t.color),
                "in_force": counts.get(t.code, 0),
            }
            for t in types
        ],
        "filters": filters.as_args(),
        "total": min(total, COUNT_CAP),
        "total_capped": total > COUNT_CAP,
        "page": int(page),
        "pages": pages,
        "entries": [_entry(e, names) for e in entries],
    }
    if code is not None:
        t = by_code[code]
        answer["list"] = {"code": code, "name": t.name, "color": t.color}
    return jsonify(answer)
