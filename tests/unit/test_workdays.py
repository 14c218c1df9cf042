"""The working-day calendar: holidays, make-up working weekends (调休), overrides, the 7-day rule."""

from datetime import date, timedelta

import pytest

from xinyong.records.workdays import LAST_OFFICIAL_YEAR, WorkCalendar, calendar_without_overrides


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(i) for i in range((last - first).days + 1)]


def test_spring_festival_2026_is_off_from_15_to_23_february():
    # 国务院办公厅 2026 notice: 春节 2月15日至23日放假调休，共9天.
    cal = WorkCalendar()
    assert not any(cal.is_working_day(d) for d in _days(date(2026, 2, 15), date(2026, 2, 23)))
    assert cal.is_working_day(date(2026, 2, 13)) and cal.is_working_day(date(2026, 2, 24))


def test_spring_festival_2026_make_up_saturdays_are_working_days():
    # Same notice: 2月14日（周六）、2月28日（周六）上班.
    cal = WorkCalendar()
    assert date(2026, 2, 14).weekday() == date(2026, 2, 28).weekday() == 5
    assert cal.is_working_day(date(2026, 2, 14))
    assert cal.is_working_day(date(2026, 2, 28))


def test_national_day_2025_is_off_from_1_to_8_october_with_two_make_up_days():
    # 2025 notice: 10月1日至8日放假调休，共8天；9月28日（周日）、10月11日（周六）上班.
    cal = WorkCalendar()
    assert not any(cal.is_working_day(d) for d in _days(date(2025, 10, 1), date(2025, 10, 8)))
    assert cal.is_working_day(date(2025, 9, 28))
    assert cal.is_working_day(date(2025, 10, 11))
    assert not cal.is_working_day(date(2025, 10, 12))


def test_plain_week_is_monday_to_friday():
    cal = WorkCalendar()
    week = _days(date(2026, 3, 9), date(2026, 3, 15))  # Monday .. Sunday, no holiday
    assert [cal.is_working_day(d) for d in week] == [True] * 5 + [False] * 2
    assert cal.working_days_between(date(2026, 3, 8), date(2026, 3, 15)) == 5
    assert cal.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)  # Friday → Monday


def test_override_turns_a_weekday_off_and_a_weekend_day_on():
    monday, sunday = date(2026, 11, 23), date(2026, 11, 22)
    cal = WorkCalendar({monday: False, sunday: True})
    assert not cal.is_working_day(monday)
    assert cal.is_working_day(sunday)
    assert WorkCalendar().is_working_day(monday) and not WorkCalendar().is_working_day(sunday)


def test_override_beats_a_make_up_working_day():
    cal = WorkCalendar({date(2026, 2, 14): False})
    assert not cal.is_working_day(date(2026, 2, 14))


def test_overrides_are_copied_at_construction():
    overrides = {date(2026, 3, 10): False}
    cal = WorkCalendar(overrides)
    overrides[date(2026, 3, 10)] = True
    assert not cal.is_working_day(date(2026, 3, 10))


def test_years_after_the_last_notice_are_estimated_unless_overridden():
    assert LAST_OFFICIAL_YEAR == 2026
    cal = WorkCalendar({date(2027, 3, 2): True})
    assert cal.is_estimated(date(2027, 3, 1))
    assert not cal.is_estimated(date(2027, 3, 2))
    assert not cal.is_estimated(date(2026, 12, 31))


def test_add_working_days_skips_a_holiday_and_counts_the_make_up_days():
    cal = WorkCalendar()
    # Thursday 2025-09-25 + 7: 26, 28 (Sunday, 调休), 29, 30, then after the 1–8 October
    # holiday 9, 10 and 11 October (Saturday, 调休).
    assert cal.add_working_days(date(2025, 9, 25), 7) == date(2025, 10, 11)
    assert cal.working_days_between(date(2025, 9, 25), date(2025, 10, 11)) == 7
    # Friday before the 2026 Spring Festival: 14 (Sat, 调休), then 24, 25, 26, 27, 28 (Sat, 调休).
    assert cal.add_working_days(date(2026, 2, 13), 6) == date(2026, 2, 28)


def test_add_working_days_of_zero_returns_start_and_negative_is_refused():
    cal = WorkCalendar()
    assert cal.add_working_days(date(2026, 2, 17), 0) == date(2026, 2, 17)
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 2, 17), -1)


def test_working_days_between_is_zero_for_an_empty_span_and_crosses_years():
    cal = WorkCalendar()
    assert cal.working_days_between(date(2026, 3, 10), date(2026, 3, 10)) == 0
    assert cal.working_days_between(date(2026, 3, 10), date(2026, 3, 1)) == 0
    start = date(2025, 12, 15)
    end = cal.add_working_days(start, 30)
    assert end.year == 2026 and cal.working_days_between(start, end) == 30


def test_within_working_days_day_7_is_inside_and_day_8_outside():
    cal = WorkCalendar()
    decision = date(2025, 9, 25)
    assert cal.within_working_days(decision, date(2025, 10, 11)) == (True, False)  # 7th
    assert cal.within_working_days(decision, date(2025, 10, 13)) == (False, False)  # 8th
    assert cal.within_working_days(decision, date(2025, 10, 12)) == (False, False)  # Sunday after


def test_within_working_days_is_estimated_when_the_deadline_reaches_an_unnoticed_year():
    cal = WorkCalendar()
    assert cal.within_working_days(date(2026, 12, 28), date(2027, 1, 4))[1] is True
    assert cal.within_working_days(date(2026, 12, 1), date(2026, 12, 2))[1] is False


def test_calendar_without_overrides_is_shared_and_has_no_overrides():
    assert calendar_without_overrides() is calendar_without_overrides()
    assert dict(calendar_without_overrides().overrides) == {}


def test_100000_within_working_days_calls_on_warm_data_complete():
    cal = WorkCalendar()
    start = date(2025, 1, 1)
    decisions = [start + timedelta(i % 700) for i in range(100_000)]
    cal.within_working_days(start, start)  # warm the years
    results = [cal.within_working_days(d, d + timedelta(9)) for d in decisions]
    assert len(results) == 100_000
    assert all(isinstance(ok, bool) and isinstance(est, bool) for ok, est in results)
