"""Public read API beyond search: subject profiles and list pages, as JSON."""

from __future__ import annotations

from flask import Blueprint, jsonify

from xinyong.records.clock import today_local
from xinyong.records.display.profile import build_profile, find_subject
from xinyong.records.identifiers import normalize_code
from xinyong.records.reports.snapshots import snapshot
from xinyong.site.api import list_api
from xinyong.site.errors import json_error
from xinyong.web.database import db_session
from xinyong.web.extensions import API_LIMIT, limiter

blueprint = Blueprint("public_api", __name__)
PAGE_SIZE = 50


def _error(status: int, code: str, message: str):
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
    """List types with entries in force (under the filters), and the filtered entries, paged:
    the same query builder as /lists and its downloads (records/display/lists.py)."""
    return list_api.lists_answer(None)


@blueprint.get("/api/v1/lists/<code>")
@limiter.limit(API_LIMIT)
def list_entries(code: str):
    return list_api.lists_answer(code)
