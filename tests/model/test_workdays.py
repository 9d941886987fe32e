"""Tests of outreach_rules/model/workdays.py: which days are working days."""

from __future__ import annotations

from datetime import date

import pytest

from outreach_rules.model.workdays import WorkingDays, working_days

FRIDAY = date(2026, 11, 27)
SATURDAY = date(2026, 11, 28)
SUNDAY = date(2026, 11, 29)
MONDAY = date(2026, 11, 30)


def test_weekend_moves_to_monday() -> None:
    """Saturday and Sunday move to Monday; a working day stays put."""
    days = WorkingDays()
    assert days.next_working_day(SATURDAY) == MONDAY
    assert days.next_working_day(SUNDAY) == MONDAY
    assert days.next_working_day(FRIDAY) == FRIDAY


def test_holidays_are_skipped_too() -> None:
    """A holiday on the Monday after a weekend moves the day to Tuesday."""
    days = WorkingDays(holidays=frozenset({MONDAY}))
    assert days.next_working_day(SATURDAY) == date(2026, 12, 1)
    assert not days.is_working_day(MONDAY)


def test_settings_name_the_weekend() -> None:
    """A Friday-Saturday weekend (as in several countries) makes Sunday a working day."""
    days = working_days({"weekend": ["fri", "sat"]})
    assert days.is_working_day(SUNDAY)
    assert days.next_working_day(FRIDAY) == SUNDAY
    assert working_days({}) == WorkingDays()


def test_a_week_without_working_days_is_refused() -> None:
    """A weekend of all seven days is an error, not an endless search."""
    with pytest.raises(ValueError, match="at least one working day"):
        WorkingDays(weekend=frozenset(range(7)))


def test_end_of_calendar_stops() -> None:
    """Moving forward stops at the calendar's last day instead of overflowing."""
    last = date.max  # a Friday
    assert WorkingDays(weekend=frozenset({4})).next_working_day(last) == last
