"""Days: ``YYYY-MM-DD`` text or a ``date``, never a date-time, a number or another format."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from outreach_rules.model.dates import (
    FIRST_DAY,
    LAST_DAY,
    MAX_DAY_OFFSET,
    IsoDate,
    as_day,
    day_range_problem,
    shift_day,
)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (date(2026, 11, 26), date(2026, 11, 26)),
        ("2026-11-26", date(2026, 11, 26)),
        (datetime(2026, 11, 26, 10, 0), None),
        ("2026-02-30", None),
        ("26/11/2026", None),
        (20261126, None),
        (None, None),
    ],
)
def test_as_day_takes_dates_and_iso_text_only(value: object, day: date | None) -> None:
    """as_day reads a date or YYYY-MM-DD text; a date-time, other text or a number is no day."""
    assert as_day(value) == day


class _Dated(BaseModel):
    model_config = ConfigDict(strict=False)
    on: IsoDate


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (datetime(2026, 11, 26, 9, 30), "not a date and time (got 2026-11-26T09:30:00)"),
        ("2026-02-30", "'2026-02-30' is not a real calendar date"),
        ("26/11/2026", "expected a date as YYYY-MM-DD (got '26/11/2026')"),
        (20261126, "expected a date as YYYY-MM-DD (got 20261126)"),
    ],
)
def test_an_iso_date_field_says_what_is_wrong_with_a_value(value: object, message: str) -> None:
    """IsoDate refuses anything but a day, and says why in words."""
    with pytest.raises(ValidationError) as info:
        _Dated(on=value)  # type: ignore[arg-type]
    assert message in info.value.errors()[0]["msg"]


def test_an_iso_date_field_reads_text_and_dates_alike() -> None:
    """IsoDate gives the same day for its text and its date."""
    assert _Dated(on="2026-11-26").on == _Dated(on=date(2026, 11, 26)).on == date(2026, 11, 26)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["20261118", "2026-W47-3", "2026-322", "2026-11-18T00:00", "\u0662\u0660\u0662\u0666-11-18"],
)
def test_as_day_reads_only_yyyy_mm_dd(text: str) -> None:
    """Other ISO forms that date.fromisoformat reads (basic, week, ordinal) are no day here."""
    assert as_day(text) is None


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (FIRST_DAY, True),
        (LAST_DAY, True),
        (date.max, False),
        (date.min, False),
        (date(9995, 1, 1), False),
        (date(999, 12, 31), False),
    ],
)
def test_days_near_the_ends_of_the_calendar_are_refused(day: date, ok: bool) -> None:
    """An application's days lie between FIRST_DAY and LAST_DAY; the field's error says so."""
    assert (day_range_problem(day) is None) is ok
    if ok:
        assert _Dated(on=day.isoformat()).on == day  # type: ignore[arg-type]
    else:
        with pytest.raises(ValidationError) as info:
            _Dated(on=day.isoformat())  # type: ignore[arg-type]
        assert "too near an end of the calendar" in info.value.errors()[0]["msg"]
        assert "1000-01-01 and 8999-12-31" in info.value.errors()[0]["msg"]


def test_a_day_and_the_largest_shift_stay_inside_the_calendar() -> None:
    """The bounds leave room: any allowed day plus any allowed offset is a real date."""
    assert FIRST_DAY - timedelta(days=MAX_DAY_OFFSET) > date.min
    assert LAST_DAY + timedelta(days=MAX_DAY_OFFSET + 3650 + 366) < date.max


@pytest.mark.parametrize(
    ("day", "days", "shifted"),
    [
        (date(2026, 11, 18), 7, date(2026, 11, 25)),
        (date(9999, 12, 28), 7, date.max),
        (date(1, 1, 2), -5, date.min),
        (date(2026, 1, 1), 10**12, date.max),
        (date(2026, 1, 1), -(10**50), date.min),
    ],
)
def test_shift_day_stops_at_the_calendar_s_ends(day: date, days: int, shifted: date) -> None:
    """shift_day never raises OverflowError: past an end it gives that end."""
    assert shift_day(day, days) == shifted
