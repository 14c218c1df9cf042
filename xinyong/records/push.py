"""Pushing records to the city credit platform in the national layout (归集报送).

A batch holds every licence, penalty and list entry changed since the target's previous batch
(read from the outbox, the same change log the search index follows), written as CSV files in
the current national layout. Each pushed record is remembered, which gives the push rate the
pilot reports ("collected and pushed to the city platform at 100%"). The receiving platform's
confirmation is recorded with `acknowledge`.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.records.db import utcnow
from xinyong.records.exports import columns, encode, rows
from xinyong.records.models import Licence, ListEntry, OutboxEvent, Penalty, PushBatch, PushedRecord

PUSHED = {"licence": Licence, "penalty": Penalty, "list_entry": ListEntry}
CHUNK = 2000


def export_batch(session: Session, target: str, out_dir: Path) -> PushBatch | None:
    """Write the next batch for `target` into out_dir; None when nothing changed since the last
    one. The caller commits (files first, then the batch rows: a crash before the commit only
    leaves files that the next export writes again)."""
    start = session.scalar(select(func.max(PushBatch.outbox_to)).where(PushBatch.target == target)) or 0
    end = session.scalar(select(func.max(OutboxEvent.id))) or 0
    changed: dict[str, set[int]] = defaultdict(set)
    for entity, entity_id in session.execute(
            select(OutboxEvent.entity, OutboxEvent.entity_id)
            .where(OutboxEvent.id > start, OutboxEvent.id <= end, OutboxEvent.entity.in_(PUSHED))):
        changed[entity].add(entity_id)
    if not changed:
        return None
    batch = PushBatch(target=target, outbox_from=start, outbox_to=end, counts={}, files=[])
    session.add(batch)
    session.flush()
    out_dir.mkdir(parents=True, exist_ok=True)
    for entity, ids in sorted(changed.items()):
        model = PUSHED[entity]
        # Withheld records (a minor's) are neither published nor shared.
        records = [r for chunk in _chunks(sorted(ids)) for r in session.scalars(
            select(model).where(model.id.in_(chunk), model.withheld_reason.is_(None)).order_by(model.id))]
        name = f"{target}-{batch.id:06d}-{entity}.csv"
        with (out_dir / name).open("w", encoding="utf-8", newline="") as out:
            for text in encode("csv", columns(entity), rows(session, entity, records)):
                out.write(text)
        session.add_all(PushedRecord(batch_id=batch.id, entity=entity, record_id=r.id) for r in records)
        batch.counts = {**batch.counts, entity: len(records)}
        batch.files = [*batch.files, name]
    session.flush()
    return batch


def _chunks(ids: list[int]):  # noqa: ANN202
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def acknowledge(session: Session, batch_id: int) -> PushBatch | None:
    batch = session.get(PushBatch, batch_id)
    if batch is not None and batch.acknowledged_at is None:
        batch.acknowledged_at = utcnow()
    return batch


def push_rate(session: Session, entity: str) -> tuple[int, int]:
    """(records pushed at least once, records held) for licences or penalties."""
    model = PUSHED[entity]
    held = session.scalar(select(func.count()).select_from(model)) or 0
    pushed = session.scalar(select(func.count(func.distinct(PushedRecord.record_id)))
                            .where(PushedRecord.entity == entity)) or 0
    return pushed, held
