"""The working-day calendar: weekends, State Council holidays and make-up working days (调休).

Licences and penalties must be published within 7 working days of the decision (国办发〔2015〕51号),
and "working day" follows the State Council's yearly holiday notice, in which some weekend
days become working days (调休). The official data come from the pinned `holidays` package
through LAST_OFFICIAL_YEAR; later years rest on its estimate and results say so. A city-edited
override table (date → working day or not), read elsewhere and passed in as a plain mapping,
wins over both.

Timeliness is checked for every imported row (100,000-row files), so each year is turned once
into a sorted array of working-day ordinals and every question is answered with bisect.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.models import CalendarOverride

# The year through which the pinned `holidays` version carries the State Council's published
# notice; bump it when upgrading holidays after a new notice (usually issued in November).
LAST_OFFICIAL_YEAR = 2026


@lru_cache(maxsize=256)  # bounded: a mistyped year in a file must not grow it forever
def _official_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(public holidays, make-up working days) of one year, shared by every calendar.

    Building holidays.China costs milliseconds, and the importer builds a fresh WorkCalendar
    (with the current overrides) per import, so the package data are cached at module level.
    """
    cn = holidays.China(years=year)
    # weekend_workdays also carries a few old dates from other years; keep only this year's.
    makeup = frozenset(d for d in cn.weekend_workdays if d.year == year)
    return frozenset(cn), makeup


class WorkCalendar:
    """Working days per the State Council notice, with the city's overrides applied on top.

    The overrides are copied at construction: a calendar is a snapshot, so it can be cached
    and shared (see calendar_without_overrides) without an outside edit changing answers.
    """

    def __init__(
        self, overrides: Mapping[date, bool] | None = None, last_official_year: int = LAST_OFFICIAL_YEAR
    ) -> None:
        self._overrides: dict[date, bool] = {d: bool(v) for d, v in (overrides or {}).items()}
        self.last_official_year = last_official_year
        self._years: dict[int, list[int]] = {}

    @property
    def overrides(self) -> Mapping[date, bool]:
        return MappingProxyType(self._overrides)

    def _rule(self, d: date, holidays_: frozenset[date], makeup: frozenset[date]) -> bool:
        # Order matters: an administrator's override beats the notice, and a 调休 weekend day
        # is worked even though it is a Saturday or Sunday.
        if d in self._overrides:
            return self._overrides[d]
        if d in makeup:
            return True
        if d in holidays_:
            return False
        return d.weekday() < 5

    def _working_ordinals(self, year: int) -> list[int]:
        days = self._years.get(year)
        if days is None:
            holidays_, makeup = _official_year(year)
            first = date(year, 1, 1)
            span = (date(year + 1, 1, 1) - first).days if year < date.max.year else 365
            days = [
                d.toordinal()
                for d in (first + timedelta(i) for i in range(span))
                if self._rule(d, holidays_, makeup)
            ]
            self._years[year] = days
        return days

    def is_working_day(self, d: date) -> bool:
        days = self._working_ordinals(d.year)
        ordinal = d.toordinal()
        i = bisect_left(days, ordinal)
        return i < len(days) and days[i] == ordinal

    def add_working_days(self, start: date, n: int) -> date:
        """The date that is n working days after ``start``; start itself is not counted."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return start
        year, after = start.year, start.toordinal()
        while True:
            days = self._working_ordinals(year)
            i = bisect_right(days, after)
            if i + n <= len(days):
                return date.fromordinal(days[i + n - 1])
            # Not enough left this year: spend what there is and continue on 1 January.
            n -= len(days) - i
            year += 1
            after = date(year, 1, 1).toordinal() - 1

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end <= start."""
        if end <= start:
            return 0
        lo, hi = start.toordinal(), end.toordinal()
        return sum(
            bisect_right(days, hi) - bisect_right(days, lo)
            for days in map(self._working_ordinals, range(start.year, end.year + 1))
        )

    def is_estimated(self, d: date) -> bool:
        """True when the answer for d rests on the holidays package's estimate, not a notice."""
        return d.year > self.last_official_year and d not in self._overrides

    def within_working_days(self, decision: date, collected: date, limit: int = 7) -> tuple[bool, bool]:
        """(collected no later than `limit` working days after decision, span rests on estimate).

        The flag is by year rather than per day: once the span reaches a year without a
        published notice, any day in it may move when the notice appears, so the result is
        provisional even if the city has overridden a few of its dates.
        """
        deadline = self.add_working_days(decision, limit)
        # Years only grow from decision to deadline, so the deadline's year decides.
        return collected <= deadline, deadline.year > self.last_official_year


@lru_cache(maxsize=1)
def calendar_without_overrides() -> WorkCalendar:
    """A shared calendar for callers that have no override table (demo data, tools)."""
    return WorkCalendar()


def city_calendar(session: Session) -> WorkCalendar:
    """The calendar with the city's current overrides (read per use: administrators edit them)."""
    return WorkCalendar({o.day: o.is_working_day for o in session.scalars(select(CalendarOverride))})


ESTIMATED = "预计"


def deadline_text(d: date | None, calendar: WorkCalendar | None = None) -> str:
    """A working-day deadline as pages and exports show it: marked 预计 when its year has no
    official State Council holiday notice yet (the date may move when the notice appears)."""
    if d is None:
        return "—"
    cal = calendar or calendar_without_overrides()
    return f"{d.isoformat()}（{ESTIMATED}）" if cal.is_estimated(d) else d.isoformat()
