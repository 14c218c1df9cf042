"""The counter check API: POST /api/v1/checks (API key), receipts and their public verification."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from sqlalchemy.exc import InterfaceError, OperationalError

from xinyong.records.checks import EXPLANATIONS
from xinyong.records.clock import to_local
from xinyong.records.counter import KeyRefused, check_key, find_receipt
from xinyong.records.models import ServiceCentre
from xinyong.site.check_flow import CheckInputError, run_check
from xinyong.site.database import db_session
from xinyong.site.errors import MESSAGES
from xinyong.site.extensions import limiter

blueprint = Blueprint("checks", __name__)


MAX_BODY = 64 * 1024  # a check is a few hundred bytes


@blueprint.before_request
def _small_bodies() -> None:
    if (request.content_length or 0) > MAX_BODY:
        abort(413)  # refused unread (JSON 413 from the app's error handler)
    request.max_content_length = MAX_BODY


@blueprint.errorhandler(OperationalError)
@blueprint.errorhandler(InterfaceError)
def _database_unavailable(_exc: Exception):  # noqa: ANN202
    # Fail closed in the API's own terms: a counter system reading `state` sees ERROR.
    body = {"state": "ERROR", "explanation": EXPLANATIONS["ERROR"],
            "error": {"code": "service_unavailable", "status": 503, "message": MESSAGES[503]}}
    return jsonify(body), 503, {"Retry-After": "30"}
CHECK_LIMIT = "30 per minute"  # per key: a counter checks one applicant at a time
STATES = ("NO_RECORD", "INCENTIVE", "HIT", "CAUTION", "AMBIGUOUS", "NOT_IDENTIFIED", "ERROR")


def _key_for_limits() -> str:
    return (request.headers.get("X-API-Key") or request.remote_addr or "")[:11]


def _error(status: int, code: str, message: str):  # noqa: ANN202
    return jsonify({"error": {"code": code, "status": status, "message": message}}), status


@blueprint.post("/api/v1/checks")
@limiter.limit(CHECK_LIMIT, key_func=_key_for_limits)
def create_check():
    session = db_session()
    try:
        key = check_key(session, request.headers.get("X-API-Key"), request.headers.get("Origin"),
                        request.host_url.rstrip("/"))
    except KeyRefused as refused:
        return _error(403 if refused.code == "origin_refused" else 401, refused.code, refused.message)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, "bad_request", "请求体应为 JSON 对象")

    def text(name: str) -> str | None:
        value = body.get(name)
        return value if isinstance(value, str) else None

    try:
        status, result = run_check(session, key, text("query") or "", text("id_number"),
                                   body.get("approval_type"), text("operator_ref"))
    except CheckInputError as wrong:
        return _error(400, wrong.code, wrong.message)
    return jsonify(result), status


@blueprint.get("/api/v1/receipts/<number>")
def receipt_api(number: str):
    record = find_receipt(db_session(), number, request.args.get("code", ""),
                          current_app.config["XINYONG"].secret_key.encode("utf-8"))
    if record is None:
        return _error(404, "receipt_not_found", "未找到该回执，或校验码不符")
    return jsonify(_public_view(record))


@blueprint.get("/receipts/verify")
def receipt_page():
    number, code = request.args.get("number", ""), request.args.get("code", "")
    record = None
    if number or code:
        record = find_receipt(db_session(), number, code,
                              current_app.config["XINYONG"].secret_key.encode("utf-8"))
    view = _public_view(record) if record else None
    status = 404 if (number or code) and record is None else 200
    return render_template("checks/verify.html", number=number, code=code, view=view), status


def _public_view(record) -> dict:  # noqa: ANN001
    """What anyone holding the receipt may confirm: no query, no operator, no ID number."""
    result = record.result
    name = db_session().get(ServiceCentre, record.centre_id).name
    return {"number": record.receipt_no, "state": record.state,
            "explanation": result.get("explanation"), "service_centre": name,
            "approval_type": result.get("approval_type", {}).get("name"),
            "subject": ({"name": result["subject"]["name"], "uscc": result["subject"]["uscc"]}
                        if result.get("subject") else None),
            "checked_at": to_local(record.created_at).isoformat(timespec="seconds"),
            "data_version": record.data_version}
