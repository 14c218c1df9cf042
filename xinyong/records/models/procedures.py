"""Credit repair applications and objections, their documents and every step taken on them.

A tracking code is the applicant's only key to their case, so only its SHA-256 is stored
(like widget keys): a leaked database does not let anyone read or act on a case.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xinyong.records.db import Base, utcnow
from xinyong.records.procedures.limits import contact_key

OPEN_CONDITION = "status IN ('已提交', '已受理')"  # procedures.OPEN
OPEN_REPAIR = f"kind = 'repair' AND {OPEN_CONDITION}"
OPEN_OBJECTION = f"kind = 'objection' AND {OPEN_CONDITION}"


def _contact_key_of_row(context) -> str:
    """Rows inserted without a contact_key (submit() sets it) get their phone's."""
    return contact_key(context.get_current_parameters().get("contact_phone"))


class ProcedureCase(Base):
    """One repair application (kind "repair") or objection (kind "objection") on one record."""

    __tablename__ = "procedure_cases"
    __table_args__ = (
        Index("ix_procedure_cases_record", "entity", "record_id"),
        # One open repair per record, whoever applies, and one open objection per record and
        # contact (records/procedures/limits.py checks first; these hold when two applications
        # race): migration 0016, which replaced 0014's one-open-case-per-record index.
        Index(
            "uq_procedure_cases_open_repair",
            "kind",
            "entity",
            "record_id",
            unique=True,
            sqlite_where=text(OPEN_REPAIR),
            postgresql_where=text(OPEN_REPAIR),
        ),
        Index(
            "uq_procedure_cases_open_contact",
            "kind",
            "entity",
            "record_id",
            "contact_key",
            unique=True,
            sqlite_where=text(OPEN_OBJECTION),
            postgresql_where=text(OPEN_OBJECTION),
        ),
        Index("ix_procedure_cases_contact_key", "contact_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)  # repair | objection
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    entity: Mapped[str] = mapped_column(String(30))  # penalty
    record_id: Mapped[int] = mapped_column(Integer)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), index=True)  # see records/procedures/cases.py
    outcome: Mapped[str | None] = mapped_column(String(10))  # objections: 更正 | 撤销 | 维持
    applicant: Mapped[str] = mapped_column(String(200))  # who applies (the subject's name)
    contact_name: Mapped[str] = mapped_column(String(50))
    contact_phone: Mapped[str] = mapped_column(String(30))  # never published
    # The phone's digits (procedure_limits.contact_key): one open objection per record and contact.
    contact_key: Mapped[str | None] = mapped_column(String(30), default=_contact_key_of_row)
    grounds: Mapped[str | None] = mapped_column(String(30))  # objections: why
    statement: Mapped[str] = mapped_column(Text)  # reasons / what was done to correct
    commitment: Mapped[str | None] = mapped_column(Text)  # repairs: the public credit commitment
    submitted_on: Mapped[date] = mapped_column(Date)
    accept_by: Mapped[date] = mapped_column(Date)  # working-day deadlines
    decide_by: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    documents: Mapped[list[ProcedureDocument]] = relationship(order_by="ProcedureDocument.id")
    steps: Mapped[list[ProcedureStep]] = relationship(order_by="ProcedureStep.id")


class ProcedureBlob(Base):
    """The bytes of a supporting document, once per content hash, in the database: every web
    node serves every document (no node's disk holds them). Migration 0014 moved the files."""

    __tablename__ = "procedure_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)  # at most uploads.MAX_BYTES
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ProcedureDocument(Base):
    """A supporting document; its bytes are the ProcedureBlob of the same SHA-256."""

    __tablename__ = "procedure_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("procedure_cases.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))  # as uploaded, for the reviewer
    media_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))


class ProcedureStep(Base):
    """What happened to a case and when: shown to the applicant as its progress."""

    __tablename__ = "procedure_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("procedure_cases.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)  # shown to the applicant
    operator: Mapped[str | None] = mapped_column(String(100))  # not shown to the applicant
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    details: Mapped[dict | None] = mapped_column(JSON)
