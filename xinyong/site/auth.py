"""Signing in and out of administration, and who may see what.

Sessions are Flask's signed cookies: HttpOnly, SameSite=Lax, Secure (and the `__Host-`
prefix, which browsers only accept over HTTPS for the whole site) whenever secure cookies are
on, as they are in production; 8 hours at most. Every administrative POST carries a CSRF token
(Flask-WTF). The public site sets no cookie: only the forms that need one (repair, objection,
administration) get a session.
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from flask import Blueprint, Flask, abort, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect

from xinyong.records.audit import log_action
from xinyong.records.db import utcnow
from xinyong.records.models import Operator
from xinyong.records.operators import LoginRefused, authenticate
from xinyong.site.database import db_session
from xinyong.site.extensions import limiter

blueprint = Blueprint("auth", __name__)
csrf = CSRFProtect()
LOGIN_LIMIT = "10 per minute"


def init_auth(app: Flask) -> None:
    secure = app.config["XINYONG"].secure_cookies
    app.config.update(
        SESSION_COOKIE_NAME="__Host-xinyong" if secure else "xinyong_session",
        SESSION_COOKIE_SECURE=secure, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        WTF_CSRF_CHECK_DEFAULT=False,  # checked where sessions are used: see protect_forms
        WTF_CSRF_TIME_LIMIT=8 * 3600, WTF_CSRF_SSL_STRICT=secure,
    )
    csrf.init_app(app)

    @app.errorhandler(CSRFError)
    def csrf_failed(_exc: CSRFError):
        return render_template("error.html", status=400,
                               title="页面已过期或来源不明，请返回上一页刷新后重新提交"), 400


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
    def _no_store(response):  # noqa: ANN001, ANN202
        response.headers["Cache-Control"] = "no-store"
        return response


def department_scope(model, query):  # noqa: ANN001, ANN201
    """Limit a query to the signed-in department operator's own records (others see all)."""
    operator = current_operator()
    if operator is not None and operator.role == "department":
        return query.where(model.department_id == operator.department_id)
    return query


def current_operator() -> Operator | None:
    if "operator" not in g:
        operator_id = session.get("operator_id")
        operator = db_session().get(Operator, operator_id) if operator_id else None
        g.operator = operator if operator is not None and operator.active else None
    return g.operator


def require_roles(*roles: str):  # noqa: ANN201
    """Sign-in required; with roles, only those roles (others get a Chinese 403 page)."""
    def decorate(view):  # noqa: ANN001, ANN202
        @wraps(view)
        def wrapped(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
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


protect_forms(blueprint)


@blueprint.route("/admin/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():
    error = None
    if request.method == "POST":
        username = request.form.get("username", "")[:50]
        s = db_session()
        try:
            operator = authenticate(s, username, request.form.get("password", ""), utcnow())
        except LoginRefused as refused:
            log_action(s, username or "?", "login_failed", ip=client_ip())
            s.commit()
            error = str(refused)
        else:
            log_action(s, operator.username, "login", ip=client_ip())
            s.commit()
            session.clear()  # a new session on sign-in: no fixation of an earlier one
            session.permanent = True
            session["operator_id"] = operator.id
            return redirect(_safe_next(request.args.get("next")))
    return render_template("admin/login.html", error=error), 401 if error else 200


@blueprint.post("/admin/logout")
def logout():
    operator = current_operator()
    if operator is not None:
        log_action(db_session(), operator.username, "logout", ip=client_ip())
        db_session().commit()
    session.clear()
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    # Only a path on this site: never an open redirect to another host.
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("admin.home")
