"""The audit log: every administrative action with who, what, when, and before/after values."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from xinyong.records.models import AuditEntry


def plain(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def values_of(obj: Any, fields: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {f: plain(getattr(obj, f)) for f in fields}


def log_action(
    session: Session,
    operator: str,
    action: str,
    target: str | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    ip: str | None = None,
) -> None:
    """Add an entry in the caller's transaction: the action and its record commit together."""
    session.add(
        AuditEntry(operator=operator, action=action, target=target, before=before, after=after, ip=ip)
    )
