"""Public read API beyond search: subject profiles and list pages, as JSON."""

from __future__ import annotations

from flask import Blueprint, jsonify

from xinyong.records.clock import today_local
from xinyong.records.identifiers import normalize_code
from xinyong.records.profile import build_profile, find_subject
from xinyong.records.reports import snapshot
from xinyong.site import list_api
from xinyong.site.database import db_session
from xinyong.site.extensions import API_LIMIT, limiter

blueprint = Blueprint("public_api", __name__)
PAGE_SIZE = 50


def _error(status: int, code: str, message: str):  # noqa: ANN202
    return jsonify({"error": {"code": code, "status": status, "message": message}}), status


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
    """List types with entries in force (under the filters), and the filtered entries, paged:
    the same query builder as /lists and its downloads (records/listings.py)."""
    return list_api.lists_answer(None)


@blueprint.get("/api/v1/lists/<code>")
@limiter.limit(API_LIMIT)
def list_entries(code: str):
    return list_api.lists_answer(code)
