"""Operator accounts: creation, password checks with a modern KDF, sign-in throttling, and the
session version that ends every copy of a session.

Passwords are hashed with scrypt (werkzeug.security's default, salted per password).

Throttling is per username *and* client address (`LoginThrottle`): after FREE_FAILURES wrong
passwords from one address, that address waits before trying that username again, and the wait
doubles with every further failure (1, 2, 4 … minutes, at most MAX_LOCK). Wrong passwords typed
from one address never keep the account's owner out at another, so nobody can lock an account
for everyone; guessing across addresses is held back by the login page's rate limit.

Unknown usernames are indistinguishable: they are throttled the same way, get the same
messages, and cost the same scrypt check (against a dummy hash made with the same
parameters as real ones), so neither the answer nor its timing tells which accounts exist.

Each operator has a `session_version`, copied into the session cookie at sign-in; logout, a
password change and deactivation increase it, so every earlier cookie (another browser, a
copied one) stops working.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from xinyong.records.models import LoginThrottle, Operator
from xinyong.records.models.admin import ROLES

FREE_FAILURES = 4  # wrong passwords from one address before the first wait
BASE_LOCK = timedelta(minutes=1)
MAX_LOCK = timedelta(hours=1)
FORGET_AFTER = timedelta(days=1)  # failures older than this no longer count
MIN_PASSWORD = 12
_DUMMY_HASH = generate_password_hash("not-a-real-password-just-for-timing")
WRONG = "用户名或密码不正确"


class LoginRefused(Exception):
    """The message is shown on the login page as is."""


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"密码至少 {MIN_PASSWORD} 位")
    if password.isdigit() or password.isalpha():
        raise ValueError("密码须同时包含字母和数字或符号")


def create_operator(
    session: Session,
    username: str,
    display_name: str,
    role: str,
    password: str,
    department_id: int | None = None,
    service_centre_id: int | None = None,
) -> Operator:
    if role not in ROLES:
        raise ValueError(f"角色只能是 {', '.join(ROLES)}")
    if role == "department" and department_id is None:
        raise ValueError("部门操作员须指定所属部门")
    if role == "centre" and service_centre_id is None:
        raise ValueError("政务服务中心管理员须指定所属中心")
    if session.scalar(select(Operator.id).where(Operator.username == username)):
        raise ValueError(f"用户名 {username} 已存在")
    check_new_password(password)
    operator = Operator(
        username=username,
        display_name=display_name,
        role=role,
        department_id=department_id,
        service_centre_id=service_centre_id,
        password_hash=generate_password_hash(password),
        active=True,
        failed_logins=0,
        session_version=1,
    )
    session.add(operator)
    session.flush()
    return operator


def end_sessions(operator: Operator) -> None:
    """Every session cookie issued so far stops working."""
    operator.session_version = (operator.session_version or 1) + 1


def change_password(operator: Operator, password: str) -> None:
    check_new_password(password)
    operator.password_hash = generate_password_hash(password)
    end_sessions(operator)


def deactivate(operator: Operator) -> None:
    operator.active = False
    end_sessions(operator)


def unlock(session: Session, username: str) -> None:
    """Lift the waits of a username at every address."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.username == username))


def lock_for(failures: int) -> timedelta | None:
    """How long an address waits after this many failures in a row on one username."""
    if failures <= FREE_FAILURES:
        return None
    return min(BASE_LOCK * 2 ** (failures - FREE_FAILURES - 1), MAX_LOCK)


def _locked(wait: timedelta) -> LoginRefused:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return LoginRefused(f"连续登录失败次数过多，请 {minutes} 分钟后再试或联系平台管理员")


def authenticate(
    session: Session, username: str, password: str, now: datetime, address: str | None = None
) -> Operator:
    """The operator; raises LoginRefused. The caller commits either way (a failure is counted
    even though the sign-in is refused)."""
    name, address = username.strip()[:50], (address or "")[:45]
    throttle = session.scalar(
        select(LoginThrottle).where(LoginThrottle.username == name, LoginThrottle.address == address)
    )
    if throttle is not None and throttle.last_failure_at < now - FORGET_AFTER:
        throttle.failures, throttle.locked_until = 0, None
    if throttle is not None and throttle.locked_until and throttle.locked_until > now:
        raise _locked(throttle.locked_until - now)
    operator = session.scalar(select(Operator).where(Operator.username == name))
    usable = operator is not None and operator.active
    # The same scrypt work whether or not the account exists (or may sign in).
    matches = check_password_hash(
        operator.password_hash if operator is not None and usable else _DUMMY_HASH, password
    )
    if operator is None or not (usable and matches):
        wait = lock_for(_count_failure(session, throttle, name, address, now))
        raise _locked(wait) if wait else LoginRefused(WRONG)
    if throttle is not None:
        session.delete(throttle)
    operator.failed_logins, operator.locked_until, operator.last_login_at = 0, None, now
    return operator


def _count_failure(
    session: Session, throttle: LoginThrottle | None, name: str, address: str, now: datetime
) -> int:
    if throttle is None:
        try:
            with session.begin_nested():  # two failures at once from one address: count both
                throttle = LoginThrottle(username=name, address=address, failures=0, last_failure_at=now)
                session.add(throttle)
                session.flush()
        except IntegrityError:
            throttle = session.scalar(
                select(LoginThrottle).where(LoginThrottle.username == name, LoginThrottle.address == address)
            )
    if throttle is None:  # the row that clashed is gone again: fails as it always did
        raise AttributeError("the login throttle row vanished while counting a failure")
    throttle.failures = (throttle.failures or 0) + 1
    throttle.last_failure_at = now
    wait = lock_for(throttle.failures)
    throttle.locked_until = now + wait if wait else None
    session.flush()
    # Forget old failures (of any name: guessed names must not pile up for ever).
    session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.last_failure_at < now - FORGET_AFTER,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
        )
    )
    return throttle.failures
