"""Batch checks (批量核查): one receipt for a list of subjects checked at once (a tender's
bidders), and which ordinary check (check_records row) answered each line of the list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.records.db import Base, utcnow


class CheckBatch(Base):
    """A list checked in one go. Each line is an ordinary check with its own check-log row;
    the batch holds the receipt (number + HMAC code) that verifies the whole list publicly."""

    __tablename__ = "check_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("service_centres.id"), index=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("widget_keys.id"))
    operator_ref: Mapped[str | None] = mapped_column(String(100))
    approval_type_code: Mapped[str] = mapped_column(ForeignKey("approval_types.code"))
    title: Mapped[str | None] = mapped_column(String(200))  # e.g. the tender's name
    source: Mapped[str] = mapped_column(String(20))  # api | file | widget
    row_count: Mapped[int] = mapped_column(Integer)
    state_counts: Mapped[dict] = mapped_column(JSON)  # state → rows
    data_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class CheckBatchRow(Base):
    """Line `row_no` of a batch and the check that answered it."""

    __tablename__ = "check_batch_rows"

    batch_id: Mapped[int] = mapped_column(ForeignKey("check_batches.id"), primary_key=True)
    row_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("check_records.id"), unique=True)
    name_entered: Mapped[str | None] = mapped_column(String(200))
    code_entered: Mapped[str | None] = mapped_column(String(40))  # an ID number masked
    message: Mapped[str | None] = mapped_column(String(300))  # why a line could not be checked
