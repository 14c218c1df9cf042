"""Batch checks (批量核查) over HTTP: POST /api/v1/batches (JSON `subjects`, or a CSV/XLSX `file`),
the centre's own reading of a batch (JSON, XLSX, printable table) and the public verification of
a batch receipt.

Credentials as for single checks (counter_auth.py): a counter session, or the secret key with
`operator`; the publishable key alone is 401 `counter_session_required`. A batch's full answer,
XLSX and print page are for its own centre only (its key's sessions and secret key, or a
signed-in administrator of the centre; platform administrators too) — anyone else gets 404, the
same as for a number that does not exist. The public receipt view needs number + code.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request

from xinyong.records.checks.batch_input import (
    MAX_FILE_BYTES,
    BatchInputError,
    lines_from_file,
    lines_from_json,
)
from xinyong.records.checks.batch_store import find_batch, public_view
from xinyong.records.checks.run import CheckInputError
from xinyong.records.checks.verdict import STATE_LABELS
from xinyong.site.admin.auth import current_operator
from xinyong.site.api.checks import _operator
from xinyong.site.errors import json_error
from xinyong.web.batch_flow import run_batch
from xinyong.web.batches import batch_secret, own_batch, owner_view, read_upload, xlsx_response
from xinyong.web.counter_auth import CounterRefused, authenticate, presented
from xinyong.web.database import db_session

blueprint = Blueprint("batch_checks", __name__)
MAX_BODY = MAX_FILE_BYTES + 64 * 1024  # the file and a few form fields


@blueprint.before_request
def _bounded_bodies() -> None:
    if (request.content_length or 0) > MAX_BODY:
        abort(413)  # refused unread (JSON 413 from the app's error handler)
    request.max_content_length = MAX_BODY


def _error(status: int, code: str, message: str) -> tuple[Response, int, dict[str, str]]:
    return json_error(status, code, message, {"Retry-After": "60"} if status == 429 else None)


def _request_fields() -> tuple[dict[str, Any], list]:
    """(fields, lines) from a JSON body or a multipart upload; BatchInputError/CheckInputError."""
    if request.mimetype == "multipart/form-data":
        file = request.files.get("file")
        if file is None or not file.filename:
            raise BatchInputError(
                "file_required", "请上传名单文件（CSV 或 XLSX，表头：名称、统一社会信用代码）"
            )
        data = read_upload(file)
        return request.form.to_dict(), lines_from_file(data, file.filename)
    try:
        body = json.loads(request.get_data(cache=True) or b"null")
    except (ValueError, RecursionError) as exc:
        raise CheckInputError("bad_request", "请求体应为 JSON 对象") from exc
    if not isinstance(body, dict):
        raise CheckInputError("bad_request", "请求体应为 JSON 对象")
    wrong = [
        k
        for k in ("approval_type", "operator", "title")
        if body.get(k) is not None and not isinstance(body[k], str)
    ]
    if wrong:
        raise CheckInputError("bad_field_type", f"字段应为字符串：{'、'.join(wrong)}")
    return body, lines_from_json(body.get("subjects"))


@blueprint.post("/api/v1/batches")
def create_batch():
    session = db_session()
    try:
        credential = authenticate(session, presented(), origin=request.headers.get("Origin"))
        fields, lines = _request_fields()
        operator = credential.operator if credential.kind == "session" else _operator(fields)
        title = (fields.get("title") or "").strip()[:200] or None
        source = "file" if request.mimetype == "multipart/form-data" else "api"
        status, answer = run_batch(
            session, credential.key, lines, fields.get("approval_type"), operator, source=source, title=title
        )
    except CounterRefused as refused:
        return _error(refused.status, refused.code, refused.message)
    except (CheckInputError, BatchInputError) as wrong:
        return _error(wrong.status, wrong.code, wrong.message)
    response = jsonify(answer)
    response.headers["Cache-Control"] = "no-store"
    return response, status


def reader_centre() -> int | None:
    """The centre whose batches the caller may read (None: a platform administrator, any)."""
    token = presented()
    operator = current_operator() if not token else None
    if operator is not None and operator.role in ("centre", "platform"):
        return operator.service_centre_id if operator.role == "centre" else None
    credential = authenticate(db_session(), token, origin=request.headers.get("Origin"), spend=False)
    return credential.key.centre_id


@blueprint.get("/api/v1/batches/<number>")
def read_batch(number: str):
    try:
        centre_id = reader_centre()
    except CounterRefused as refused:
        return _error(refused.status, refused.code, refused.message)
    xlsx = number.endswith(".xlsx")
    batch = own_batch(number.removesuffix(".xlsx"), centre_id)
    view = owner_view(batch)
    response = xlsx_response(view) if xlsx else jsonify(view)
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/receipts/batch/<number>")
def verify_page(number: str):
    code = request.args.get("code", "")
    batch = find_batch(db_session(), number, code, batch_secret())
    view = public_view(db_session(), batch) if batch else None
    return render_template(
        "checks/batch_verify.html", number=number, code=code, view=view, labels=STATE_LABELS
    ), 200 if batch else 404


@blueprint.get("/api/v1/batch-receipts/<number>")
def verify_api(number: str):
    batch = find_batch(db_session(), number, request.args.get("code", ""), batch_secret())
    if batch is None:
        return _error(404, "receipt_not_found", "未找到该批量核查回执，或校验码不符")
    return jsonify(public_view(db_session(), batch))
