"""Limits: values, not settings; each a whole number of at least 1."""

from __future__ import annotations

import dataclasses

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


FIELDS = [f.name for f in dataclasses.fields(Limits)]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("bad", [0, -5, False, True, 1.0, "3", None])
def test_every_limit_refuses_what_is_not_a_whole_number_of_at_least_1(
    field: str, bad: object
) -> None:
    """Each limit refuses 0, negatives, booleans, floats, text and None, naming itself."""
    with pytest.raises(ValueError, match=rf"^Limits\.{field} must be a whole number of at least 1"):
        Limits(**{field: bad})  # type: ignore[arg-type]


@pytest.mark.parametrize("field", FIELDS)
def test_every_limit_takes_1_and_large_numbers(field: str) -> None:
    """1 is the smallest limit allowed, and a limit may be raised far above its default."""
    assert getattr(Limits(**{field: 1}), field) == 1
    assert getattr(Limits(**{field: 10**12}), field) == 10**12


def test_default_limits_are_the_documented_values() -> None:
    """DEFAULT_LIMITS is Limits(), with the defaults docs/pack-language.md lists."""
    assert Limits() == DEFAULT_LIMITS
    assert dataclasses.asdict(DEFAULT_LIMITS) == {
        "max_pack_bytes": 2_000_000,
        "max_application_bytes": 1_000_000,
        "max_rules": 10_000,
        "max_nodes": 1_000_000,
        "max_depth": 64,
        "max_string": 20_000,
        "max_extends_depth": 16,
        "max_meta_bytes": 4_096,
        "max_item_tests": 256,
        "max_match_work": 5_000_000,
        "max_lint_work": 2_000_000,
    }


def test_limits_are_compared_and_hashed_by_value() -> None:
    """Two Limits with the same values are equal and hash alike (packs are cached by them)."""
    assert Limits(max_rules=5) == Limits(max_rules=5) != Limits(max_rules=6)
    assert hash(Limits(max_rules=5)) == hash(Limits(max_rules=5))
    assert dataclasses.replace(DEFAULT_LIMITS, max_depth=8).max_depth == 8
