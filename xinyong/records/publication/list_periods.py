"""List periods: a list entry without a removal date leaves the list when its type's period ends.

The period is the list type's `default_period_months` (安全生产失信: 12, editable under
/admin/tables/list_types). Each entry stores the day it leaves by expiry (`expires_on`, shown as
期满移出 with that date); `in_force.list_entry_in_force` reads it, so every surface — list
pages, profiles, counter checks, feeds, open data, the search index — drops the entry the same
day. The column is filled on import (the importer's derive hook), by the migration for existing
rows, and again whenever an administrator edits a list type (the publication refresh).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from xinyong.records.models import ListEntry, ListType
from xinyong.records.outbox import emit
from xinyong.records.publication.rules import add_months

EXPIRED_LABEL = "期满移出"


def expiry(entered_on: date | None, months: int | None) -> date | None:
    """The first day the entry is off the list by its period (None: no period)."""
    if entered_on is None or not months:
        return None
    return add_months(entered_on, months)


def periods(session: Session) -> dict[str, int | None]:
    return dict(session.execute(select(ListType.code, ListType.default_period_months)).all())


def list_deriver(session: Session) -> Callable[[dict[str, Any], dict[str, Any] | None], dict[str, Any]]:
    """For the importer: the derived `expires_on` of a list entry as delivered."""
    months = periods(session)

    def derive(record: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
        return {
            "expires_on": expiry(record.get("entered_on"), months.get(record.get("list_type_code") or ""))
        }

    return derive


def refresh_expiry(session: Session, chunk: int = 5000) -> int:
    """Recompute every entry's `expires_on` from the list types as they stand; changed entries
    get an outbox event (index, feeds and open data follow). Returns how many changed."""
    months, changed, last_id = periods(session), 0, 0
    while True:
        rows = session.execute(
            select(ListEntry.id, ListEntry.list_type_code, ListEntry.entered_on, ListEntry.expires_on)
            .where(ListEntry.id > last_id)
            .order_by(ListEntry.id)
            .limit(chunk)
        ).all()
        if not rows:
            return changed
        last_id = rows[-1][0]
        updates: list[dict[str, Any]] = [
            {"id": i, "expires_on": new}
            for i, code, entered, old in rows
            if (new := expiry(entered, months.get(code))) != old
        ]
        if updates:
            session.execute(update(ListEntry), updates)
            emit(session, "list_entry", (u["id"] for u in updates))
            changed += len(updates)


def removal_text(removed_on: date | None, expires_on: date | None, today: date) -> str:
    """移出日期 as a page shows it: the removal date, or 期满移出 with the day it ends/ended."""
    if removed_on and (expires_on is None or removed_on <= expires_on):
        return removed_on.isoformat()
    if expires_on:
        verb = "" if expires_on <= today else "（预定）"
        return f"{EXPIRED_LABEL} {expires_on.isoformat()}{verb}"
    return "—"
