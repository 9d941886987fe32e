"""Compiled conditions: operator semantics, absent facts, fact references and nesting."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from support.builders import TODAY, make_app
from support.conditions import holds, parse

from outreach_rules.language.compile import compile_condition
from outreach_rules.language.conditions import AllOf, AnyOf, Compare, Not
from outreach_rules.model.application import validate_application
from outreach_rules.model.facts import Facts
from outreach_rules.model.vocabulary import BUILT_IN


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


def test_empty_combinations_and_lone_items() -> None:
    """An empty all holds and an empty any does not; a combination of one item is that item."""
    assert compile_condition(AllOf(()))({}) is True
    assert compile_condition(AnyOf(()))({}) is False
    assert compile_condition(Not(AllOf(())))({}) is False
    lone = Compare("heard_back", "==", True)
    for combined in (AllOf((lone,)), AnyOf((lone,))):
        assert compile_condition(combined)({"heard_back": True}) is True
        assert compile_condition(combined)({"heard_back": False}) is False


def test_combinations_stop_at_the_first_answer() -> None:
    """all stops at the first failing test, any at the first that holds: later facts go unread."""
    read: list[str] = []

    class Facts(dict[str, Any]):
        def __getitem__(self, path: str) -> Any:
            read.append(path)
            return super().__getitem__(path)

    facts = Facts({"heard_back": False, "submitted": True})
    assert not holds_on(facts, "{all: [{heard_back: true}, {submitted: true}]}")
    assert read == ["heard_back"]
    read.clear()
    assert holds_on(facts, "{any: [{submitted: true}, {heard_back: true}]}")
    assert read == ["submitted"]


def holds_on(facts: Any, text: str) -> bool:
    """Evaluate the condition written in *text* on the mapping *facts*."""
    return compile_condition(parse(text))(facts)


# --- direct reads: what a pack's derived facts compile to --------------------------

_DIRECT_CASES = [
    "{heard_back: true}",
    "{heard_back: {'!=': true}}",
    "{company.industry: Retail}",
    "{company.industry: {'!=': Retail}}",
    "{company.industry: {present: true}}",
    "{company.industry: {present: false}}",
    "{company.industry: {in: [Retail, Banking]}}",
    "{company.industry: {not in: [Retail, Banking]}}",
    "{company.size: {in: [small]}}",
    "{submitted_on: {'>=': 2026-11-10}}",
    "{submitted_on: {'<': 2026-11-10}}",
    "{submitted_on: {present: false}}",
    "{candidate.schools: {contains: State University}}",
    "{history: {present: true}}",
    "{interview.kind: job}",
]


@pytest.mark.parametrize("condition", _DIRECT_CASES)
@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"heard_back": True, "company": {"name": "Acme", "industry": "Retail", "size": "small"}},
        {"company": {"name": "Acme", "industry": ""}, "candidate": {"name": "M", "schools": []}},
        {"submitted_on": None, "interview": {"kind": "job"}},
        {"submitted_on": "2026-11-01", "history": [{"on": "2026-11-02", "channel": "email"}]},
    ],
    ids=["example", "retail", "empty-texts-and-lists", "not-submitted", "earlier"],
)
def test_direct_reads_give_what_reads_through_the_facts_give(
    condition: str, changes: dict[str, Any]
) -> None:
    """A condition compiled with direct reads of the application's fields (as a pack's
    derived facts are) holds exactly when the same condition read through the facts holds:
    absent fields, empty texts and empty lists included."""
    app = validate_application(make_app(**changes))
    parsed = parse(condition)
    through = compile_condition(parsed)(Facts(app, TODAY))
    direct = compile_condition(parsed, BUILT_IN.reader)(Facts(app, TODAY))
    assert direct is through


def test_only_the_applications_own_fields_are_read_directly() -> None:
    """Derived facts, settings and custom facts keep going through the decision's cache."""
    assert BUILT_IN.reader("heard_back") is not None
    assert BUILT_IN.reader("company.industry") is not None
    assert BUILT_IN.reader("days_since_submission") is None  # derived: computed once
    assert BUILT_IN.reader("no.such.fact") is None
