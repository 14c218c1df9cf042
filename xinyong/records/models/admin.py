"""Operators who sign in to administer the portal, their sign-in throttles, and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.records.db import Base, utcnow

ROLES = {"department": "部门操作员", "centre": "政务服务中心管理员", "platform": "平台管理员"}


class Operator(Base):
    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12))  # department | centre | platform
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    service_centre_id: Mapped[int | None] = mapped_column(ForeignKey("service_centres.id"))
    password_hash: Mapped[str] = mapped_column(String(200))  # scrypt, via werkzeug.security
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Copied into the session cookie at sign-in; a cookie with another version is refused.
    # Logout, a password change and deactivation increase it, ending every copy of a session.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LoginThrottle(Base):
    """Failed sign-ins of one username (known or not) from one client address.

    Keyed by the pair, so wrong passwords from one address never lock the account for anyone
    signing in from another; and by the name as typed, so unknown usernames are held back
    exactly like real ones (the answers tell nothing about which accounts exist).
    """

    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("username", "address", name="uq_login_throttles_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50))
    address: Mapped[str] = mapped_column(String(45))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class AuditEntry(Base):
    """One administrative action: who, what, on which object, when, and before/after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    operator: Mapped[str] = mapped_column(String(50), index=True)  # username, or "system"/CLI
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str | None] = mapped_column(String(100))  # e.g. penalty:12, repair:3
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(45))
