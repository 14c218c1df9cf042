"""Headline figures of what the system of record holds (home page, CLI status)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.records.catalog import RECORD_TYPES
from xinyong.records.clock import today_local
from xinyong.records.ingest.upsert import MODELS
from xinyong.records.models import ImportBatch, Subject
from xinyong.records.publication.timeliness import TARGET, Timeliness, default_window, label, timeliness


@dataclass
class Overview:
    subjects: int
    records: dict[str, tuple[str, int]]  # record type → (Chinese title, count)
    in_time_share: float | None  # 双公示 records collected within 7 working days (0–1)
    recent_batches: list[ImportBatch]
    in_time_label: str = ""  # what the share counts (records/publication/timeliness.py)

    @property
    def below_target(self) -> bool:
        return self.in_time_share is not None and self.in_time_share * 100 < TARGET


def collection_overview(session: Session, recent: int = 10, today: date | None = None) -> Overview:
    counts = {
        rtype: (RECORD_TYPES[rtype], session.scalar(select(func.count()).select_from(model)) or 0)
        for rtype, model in MODELS.items()
    }
    start, end = default_window(today or today_local())
    figure = timeliness(session, start, end).get(None) or Timeliness()
    batches = list(session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(recent)))
    return Overview(
        subjects=session.scalar(select(func.count()).select_from(Subject)) or 0,
        records=counts,
        in_time_share=(figure.in_time / figure.decided) if figure.decided else None,
        recent_batches=batches,
        in_time_label=label(start, end),
    )
