"""The algebra of conditions: what they read, what they prove, their negation and expansion."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from support.conditions import parse

from outreach_rules import FACT_SPECS
from outreach_rules.language.algebra import (
    MAX_DISJUNCTS,
    compares,
    disjuncts,
    establishes,
    negate,
    negated_compare,
    reads,
)
from outreach_rules.language.compile import compile_condition
from outreach_rules.language.conditions import (
    ALWAYS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    FactRef,
    Not,
)
from outreach_rules.language.operators import OPERATOR_TABLE, operators_for


def test_establishes_presence() -> None:
    """Static analysis proves which optional facts are present whenever a condition holds."""
    assert "posting.recruiter.phone" in establishes(parse("{recruiter_has_phone: true}"))
    assert "submitted_on" in establishes(parse("{days_since_submission: {'>=': 7}}"))
    assert establishes(parse("{days_since_submission: {'!=': 7}}")) == frozenset()
    assert establishes(parse("{not: {posting: {present: false}}}")) == frozenset()
    either = parse("{any: [{has_recruiter: true}, {posting.title: x}]}")
    assert establishes(either) == frozenset({"posting"})
    assert establishes(ALWAYS) == frozenset()


DAY = date(2026, 11, 26)
# Facts of every type, nullable or not, each with values that meet the literals below.
POOLS: dict[str, st.SearchStrategy[Any]] = {
    "days_since_submission": st.integers(5, 9),
    "contact_count": st.integers(0, 2),
    "heard_back": st.booleans(),
    "company.size": st.sampled_from(["small", "medium", "large"]),
    "posting.title": st.sampled_from(["clerk", "pm"]),
    "submitted_on": st.integers(-2, 2).map(lambda n: DAY + timedelta(days=n)),
    "today": st.just(DAY),
    "candidate.schools": st.lists(st.sampled_from(["State U", "Tech"]), max_size=2).map(tuple),
    "posting": st.just({"title": "clerk"}),
}
# Comparisons with another fact refer to facts that are always there and to facts that
# may be absent: when the other fact is absent, the comparison fails and its negation
# must hold (a regression: negate used to leave that case out).
REFERENCES = {"int": ["contact_count", "days_since_submission"], "date": ["today", "submitted_on"]}


@st.composite
def leaves(draw: st.DrawFn) -> Compare:
    """One test of one fact of POOLS, with an operator that applies to it."""
    path = draw(st.sampled_from(sorted(POOLS)))
    spec = FACT_SPECS[path]
    op = draw(st.sampled_from(operators_for(spec.type, spec.item_type)))
    operator = OPERATOR_TABLE[op]
    if operator.operand == "flag":
        return Compare(path, op, draw(st.booleans()))
    if operator.operand == "item":
        return Compare(path, op, draw(st.sampled_from(["State U", "Tech"])))
    if operator.operand == "values":
        return Compare(path, op, tuple(draw(st.lists(POOLS[path], min_size=1, max_size=2))))
    if spec.type in REFERENCES and draw(st.integers(0, 3)) == 0:
        ref = FactRef(draw(st.sampled_from(REFERENCES[spec.type])), draw(st.sampled_from([0, 1])))
        return Compare(path, op, ref if spec.type == "date" else FactRef(ref.path))
    return Compare(path, op, draw(POOLS[path]))


conditions = st.recursive(
    leaves(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: AllOf(tuple(items))),
        st.lists(inner, max_size=3).map(lambda items: AnyOf(tuple(items))),
        inner.map(Not),
    ),
    max_leaves=8,
)


@st.composite
def fact_values(draw: st.DrawFn) -> dict[str, Any]:
    """A value for each fact of POOLS; absent (None) only for the facts that may be absent."""
    return {
        path: draw(st.none() | pool if FACT_SPECS[path].nullable else pool)
        for path, pool in POOLS.items()
    }


@settings(max_examples=300, deadline=None)
@given(conditions, fact_values())
def test_negate_is_a_complement(condition: Condition, facts: dict[str, Any]) -> None:
    """negate(c) holds exactly when c does not, on any facts, absent ones included."""
    negated = negate(condition)
    assert compile_condition(negated)(facts) is not compile_condition(condition)(facts)
    assert negate(Not(condition)) == condition


@settings(max_examples=200, deadline=None)
@given(conditions, fact_values())
def test_disjuncts_hold_exactly_when_the_condition_does(
    condition: Condition, facts: dict[str, Any]
) -> None:
    """A condition holds when one of its alternatives holds, each a conjunction of its items."""
    alternatives = disjuncts(condition)
    assume(alternatives is not None)
    assert alternatives is not None
    assert len(alternatives) <= MAX_DISJUNCTS
    assert all(not isinstance(item, AllOf | AnyOf) for option in alternatives for item in option)
    some = any(all(compile_condition(item)(facts) for item in option) for option in alternatives)
    assert some is compile_condition(condition)(facts)


def test_negating_pushes_not_inwards() -> None:
    """not over all becomes any of the negations; a nullable fact's test admits its absence."""
    condition = parse("{all: [{heard_back: true}, {days_since_submission: {'>=': 7}}]}")
    assert negate(condition) == AnyOf(
        (
            Compare("heard_back", "!=", True),
            AnyOf(
                (
                    Compare("days_since_submission", "<", 7),
                    Compare("days_since_submission", "present", False),
                )
            ),
        )
    )
    contains = parse("{candidate.schools: {contains: Tech}}")
    assert negate(contains) == Not(contains)
    assert negated_compare(Compare("posting", "present", True)) == Compare(
        "posting", "present", False
    )
    assert negated_compare(Compare("candidate.schools", "contains", "x")) is None


def test_reads_lists_each_fact_once_in_order_references_included() -> None:
    """reads gives every fact path a condition reads, first appearance first, references too."""
    condition = parse(
        "{any: [{heard_back: true}, {today: {'>': {fact: submitted_on, days: 7}}},"
        " {not: {heard_back: false}}, {submitted_on: {present: true}}]}"
    )
    assert reads(condition) == ("heard_back", "today", "submitted_on")
    assert [c.path for c in compares(condition)] == [
        "heard_back",
        "today",
        "heard_back",
        "submitted_on",
    ]
    assert reads(ALWAYS) == ()


def test_disjuncts_past_the_cap_are_not_listed() -> None:
    """More than MAX_DISJUNCTS alternatives: None, not a cut list (what is cut might hold).

    Regression (issue 16): the product was built, then cut; reused by aliases, a
    256-way ``any`` made lint run for minutes, and a cut list could make lint
    call a condition that holds impossible.
    """
    pair = "{any: [{heard_back: true}, {heard_back: false}]}"
    assert len(disjuncts(parse("{all: [" + ", ".join([pair] * 8) + "]}")) or ()) == 256
    wide = parse("{all: [" + ", ".join([pair] * 10) + "]}")
    assert disjuncts(wide) is None
    spent: list[int] = []
    assert disjuncts(wide, spend=spent.append) is None
    assert sum(spent) < 100  # stopped at the first product past the cap, before making it
    opaque = parse("{not: {candidate.schools: {contains: Tech}}}")
    assert disjuncts(opaque) == [(opaque,)]


def test_negating_a_comparison_with_an_absent_fact_holds() -> None:
    """Regression: with the other fact absent, a comparison fails and its negation holds.

    ``today >= submitted_on + 7 days`` with no submission is false, so its
    negation must be true; negate used to give ``today < submitted_on + 7``,
    false too.
    """
    condition = Compare("today", ">=", FactRef("submitted_on", 7))
    facts = {"today": DAY, "submitted_on": None}
    assert compile_condition(condition)(facts) is False
    assert compile_condition(negate(condition))(facts) is True
