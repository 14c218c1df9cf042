"""Publication rules as data, and the log of every change of a record's publication state.

Periods and severity rules are edited by administrators, not constants in code: records decided
under an older rule keep that rule's periods (domain.md §3).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.records.db import Base, utcnow


class PublicationPeriod(Base):
    """Minimum and maximum publication of one severity under one rule version, in months."""

    __tablename__ = "publication_periods"

    rule_version: Mapped[str] = mapped_column(String(20), primary_key=True)
    severity: Mapped[str] = mapped_column(String(4), primary_key=True)  # 轻微 | 一般 | 严重
    effective_from: Mapped[date] = mapped_column(Date)  # decisions on or after this date
    min_months: Mapped[int] = mapped_column(Integer)
    max_months: Mapped[int] = mapped_column(Integer)  # 0: not published at all
    source: Mapped[str] = mapped_column(String(200))  # the document that set it


class SeverityRule(Base):
    """How a penalty's severity is decided; the first rule (by position) that matches wins.

    A rule matches when the penalty's 处罚类别 include one of `categories` (or, with
    `all_categories`, consist only of them), its domain is one of `domains` (if given) and its
    fine reaches `min_fine` (if given). No match: 一般.
    """

    __tablename__ = "severity_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    categories: Mapped[str | None] = mapped_column(String(300))  # ";"-joined 处罚类别
    all_categories: Mapped[bool] = mapped_column(Boolean, default=False)
    domains: Mapped[str | None] = mapped_column(String(300))  # ";"-joined domain codes
    min_fine: Mapped[Decimal | None] = mapped_column(Numeric(24, 6))  # 万元
    severity: Mapped[str] = mapped_column(String(4))
    early_repair: Mapped[bool] = mapped_column(Boolean, default=True)  # False: only at the maximum
    note: Mapped[str | None] = mapped_column(Text)


class MinorPublicationOptIn(Base):
    """A department's choice to publish its 轻微 penalties of some categories (令第36号: not
    published by default, at most 3 months when a department opts in)."""

    __tablename__ = "minor_publication_opt_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(Integer, ForeignKey("departments.id"), index=True)
    categories: Mapped[str | None] = mapped_column(String(300))  # ";"-joined 处罚类别; None: all
    months: Mapped[int] = mapped_column(Integer)  # 1–3
    effective_from: Mapped[date] = mapped_column(Date)  # decisions on or after this date
    effective_to: Mapped[date | None] = mapped_column(Date)  # … and up to this date
    note: Mapped[str | None] = mapped_column(Text)


class PublicationChange(Base):
    """One change of a record's publication state: when, from what, to what, and why."""

    __tablename__ = "publication_changes"
    __table_args__ = (Index("ix_publication_changes_record", "entity", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[int] = mapped_column(Integer)
    from_state: Mapped[str | None] = mapped_column(String(4))
    to_state: Mapped[str] = mapped_column(String(4))
    reason: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
