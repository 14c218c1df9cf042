"""The working-day calendar: weekends, State Council holidays and make-up working days (调休).

Official data come from the `holidays` package (China) through LAST_OFFICIAL_YEAR; later
years rest on its estimate and are flagged. A city-edited override table (date → working day
or not) wins over both. Timeliness is checked for every imported row, so per-year working
days are precomputed as sorted ordinals and answered with bisect.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

import holidays

# The year through which the pinned `holidays` version carries the State Council's published
# notice; bump it when upgrading holidays after a new notice appears.
LAST_OFFICIAL_YEAR = 2026


class WorkCalendar:
    def __init__(self, overrides: Mapping[date, bool] | None = None,
                 last_official_year: int = LAST_OFFICIAL_YEAR):
        self.overrides = dict(overrides or {})
        self.last_official_year = last_official_year
        self._years: dict[int, list[int]] = {}

    def _working_ordinals(self, year: int) -> list[int]:
        cached = self._years.get(year)
        if cached is None:
            cn = holidays.China(years=year)
            makeup = set(cn.weekend_workdays)
            days = []
            d = date(year, 1, 1)
            while d.year == year:
                if d in self.overrides:
                    working = self.overrides[d]
                elif d in makeup:
                    working = True
                else:
                    working = d.weekday() < 5 and d not in cn
                if working:
                    days.append(d.toordinal())
                d += timedelta(days=1)
            cached = self._years[year] = days
        return cached

    def is_working_day(self, d: date) -> bool:
        days = self._working_ordinals(d.year)
        i = bisect_left(days, d.toordinal())
        return i < len(days) and days[i] == d.toordinal()

    def add_working_days(self, start: date, n: int) -> date:
        """The date n working days after ``start`` (start itself not counted)."""
        if n <= 0:
            return start
        year, ordinal = start.year, start.toordinal()
        while True:
            days = self._working_ordinals(year)
            i = bisect_right(days, ordinal)
            if i + n - 1 < len(days):
                return date.fromordinal(days[i + n - 1])
            n -= len(days) - i
            year += 1
            ordinal = date(year, 1, 1).toordinal() - 1

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        if end <= start:
            return 0
        total = 0
        for year in range(start.year, end.year + 1):
            days = self._working_ordinals(year)
            total += bisect_right(days, end.toordinal()) - bisect_right(days, start.toordinal())
        return total

    def is_estimated(self, d: date) -> bool:
        return d.year > self.last_official_year and d not in self.overrides

    def within_working_days(self, decision: date, collected: date, limit: int = 7):
        """(collected no later than `limit` working days after decision, rests on estimates)."""
        deadline = self.add_working_days(decision, limit)
        estimated = deadline.year > self.last_official_year
        return collected <= deadline, estimated


@lru_cache(maxsize=1)
def calendar_without_overrides() -> WorkCalendar:
    return WorkCalendar()
