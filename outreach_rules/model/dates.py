"""Days as applications and packs give them: ``YYYY-MM-DD`` text or a ``date``, never a time.

The calendar has ends (``date.min``, ``date.max``) and adding days past them
raises ``OverflowError``. So the days an application, a call (``today=``) or an
example gives must lie between :data:`FIRST_DAY` and :data:`LAST_DAY`, a thousand
years inside either end, and the days a pack adds to a fact are at most
:data:`MAX_DAY_OFFSET` either way: every sum the library makes of the two stays
inside the calendar. Days a call adds that no bound covers (a setting's value,
``plus_days``) go through :func:`shift_day`, which stops at the calendar's ends.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from ..errors import short_repr

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "MAX_DAY_OFFSET",
    "IsoDate",
    "as_day",
    "day_range_problem",
    "shift_day",
]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

FIRST_DAY = date(1000, 1, 1)
"""The earliest day an application, a call or an example may give."""

LAST_DAY = date(8999, 12, 31)
"""The latest day an application, a call or an example may give."""

MAX_DAY_OFFSET = 36_525
"""The most days (about a hundred years) a pack may add to or take from a date fact."""


def day_range_problem(day: date) -> str | None:
    """Say why *day* is too near an end of the calendar to work with, or ``None`` if it is not."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return (
        f"{day.isoformat()} is too near an end of the calendar to work with: days must lie between "
        f"{FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"
    )


def shift_day(day: date, days: int) -> date:
    """Return *day* plus *days* days, stopping at ``date.min`` or ``date.max``.

    Stopping is exact for what is done with the result: the days compared
    with it lie between :data:`FIRST_DAY` and :data:`LAST_DAY`, so a shift past
    the calendar's end compares with them as the true (unwritable) day would.
    """
    try:
        return day + timedelta(days=days)
    except OverflowError:  # past an end, or more days than timedelta holds
        return date.max if days > 0 else date.min


def _iso_date(value: object) -> object:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string; refuse everything else."""
    if isinstance(value, datetime):
        raise PydanticCustomError(
            "iso_date",
            "expected a date as YYYY-MM-DD, not a date and time (got {got})",
            {"got": value.isoformat()},
        )
    day: date | None = None
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "iso_date", "{got} is not a real calendar date", {"got": short_repr(value)}
            ) from None
    if day is not None:
        problem = day_range_problem(day)
        if problem is not None:
            raise PydanticCustomError("iso_date", problem)
        return day
    raise PydanticCustomError(
        "iso_date", "expected a date as YYYY-MM-DD (got {got})", {"got": short_repr(value)}
    )


def as_day(value: object) -> date | None:
    """Return *value* as a day if it is a ``date`` or a ``YYYY-MM-DD`` string, else ``None``.

    A ``datetime`` is not a day, and neither is text in another ISO form
    (``20261118``, ``2026-W47-3``) that ``date.fromisoformat`` would read.
    """
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A calendar date given as ``YYYY-MM-DD`` or a :class:`datetime.date`."""
