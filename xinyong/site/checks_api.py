"""The counter check API: POST /api/v1/checks (API key), receipts and their public verification."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, render_template, request
from sqlalchemy import select

from xinyong.records.checks import EXPLANATIONS, evaluate, identify
from xinyong.records.clock import local_date, to_local
from xinyong.records.counter import KeyRefused, check_key, find_receipt, store_check
from xinyong.records.db import utcnow
from xinyong.records.models import ApprovalType, ServiceCentre
from xinyong.records.opendata import data_version
from xinyong.site.database import db_session
from xinyong.site.extensions import limiter

blueprint = Blueprint("checks", __name__)
log = logging.getLogger(__name__)
CHECK_LIMIT = "30 per minute"  # per key: a counter checks one applicant at a time


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
    query = body.get("query") if isinstance(body.get("query"), str) else ""
    id_number = body.get("id_number") if isinstance(body.get("id_number"), str) else None
    approval = body.get("approval_type")
    if not query.strip() and not id_number:
        return _error(400, "query_empty", "请输入名称、统一社会信用代码或证件号码")
    if len(query) > 100:
        return _error(400, "query_too_long", "查询内容过长：最多100个字符")
    names = dict(session.execute(select(ApprovalType.code, ApprovalType.name)).all())
    if approval not in names:
        choices = "、".join(f"{c}（{n}）" for c, n in names.items())
        return _error(400, "bad_approval_type", f"审批事项无效，应为：{choices}")
    settings = current_app.config["XINYONG"]
    today = local_date(utcnow())
    try:
        who = identify(session, query, id_number, settings.id_hash_key_bytes, _candidates(session))
    except ValueError as exc:
        return _error(400, "bad_id_number", f"证件号码无效：{exc}")
    try:
        result = evaluate(session, who, approval, today)
        version = data_version(session, today)
    except Exception:  # the check did not run: fail closed, never a clean result
        log.exception("check failed")
        session.rollback()
        result = {"state": "ERROR", "explanation": EXPLANATIONS["ERROR"], "subject": None,
                  "candidates": [], "lists": [], "measures": [], "incentives": [], "penalties": []}
        return jsonify(result | {"approval_type": {"code": approval, "name": names[approval]}}), 503
    result["approval_type"] = {"code": approval, "name": names[approval]}
    result["data_version"] = version
    result["as_of"] = to_local(utcnow()).isoformat(timespec="seconds")
    receipt = store_check(session, key=key, operator_ref=body.get("operator_ref") if isinstance(
        body.get("operator_ref"), str) else None, query_shown=who.query_shown,
        query_normalised=who.query_normalised, used_id_number=who.used_id_number,
        approval_type=approval, state=result["state"],
        subject_id=who.subject.id if who.subject else None, result=result, data_version=version,
        today=today, secret=settings.secret_key.encode("utf-8"))
    session.commit()
    result["receipt"] = {"number": receipt.record.receipt_no, "code": receipt.code}
    return jsonify(result), 201


def _candidates(session):  # noqa: ANN001, ANN202
    """Names that are not exact matches only ever become candidates (AMBIGUOUS)."""
    service = current_app.extensions.get("xinyong.search")

    def find(name: str) -> list[int]:
        try:
            return service.search_subjects(session, name, page_size=5).subject_ids
        except Exception:  # noqa: BLE001 - no index: no candidates, the state says so
            return []

    return find if service is not None else None


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
