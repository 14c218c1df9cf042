"""The outbox: one row per changed record, written in the same transaction as the change.

The search index (`search_index/indexer.py`), the city-platform push (`records/push.py`) and
the open-data version (`records/opendata/build.py`) all follow this one change log, so every
write that changes what a record shows calls `emit` — a change without its row would never
reach the index, the push or the open-data files.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from xinyong.records.db import table_of, utcnow
from xinyong.records.models import OutboxEvent

OPS = ("upsert", "delete")


def emit(
    session: Session, entity: str, ids: Iterable[int], op: str = "upsert", at: datetime | None = None
) -> int:
    """Outbox rows for `ids` of `entity` (a record type key or "subject"); how many were written.
    One multi-row INSERT, however many ids (an import chunk writes thousands)."""
    if op not in OPS:
        raise ValueError(f"unknown outbox op {op!r}")
    now = at or utcnow()
    rows = [{"entity": entity, "entity_id": i, "op": op, "created_at": now} for i in ids]
    if rows:
        session.execute(insert(table_of(OutboxEvent)), rows)
    return len(rows)
