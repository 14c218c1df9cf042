"""The counter check API: counter sessions, POST /api/v1/checks, receipts and their public
verification. Credentials and limits: counter_auth.py."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for
from sqlalchemy.exc import InterfaceError, OperationalError

from xinyong.records.checks.keys import find_receipt
from xinyong.records.checks.run import CheckInputError, run_check
from xinyong.records.checks.sessions import MAX_OPERATOR, MAX_SECONDS, mint
from xinyong.records.checks.verdict import EXPLANATIONS, STATES
from xinyong.records.clock import to_local
from xinyong.records.models import ServiceCentre
from xinyong.site.errors import MESSAGES, error_body, json_error
from xinyong.web.counter_auth import CHECK_LIMIT, CounterRefused, authenticate, check_services, presented
from xinyong.web.database import db_session

blueprint = Blueprint("checks", __name__)

__all__ = ["CHECK_LIMIT", "STATES", "blueprint"]
MAX_BODY = 64 * 1024  # a check is a few hundred bytes
TEXT_FIELDS = ("query", "id_number", "approval_type", "operator", "operator_ref", "origin")


@blueprint.before_request
def _small_bodies() -> None:
    if (request.content_length or 0) > MAX_BODY:
        abort(413)  # refused unread (JSON 413 from the app's error handler)
    request.max_content_length = MAX_BODY


@blueprint.errorhandler(OperationalError)
@blueprint.errorhandler(InterfaceError)
def _database_unavailable(_exc: Exception):
    # Fail closed in the API's own terms: a counter system reading `state` sees ERROR.
    body = {
        "state": "ERROR",
        "explanation": EXPLANATIONS["ERROR"],
        **error_body(503, "service_unavailable", MESSAGES[503]),
    }
    return jsonify(body), 503, {"Retry-After": "30"}


def _error(status: int, code: str, message: str):
    headers = {"Retry-After": "60"} if status == 429 else {}
    return json_error(status, code, message, headers)


def json_body() -> dict[str, Any]:
    """The request's JSON object with string fields, or CheckInputError (400). Parsed here
    rather than by get_json: a deeply nested body raises RecursionError, not ValueError."""
    try:
        body = json.loads(request.get_data(cache=True) or b"null")
    except (ValueError, RecursionError) as exc:
        raise CheckInputError("bad_request", "请求体应为 JSON 对象") from exc
    if not isinstance(body, dict):
        raise CheckInputError("bad_request", "请求体应为 JSON 对象")
    wrong = [name for name in TEXT_FIELDS if body.get(name) is not None and not isinstance(body[name], str)]
    if wrong:
        raise CheckInputError("bad_field_type", f"字段应为字符串：{'、'.join(wrong)}")
    return body


def _operator(body: dict[str, Any]) -> str:
    operator = (body.get("operator") or body.get("operator_ref") or "").strip()
    if not operator:
        raise CheckInputError("operator_required", "请在 operator 中注明经办人（工号或姓名）")
    if len(operator) > MAX_OPERATOR:
        raise CheckInputError("operator_too_long", f"经办人最多 {MAX_OPERATOR} 个字符")
    return operator


@blueprint.post("/api/v1/counter-sessions")
def create_session():
    """A counter session for the widget, minted by the host's back end with its secret key."""
    session = db_session()
    try:
        credential = authenticate(session, presented(), sessions=False, origin=request.headers.get("Origin"))
        body = json_body()
        operator = _operator(body)
        origin = (body.get("origin") or credential.key.origins[0]).rstrip("/")
        if origin not in credential.key.origins:
            raise CheckInputError(
                "origin_not_allowed", "origin 应为该密钥允许的来源之一：" + "、".join(credential.key.origins)
            )
        seconds = body.get("expires_in", MAX_SECONDS)
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 60 <= seconds <= MAX_SECONDS:
            raise CheckInputError("bad_expires_in", f"expires_in 应为 60 至 {MAX_SECONDS} 之间的整数（秒）")
    except CounterRefused as refused:
        return _error(refused.status, refused.code, refused.message)
    except CheckInputError as wrong:
        return _error(wrong.status, wrong.code, wrong.message)
    token = mint(
        credential.key,
        operator,
        origin,
        current_app.config["XINYONG"].secret_key.encode("utf-8"),
        seconds=seconds,
    )
    response = jsonify({"token": token, "expires_in": seconds, "operator": operator, "origin": origin})
    response.headers["Cache-Control"] = "no-store"
    return response, 201


@blueprint.post("/api/v1/checks")
def create_check():
    session = db_session()
    try:
        credential = authenticate(session, presented(), origin=request.headers.get("Origin"))
        body = json_body()
        operator = credential.operator if credential.kind == "session" else _operator(body)
        status, result = run_check(
            session,
            credential.key,
            body.get("query") or "",
            body.get("id_number") or None,
            body.get("approval_type"),
            operator,
            **check_services(),
        )
    except CounterRefused as refused:
        return _error(refused.status, refused.code, refused.message)
    except CheckInputError as wrong:
        return _error(wrong.status, wrong.code, wrong.message)
    return jsonify(result), status


@blueprint.get("/api/v1/receipts/<number>")
def receipt_api(number: str):
    record = find_receipt(
        db_session(),
        number,
        request.args.get("code", ""),
        current_app.config["XINYONG"].secret_key.encode("utf-8"),
    )
    if record is None:
        return _error(404, "receipt_not_found", "未找到该回执，或校验码不符")
    return jsonify(_public_view(record))


@blueprint.get("/receipts/verify")
def receipt_page():
    number, code = request.args.get("number", ""), request.args.get("code", "")
    if number.strip().upper().startswith("XYPL-") and number.strip().isascii():  # a batch's receipt
        return redirect(url_for("batch_checks.verify_page", number=number.strip().upper()[:40], code=code))
    record = None
    if number or code:
        record = find_receipt(
            db_session(), number, code, current_app.config["XINYONG"].secret_key.encode("utf-8")
        )
    view = _public_view(record) if record else None
    status = 404 if (number or code) and record is None else 200
    return render_template("checks/verify.html", number=number, code=code, view=view), status


def _public_view(record) -> dict:
    """What anyone holding the receipt may confirm: no query, no operator, no ID number."""
    result = record.result
    name = db_session().get(ServiceCentre, record.centre_id).name
    subject = result.get("subject")
    return {
        "number": record.receipt_no,
        "state": record.state,
        "explanation": result.get("explanation"),
        "service_centre": name,
        "approval_type": (result.get("approval_type") or {}).get("name"),
        "subject": ({"name": subject.get("name"), "uscc": subject.get("uscc")} if subject else None),
        "checked_at": to_local(record.created_at).isoformat(timespec="seconds"),
        "data_version": record.data_version,
    }
