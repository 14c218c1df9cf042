"""Reference data: districts, pilot domains, departments, list types, calendar overrides.

Seeded by the first migration (the reference values come from domain.md §2, §5, §6) and
editable by administrators afterwards.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.records.db import Base, utcnow


class District(Base):
    """An administrative district of the city (region code = USCC positions 3–8)."""

    __tablename__ = "districts"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    is_pilot: Mapped[bool] = mapped_column(Boolean, default=False)


class Domain(Base):
    """An industry domain; the eleven pilot domains of 武信用办〔2016〕8号 are flagged."""

    __tablename__ = "domains"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    is_pilot: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Department(Base):
    """A department that delivers data (数据来源单位) or decides records (机关)."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    uscc: Mapped[str | None] = mapped_column(String(18))
    domain_code: Mapped[str | None] = mapped_column(ForeignKey("domains.code"))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"))
    # Where the department sits (records/reference/districts.py): district | city | province; None: the
    # portal could not place it from its name (shown as 未分区 until an administrator does).
    level: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ListType(Base):
    """A red, black or watch list (守信激励 / 失信惩戒 / 经营异常)."""

    __tablename__ = "list_types"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    color: Mapped[str] = mapped_column(String(10))  # red | black | watch
    description: Mapped[str | None] = mapped_column(Text)
    default_period_months: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class CalendarOverride(Base):
    """A city-edited correction to the working-day calendar (调休 not yet in `holidays`)."""

    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_working_day: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(200))
