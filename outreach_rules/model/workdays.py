"""Working days: the days a candidate can call, visit or send a follow-up.

A :class:`WorkingDays` says which weekdays are the weekend and which days are
holidays; :meth:`WorkingDays.next_working_day` moves a day forward to the
first working day. :func:`working_days` builds one from a pack's settings
(``weekend``; absent settings mean Saturday and Sunday), so every part of the
library that dates an action (decisions, plans, agendas) agrees on the
calendar.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

__all__ = ["WEEKDAYS", "WorkingDays", "working_days"]

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday names as settings give them, Monday first (``date.weekday()`` order)."""

# A week of weekend plus a run of holidays: no calendar has more days off in a
# row than this, so a longer search means the calendar has no working day.
_MAX_DAYS_OFF = 366


@dataclass(frozen=True)
class WorkingDays:
    """Which days are working days: neither in ``weekend`` (weekday numbers) nor in ``holidays``."""

    weekend: frozenset[int] = frozenset({5, 6})
    holidays: Container[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if len(self.weekend) >= len(WEEKDAYS):
            raise ValueError("a week must keep at least one working day (weekend has all seven)")

    def is_working_day(self, day: date) -> bool:
        """Whether *day* is a working day."""
        return day.weekday() not in self.weekend and day not in self.holidays

    def next_working_day(self, day: date) -> date:
        """Return *day* if it is a working day, else the first working day after it.

        Stops at ``date.max``, and after a year of days off (a calendar that
        lists every day as a holiday) returns the day it reached.
        """
        for _ in range(_MAX_DAYS_OFF):
            if self.is_working_day(day) or day == date.max:
                return day
            day += timedelta(days=1)
        return day


def working_days(settings: Mapping[str, Any]) -> WorkingDays:
    """Build the working days a pack's *settings* describe (``weekend``: weekday names)."""
    weekend = settings.get("weekend")
    if weekend is None:
        return WorkingDays()
    return WorkingDays(weekend=frozenset(WEEKDAYS.index(name) for name in weekend))
