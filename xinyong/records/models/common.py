"""Columns every delivered record shares: who it is about, and where it came from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from xinyong.records.db import utcnow


class SubjectColumns:
    """The 行政相对人 block of the national layouts, as delivered (codes normalised)."""

    @declared_attr
    def subject_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("subjects.id"), index=True)

    subject_name: Mapped[str] = mapped_column(String(200))
    subject_kind: Mapped[str] = mapped_column(String(20))
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    reg_no: Mapped[str | None] = mapped_column(String(50))
    org_code: Mapped[str | None] = mapped_column(String(20))
    tax_no: Mapped[str | None] = mapped_column(String(50))
    institution_no: Mapped[str | None] = mapped_column(String(50))
    social_org_no: Mapped[str | None] = mapped_column(String(50))
    legal_rep: Mapped[str | None] = mapped_column(String(100))
    # 法定代表人证件号码 is never published; kept hashed + masked like any ID number.
    legal_rep_id_type: Mapped[str | None] = mapped_column(String(30))
    legal_rep_id_hash: Mapped[str | None] = mapped_column(String(64))
    legal_rep_id_masked: Mapped[str | None] = mapped_column(String(30))
    id_type: Mapped[str | None] = mapped_column(String(30))
    id_hash: Mapped[str | None] = mapped_column(String(64))
    id_masked: Mapped[str | None] = mapped_column(String(30))


class ProvenanceColumns:
    """Traceability: the natural key, the delivering department and batch, collection timing."""

    # Normalised natural key (e.g. decision number + authority) — the upsert target.
    natural_key: Mapped[str] = mapped_column(String(600), unique=True)
    # Hash of the normalised field values: a re-import compares hashes, not every column.
    content_hash: Mapped[str] = mapped_column(String(64))
    layout: Mapped[str] = mapped_column(String(10))  # current | legacy
    catalog_version: Mapped[str] = mapped_column(String(20))

    @declared_attr
    def department_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("departments.id"), index=True)

    @declared_attr
    def first_batch_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("import_batches.id"))

    @declared_attr
    def batch_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("import_batches.id"), index=True)

    @declared_attr
    def domain_code(cls) -> Mapped[str | None]:
        return mapped_column(ForeignKey("domains.code"), index=True)

    @declared_attr
    def district_code(cls) -> Mapped[str | None]:
        return mapped_column(ForeignKey("districts.code"), index=True)

    collected_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Whether collection happened within 7 working days of the decision (国办发〔2015〕51号);
    # None when the record has no decision date. ``deadline_estimated`` marks calendars past
    # the last official holiday notice.
    collected_in_time: Mapped[bool | None] = mapped_column(Boolean)
    deadline_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
