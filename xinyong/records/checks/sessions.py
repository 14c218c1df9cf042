"""Counter sessions: short-lived tokens a host's back end mints with its secret key.

A token is stateless — the payload (key, secret version, operator, origin, expiry) signed with an
HMAC under a key derived from the portal's secret — so any web node can check it without a
table. It still dies with its key: revoking the key or rotating the secret (which bumps
`secret_version`) makes every token minted before fail, because each check reloads the key row.
A token minted by signing in inside the widget also names the operator account, which must still
be an active administrator of the same centre.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xinyong.records.checks.keys import KeyRefused
from xinyong.records.models import Operator, WidgetKey

PREFIX = "xt_"
MAX_SECONDS = 900  # a counter shift's quarter of an hour: a leaked token is soon useless
MAX_OPERATOR = 50
MAX_TOKEN = 1000  # far above any real token: longer input is refused unread


@dataclass(frozen=True)
class CounterSession:
    key: WidgetKey
    operator: str
    origin: str | None  # None: any of the key's origins (a session signed in inside the widget)
    account_id: int | None = None


def _mac_key(secret: bytes) -> bytes:
    # Domain separation: the portal secret also signs receipts and cookies.
    return hmac.new(secret, b"xinyong counter session v1", hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mint(
    key: WidgetKey,
    operator: str,
    origin: str | None,
    secret: bytes,
    *,
    seconds: int = MAX_SECONDS,
    account_id: int | None = None,
    now: float | None = None,
) -> str:
    seconds = max(1, min(seconds, MAX_SECONDS))
    payload = {
        "k": key.id,
        "v": key.secret_version,
        "o": operator,
        "r": origin,
        "a": account_id,
        "e": int((now or time.time()) + seconds),
    }
    body = _b64(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    mac = hmac.new(_mac_key(secret), body.encode("ascii"), hashlib.sha256).digest()
    return f"{PREFIX}{body}.{_b64(mac)}"


def verify(session: Session, token: str, secret: bytes, *, now: float | None = None) -> CounterSession:
    """The session a token stands for, or KeyRefused (forged, expired, key revoked or rotated)."""
    invalid = KeyRefused("session_invalid", "柜台会话无效，请重新打开核查页面")
    if not token.startswith(PREFIX) or len(token) > MAX_TOKEN or token.count(".") != 1:
        raise invalid
    body, mac = token[len(PREFIX) :].split(".")
    expected = hmac.new(_mac_key(secret), body.encode("ascii", "replace"), hashlib.sha256).digest()
    try:
        if not hmac.compare_digest(_b64(expected), mac):
            raise invalid
        payload = json.loads(_unb64(body))
    except (ValueError, UnicodeDecodeError, TypeError) as exc:
        raise invalid from exc
    if payload["e"] <= (now or time.time()):
        raise KeyRefused("session_expired", "柜台会话已过期，请刷新页面后重试")
    key = session.get(WidgetKey, payload["k"])
    if key is None or key.revoked_at is not None or key.secret_version != payload["v"]:
        raise KeyRefused("session_revoked", "柜台会话已失效（密钥已更换或停用）")
    account = payload.get("a")
    if account is not None:
        operator = session.get(Operator, account)
        if (
            operator is None
            or not operator.active
            or operator.role != "centre"
            or operator.service_centre_id != key.centre_id
        ):
            raise KeyRefused("session_revoked", "柜台会话已失效（账号已停用）")
    return CounterSession(key=key, operator=payload["o"], origin=payload["r"], account_id=account)
