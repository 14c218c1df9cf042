"""Pushes to the city (and national) credit platform: which records went, in which batch, when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.records.db import Base, utcnow


class PushBatch(Base):
    __tablename__ = "push_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target: Mapped[str] = mapped_column(String(40), index=True)  # e.g. city
    outbox_from: Mapped[int] = mapped_column(Integer)  # changes after this outbox id …
    outbox_to: Mapped[int] = mapped_column(Integer)  # … up to and including this one
    counts: Mapped[dict] = mapped_column(JSON)  # entity → records in the batch
    files: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)


class PushedRecord(Base):
    __tablename__ = "pushed_records"
    __table_args__ = (Index("ix_pushed_records_entity_record", "entity", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("push_batches.id"), index=True)
    entity: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[int] = mapped_column(Integer)
    pushed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
