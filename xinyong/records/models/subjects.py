"""Subjects (信用主体): organisations, 个体工商户 and natural persons, with their names over time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xinyong.records.db import Base, utcnow

KIND_ORGANISATION = "法人及非法人组织"
KIND_PERSON = "自然人"
KIND_INDIVIDUAL_BUSINESS = "个体工商户"
SUBJECT_KINDS = (KIND_ORGANISATION, KIND_PERSON, KIND_INDIVIDUAL_BUSINESS)


class Subject(Base):
    """One credit subject. ``match_key`` is how imports find it again (see records.subjects).

    A natural person's ID number is kept only as a keyed hash (for matching at a counter) and
    its masked form (for display) — never in full.
    """

    __tablename__ = "subjects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    match_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_as_of: Mapped[date | None] = mapped_column(Date)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    reg_no: Mapped[str | None] = mapped_column(String(50), index=True)
    org_code: Mapped[str | None] = mapped_column(String(20), index=True)
    tax_no: Mapped[str | None] = mapped_column(String(50))
    institution_no: Mapped[str | None] = mapped_column(String(50))
    social_org_no: Mapped[str | None] = mapped_column(String(50))
    legal_rep: Mapped[str | None] = mapped_column(String(100))
    id_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    id_masked: Mapped[str | None] = mapped_column(String(30))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"), index=True)
    domain_code: Mapped[str | None] = mapped_column(ForeignKey("domains.code"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    former_names: Mapped[list[SubjectName]] = relationship(
        back_populates="subject", order_by="SubjectName.until.desc()"
    )


class SubjectName(Base):
    """A former name (曾用名), kept when an import brings a newer name for the same code."""

    __tablename__ = "subject_names"
    __table_args__ = (UniqueConstraint("subject_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200), index=True)
    until: Mapped[date | None] = mapped_column(Date)

    subject: Mapped[Subject] = relationship(back_populates="former_names")
