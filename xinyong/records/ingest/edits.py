"""Administrators' edits of single records: taking a subject off a list (移出) and withdrawing a
commitment or joint case published in error.

History is never lost: the values before the change are kept as a record revision, the change
goes through the outbox (index, feeds, push) and into the audit log — all in the caller's
transaction, which the caller commits. The page that asks for the edit (`site/admin/records.py`)
only checks the form and the operator's department scope.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from xinyong.records.audit import log_action, plain, values_of
from xinyong.records.models import ListEntry, RecordRevision
from xinyong.records.outbox import emit


def remove_from_list(
    session: Session, entry: ListEntry, removed_on: date, reason: str, *, actor: str, ip: str | None
) -> None:
    """移出: the entry stays, with its removal day and the reason added to its remarks."""
    _keep_revision(session, entry, "list_entries")
    before = values_of(entry, ("removed_on", "remarks"))
    entry.removed_on = removed_on
    entry.remarks = "；".join(filter(None, [entry.remarks, f"移出原因：{reason}"]))
    entry.revision = (entry.revision or 1) + 1
    after = values_of(entry, ("removed_on", "remarks"))
    _finish(session, "list_entry_remove", "list_entry", entry.id, before, after, actor=actor, ip=ip)


def withdraw(
    session: Session,
    kind: str,
    record: Any,
    shown_columns: tuple[str, ...],
    reason: str,
    *,
    actor: str,
    ip: str | None,
) -> None:
    """A commitment or joint case published in error: deleted, its last values kept."""
    model = type(record)
    _keep_revision(session, record, model.__tablename__)
    before = values_of(record, shown_columns)
    record_id = record.id
    session.execute(delete(model).where(model.id == record_id))
    _finish(
        session,
        f"{kind}_withdraw",
        kind,
        record_id,
        before,
        {"reason": reason},
        actor=actor,
        ip=ip,
        op="delete",
    )


def _keep_revision(session: Session, record: Any, table: str) -> None:
    values = {c.name: plain(getattr(record, c.name)) for c in record.__table__.columns}
    session.add(
        RecordRevision(record_table=table, record_id=record.id, revision=record.revision or 1, values=values)
    )


def _finish(
    session: Session,
    action: str,
    entity: str,
    record_id: int,
    before: dict,
    after: dict,
    *,
    actor: str,
    ip: str | None,
    op: str = "upsert",
) -> None:
    emit(session, entity, [record_id], op)
    log_action(session, actor, action, f"{entity}:{record_id}", before=before, after=after, ip=ip)
