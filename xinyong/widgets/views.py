"""Widget routes: /widget/v1/embed.js, the iframe (/widget/v1/frame), its check form and the
counter staff's sign-in inside it.

No key or token ever travels in a URL (so never into an access log or a Referer):
1. the host page embeds `embed.js` with `data-key` (publishable) and `data-session` (a counter
   session its back end minted with the secret key);
2. the iframe first loads a shell (GET, no data, no parameters) that says "ready" to its parent;
3. embed.js answers with the key and session by `postMessage`, addressed to the portal's origin
   only; the shell posts them to POST /widget/v1/frame;
4. from then on every page is a plain form post carrying the session in the body, and each
   answer may be framed only by the session's origin (`frame-ancestors`) — the host's origin is
   never read from a posted field or a Referer.
Without a session (no host back end), the frame offers the sign-in of the centre's operator
accounts instead. The frame sets no cookies; the check log is not in the widget (it needs the
secret key or a signed-in administrator: /admin/centre).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, send_file
from sqlalchemy.exc import InterfaceError, OperationalError

from xinyong.records.audit import log_action
from xinyong.records.checks.keys import KeyRefused, check_publishable
from xinyong.records.checks.run import CheckInputError, approval_types, run_check
from xinyong.records.checks.sessions import mint
from xinyong.records.checks.verdict import EXPLANATIONS, STATE_LABELS
from xinyong.records.db import utcnow
from xinyong.records.operators import LoginRefused, authenticate
from xinyong.web.counter_auth import CounterRefused, Credential, check_services, own_origin
from xinyong.web.counter_auth import authenticate as counter_authenticate
from xinyong.web.database import db_session
from xinyong.web.extensions import limiter

blueprint = Blueprint("widget", __name__, template_folder="templates")
STATIC = Path(__file__).parent / "static"
SIGNIN_LIMIT = "10 per minute"  # per client address, like the administration's sign-in


@blueprint.get("/widget/v1/embed.js")
def embed() -> Response:
    response = send_file(STATIC / "embed.js", mimetype="text/javascript", max_age=3600)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blueprint.get("/widget/v1/frame.js")
def frame_script() -> Response:
    return send_file(STATIC / "frame.js", mimetype="text/javascript", max_age=3600)


@blueprint.errorhandler(OperationalError)
@blueprint.errorhandler(InterfaceError)
def _unavailable(_exc: Exception) -> Response:
    """The database cannot be reached: the counter sees ERROR, never a blank or a clean frame.
    Without the database the session's origin is unknown, so this page (which holds no data)
    may be framed by anyone."""
    html = render_template("widget/unavailable.html", explanation=EXPLANATIONS["ERROR"])
    return _framable_by_anyone(Response(html, status=503, headers={"Retry-After": "30"}))


def _refusal(message: str, status: int = 403) -> Response:
    # Framable by anyone: a refused host must see why, not a blank frame.
    return _framable_by_anyone(
        Response(render_template("widget/refused.html", message=message), status=status)
    )


def _framable_by_anyone(response: Response) -> Response:
    """For pages that show no data (the shell, refusals, outages) and must appear in any frame."""
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors *"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _framed(html: str, origins: list[str], status: int = 200) -> Response:
    response = Response(html, status=status)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"form-action 'self'; base-uri 'none'; frame-ancestors {' '.join(origins)}"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _hosts(credential: Credential) -> list[str]:
    return [credential.origin] if credential.origin else list(credential.key.origins)


def _session(spend: bool = True) -> tuple[Credential | None, Response | None]:
    try:
        return counter_authenticate(
            db_session(), request.form.get("token", ""), origin=request.headers.get("Origin"), spend=spend
        ), None
    except CounterRefused as refused:
        return None, _refusal(refused.message, 429 if refused.status == 429 else 403)


def _form_page(
    credential: Credential,
    token: str,
    approval: str | None,
    values: dict[str, str],
    error: str | None = None,
    status: int = 200,
) -> Response:
    types = approval_types(db_session())
    html = render_template(
        "widget/form.html",
        types=types,
        approval=approval if approval in types else None,
        token=token,
        operator=credential.operator,
        values=values,
        error=error,
        hosts=_hosts(credential),
    )
    return _framed(html, _hosts(credential), status)


@blueprint.get("/widget/v1/frame")
def shell() -> Response:
    """Asks the host page for the key and session (postMessage); holds no data."""
    return _framable_by_anyone(Response(render_template("widget/shell.html", hosts=[])))


@blueprint.post("/widget/v1/frame")
def frame() -> Response:
    """The check form for a counter session; without one, the centre operators' sign-in."""
    if not request.form.get("token"):
        return _signin_page(request.form.get("key", ""), request.form.get("approval"))
    credential, refusal = _session(spend=False)
    if refusal is not None:
        return refusal
    return _form_page(credential, request.form["token"], request.form.get("approval"), {})


def _signin_page(
    publishable: str, approval: str | None, error: str | None = None, username: str = ""
) -> Response:
    try:
        key = check_publishable(db_session(), publishable)
    except KeyRefused as refused:
        return _refusal(refused.message)
    html = render_template(
        "widget/signin.html",
        key=publishable,
        approval=approval,
        error=error,
        username=username,
        hosts=key.origins,
    )
    return _framed(html, list(key.origins))


@blueprint.post("/widget/v1/signin")
@limiter.limit(SIGNIN_LIMIT)
def signin() -> Response:
    """Counter staff without a host back end: a centre operator account of this key's centre."""
    if request.headers.get("Origin", own_origin()).rstrip("/") != own_origin():
        return _refusal("请在核查窗口内登录")
    session, form = db_session(), request.form
    publishable, approval = form.get("key", ""), form.get("approval")
    try:
        key = check_publishable(session, publishable)
    except KeyRefused as refused:
        return _refusal(refused.message)
    username = form.get("username", "")[:50]
    try:
        operator = authenticate(session, username, form.get("password", ""), utcnow())
        if operator.role != "centre" or operator.service_centre_id != key.centre_id:
            raise LoginRefused("该账号不是本政务服务中心的操作员")
    except LoginRefused as refused:
        log_action(
            session,
            username or "?",
            "widget_login_failed",
            f"widget_key:{key.key_prefix}",
            ip=request.remote_addr,
        )
        session.commit()
        return _signin_page(publishable, approval, str(refused), username)
    log_action(
        session, operator.username, "widget_login", f"widget_key:{key.key_prefix}", ip=request.remote_addr
    )
    session.commit()
    token = mint(
        key,
        operator.display_name or operator.username,
        None,
        current_app.config["XINYONG"].secret_key.encode("utf-8"),
        account_id=operator.id,
    )
    credential = Credential(
        key=key, kind="session", operator=operator.display_name or operator.username, origin=None
    )
    return _form_page(credential, token, approval, {})


@blueprint.post("/widget/v1/check")
def check() -> Response:
    credential, refusal = _session()
    if refusal is not None:
        return refusal
    session, form = db_session(), request.form
    token = form["token"]
    values = {"query": form.get("query", "")[:100], "approval": form.get("approval_type", "")}
    try:
        status, result = run_check(
            session,
            credential.key,
            form.get("query", ""),
            form.get("id_number") or None,
            values["approval"],
            credential.operator,
            **check_services(),
        )
    except CheckInputError as wrong:
        return _form_page(
            credential, token, values["approval"], values, wrong.message, 429 if wrong.status == 429 else 400
        )
    html = render_template(
        "widget/result.html",
        r=result,
        token=token,
        approval=values["approval"],
        state_labels=STATE_LABELS,
        operator=credential.operator,
        portal=request.host_url.rstrip("/"),
        hosts=_hosts(credential),
    )
    return _framed(html, _hosts(credential), 200 if status < 500 else 503)
