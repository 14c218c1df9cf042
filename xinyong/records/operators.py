"""Operator accounts: creation, password checks with a modern KDF, lockout after failures.

Passwords are hashed with scrypt (werkzeug.security's default, salted per password). After
MAX_FAILURES wrong passwords in a row an account is locked for LOCK_MINUTES; the lock is
per account, so guessing across many accounts is held back by the rate limit on the login
page instead. An unknown username costs the same hash check as a known one, so response time
does not tell which usernames exist.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from xinyong.records.models import Operator
from xinyong.records.models.admin import ROLES

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 12
_DUMMY_HASH = generate_password_hash("not-a-real-password-just-for-timing")


class LoginRefused(Exception):
    """The message is shown on the login page as is."""


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"密码至少 {MIN_PASSWORD} 位")
    if password.isdigit() or password.isalpha():
        raise ValueError("密码须同时包含字母和数字或符号")


def create_operator(session: Session, username: str, display_name: str, role: str, password: str,
                    department_id: int | None = None, service_centre_id: int | None = None) -> Operator:
    if role not in ROLES:
        raise ValueError(f"角色只能是 {', '.join(ROLES)}")
    if role == "department" and department_id is None:
        raise ValueError("部门操作员须指定所属部门")
    if role == "centre" and service_centre_id is None:
        raise ValueError("政务服务中心管理员须指定所属中心")
    if session.scalar(select(Operator.id).where(Operator.username == username)):
        raise ValueError(f"用户名 {username} 已存在")
    check_new_password(password)
    operator = Operator(username=username, display_name=display_name, role=role,
                        department_id=department_id, service_centre_id=service_centre_id,
                        password_hash=generate_password_hash(password), active=True,
                        failed_logins=0)
    session.add(operator)
    session.flush()
    return operator


def authenticate(session: Session, username: str, password: str, now: datetime) -> Operator:
    """The operator, with failures reset; raises LoginRefused. The caller commits either way
    (a failure is counted even though the login is refused)."""
    operator = session.scalar(select(Operator).where(Operator.username == username.strip()))
    if operator is None or not operator.active:
        check_password_hash(_DUMMY_HASH, password)
        raise LoginRefused("用户名或密码不正确")
    if operator.locked_until and operator.locked_until > now:
        raise LoginRefused("连续登录失败次数过多，账号已暂时锁定，请 "
                           f"{LOCK_MINUTES} 分钟后再试或联系平台管理员")
    if not check_password_hash(operator.password_hash, password):
        operator.failed_logins = (operator.failed_logins or 0) + 1
        if operator.failed_logins >= MAX_FAILURES:
            operator.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            operator.failed_logins = 0
            raise LoginRefused("连续登录失败次数过多，账号已暂时锁定，请 "
                               f"{LOCK_MINUTES} 分钟后再试或联系平台管理员")
        raise LoginRefused("用户名或密码不正确")
    operator.failed_logins, operator.locked_until, operator.last_login_at = 0, None, now
    return operator
