"""Limits: values, not settings; each a whole number of at least 1."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from support.builders import minimal_app

from outreach_rules import (
    DEFAULT_LIMITS,
    ApplicationError,
    Limits,
    Pack,
    PackError,
    explain,
    load_pack_text,
    next_action,
    plan,
    why_not,
)
from outreach_rules.limits import MAX_DEPTH
from outreach_rules.packs.lint import lint_pack


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
    """1 is the smallest limit allowed, and a limit may be raised far above its default
    (max_depth only to MAX_DEPTH, past which Python's stack would run out)."""
    assert getattr(Limits(**{field: 1}), field) == 1
    large = MAX_DEPTH if field == "max_depth" else 10**12
    assert getattr(Limits(**{field: large}), field) == large


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
    }


def test_limits_are_compared_and_hashed_by_value() -> None:
    """Two Limits with the same values are equal and hash alike (packs are cached by them)."""
    assert Limits(max_rules=5) == Limits(max_rules=5) != Limits(max_rules=6)
    assert hash(Limits(max_rules=5)) == hash(Limits(max_rules=5))
    assert dataclasses.replace(DEFAULT_LIMITS, max_depth=8).max_depth == 8


def test_the_depth_limit_cannot_be_raised_past_what_python_s_stack_holds() -> None:
    """Limits(max_depth=...) above MAX_DEPTH used to end in a RecursionError; it is refused."""
    with pytest.raises(ValueError, match=r"Limits\.max_depth must be at most 200"):
        Limits(max_depth=201)
    assert Limits(max_depth=MAX_DEPTH).max_depth == 200


def _deepest(make: Callable[[int], str], limits: Limits) -> Pack:
    """The pack *make* writes with the deepest nesting *limits* allow."""
    for n in range(limits.max_depth, 0, -1):
        try:
            return load_pack_text(make(n), limits=limits)
        except PackError as error:
            if "levels deep" not in error.problem:
                raise
    raise AssertionError("nothing loads")


def _rule(condition: str) -> str:
    return (
        "name: deep\nextends: default\nrules:\n"
        f"- {{id: r, when: {condition}, then: {{action: wait}}, because: x,"
        " source: {house_default: t}}\n"
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda n: _rule("{not: " * n + "{heard_back: true}" + "}" * n),
        lambda n: _rule("{all: [" * n + "{heard_back: true}" + "]}" * n),
        lambda n: _rule("{any: [{heard_back: false}, " * n + "{heard_back: true}" + "]}" * n),
        lambda n: (
            "name: deep\nderived:\n  n: {type: int, value: "
            + "{add: [" * n
            + "1"
            + ", 1]}" * n
            + "}\nrules: []\n"
        ),
    ],
    ids=["not", "all", "any", "add"],
)
def test_the_deepest_pack_the_highest_depth_limit_allows_decides_and_explains(
    make: Callable[[int], str],
) -> None:
    """At Limits(max_depth=MAX_DEPTH), the deepest condition or expression loads, decides,
    explains, plans and lints without a RecursionError."""
    pack = _deepest(make, Limits(max_depth=MAX_DEPTH))
    app = minimal_app()
    decision = next_action(app, today="2026-11-26", pack=pack)
    explain(app, today="2026-11-26", pack=pack).text()
    why_not(app, "wait", today="2026-11-26", pack=pack).text()
    plan(app, today="2026-11-26", pack=pack, horizon_days=3)
    lint_pack(pack)
    assert decision.pack == pack.name


def test_meta_nested_thousands_deep_is_an_application_error() -> None:
    """A meta mapping given in Python, nested past the recursion limit, is refused in words."""
    meta: dict[str, object] = {}
    inner = meta
    for _ in range(5_000):
        inner["a"] = {}
        inner = inner["a"]  # type: ignore[assignment]
    with pytest.raises(ApplicationError, match="meta is nested too deeply"):
        next_action({**minimal_app(), "meta": meta}, today="2026-11-26")
