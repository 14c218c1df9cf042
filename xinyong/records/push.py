"""Pushing records to the city credit platform in the national layout (归集报送).

A batch holds every licence, penalty and list entry changed since the target's previous batch
(read from the outbox, the same change log the search index follows), written as CSV files in
the current national layout. A penalty that stopped being published since (repaired,
withdrawn, period over) goes instead into the batch's 停止公示 file, so the platform stops
sharing it too. Each pushed record is remembered, which gives the push rate the pilot reports
("collected and pushed to the city platform at 100%"). The receiving platform's confirmation
is recorded with `acknowledge`.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.records.db import utcnow
from xinyong.records.models import OutboxEvent, Penalty, PushBatch, PushedRecord
from xinyong.records.opendata.formats import columns, encode, rows
from xinyong.records.publication.rules import EXPIRED, REPAIRED, WITHDRAWN
from xinyong.records.record_types import models

PUSHED = models("licence", "penalty", "list_entry")  # the batch's file order
CHUNK = 2000


def export_batch(session: Session, target: str, out_dir: Path) -> PushBatch | None:
    """Write the next batch for `target` into out_dir; None when nothing changed since the last
    one. The caller commits (files first, then the batch rows: a crash before the commit only
    leaves files that the next export writes again)."""
    start = session.scalar(select(func.max(PushBatch.outbox_to)).where(PushBatch.target == target)) or 0
    end = session.scalar(select(func.max(OutboxEvent.id))) or 0
    changed: dict[str, set[int]] = defaultdict(set)
    for entity, entity_id in session.execute(
        select(OutboxEvent.entity, OutboxEvent.entity_id).where(
            OutboxEvent.id > start, OutboxEvent.id <= end, OutboxEvent.entity.in_(PUSHED)
        )
    ):
        changed[entity].add(entity_id)
    if not changed:
        return None
    batch = PushBatch(target=target, outbox_from=start, outbox_to=end, counts={}, files=[])
    session.add(batch)
    session.flush()
    out_dir.mkdir(parents=True, exist_ok=True)
    stopped: list[Penalty] = []
    for entity, ids in sorted(changed.items()):
        model = PUSHED[entity]
        # Withheld records (a minor's) are neither published nor shared.
        records = [
            r
            for chunk in _chunks(sorted(ids))
            for r in session.scalars(
                select(model).where(model.id.in_(chunk), model.withheld_reason.is_(None)).order_by(model.id)
            )
        ]
        if entity == "penalty":
            stopped = [r for r in records if r.publication_state in STOPPED]
            records = [r for r in records if r.publication_state not in STOPPED]
        _write(out_dir, batch, entity, columns(entity), rows(session, entity, records))
        session.add_all(PushedRecord(batch_id=batch.id, entity=entity, record_id=r.id) for r in records)
        batch.counts = {**batch.counts, entity: len(records)}
    if stopped:
        _write(
            out_dir,
            batch,
            "withdrawn",
            STOPPED_COLUMNS,
            (
                [
                    p.decision_no,
                    p.authority,
                    p.subject_name,
                    p.publication_state,
                    str(p.repaired_on or p.withdrawn_on or p.publication_end or ""),
                ]
                for p in stopped
            ),
        )
        session.add_all(PushedRecord(batch_id=batch.id, entity="penalty", record_id=p.id) for p in stopped)
        batch.counts = {**batch.counts, "withdrawn": len(stopped)}
    session.flush()
    return batch


STOPPED = (EXPIRED, REPAIRED, WITHDRAWN)
STOPPED_COLUMNS = ["行政处罚决定书文号", "处罚机关", "行政相对人名称", "公示状态", "停止公示日期"]


def _write(out_dir: Path, batch: PushBatch, entity: str, header: list[str], data) -> None:
    name = f"{batch.target}-{batch.id:06d}-{entity}.csv"
    with (out_dir / name).open("w", encoding="utf-8", newline="") as out:
        for text in encode("csv", header, data):
            out.write(text)
    batch.files = [*batch.files, name]


def _chunks(ids: list[int]):
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
    pushed = (
        session.scalar(
            select(func.count(func.distinct(PushedRecord.record_id))).where(PushedRecord.entity == entity)
        )
        or 0
    )
    return pushed, held
