"""Values and arithmetic in expressions: facts, settings, whole numbers and dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from support.builders import TODAY, minimal_app
from support.expressions import evaluate, expression, expression_error
from support.packs import pack_error

from outreach_rules import default_pack, load_pack_text, next_action
from outreach_rules.language.expressions import Typed
from outreach_rules.model.application import validate_application

SUBMITTED = minimal_app(submitted_on="2026-11-18")
"""Submitted on 2026-11-18: day 8 on TODAY."""


# --- facts and settings --------------------------------------------------------------


def test_a_fact_gives_its_value_type_and_presence() -> None:
    """{fact: PATH} reads the fact: its type, choices and presence keys are the fact's."""
    parsed = expression("{fact: company.size}")
    assert parsed.typed == Typed("enum", ("small", "medium", "large"), ("company.size",))
    assert parsed.reads == ("company.size",)
    small = minimal_app(company={"name": "A", "size": "small"})
    assert evaluate("{fact: company.size}", small) == "small"
    assert evaluate("{fact: submitted_on}", SUBMITTED) == date(2026, 11, 18)
    assert evaluate("{fact: submitted_on}") is None


def test_a_fact_of_the_default_pack_and_a_setting_as_a_fact_are_read_alike() -> None:
    """Derived facts of the standard vocabulary and settings.NAME are facts like the others."""
    assert evaluate("{fact: follow_up_due_on}", SUBMITTED) == date(2026, 11, 25)
    assert evaluate("{fact: settings.follow_up_after_days}") == 7


def test_a_misspelt_fact_gets_a_suggestion() -> None:
    """An unknown fact is unknown-fact, with a did-you-mean."""
    error = expression_error("{fact: days_since_submision}")
    assert (error.code, error.hint) == ("unknown-fact", "did you mean 'days_since_submission'?")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{fact: company}", "'company' is a group of facts: read one of its fields"),
        ("{fact: history}", "'history' is a list of groups: count its items or pick one"),
        ("{fact: contacts}", "({count: contacts}, {latest: contacts, by: FIELD}, ...)"),
    ],
)
def test_a_group_or_a_list_of_groups_is_not_a_value(text: str, problem: str) -> None:
    """{fact: history} is refused: a list of groups is counted or picked from, not read."""
    error = expression_error(text)
    assert error.code == "bad-derived"
    assert problem in error.problem


def test_a_list_fact_read_as_a_list_of_text_is_refused_in_a_pack() -> None:
    """A derived list of the history's entries would show them as Python objects: refused."""
    error = pack_error("""\
        name: mine
        derived:
          entries:
            type: list
            value: {fact: history}
        """)
    assert error.code == "bad-derived"
    assert error.line == 5


def test_a_list_of_text_is_a_value() -> None:
    """A list of texts (candidate.schools) is a list value."""
    assert expression("{fact: candidate.schools}").typed.type == "list"
    app = minimal_app(candidate={"name": "M", "schools": ["State"]})
    assert evaluate("{fact: candidate.schools}", app) == ("State",)


def test_a_setting_gives_its_value() -> None:
    """{setting: NAME} is the setting's value, always there for a number."""
    parsed = expression("{setting: follow_up_after_days}")
    assert (parsed.typed, parsed.reads) == (Typed("int"), ("settings.follow_up_after_days",))
    assert evaluate("{setting: follow_up_after_days}") == 7


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("{setting: follow_up_aftr_days}", "did you mean 'follow_up_after_days'?"),
        ("{setting: zzz}", "settings: follow_up_after_days, call_window_days"),
    ],
)
def test_an_unknown_setting_gets_a_suggestion_or_the_list(text: str, hint: str) -> None:
    """A misspelt setting is unknown-setting with a did-you-mean; a far one lists the settings."""
    error = expression_error(text)
    assert (error.code, error.problem) == ("unknown-setting", f"unknown setting {text[10:-1]!r}")
    assert error.hint is not None
    assert error.hint.startswith(hint)


def test_a_fact_path_is_not_a_setting() -> None:
    """{setting: submitted_on} names no setting, though submitted_on is a fact."""
    assert expression_error("{setting: submitted_on}").code == "unknown-setting"


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("{plus_days: [{fact: submitted_on}, 7]}", date(2026, 11, 25)),
        ("{plus_days: [{fact: submitted_on}, -18]}", date(2026, 10, 31)),
        ("{plus_days: [2026-12-30, {setting: follow_up_after_days}]}", date(2027, 1, 6)),
        ("{days_between: [{fact: submitted_on}, {fact: today}]}", 8),
        ("{days_between: [{fact: today}, {fact: submitted_on}]}", -8),
        ("{days_between: [2026-01-01, 2026-01-01]}", 0),
    ],
)
def test_dates_shift_and_count_by_whole_days(text: str, value: Any) -> None:
    """plus_days adds days (back with a negative number); days_between counts from A to B."""
    assert evaluate(text, SUBMITTED) == value


@pytest.mark.parametrize(
    "text",
    [
        "{plus_days: [{fact: submitted_on}, 7]}",
        "{plus_days: [2026-01-01, {fact: days_since_submission}]}",
        "{days_between: [{fact: submitted_on}, {fact: today}]}",
    ],
)
def test_a_date_computed_from_an_absent_one_is_absent_exactly_then(text: str) -> None:
    """Before submitting, the value is absent; its presence is submitted_on's, and nothing more."""
    parsed = expression(text)
    assert parsed.typed.presence == ("submitted_on",)
    assert evaluate(text) is None
    assert evaluate(text, SUBMITTED) is not None


def test_plus_days_past_the_calendar_stops_at_its_end() -> None:
    """A shift past 9999-12-31 (or before year 1) gives the calendar's end, never absent.

    Its presence says it is there whenever its parts are: a template that relies
    on that must not come out empty.
    """
    # An application's days end at 8999-12-31 (model/dates.LAST_DAY); a pack's may not.
    late = minimal_app(submitted_on="8999-12-28")
    shifted = "{plus_days: [{fact: submitted_on}, 1000000000]}"
    assert evaluate(shifted, late, date(8999, 12, 31)) == date.max
    assert evaluate("{plus_days: [9999-12-28, 7]}") == date.max
    assert evaluate("{plus_days: [0001-01-02, -5]}") == date.min
    assert evaluate("{plus_days: [2026-01-01, 1000000000000]}") == date.max


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{plus_days: [7, 2026-01-01]}", "the first value of plus_days must be date (got int)"),
        ("{plus_days: [2026-01-01, x]}", "the second value of plus_days must be int (got str)"),
        ("{plus_days: [2026-01-01]}", "'plus_days' takes 2 expressions (got 1)"),
        ("{days_between: [2026-01-01, 3]}", "the second value of days_between must be date"),
        ("{days_between: 2026-01-01}", "'days_between' takes a list of expressions"),
    ],
)
def test_dates_are_type_checked_when_the_pack_loads(text: str, problem: str) -> None:
    """Each value of plus_days and days_between must be of its type, and two of them."""
    error = expression_error(text)
    assert error.code == "bad-derived"
    assert problem in error.problem


# --- whole numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("{add: [1, 2, 3]}", 6),
        ("{add: [5]}", 5),
        ("{subtract: [10, 3]}", 7),
        ("{min: [4, 2, 9]}", 2),
        ("{max: [4, 2, 9]}", 9),
        ("{max: [2026-01-01, {fact: submitted_on}]}", date(2026, 11, 18)),
        ("{min: [2026-01-01, {fact: submitted_on}]}", date(2026, 1, 1)),
        ("{divide: [{fact: days_since_submission}, 7]}", 1),
        ("{divide: [15, 7]}", 2),
        ("{divide: [-1, 7]}", -1),
        ("{divide: [15, -7]}", -3),
        ("{add: [{fact: days_since_submission}, {setting: follow_up_after_days}]}", 15),
    ],
)
def test_numbers_add_subtract_min_max_and_divide_rounding_down(text: str, value: Any) -> None:
    """Whole numbers combine left to right; min and max take dates too; divide rounds down."""
    assert evaluate(text, SUBMITTED) == value


def test_one_absent_value_makes_the_result_absent() -> None:
    """min, max and add are absent when any value is, and say so in their presence."""
    for text in (
        "{add: [1, {fact: days_since_submission}]}",
        "{min: [2026-01-01, {fact: submitted_on}]}",
        "{max: [{fact: submitted_on}, {fact: interview.on}]}",
    ):
        assert evaluate(text) is None, text
    both = expression("{max: [{fact: submitted_on}, {fact: interview.on}]}")
    assert both.typed.presence == ("submitted_on", "interview", "interview.on")
    assert both.reads == ("submitted_on", "interview.on")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{add: [1, 2026-01-01]}", "add's values must be int (got date)"),
        ("{subtract: [2026-01-02, 2026-01-01]}", "subtract's values must be int (got date)"),
        ("{max: [1, 2026-01-01]}", "max's values must all be of one type"),
        ("{min: [a, b]}", "min's values must be int or date (got str)"),
        ("{divide: [1, 2, 3]}", "'divide' takes 2 expressions (got 3)"),
        ("{divide: [10, 0]}", "divide's second value must be a whole number other than 0"),
        ("{divide: [10, {add: [1, -1]}]}", "must be a whole number other than 0"),
        ("{divide: [10, {setting: follow_up_after_days}]}", "written as it is"),
        ("{divide: [10, {fact: days_since_submission}]}", "written as it is"),
        ("{divide: [10, true]}", "divide's values must be int (got bool)"),
    ],
)
def test_arithmetic_is_type_checked_and_never_divides_by_zero(text: str, problem: str) -> None:
    """Wrong types and a divisor that is not a whole number other than 0 are refused at load."""
    error = expression_error(text)
    assert error.code == "bad-derived"
    assert problem in error.problem


def test_a_divisor_from_the_items_of_a_list_is_refused_not_run_at_load() -> None:
    """divide by an item's value is a load error (it once ran the item's value on nothing)."""
    error = pack_error("""\
        name: mine
        derived:
          x:
            type: int
            value:
              latest: history
              by: on
              value: {divide: [7, {days_between: [{item: on}, {item: on}]}]}
        """)
    assert error.code == "bad-derived"
    assert "divide's second value must be a whole number other than 0" in error.problem
    assert error.line == 8


def test_numbers_in_a_pack_fire_a_rule() -> None:
    """A derived number computed from a fact and a setting decides a rule, and shows in it."""
    pack = load_pack_text("""\
name: mine
derived:
  days_left:
    type: int
    value: {subtract: [{setting: follow_up_after_days}, {fact: days_since_submission}]}
rules:
  - id: soon
    when: {days_left: {">": 0}}
    then: {action: wait}
    because: "{days_left} days to go."
    source: {house_default: t}
""")
    app = minimal_app(submitted_on="2026-11-23")
    decision = next_action(app, today=TODAY, pack=pack)
    assert decision.primary is not None
    assert decision.primary.explanation == "4 days to go."
    assert next_action(minimal_app(), today=TODAY, pack=pack).action_ids == ()


def test_a_form_of_two_values_does_not_read_the_second_when_the_first_is_absent() -> None:
    """Absent in, absent out: the second value is not even read (a decision reads fewer
    facts: no follow-up yet, so days_since_follow_up never reads the day)."""
    parsed = expression("{days_between: [{fact: last_follow_up_on}, {fact: follow_up_due_on}]}")
    facts = default_pack().facts_for(validate_application(SUBMITTED), TODAY)
    assert parsed.value(facts) is None
    assert not dict.__contains__(facts, "follow_up_due_on"), "the second value was read"
    followed = minimal_app(
        submitted_on="2026-11-18", history=[{"on": "2026-11-20", "channel": "email"}]
    )
    facts = default_pack().facts_for(validate_application(followed), TODAY)
    assert parsed.value(facts) == 5  # from the follow-up on 11-20 to the day due, 11-25
