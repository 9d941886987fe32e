"""Days as applications and packs give them: ``YYYY-MM-DD`` text or a ``date``, never a time."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from ..errors import short_repr

__all__ = ["IsoDate", "as_day"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string; refuse everything else."""
    if isinstance(value, datetime):
        raise PydanticCustomError(
            "iso_date",
            "expected a date as YYYY-MM-DD, not a date and time (got {got})",
            {"got": value.isoformat()},
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        raise PydanticCustomError(
            "iso_date", "{got} is not a real calendar date", {"got": short_repr(value)}
        )
    raise PydanticCustomError(
        "iso_date", "expected a date as YYYY-MM-DD (got {got})", {"got": short_repr(value)}
    )


def as_day(value: object) -> date | None:
    """Return *value* as a day if it is a ``date`` or a ``YYYY-MM-DD`` string, else ``None``.

    A ``datetime`` is not a day.
    """
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A calendar date given as ``YYYY-MM-DD`` or a :class:`datetime.date`."""
