"""Where a condition on one fact holds, worked out from its literals, is where it holds."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_rules.language.compile import compile_condition
from outreach_rules.language.conditions import AllOf, AnyOf, Compare, Condition, Not
from outreach_rules.packs.classes import Axis, Budget, OverBudget

INTS = (-2, 0, 1, 3, 4, 9)
TEXTS = ("", "a", "b", "\x00")


def _leaf(path: str, pool: tuple[Any, ...], ordered: bool) -> st.SearchStrategy[Condition]:
    ops = ("==", "!=", "in", "not in", "present") + (("<", "<=", ">", ">=") if ordered else ())

    def build(op: str, value: Any, values: list[Any], flag: bool) -> Condition:
        if op == "present":
            return Compare(path, op, flag)
        if op in ("in", "not in"):
            return Compare(path, op, tuple(values))
        return Compare(path, op, value)

    return st.builds(
        build,
        st.sampled_from(ops),
        st.sampled_from(pool),
        st.lists(st.sampled_from(pool), min_size=1, max_size=4),
        st.booleans(),
    )


def _conditions(path: str, pool: tuple[Any, ...], ordered: bool) -> st.SearchStrategy[Condition]:
    return st.recursive(
        _leaf(path, pool, ordered),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda items: AllOf(tuple(items))),
            st.lists(inner, max_size=4).map(lambda items: AnyOf(tuple(items))),
            inner.map(Not),
        ),
        max_leaves=12,
    )


def _holds_where(axis: Axis, condition: Condition, value: Any, position: int | None) -> None:
    absent, bounds = axis.truth(condition)
    test = compile_condition(condition)
    if position is None:
        assert absent is test({"f": None})
        return
    inside = any(a <= position < b for a, b in zip(bounds[::2], bounds[1::2], strict=True))
    assert inside is test({"f": value}), (condition, value)


@settings(max_examples=300, deadline=None)
@given(_conditions("f", INTS, ordered=True), st.integers(-4, 11))
def test_numbers_hold_on_the_classes_of_their_values(condition: Condition, value: int) -> None:
    """For every number (literal, gap, past the ends) and absence, the truth agrees."""
    literals = {v for c in _compares(condition) if c.op != "present" for v in _values(c)}
    axis = Axis("int", literals, Budget(None))
    points = axis.points
    position = 2 * sum(p < value for p in points) + (1 if value in points else 0)
    _holds_where(axis, condition, value, position)
    _holds_where(axis, condition, None, None)


@settings(max_examples=200, deadline=None)
@given(_conditions("f", TEXTS, ordered=False), st.sampled_from((*TEXTS, "other")))
def test_texts_hold_on_the_classes_of_their_values(condition: Condition, value: str) -> None:
    """For every literal text, any other text, and absence, the truth agrees."""
    literals = {v for c in _compares(condition) if c.op != "present" for v in _values(c)}
    axis = Axis("str", literals, Budget(None))
    position = axis.position.get(value, axis.size - 1)
    _holds_where(axis, condition, value, position)


def _compares(condition: Condition) -> list[Compare]:
    if isinstance(condition, Compare):
        return [condition]
    if isinstance(condition, Not):
        return _compares(condition.item)
    return [c for item in condition.items for c in _compares(item)]


def _values(compare: Compare) -> tuple[Any, ...]:
    return compare.value if isinstance(compare.value, tuple) else (compare.value,)


def test_dates_at_the_ends_of_the_calendar_have_classes() -> None:
    """The first and last days are literals like any other; nothing is shifted past them."""
    axis = Axis("date", {date.min, date.max}, Budget(None))
    absent, bounds = axis.truth(Compare("f", ">", date.min))
    assert (absent, bounds) == (False, [2, 5])
    assert axis.truth(Compare("f", "<=", date.min + timedelta(0))) == (False, [0, 2])


def test_spending_past_the_budget_names_the_fact() -> None:
    """A budget counts every step and raises OverBudget, naming the fact, once it is passed."""
    budget = Budget(10)
    budget.path = "days_since_submission"
    axis = Axis("int", range(4), budget)  # 9 classes: 9 steps
    assert budget.spent == 9
    with pytest.raises(OverBudget) as caught:
        axis.truth(Compare("f", "in", tuple(range(4))))
    assert caught.value.path == "days_since_submission"
    assert caught.value.budget == 10
