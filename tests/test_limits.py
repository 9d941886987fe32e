"""Limits: values, not settings; each a whole number of at least 1."""

from __future__ import annotations

import pytest

from outreach_rules import DEFAULT_LIMITS, Limits


@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "10"])
def test_limits_must_be_positive_whole_numbers(bad: object) -> None:
    """Limits refuses values that would disable or confuse a check."""
    with pytest.raises(ValueError, match=r"Limits\.max_rules must be a whole number"):
        Limits(max_rules=bad)  # type: ignore[arg-type]


def test_limits_are_immutable_values() -> None:
    """Limits cannot be changed in place: there is no global setting to tamper with."""
    with pytest.raises(AttributeError):
        DEFAULT_LIMITS.max_rules = 1  # type: ignore[misc]
