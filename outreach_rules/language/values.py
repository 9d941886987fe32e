"""Typed values a pack declares: what a setting or a custom fact may hold, checked one way.

A setting's default, a new default in an extending pack, a value given for one
call (``settings={...}``, ``--set NAME=VALUE``) and a custom fact in an
application are all checked here, against a :class:`ValueSpec`: the type, the
choices, the bounds. A value that does not fit raises :class:`BadValue`, whose
message names what is wrong and what would fit; the callers turn it into a
:class:`~outreach_rules.errors.PackError` or an
:class:`~outreach_rules.errors.ApplicationError` with the field's path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import did_you_mean, short_repr
from ..model.dates import as_day
from ..model.derived import FactType
from .operators import TYPE_WORDS

__all__ = ["MAX_ITEMS", "MAX_TEXT", "BadValue", "ValueSpec"]

MAX_TEXT = 2_000
"""The most characters of one text value of a setting or a custom fact."""

MAX_ITEMS = 100
"""The most items of one list value of a setting or a custom fact."""


class BadValue(ValueError):
    """A value does not fit its declaration; the message says why (and a did-you-mean)."""


@dataclass(frozen=True, slots=True)
class ValueSpec:
    """The type of a setting's or a custom fact's values.

    Attributes:
        type: ``bool``, ``int``, ``str``, ``enum``, ``date`` or ``list`` (of text).
        choices: the values of an ``enum``, or the values a ``list`` may hold.
        minimum: the smallest ``int`` or ``date`` allowed, if any.
        maximum: the largest ``int`` or ``date`` allowed, if any.
    """

    type: FactType
    choices: tuple[str, ...] = ()
    minimum: int | date | None = None
    maximum: int | date | None = None

    @property
    def item_type(self) -> FactType | None:
        """For a list, the type of its items: ``enum`` with choices, else ``str``."""
        if self.type != "list":
            return None
        return "enum" if self.choices else "str"

    def words(self) -> str:
        """What a value must be, for people: ``a whole number from 1 to 60``."""
        text = TYPE_WORDS[self.type]
        if self.type == "enum":
            text = f"one of: {', '.join(self.choices)}"
        elif self.type == "list" and self.choices:
            text = f"a list of: {', '.join(self.choices)}"
        if self.minimum is not None and self.maximum is not None:
            text += f" from {_shown(self.minimum)} to {_shown(self.maximum)}"
        elif self.minimum is not None:
            text += f" of at least {_shown(self.minimum)}"
        elif self.maximum is not None:
            text += f" of at most {_shown(self.maximum)}"
        return text

    def check(self, value: Any) -> Any:
        """Return *value* as this type holds it (a date for ``YYYY-MM-DD``, a tuple for a list).

        Raises:
            BadValue: it does not fit; the message says what would.
        """
        kind = self.type
        if kind == "bool" and isinstance(value, bool):
            return value
        if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
            return self._bounded(value)
        if kind == "date" and not isinstance(value, bool):
            day = as_day(value)
            if day is not None:
                return self._bounded(day)
        if kind in ("str", "enum") and isinstance(value, str):
            return self._text(value)
        if kind == "list" and isinstance(value, Sequence) and not isinstance(value, str):
            if len(value) > MAX_ITEMS:
                raise BadValue(f"a list of {len(value):,} items; at most {MAX_ITEMS} are allowed")
            if not all(isinstance(item, str) for item in value):
                raise BadValue(f"a list must hold text only (got {short_repr(list(value))})")
            return tuple(self._text(item) for item in value)
        raise BadValue(f"expected {self.words()} (got {short_repr(value)})")

    def _text(self, value: str) -> str:
        if len(value) > MAX_TEXT:
            raise BadValue(f"a text of {len(value):,} characters; the limit is {MAX_TEXT:,}")
        if self.choices and value not in self.choices:
            guess = did_you_mean(value, self.choices)
            message = f"{short_repr(value)} is not one of: {', '.join(self.choices)}"
            raise BadValue(message + (f"; did you mean {guess!r}?" if guess else ""))
        return value

    def _bounded(self, value: Any) -> Any:
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise BadValue(f"expected {self.words()} (got {_shown(value)})")
        return value


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
