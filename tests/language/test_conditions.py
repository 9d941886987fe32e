"""Conditions: the YAML of a rule's `when`, parsed into a checked tree, or a PackError."""

from __future__ import annotations

from datetime import date

import pytest
from support.conditions import parse
from support.packs import one_rule, pack_error

from outreach_rules import PackError
from outreach_rules.errors import Site
from outreach_rules.language.algebra import reads
from outreach_rules.language.conditions import (
    AllOf,
    AnyOf,
    Compare,
    FactRef,
    Not,
    fact_spec,
)

# --- every fact, operator and value is checked when the pack loads -------------------


def test_unknown_fact_names_file_line_rule_and_suggestion() -> None:
    """A misspelt fact is reported with file:line:column, the rule id and a did-you-mean."""
    err = pack_error(
        one_rule("""\
        id: follow
        when:
          days_since_submision: {">=": 7}
        then: {action: wait}
        because: x
        source: {house_default: t}
        """)
    )
    assert err.code == "unknown-fact"
    assert (err.file, err.line, err.rule_id) == ("mine.yaml", 5, "follow")
    assert err.column == 7
    assert "did you mean 'days_since_submission'?" in str(err)
    assert str(err).startswith("mine.yaml:5:7: rule 'follow': unknown fact 'days_since_submision'")


def test_unknown_operator_suggests_the_right_one() -> None:
    """An unknown operator names itself and suggests the closest operator."""
    err = pack_error(
        one_rule("""\
        id: r
        when: {days_since_submission: {"=>": 7}}
        then: {action: wait}
        because: x
        source: {house_default: t}
        """)
    )
    assert err.code == "unknown-operator"
    assert "'=>'" in err.problem
    assert err.hint == "did you mean '>='?"


def test_operator_not_applicable_to_type() -> None:
    """Ordering a bool fact is refused, listing the operators it allows."""
    err = pack_error(
        one_rule("""\
        id: r
        when: {heard_back: {"<": true}}
        then: {action: wait}
        because: x
        source: {house_default: t}
        """)
    )
    assert err.code == "bad-operator"
    assert "use one of: ==, !=, present" in str(err)


@pytest.mark.parametrize(
    ("when", "fragment"),
    [
        ("{days_since_submission: seven}", "its values are a whole number"),
        ("{days_since_submission: true}", "its values are a whole number"),
        ("{heard_back: 1}", "its values are true or false"),
        ("{submitted_on: {'<': '2026-13-01'}}", "its values are a date"),
        ("{posting.title: 5}", "its values are text"),
        ("{company.size: {in: small}}", "takes a non-empty list"),
        ("{posting: null}", "comparison with null is not allowed"),
        ("{posting: {present: yes}}", "'present' takes true or false"),
    ],
)
def test_values_are_type_checked(when: str, fragment: str) -> None:
    """Each literal is checked against its fact's type when the pack loads."""
    err = pack_error(
        one_rule(f"""\
        id: r
        when: {when}
        then: {{action: wait}}
        because: x
        source: {{house_default: t}}
        """)
    )
    assert err.code == "bad-value"
    assert fragment in str(err)


def test_enum_value_did_you_mean() -> None:
    """A misspelt enum value lists the choices and suggests the closest."""
    err = pack_error(
        one_rule("""\
        id: r
        when: {company.size: smal}
        then: {action: wait}
        because: x
        source: {house_default: t}
        """)
    )
    assert "expected one of: small, medium, large" in err.problem
    assert err.hint == "did you mean 'small'?"


# --- the tree ------------------------------------------------------------------------


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


@pytest.mark.parametrize("days", [36_526, -36_526, 999_999_999, 1_000_000_000, 10**50])
def test_a_shift_of_more_than_a_hundred_years_is_refused_at_load(days: int) -> None:
    """'days' is at most model.dates.MAX_DAY_OFFSET either way: never an OverflowError later."""
    with pytest.raises(PackError) as info:
        parse(f"{{today: {{'>': {{fact: submitted_on, days: {days}}}}}}}")
    assert info.value.code == "bad-value"
    assert "at most 36,525 days" in info.value.problem
    assert len(str(info.value)) < 300


def test_combinator_must_be_alone_hint() -> None:
    """Mixing 'all' with fact tests in one mapping suggests wrapping them in a list."""
    with pytest.raises(PackError) as info:
        parse("{all: [{submitted: true}], heard_back: true}")
    assert info.value.hint == "wrap them in 'all:' as a list"


def test_where_a_test_was_written_is_not_part_of_its_meaning() -> None:
    """Two tests of one fact, operator and value are equal wherever they were written."""
    assert Compare("heard_back", "==", True, 3, 5) == Compare("heard_back", "==", True)
    assert hash(Compare("heard_back", "==", True, 3, 5)) == hash(Compare("heard_back", "==", True))


def test_an_operator_where_a_fact_belongs_says_so() -> None:
    """An operator written as a fact path asks for a fact in front of it."""
    with pytest.raises(PackError) as caught:
        fact_spec(">=", Site("p.yaml"), None)
    assert caught.value.code == "unknown-fact"
    assert "needs a fact in front of it" in caught.value.problem


def test_dates_are_read_from_text_and_yaml_dates_alike() -> None:
    """A date literal may be a YAML date or quoted YYYY-MM-DD text: both become dates."""
    assert parse("{today: 2026-11-25}") == parse("{today: '2026-11-25'}")
    node = parse("{today: '2026-11-25'}")
    assert isinstance(node, Compare)
    assert node.value == date(2026, 11, 25)
