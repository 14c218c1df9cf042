"""Who may run a counter check or read a centre's check log, and how often.

Credentials come from headers only (`Authorization: Bearer …`, or `X-API-Key: …` for older
integrations) — never from a URL, so never from an access log:
- a counter session token (`xt_…`): checks, for its centre, key, origin and operator;
- the secret key (`xs_…`): checks (server to server, `operator` in the body), minting sessions,
  and the check log;
- the publishable key (`xk_…`) alone: nothing — 401 `counter_session_required`.

Rate limits use flask-limiter's storage: a refused credential costs the client address, and a
key's own budget is spent only once the credential validated, so guessed keys that share a real
key's first characters cannot use that key's budget up.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request
from limits import parse
from sqlalchemy.orm import Session

from xinyong.records.checks.keys import KeyRefused, check_secret
from xinyong.records.checks.sessions import PREFIX as SESSION_PREFIX
from xinyong.records.checks.sessions import verify
from xinyong.records.errors import DomainError
from xinyong.records.models import WidgetKey
from xinyong.web.extensions import limiter

CHECK_LIMIT = "30 per minute"  # per key: a counter checks one applicant at a time
REFUSED_LIMIT = "20 per minute"  # refused credentials per client address


class CounterRefused(DomainError):
    """Refused with an HTTP status and a stable code; the message is Chinese."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(code, message, status)


@dataclass(frozen=True)
class Credential:
    key: WidgetKey
    kind: str  # "session" | "secret"
    operator: str | None  # bound by the session; for the secret key, taken from the body
    origin: str | None


def presented() -> str:
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return request.headers.get("X-API-Key", "").strip()


def own_origin() -> str:
    return request.host_url.rstrip("/")


def _spend(limit: str, *identifiers: str) -> bool:
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    try:
        return limiter.limiter.hit(parse(limit), "counter", *identifiers)
    except Exception:  # noqa: BLE001 - storage down: the app-wide setting swallows errors too
        current_app.logger.warning("rate limit storage unavailable")
        return True


def _address_spent() -> bool:
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return False
    try:
        return not limiter.limiter.test(parse(REFUSED_LIMIT), "counter", "counter-refused", _address())
    except Exception:  # noqa: BLE001
        return False


def _address() -> str:
    return request.remote_addr or "127.0.0.1"


def too_many() -> CounterRefused:
    return CounterRefused(429, "too_many_requests", "访问过于频繁，请稍后再试")


def authenticate(
    session: Session, token: str, *, sessions: bool = True, origin: str | None = None, spend: bool = True
) -> Credential:
    """The credential behind `token` (rate-limited as described above), or CounterRefused.
    `spend=False` for the widget's form page, which runs no check."""
    if _address_spent():
        raise too_many()
    try:
        credential = _validate(session, token, sessions, origin)
    except CounterRefused:
        _spend(REFUSED_LIMIT, "counter-refused", _address())
        raise
    except KeyRefused as refused:
        _spend(REFUSED_LIMIT, "counter-refused", _address())
        raise CounterRefused(401, refused.code, refused.message) from refused
    if spend and not _spend(CHECK_LIMIT, "counter-key", str(credential.key.id)):
        raise too_many()
    return credential


def _validate(session: Session, token: str, sessions: bool, origin: str | None) -> Credential:
    if not token or token.startswith("xk_"):
        what = "柜台会话令牌或私密密钥" if sessions else "私密密钥（或以政务服务中心管理员身份登录）"
        code = "counter_session_required" if sessions else "secret_key_required"
        raise CounterRefused(401, code, f"可公开密钥不能单独使用：需要{what}")
    if token.startswith("xs_"):
        key = check_secret(session, token)
        if origin and origin.rstrip("/") != own_origin():
            # A secret key sent by a browser has leaked into a page: refuse loudly.
            raise CounterRefused(403, "secret_key_in_browser", "私密密钥只能在服务端使用，不能放在网页中")
        return Credential(key=key, kind="secret", operator=None, origin=None)
    if not sessions and token.startswith(SESSION_PREFIX):
        raise CounterRefused(
            401, "secret_key_required", "柜台会话只能核查：需要私密密钥（或以管理员身份登录）"
        )
    if not token.startswith(SESSION_PREFIX):
        raise CounterRefused(401, "api_key_invalid", "密钥无效")
    found = verify(session, token, current_app.config["XINYONG"].secret_key.encode("utf-8"))
    allowed = [found.origin] if found.origin else list(found.key.origins)
    if origin and origin.rstrip("/") not in (*allowed, own_origin()):
        raise CounterRefused(403, "origin_refused", "该柜台会话不允许从此网站调用")
    return Credential(key=found.key, kind="session", operator=found.operator, origin=found.origin)


def check_services() -> dict:
    """What `records.checks.run.run_check` needs from the app: its settings and search service."""
    return {"settings": current_app.config["XINYONG"], "search": current_app.extensions.get("xinyong.search")}
