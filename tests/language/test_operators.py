"""The operator table: each operator's meaning, on values that are there and on absent ones."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach_rules import FACT_SPECS
from outreach_rules.language.operators import (
    ALIASES,
    OPERATOR_TABLE,
    OPERATORS,
    OPERATORS_BY_TYPE,
    TYPE_WORDS,
    operators_for,
)

DAY = date(2026, 11, 26)
# Values of each type, and operands drawn from the same small pools so that they meet.
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "bool": st.booleans(),
    "int": st.integers(-2, 3),
    "date": st.integers(-2, 3).map(lambda n: DAY + timedelta(days=n)),
    "str": st.sampled_from(["", "a", "b", "Acme Corp"]),
    "enum": st.sampled_from(["small", "medium", "large"]),
}


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, Any, Any]:
    """An operator, a value of a type it applies to (or None: absent), and an operand."""
    symbol = draw(st.sampled_from(OPERATORS))
    op = OPERATOR_TABLE[symbol]
    kind = draw(st.sampled_from(sorted(op.types & {*VALUES, "list", "object"})))
    if kind == "list":
        value = draw(st.none() | st.lists(VALUES["str"], max_size=3).map(tuple))
    elif kind == "object":
        value = draw(st.none() | st.just({"name": "x"}))
    else:
        value = draw(st.none() | VALUES[kind])
    if op.operand == "flag":
        operand: Any = draw(st.booleans())
    elif op.operand == "values":
        operand = tuple(draw(st.lists(VALUES[kind], min_size=1, max_size=3)))
    elif op.operand == "item":
        operand = draw(VALUES["str"])
    else:
        operand = draw(VALUES[kind])
    return symbol, value, operand


@given(cases())
def test_holds_agrees_with_the_compiled_test(case: tuple[str, Any, Any]) -> None:
    """Each operator's compiled test gives what holds gives, on present and absent values."""
    symbol, value, operand = case
    op = OPERATOR_TABLE[symbol]
    assert op.compile("f", operand)({"f": value}) is op.holds(value, operand)


@given(cases())
def test_negation_is_the_complement_on_present_values(case: tuple[str, Any, Any]) -> None:
    """An operator's negation holds exactly when it does not, on a value that is there."""
    symbol, value, operand = case
    op = OPERATOR_TABLE[symbol]
    if op.negation is None or value is None:
        return
    assert OPERATOR_TABLE[op.negation].holds(value, operand) is not op.holds(value, operand)


@pytest.mark.parametrize("symbol", [s for s in OPERATORS if OPERATOR_TABLE[s].negation])
def test_negations_pair_up(symbol: str) -> None:
    """Negation is symmetric and keeps the types and the operand of the operator it negates."""
    op = OPERATOR_TABLE[symbol]
    negation = OPERATOR_TABLE[op.negation or ""]
    assert negation.negation == symbol
    assert (negation.types, negation.operand) == (op.types, op.operand)


@pytest.mark.parametrize(
    ("symbol", "operand", "absent"),
    [
        ("==", 7, False),
        ("!=", 7, True),
        ("<", 7, False),
        ("<=", 7, False),
        (">", 7, False),
        (">=", 7, False),
        ("in", (7,), False),
        ("not in", (7,), True),
        ("contains", "x", False),
        ("present", True, False),
        ("present", False, True),
    ],
)
def test_an_absent_fact_satisfies_only_not_equal_not_in_and_present_false(
    symbol: str, operand: Any, absent: bool
) -> None:
    """On an absent fact only !=, not in and present: false hold; holding proves nothing else."""
    op = OPERATOR_TABLE[symbol]
    assert op.holds(None, operand) is absent
    assert op.on_absent(operand) is absent
    assert op.proves_presence(operand) is not absent


def test_operators_by_type_keep_the_table_s_order() -> None:
    """Each type lists the operators that apply to it, in the documented order."""
    ordered = ("==", "!=", "<", "<=", ">", ">=", "in", "not in", "present")
    assert OPERATORS == ("==", "!=", "<", "<=", ">", ">=", "in", "not in", "contains", "present")
    assert dict(OPERATORS_BY_TYPE) == {
        "bool": ("==", "!=", "present"),
        "int": ordered,
        "date": ordered,
        "str": ("==", "!=", "in", "not in", "present"),
        "enum": ("==", "!=", "in", "not in", "present"),
        "list": ("contains", "present"),
        "object": ("present",),
    }
    assert set(TYPE_WORDS) == set(OPERATORS_BY_TYPE)


def test_a_list_of_groups_takes_only_present() -> None:
    """contacts and history are lists of groups: only present applies, not contains."""
    assert operators_for("list", "object") == ("present",)
    assert operators_for("list", "str") == ("contains", "present")
    for path in ("contacts", "history", "interview.with"):
        spec = FACT_SPECS[path]
        assert operators_for(spec.type, spec.item_type) == ("present",)


def test_aliases_lead_to_operators() -> None:
    """Every alias names an operator of the table, and no alias is itself an operator."""
    assert set(ALIASES.values()) <= set(OPERATORS)
    assert not set(ALIASES) & set(OPERATORS)


def test_durable_forms_are_distinct_and_only_for_plain_comparisons() -> None:
    """The six plain comparisons have a durable_rules operator each; the others have none."""
    forms = {s: op.durable for s, op in OPERATOR_TABLE.items() if op.durable}
    assert forms == {"==": "$eq", "!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
