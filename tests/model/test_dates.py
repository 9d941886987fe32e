"""Days: ``YYYY-MM-DD`` text or a ``date``, never a date-time, a number or another format."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from outreach_rules.model.dates import IsoDate, as_day


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
