"""Headline figures of what the system of record holds (home page, CLI status)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.records.catalog import RECORD_TYPES
from xinyong.records.models import ImportBatch, Subject
from xinyong.records.upsert import MODELS


@dataclass
class Overview:
    subjects: int
    records: dict[str, tuple[str, int]]  # record type → (Chinese title, count)
    in_time_share: float | None  # 双公示 records collected within 7 working days
    recent_batches: list[ImportBatch]


def collection_overview(session: Session, recent: int = 10) -> Overview:
    counts = {
        rtype: (RECORD_TYPES[rtype], session.scalar(select(func.count()).select_from(model)) or 0)
        for rtype, model in MODELS.items()
    }
    timed = total = 0
    for model in (MODELS["licence"], MODELS["penalty"]):
        row = session.execute(
            select(func.count(model.collected_in_time),
                   func.count().filter(model.collected_in_time.is_(True)))
        ).one()
        total += row[0]
        timed += row[1]
    batches = list(session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(recent)))
    return Overview(
        subjects=session.scalar(select(func.count()).select_from(Subject)) or 0,
        records=counts,
        in_time_share=(timed / total) if total else None,
        recent_batches=batches,
    )
