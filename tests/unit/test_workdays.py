"""The working-day calendar: holidays, make-up working weekends (调休), overrides."""

from datetime import date

from xinyong.records.workdays import WorkCalendar


def test_spring_festival_2026_and_its_make_up_saturdays():
    cal = WorkCalendar()
    assert not cal.is_working_day(date(2026, 2, 17))  # 春节
    assert cal.is_working_day(date(2026, 2, 14))  # Saturday, 调休
    assert cal.is_working_day(date(2026, 2, 28))  # Saturday, 调休


def test_national_day_2025():
    cal = WorkCalendar()
    assert not any(cal.is_working_day(date(2025, 10, d)) for d in range(1, 9))
    assert cal.is_working_day(date(2025, 9, 28)) and cal.is_working_day(date(2025, 10, 11))


def test_seven_working_days_skip_weekends_and_holidays():
    cal = WorkCalendar()
    # Thursday 2025-09-25 + 7 working days: 26, 28 (Sunday, 调休), 29, 30, then — after the
    # 1–8 October holiday — 9, 10 and 11 October (Saturday, 调休).
    assert cal.add_working_days(date(2025, 9, 25), 7) == date(2025, 10, 11)
    assert cal.within_working_days(date(2025, 9, 25), date(2025, 10, 11)) == (True, False)
    assert cal.within_working_days(date(2025, 9, 25), date(2025, 10, 12)) == (False, False)
    assert cal.working_days_between(date(2025, 9, 25), date(2025, 10, 11)) == 7


def test_overrides_win_and_later_years_are_estimated():
    cal = WorkCalendar({date(2026, 11, 23): False, date(2026, 11, 22): True})
    assert not cal.is_working_day(date(2026, 11, 23))
    assert cal.is_working_day(date(2026, 11, 22))
    assert WorkCalendar().is_estimated(date(2027, 3, 1))
    assert not WorkCalendar().is_estimated(date(2026, 3, 1))
    assert WorkCalendar().within_working_days(date(2026, 12, 28), date(2027, 1, 4))[1] is True
