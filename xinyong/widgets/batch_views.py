"""The widget's 批量核查 tab: a list pasted or uploaded (CSV/XLSX) at the counter, one verdict per
line, the batch receipt, and its printable table and XLSX — all with the counter session in
the form body, exactly as the single check (views.py): no key or token in a URL, no cookies,
each page framable only by the session's origin.

The print page and the XLSX are posted to (target _blank) with the session: only the centre
that ran the batch gets them; another centre's session gets 404, as for an unknown number.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from xinyong.records.checks.batch_input import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    BatchInputError,
    lines_from_file,
    lines_from_text,
)
from xinyong.records.checks.run import CheckInputError, approval_types
from xinyong.records.checks.verdict import STATE_LABELS
from xinyong.web.batch_flow import run_batch
from xinyong.web.batches import own_batch, owner_view, print_page, read_upload, xlsx_response
from xinyong.web.counter_auth import Credential
from xinyong.web.database import db_session
from xinyong.widgets.views import _framed, _hosts, _session

blueprint = Blueprint("widget_batch", __name__, template_folder="templates")
MAX_BODY = MAX_FILE_BYTES + 128 * 1024  # the file, up to 1,000 pasted lines and the form fields


@blueprint.before_request
def _bounded_bodies() -> None:
    if (request.content_length or 0) > MAX_BODY:
        abort(413)
    request.max_content_length = MAX_BODY


def _form(
    credential: Credential,
    token: str,
    approval: str | None,
    text: str = "",
    error: str | None = None,
    status: int = 200,
) -> Response:
    types = approval_types(db_session())
    html = render_template(
        "widget/batch_form.html",
        types=types,
        token=token,
        text=text,
        error=error,
        approval=approval if approval in types else None,
        operator=credential.operator,
        max_rows=MAX_ROWS,
        hosts=_hosts(credential),
    )
    return _framed(html, _hosts(credential), status)


@blueprint.post("/widget/v1/batch")
def form() -> Response:
    credential, refusal = _session(spend=False)
    if refusal is not None:
        return refusal
    return _form(credential, request.form["token"], request.form.get("approval"))


@blueprint.post("/widget/v1/batch/check")
def check() -> Response:
    credential, refusal = _session()
    if refusal is not None:
        return refusal
    form, token = request.form, request.form["token"]
    approval, text = form.get("approval_type", ""), form.get("lines", "")[:200_000]
    upload = request.files.get("file")
    try:
        if upload is not None and upload.filename:
            lines = lines_from_file(read_upload(upload), upload.filename)
        else:
            lines = lines_from_text(text)
        status, answer = run_batch(
            db_session(),
            credential.key,
            lines,
            approval,
            credential.operator,
            source="widget",
            title=form.get("title", "").strip()[:200] or None,
        )
    except (CheckInputError, BatchInputError) as wrong:
        return _form(credential, token, approval, text, wrong.message, 429 if wrong.status == 429 else 400)
    html = render_template(
        "widget/batch_result.html",
        a=answer,
        token=token,
        approval=approval,
        labels=STATE_LABELS,
        operator=credential.operator,
        hosts=_hosts(credential),
    )
    return _framed(html, _hosts(credential), 200 if status < 500 else 503)


def _own(credential: Credential) -> dict:
    return owner_view(own_batch(request.form.get("number", ""), credential.key.centre_id))


@blueprint.post("/widget/v1/batch/print")
def printable() -> Response:
    credential, refusal = _session(spend=False)
    if refusal is not None:
        return refusal
    return print_page(_own(credential))


@blueprint.post("/widget/v1/batch/xlsx")
def xlsx() -> Response:
    credential, refusal = _session(spend=False)
    if refusal is not None:
        return refusal
    response = xlsx_response(_own(credential))
    response.headers["Cache-Control"] = "no-store"
    return response
