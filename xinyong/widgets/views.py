"""Widget routes: /widget/v1/embed.js, the iframe (/widget/v1/frame) and its check form.

The iframe may be framed only by the origins bound to the key (`frame-ancestors`), sets no
cookies, and works without JavaScript inside (a plain form post); its script only sizes the
frame and prints.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, render_template, request, send_file
from sqlalchemy.exc import InterfaceError, OperationalError

from xinyong.records.checks import EXPLANATIONS
from xinyong.records.counter import KeyRefused, check_key
from xinyong.site.check_flow import CheckInputError, approval_types, run_check
from xinyong.site.database import db_session
from xinyong.site.extensions import limiter

blueprint = Blueprint("widget", __name__, template_folder="templates")
STATIC = Path(__file__).parent / "static"
WIDGET_CHECK_LIMIT = "30 per minute"


def _key_limit() -> str:
    return (request.values.get("key") or request.remote_addr or "")[:11]


@blueprint.get("/widget/v1/embed.js")
def embed() -> Response:
    response = send_file(STATIC / "embed.js", mimetype="text/javascript", max_age=3600)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blueprint.get("/widget/v1/frame.js")
def frame_script() -> Response:
    return send_file(STATIC / "frame.js", mimetype="text/javascript", max_age=3600)


def _frame_context():  # noqa: ANN202
    """The key and the host page's origin, or a refusal page (never framed by strangers)."""
    session = db_session()
    host = (request.values.get("host") or "").rstrip("/")
    try:
        key = check_key(session, request.values.get("key"), host or None, "")
    except KeyRefused as refused:
        return None, host, _refusal(refused.message)
    if host not in key.origins:
        return None, host, _refusal("该 API Key 不允许从此网站调用")
    return key, host, None


@blueprint.errorhandler(OperationalError)
@blueprint.errorhandler(InterfaceError)
def _unavailable(_exc: Exception) -> Response:
    """The database cannot be reached: the counter sees ERROR, never a blank or a clean frame.
    Without the database the key's origins are unknown, so this page (which holds no data) may
    be framed by anyone."""
    html = render_template("widget/unavailable.html", explanation=EXPLANATIONS["ERROR"])
    return _framable_by_anyone(Response(html, status=503, headers={"Retry-After": "30"}))


def _refusal(message: str) -> Response:
    # Framable by anyone: a refused host must see why, not a blank frame.
    return _framable_by_anyone(Response(render_template("widget/refused.html", message=message),
                                        status=403))


def _framable_by_anyone(response: Response) -> Response:
    """For pages that show no data (refusals, outages) and must appear in any host's frame."""
    response.headers["Content-Security-Policy"] = ("default-src 'none'; style-src 'self'; "
                                                   "img-src 'self'; frame-ancestors *")
    return response


def _framed(html: str, key, host: str, status: int = 200) -> Response:  # noqa: ANN001
    response = Response(html, status=status)
    origins = " ".join(key.origins)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"form-action 'self'; base-uri 'none'; frame-ancestors {origins}")
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/widget/v1/frame")
def frame() -> Response:
    key, host, refusal = _frame_context()
    if refusal is not None:
        return refusal
    types = approval_types(db_session())
    approval = request.args.get("approval") if request.args.get("approval") in types else None
    return _framed(render_template("widget/form.html", types=types, approval=approval, host=host,
                                   key=request.values.get("key"), values={}), key, host)


@blueprint.post("/widget/v1/check")
@limiter.limit(WIDGET_CHECK_LIMIT, key_func=_key_limit)
def check() -> Response:
    key, host, refusal = _frame_context()
    if refusal is not None:
        return refusal
    session = db_session()
    types = approval_types(session)
    form = request.form
    values = {"query": form.get("query", ""), "approval": form.get("approval_type", ""),
              "operator_ref": form.get("operator_ref", "")}
    try:
        status, result = run_check(session, key, values["query"], form.get("id_number") or None,
                                   values["approval"], values["operator_ref"] or None)
    except CheckInputError as wrong:
        html = render_template("widget/form.html", types=types, approval=values["approval"],
                               host=host, key=form.get("key"), values=values, error=wrong.message)
        return _framed(html, key, host, 400)
    html = render_template("widget/result.html", r=result, host=host, key=form.get("key"),
                           approval=values["approval"], portal=request.host_url.rstrip("/"))
    return _framed(html, key, host, 200 if status < 500 else 503)


@blueprint.get("/widget/v1/log")
def log() -> Response:
    """The centre's own recent checks (查询留痕) inside the widget, with the CSV export."""
    from xinyong.site.checks_log import as_json, log_rows

    key, host, refusal = _frame_context()
    if refusal is not None:
        return refusal
    session = db_session()
    names = approval_types(session)
    rows = [as_json(r, names) for r in log_rows(session, key.centre_id, {})[:100]]
    html = render_template("widget/log.html", rows=rows, host=host, key=request.args.get("key"))
    return _framed(html, key, host)
