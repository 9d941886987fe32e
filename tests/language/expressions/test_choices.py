"""Choices and texts in expressions: when, if, cases, first_present, text; when each is there."""

from __future__ import annotations

from typing import Any

import pytest
from support.builders import minimal_app
from support.expressions import evaluate, expression, expression_error

from outreach_rules.language.expressions import Typed

SUBMITTED = minimal_app(submitted_on="2026-11-18")
"""Submitted on 2026-11-18: day 8 on the day the tests advise for."""

SMALL = minimal_app(company={"name": "Acme Corp", "size": "small"})
"""A small company, never submitted to."""


# --- when ----------------------------------------------------------------------------


def test_when_is_true_when_the_condition_holds_and_always_there() -> None:
    """{when: C} is a yes/no value, never absent, reading what C reads."""
    parsed = expression("{when: {submitted: true, company.size: small}}")
    assert (parsed.typed, parsed.reads) == (Typed("bool"), ("submitted", "company.size"))
    assert evaluate("{when: {submitted: true}}", SUBMITTED) is True
    assert evaluate("{when: {submitted: true}}") is False


def test_when_takes_a_condition_checked_like_a_rules() -> None:
    """A misspelt fact in the condition is unknown-fact, with a did-you-mean."""
    error = expression_error("{when: {submited: true}}")
    assert (error.code, error.hint) == ("unknown-fact", "did you mean 'submitted'?")


# --- if and cases --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "app", "value"),
    [
        ("{if: {submitted: true}, then: 1, else: 2}", SUBMITTED, 1),
        ("{if: {submitted: true}, then: 1, else: 2}", None, 2),
        ("{if: {submitted: true}, then: 1}", None, None),
        (
            "{cases: [{when: {company.size: small}, value: s}, {when: {submitted: false}, "
            "value: x}]}",
            SMALL,
            "s",
        ),
        (
            "{cases: [{when: {submitted: true}, value: a}, {when: {company.size: small}, "
            "value: b}], else: c}",
            SMALL,
            "b",
        ),
        ("{cases: [{when: {submitted: true}, value: a}], else: c}", SMALL, "c"),
        ("{cases: [{when: {submitted: true}, value: a}]}", SMALL, None),
    ],
)
def test_a_choice_gives_the_value_of_the_first_case_that_holds(
    text: str, app: dict[str, Any] | None, value: Any
) -> None:
    """if/then/else and cases give the first case's value that holds, else 'else', else absent."""
    assert evaluate(text, app) == value


def test_an_if_on_presence_alone_is_there_exactly_when_the_facts_are() -> None:
    """{if: {F: {present: true}}, then: A} is there when F and A are: the presence is theirs."""
    one = expression("{if: {submitted_on: {present: true}}, then: {fact: days_since_submission}}")
    assert one.typed.presence == ("submitted_on",)
    both = expression(
        "{if: {all: [{submitted_on: {present: true}}, {interview.on: {present: true}}]}, "
        "then: {days_between: [{fact: submitted_on}, {fact: interview.on}]}}"
    )
    assert both.typed.presence == ("submitted_on", "interview", "interview.on")


@pytest.mark.parametrize(
    "text",
    [
        "{if: {submitted: true}, then: 1}",
        "{if: {submitted_on: {present: false}}, then: 1}",
        "{if: {not: {submitted_on: {present: true}}}, then: 1}",
        "{if: {any: [{submitted_on: {present: true}}]}, then: 1}",
        "{cases: [{when: {submitted_on: {present: true}}, value: 1}, {when: {submitted: true}, "
        "value: 2}]}",
        "{if: {submitted: true}, then: {fact: submitted_on}, else: 2026-01-01}",
        "{cases: [{when: {submitted: true}, value: 1}], else: {fact: days_since_submission}}",
    ],
)
def test_any_other_choice_that_may_be_absent_is_absent_by_its_own_key(text: str) -> None:
    """Without a provable presence, a choice that may come out absent says 'when x is there'."""
    assert expression(text, own="x").typed.presence == ("x",)


def test_a_choice_with_else_of_values_always_there_is_always_there() -> None:
    """With an else, and every value always there, the choice is always there."""
    text = "{cases: [{when: {submitted: true}, value: 1}], else: {setting: follow_up_after_days}}"
    assert expression(text).typed == Typed("int")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{if: {submitted: true}, else: 1}", "'if' needs 'then' (and may have 'else')"),
        ("{if: {submitted: true}, then: 1, else: a}", "different types: int, str"),
        ("{cases: {when: {submitted: true}, value: 1}}", "'cases' takes a list of {when: "),
        ("{cases: []}", "'cases' takes a list of {when: CONDITION, value: EXPRESSION}"),
        ("{cases: [{when: {submitted: true}}]}", "a case is {when: CONDITION, value: EXPRESSION}"),
        ("{cases: [{when: {submitted: true}, value: 1, else: 2}]}", "a case is {when: "),
        ("{cases: [{when: {submitted: true}, value: 1}], else: x}", "different types: int, str"),
        ("{cases: [{when: {submitted: true}, value: 1}], otherwise: 2}", "['otherwise']"),
    ],
)
def test_choices_are_checked_when_the_pack_loads(text: str, problem: str) -> None:
    """Each case is {when, value}; the branches give one type; 'if' needs 'then'."""
    error = expression_error(text)
    assert error.code == "bad-derived"
    assert problem in error.problem


def test_texts_and_enums_join_into_the_choices_they_may_give() -> None:
    """Literal texts and enum facts join: their values are the choices of the result."""
    literals = expression("{if: {submitted: true}, then: early, else: late}")
    assert literals.typed == Typed("str", ("early", "late"))
    mixed = expression("{first_present: [{fact: company.size}, unknown]}")
    assert mixed.typed == Typed("str", ("small", "medium", "large", "unknown"))


def test_one_open_text_makes_the_choice_any_text() -> None:
    """A branch that may be any text (a name) leaves no choices: it is not an enum's value."""
    parsed = expression("{first_present: [{fact: company.name}, big]}")
    assert parsed.typed == Typed("str")
    texts = expression("{if: {submitted: true}, then: {text: 'x {company.name}'}, else: b}")
    assert texts.typed.choices == ()


# --- first_present -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("app", "value"),
    [(minimal_app(), "nobody"), (minimal_app(company={"name": "A", "size": "large"}), "large")],
)
def test_first_present_gives_the_first_value_that_is_there(app: dict[str, Any], value: str) -> None:
    """The first value not absent, in order."""
    assert evaluate("{first_present: [{fact: company.size}, nobody]}", app) == value


def test_first_present_is_always_there_when_one_value_is() -> None:
    """With a value always there among them, it is always there; otherwise its own key."""
    assert expression("{first_present: [{fact: submitted_on}, 2026-01-01]}").typed.presence == ()
    only_facts = expression(
        "{first_present: [{fact: submitted_on}, {fact: interview.on}]}", own="first_day"
    )
    assert only_facts.typed.presence == ("first_day",)
    assert evaluate("{first_present: [{fact: submitted_on}, {fact: interview.on}]}") is None


def test_first_present_needs_values_of_one_type() -> None:
    """Values of different types are refused; an empty list too."""
    assert "different types" in expression_error("{first_present: [1, a]}").problem
    assert "takes a list" in expression_error("{first_present: []}").problem


# --- text ----------------------------------------------------------------------------


def test_a_text_fills_in_facts_and_is_any_text() -> None:
    """{text: TEMPLATE} renders the facts, with fallbacks; it reads its placeholders."""
    parsed = expression("{text: '{company.name} ({company.size|size unknown})'}")
    assert (parsed.typed, parsed.reads) == (Typed("str"), ("company.name", "company.size"))
    assert evaluate("{text: '{company.name} ({company.size|size unknown})'}") == (
        "Acme Corp (size unknown)"
    )


def test_a_text_placeholder_that_may_be_absent_needs_proof_or_a_fallback() -> None:
    """{submitted_on} without fallback is unfilled-placeholder unless a case proves it there."""
    error = expression_error("{text: 'sent on {submitted_on}'}")
    assert error.code == "unfilled-placeholder"
    assert error.problem == "text: {submitted_on} may be absent"
    assert error.hint is not None
    assert "give a fallback ({submitted_on|text})" in error.hint
    proven = "{cases: [{when: {submitted: true}, value: {text: 'sent on {submitted_on}'}}]}"
    assert evaluate(proven, SUBMITTED) == "sent on 2026-11-18"


def test_what_an_outer_case_proves_holds_inside_an_inner_one() -> None:
    """An if inside a case's value still knows what the outer case proved."""
    text = (
        "{if: {submitted_on: {present: true}}, then: {cases: [{when: {company.size: small}, "
        "value: {text: 'small, {submitted_on}'}}], else: {text: 'on {submitted_on}'}}}"
    )
    assert evaluate(text, SUBMITTED) == "on 2026-11-18"
    assert evaluate(text) is None


def test_a_case_proves_nothing_for_else() -> None:
    """else runs when the case does not hold: a placeholder there is not proven by it."""
    text = "{if: {submitted: true}, then: a, else: {text: 'on {submitted_on}'}}"
    assert expression_error(text).code == "unfilled-placeholder"


@pytest.mark.parametrize(
    ("text", "code", "problem"),
    [
        ("{text: 'the {company}'}", "bad-derived", "{company} is a group of facts"),
        ("{text: 'the {history}'}", "bad-derived", "{history} is a group of facts"),
        ("{text: 'a { b'}", "bad-derived", "text: "),
        ("{text: 'the {company.nam}'}", "unknown-fact", "unknown fact 'company.nam'"),
    ],
)
def test_a_text_is_checked_like_a_rules_because(text: str, code: str, problem: str) -> None:
    """Groups cannot be shown, lone braces are refused, placeholders must name facts."""
    error = expression_error(text)
    assert error.code == code
    assert problem in error.problem
