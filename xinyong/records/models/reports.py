"""Issued credit reports (信用报告): what each one said, so /verify/<number> can confirm it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.records.db import Base, utcnow


class CreditReport(Base):
    __tablename__ = "credit_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # 报告编号, printed and in the QR
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    generated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    data_version: Mapped[str] = mapped_column(String(40))
    content: Mapped[dict] = mapped_column(JSON)  # the snapshot the report printed
    content_sha256: Mapped[str] = mapped_column(String(64))
