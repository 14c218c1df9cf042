"""Signing in and out of administration, and who may see what.

Sessions are Flask's signed cookies: HttpOnly, SameSite=Lax, Secure (and the `__Host-`
prefix, which browsers only accept over HTTPS for the whole site) whenever secure cookies are
on, as they are in production; 8 hours at most. A cookie also carries the operator's session
version, checked against the database on every request: logout, a password change and
deactivation end every copy of a session (records/operators.py). Every administrative POST
carries a CSRF token (Flask-WTF). The public site sets no cookie: only the forms that need one
(repair, objection, administration) get a session, and every response that sets a cookie is
`Cache-Control: no-store` (the cookie is written after the after-request handlers run, so the
session interface itself marks the response).
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps
from urllib.parse import quote

from flask import Blueprint, Flask, abort, flash, g, redirect, render_template, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect

from xinyong.records.audit import log_action
from xinyong.records.db import utcnow
from xinyong.records.models import Operator
from xinyong.records.operators import WRONG, LoginRefused, authenticate, change_password, end_sessions
from xinyong.web.database import db_session
from xinyong.web.extensions import limiter

blueprint = Blueprint("auth", __name__)
csrf = CSRFProtect()
LOGIN_LIMIT = "10 per minute"


def init_auth(app: Flask) -> None:
    secure = app.config["XINYONG"].secure_cookies
    app.config.update(
        SESSION_COOKIE_NAME="__Host-xinyong" if secure else "xinyong_session",
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        WTF_CSRF_CHECK_DEFAULT=False,  # checked where sessions are used: see protect_forms
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        WTF_CSRF_SSL_STRICT=secure,
    )
    csrf.init_app(app)
    app.session_interface = _NoStoreSessions()

    @app.errorhandler(CSRFError)
    def csrf_failed(_exc: CSRFError):
        return render_template(
            "error.html", status=400, title="页面已过期或来源不明，请返回上一页刷新后重新提交"
        ), 400


class _NoStoreSessions(SecureCookieSessionInterface):
    """A response that sets (or refreshes, or clears) the session cookie is never stored by a
    browser or proxy: a shared cache would hand the cookie to the next visitor."""

    def save_session(self, app, session, response) -> None:
        super().save_session(app, session, response)
        if "Set-Cookie" in response.headers:
            response.headers["Cache-Control"] = "no-store"


def protect_forms(bp: Blueprint) -> None:
    """CSRF checks on every state-changing request of a blueprint whose forms use sessions."""

    @bp.before_request
    def _check() -> None:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()


def admin_blueprint(name: str, url_prefix: str) -> Blueprint:
    """A blueprint of administration pages: CSRF-checked forms, responses never cached."""
    bp = Blueprint(name, __name__, url_prefix=url_prefix)
    protect_forms(bp)
    never_cached(bp)
    return bp


def never_cached(bp: Blueprint) -> None:
    """Pages with forms, tokens or personal details: never kept by a browser or a proxy."""

    @bp.after_request
    def _no_store(response):
        response.headers["Cache-Control"] = "no-store"
        return response


def department_scope(model, query):
    """Limit a query to the signed-in department operator's own records (others see all)."""
    operator = current_operator()
    if operator is not None and operator.role == "department":
        return query.where(model.department_id == operator.department_id)
    return query


def current_operator() -> Operator | None:
    if "operator" not in g:
        operator_id = session.get("operator_id")
        operator = db_session().get(Operator, operator_id) if operator_id else None
        current = (
            operator is not None
            and operator.active
            and session.get("operator_version") == operator.session_version
        )
        g.operator = operator if current else None
    return g.operator


def require_roles(*roles: str):
    """Sign-in required; with roles, only those roles (others get a Chinese 403 page)."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            operator = current_operator()
            if operator is None:
                return redirect(url_for("auth.login", next=request.full_path))
            if roles and operator.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def client_ip() -> str | None:
    return request.remote_addr  # behind the city's proxy, ProxyFix sets it (docs/operations.md)


def sign_in_session(operator: Operator) -> None:
    """Bind this browser's session to the operator's current session version."""
    session["operator_id"] = operator.id
    session["operator_version"] = operator.session_version


protect_forms(blueprint)
never_cached(blueprint)  # the sign-in form carries a CSRF token and sets the session cookie


@blueprint.route("/admin/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():
    error = None
    if request.method == "POST":
        username = request.form.get("username", "")[:50]
        s = db_session()
        try:
            operator = authenticate(s, username, request.form.get("password", ""), utcnow(), client_ip())
        except LoginRefused as refused:
            log_action(s, username or "?", "login_failed", ip=client_ip())
            s.commit()
            error = str(refused)
        else:
            log_action(s, operator.username, "login", ip=client_ip())
            s.commit()
            session.clear()  # a new session on sign-in: no fixation of an earlier one
            session.permanent = True
            sign_in_session(operator)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("admin/login.html", error=error), 401 if error else 200


@blueprint.post("/admin/logout")
def logout():
    operator = current_operator()
    if operator is not None:
        end_sessions(operator)  # this cookie and every copy of it (another browser too)
        log_action(db_session(), operator.username, "logout", ip=client_ip())
        db_session().commit()
    session.clear()
    return redirect(url_for("auth.login"))


@blueprint.route("/admin/password", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@require_roles()
def password():
    """An operator changes their own password: every other copy of the session ends, this
    browser stays signed in."""
    operator, error = current_operator(), None
    if request.method == "POST":
        new = request.form.get("new_password", "")
        try:  # the current password, throttled like a sign-in (a session left open is no key)
            authenticate(
                db_session(), operator.username, request.form.get("password", ""), utcnow(), client_ip()
            )
        except LoginRefused as refused:
            log_action(db_session(), operator.username, "password_change_failed", ip=client_ip())
            db_session().commit()  # the failure counts
            error = "当前密码不正确" if str(refused) == WRONG else str(refused)
        else:
            try:
                if new != request.form.get("confirm", ""):
                    raise ValueError("两次输入的新密码不一致")
                change_password(operator, new)
            except ValueError as exc:
                error = str(exc)
        if error is None:
            log_action(db_session(), operator.username, "password_change", ip=client_ip())
            db_session().commit()
            sign_in_session(operator)
            flash("密码已修改，其他设备上的登录已退出", "success")
            return redirect(url_for("admin.home"))
    return render_template("admin/password.html", error=error), 400 if error else 200


def _safe_next(target: str | None) -> str:
    # Only a path within administration on this site: never an open redirect to another host,
    # and nothing a header cannot carry (a newline would make the redirect itself fail).
    if target and target.startswith("/admin") and "\\" not in target and not target.startswith("//"):
        # Control characters and non-ASCII percent-encoded: a header carries neither.
        return quote(target, safe="/?&=%:+,;@-._~!$'()*#")
    return url_for("admin.home")
