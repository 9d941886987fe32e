"""The condition language: operator semantics, absent facts, nesting and static analysis."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from outreach_rules._yaml.reader import parse_yaml
from outreach_rules.errors import PackError, Site
from outreach_rules.language.algebra import establishes, reads
from outreach_rules.language.compile import compile_condition
from outreach_rules.language.conditions import (
    ALWAYS,
    AllOf,
    AnyOf,
    Compare,
    FactRef,
    Not,
    parse_condition,
)

SITE = Site("test.yaml", "r")


def parse(text: str) -> Any:
    return parse_condition(parse_yaml(text), SITE, None)


def holds(text: str, **facts: Any) -> bool:
    """Evaluate the condition in *text* over *facts* (dotted paths given with '__')."""
    values = {k.replace("__", "."): v for k, v in facts.items()}
    return compile_condition(parse(text))(values)


@pytest.mark.parametrize(
    ("condition", "value", "expected"),
    [
        ("{days_since_submission: 7}", 7, True),
        ("{days_since_submission: 7}", 8, False),
        ("{days_since_submission: {'!=': 7}}", 8, True),
        ("{days_since_submission: {'<': 7}}", 6, True),
        ("{days_since_submission: {'<': 7}}", 7, False),
        ("{days_since_submission: {'<=': 7}}", 7, True),
        ("{days_since_submission: {'>': 7}}", 7, False),
        ("{days_since_submission: {'>=': 7}}", 7, True),
        ("{days_since_submission: {'>=': 7, '<=': 10}}", 10, True),
        ("{days_since_submission: {'>=': 7, '<=': 10}}", 11, False),
        ("{days_since_submission: {in: [1, 2]}}", 2, True),
        ("{days_since_submission: {not in: [1, 2]}}", 2, False),
    ],
)
def test_comparison_operators(condition: str, value: int, expected: bool) -> None:
    """Each operator compares the fact's value with the literal as documented."""
    assert holds(condition, days_since_submission=value) is expected


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("{days_since_submission: 7}", False),
        ("{days_since_submission: {'!=': 7}}", True),
        ("{days_since_submission: {'<': 7}}", False),
        ("{days_since_submission: {'>=': 7}}", False),
        ("{days_since_submission: {in: [7]}}", False),
        ("{days_since_submission: {not in: [7]}}", True),
        ("{days_since_submission: {present: true}}", False),
        ("{days_since_submission: {present: false}}", True),
        ("{not: {days_since_submission: {'<': 7}}}", True),
    ],
)
def test_absent_facts(condition: str, expected: bool) -> None:
    """An absent fact satisfies only !=, not in, present: false (and negations)."""
    assert holds(condition, days_since_submission=None) is expected


def test_enum_bool_and_list_operators() -> None:
    """Enums compare by value, bools by ==, lists by contains."""
    assert holds("{company.size: small}", company__size="small")
    assert not holds("{company.size: {in: [small, medium]}}", company__size="large")
    assert holds("{heard_back: false}", heard_back=False)
    assert not holds("{heard_back: false}", heard_back=None)
    assert holds("{candidate.schools: {contains: State U}}", candidate__schools=("State U",))
    assert not holds("{candidate.schools: {contains: State U}}", candidate__schools=None)


def test_dates_and_fact_references() -> None:
    """Date literals, and comparisons with another date fact shifted by days."""
    assert holds("{today: {'>=': 2026-11-25}}", today=date(2026, 11, 25))
    assert holds("{today: {'>=': '2026-11-25'}}", today=date(2026, 11, 26))
    cond = "{today: {'>=': {fact: submitted_on, days: 7}}}"
    assert holds(cond, today=date(2026, 11, 25), submitted_on=date(2026, 11, 18))
    assert not holds(cond, today=date(2026, 11, 24), submitted_on=date(2026, 11, 18))
    assert not holds(cond, today=date(2026, 11, 24), submitted_on=None)
    assert holds(
        "{today: {'!=': {fact: submitted_on}}}", today=date(2026, 11, 24), submitted_on=None
    )


def test_nesting_all_any_not_and_lists() -> None:
    """all/any/not nest; a mapping of several facts and a list both mean all."""
    cond = """
    all:
      - submitted: true
      - any:
          - company.size: small
          - company.family_run: true
      - not: {company.size: large}
    """
    base = {"submitted": True, "company__size": "medium", "company__family_run": True}
    assert holds(cond, **base)
    assert not holds(cond, **{**base, "company__family_run": False})
    assert not holds(cond, **{**base, "company__size": "large"})
    several = "{submitted: true, heard_back: false}"
    assert holds(several, submitted=True, heard_back=False)
    assert not holds(several, submitted=True, heard_back=True)
    assert holds("[{submitted: true}, {heard_back: false}]", submitted=True, heard_back=False)


def test_parse_tree_shape() -> None:
    """Conditions parse into a small frozen tree that tools can analyse."""
    tree = parse(
        "{all: [{submitted: true}, {not: {heard_back: true}},"
        " {any: [{today: {'<': {fact: follow_up_due_on}}}]}]}"
    )
    assert isinstance(tree, AllOf)
    first, second, third = tree.items
    assert first == Compare("submitted", "==", True, None, None)
    assert isinstance(second, Not)
    assert isinstance(third, AnyOf)
    inner = third.items[0]
    assert isinstance(inner, Compare)
    assert inner.value == FactRef("follow_up_due_on", 0)
    assert reads(tree) == ("submitted", "heard_back", "today", "follow_up_due_on")


def test_establishes_presence() -> None:
    """Static analysis proves which optional facts are present whenever a condition holds."""
    assert "posting.recruiter.phone" in establishes(parse("{recruiter_has_phone: true}"))
    assert "submitted_on" in establishes(parse("{days_since_submission: {'>=': 7}}"))
    assert establishes(parse("{days_since_submission: {'!=': 7}}")) == frozenset()
    assert establishes(parse("{not: {posting: {present: false}}}")) == frozenset()
    either = parse("{any: [{has_recruiter: true}, {posting.title: x}]}")
    assert establishes(either) == frozenset({"posting"})
    assert establishes(ALWAYS) == frozenset()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{all: [], }", "bad-condition"),
        ("{all: [{submitted: true}], heard_back: true}", "bad-condition"),
        ("{}", "bad-condition"),
        ("[]", "bad-condition"),
        ("5", "bad-condition"),
        ("{'>=': 7}", "unknown-fact"),
        ("{submitted: {}}", "bad-condition"),
        ("{today: {'>': {fact: days_since_submission}}}", "bad-value"),
        ("{days_since_submission: {'>': {fact: contact_count, days: 2}}}", "bad-value"),
        ("{today: {'>': {fact: submitted_on, weeks: 1}}}", "bad-value"),
        ("{contacts: {contains: Lee}}", "bad-operator"),
        ("{posting: {'==': x}}", "bad-operator"),
    ],
)
def test_malformed_conditions(text: str, code: str) -> None:
    """Malformed conditions raise PackError with a stable code."""
    with pytest.raises(PackError) as info:
        parse(text)
    assert info.value.code == code


def test_combinator_must_be_alone_hint() -> None:
    """Mixing 'all' with fact tests in one mapping suggests wrapping them in a list."""
    with pytest.raises(PackError) as info:
        parse("{all: [{submitted: true}], heard_back: true}")
    assert info.value.hint == "wrap them in 'all:' as a list"
