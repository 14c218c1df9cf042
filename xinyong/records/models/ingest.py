"""Import bookkeeping: batches, their rejected rows, record revisions, and the index outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xinyong.records.db import Base, utcnow


class ImportBatch(Base):
    """One delivered file: who, when, which file (hash), and what came of every row."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_type: Mapped[str | None] = mapped_column(String(30))
    layout: Mapped[str | None] = mapped_column(String(10))
    catalog_version: Mapped[str | None] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_size: Mapped[int] = mapped_column(Integer)
    file_format: Mapped[str | None] = mapped_column(String(10))
    encoding: Mapped[str | None] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    submitted_by: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(10))  # completed | failed
    message: Mapped[str | None] = mapped_column(Text)  # why a failed file could not be read
    headers: Mapped[list[str] | None] = mapped_column(JSON)
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)

    rejected_rows: Mapped[list[RejectedRow]] = relationship(
        back_populates="batch", order_by="RejectedRow.row_number"
    )


class RejectedRow(Base):
    """A row that failed validation, kept with every reason for the department's error report.

    ``values`` holds the original cells under their original headers, except that ID numbers
    are masked: a full ID number is never stored.
    """

    __tablename__ = "rejected_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    errors: Mapped[list[dict[str, str]]] = mapped_column(JSON)

    batch: Mapped[ImportBatch] = relationship(back_populates="rejected_rows")


class RecordRevision(Base):
    """The values a record had before a later delivery corrected it (history is never lost)."""

    __tablename__ = "record_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_table: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[int] = mapped_column(Integer, index=True)
    revision: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    replaced_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)


class OutboxEvent(Base):
    """A change the search index must pick up; written in the same transaction as the change."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))  # subject | penalty | licence | ...
    entity_id: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(10))  # upsert | delete
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
