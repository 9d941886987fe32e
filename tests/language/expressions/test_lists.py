"""Expressions over the application's lists: count, latest, earliest, first, last, and item."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from support.builders import minimal_app
from support.expressions import evaluate, expression, expression_error

from outreach_rules.language.expressions import Typed

HISTORY = [
    {"on": "2026-11-10", "channel": "email", "outcome": "reviewed"},
    {"on": "2026-11-20", "channel": "call", "outcome": "no_answer", "to": "recruiter"},
    {"on": "2026-11-24", "channel": "call"},
    {"on": "2026-11-15", "channel": "letter", "outcome": "rejected"},
]
APP = minimal_app(submitted_on="2026-11-18", history=HISTORY)
"""Four pieces of outreach, not in date order; submitted between the second and the third."""

LETTER = date(2026, 11, 15)
"""The day of the last item: a letter, rejected."""


# --- count ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("{count: history}", 4),
        ("{count: history, where: {item.channel: call}}", 2),
        ("{count: history, where: {item.outcome: {present: true}}}", 3),
        ("{count: history, where: {item.outcome: {present: false}}}", 1),
        ('{count: history, where: {item.on: {">=": {fact: submitted_on}}}}', 2),
        ("{count: history, where: {item.outcome: {in: {setting: reply_outcomes}}}}", 2),
        ("{count: history, where: {any: [{item.channel: letter}, {item.to: recruiter}]}}", 2),
        ("{count: history, where: {not: {item.channel: call}}}", 2),
        ("{count: candidate.interests}", 0),
    ],
)
def test_count_counts_the_items_where_holds_for(text: str, value: int) -> None:
    """where tests each item's fields as item.FIELD, beside the application's facts and settings."""
    assert evaluate(text, APP) == value


def test_count_of_an_absent_list_is_zero_always_there() -> None:
    """No history counts 0; a count is always there and reads the list and what where compares."""
    assert evaluate("{count: history}") == 0
    parsed = expression('{count: history, where: {item.on: {">=": {fact: submitted_on}}}}')
    assert (parsed.typed, parsed.reads) == (Typed("int"), ("history", "submitted_on"))


def test_a_where_that_compares_with_an_absent_fact_holds_for_no_item() -> None:
    """Before submitting, item.on >= submitted_on holds for nothing: 0, not an error."""
    app = minimal_app(history=HISTORY)
    assert evaluate('{count: history, where: {item.on: {">=": {fact: submitted_on}}}}', app) == 0


@pytest.mark.parametrize(
    ("text", "code", "problem"),
    [
        ("{count: submitted_on}", "bad-derived", "takes a list fact ('submitted_on' is date)"),
        ("{count: histroy}", "unknown-fact", "unknown fact 'histroy'"),
        ("{count: candidate.schools, where: {item.name: x}}", "bad-derived", "lists of groups"),
        ("{count: history, where: {item.chanel: call}}", "unknown-fact", "'item.chanel'"),
        ("{count: history, where: {item.channel: cal}}", "bad-value", "'cal' is not a value"),
        ("{count: history, by: on}", "bad-derived", "['by'] does not belong in {count: ...}"),
    ],
)
def test_count_is_checked_when_the_pack_loads(text: str, code: str, problem: str) -> None:
    """The list must be a list fact, where's fields and values exist, and no stray keys."""
    error = expression_error(text)
    assert error.code == code
    assert problem in error.problem


def test_a_misspelt_item_field_in_where_gets_a_suggestion() -> None:
    """where: {item.chanel: call} suggests item.channel."""
    assert expression_error("{count: history, where: {item.chanel: call}}").hint == (
        "did you mean 'item.channel'?"
    )


# --- picking one item ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("{latest: history, by: on}", date(2026, 11, 24)),
        ("{earliest: history, by: on}", date(2026, 11, 10)),
        ("{latest: history, by: on, value: {item: channel}}", "call"),
        ("{earliest: history, by: on, value: {item: outcome}}", "reviewed"),
        ("{first: history, value: {item: channel}}", "email"),
        ("{last: history, value: {item: channel}}", "letter"),
        ("{latest: history, by: on, where: {item.channel: {in: [email, letter]}}}", LETTER),
        ("{first: history, where: {item.channel: call}, value: {item: on}}", date(2026, 11, 20)),
        ("{last: history, where: {item.outcome: {present: true}}, value: {item: on}}", LETTER),
        ("{latest: history, by: on, value: {plus_days: [{item: on}, 7]}}", date(2026, 12, 1)),
        ("{latest: history, by: on, value: 1}", 1),
    ],
)
def test_a_pick_gives_a_value_of_the_item_it_picks(text: str, value: Any) -> None:
    """latest/earliest order by a field; first/last keep list order; value reads the item."""
    assert evaluate(text, APP) == value


def test_a_pick_is_absent_when_no_item_is_picked() -> None:
    """With no items, or none where holds for, the value is absent; its presence is its own."""
    assert evaluate("{latest: history, by: on}") is None
    visits = "{first: history, where: {item.channel: visit}, value: {item: on}}"
    assert evaluate(visits, APP) is None
    parsed = expression("{latest: history, by: on}", own="last_on")
    assert parsed.typed == Typed("date", (), ("last_on",))


def test_the_value_of_the_picked_item_may_be_absent() -> None:
    """The latest item by date has no outcome: the value is absent, not another item's."""
    assert evaluate("{latest: history, by: on, value: {item: outcome}}", APP) is None
    assert evaluate("{latest: history, by: on, value: {item: to}}", APP) is None


def test_ties_go_to_the_later_item_for_latest_and_the_earlier_for_earliest() -> None:
    """Two items on one day: latest picks the later in the list, earliest the earlier."""
    same_day = minimal_app(
        history=[
            {"on": "2026-11-10", "channel": "call"},
            {"on": "2026-11-10", "channel": "email"},
        ]
    )
    assert evaluate("{latest: history, by: on, value: {item: channel}}", same_day) == "email"
    assert evaluate("{earliest: history, by: on, value: {item: channel}}", same_day) == "call"


def test_picks_read_other_lists_of_groups() -> None:
    """Contacts and interview.with are lists of groups too."""
    app = minimal_app(contacts=[{"name": "Lee", "relation": "friend"}, {"name": "Kim"}])
    assert evaluate("{last: contacts, value: {item: name}}", app) == "Kim"
    text = "{first: contacts, where: {item.relation: {present: false}}, value: {item: name}}"
    assert evaluate(text, app) == "Kim"
    assert evaluate("{count: contacts, where: {item.relation: friend}}", app) == 1


def test_an_enum_field_keeps_its_choices() -> None:
    """The value of an enum field is an enum of its choices, for a derived enum to check."""
    parsed = expression("{latest: history, by: on, value: {item: channel}}")
    assert parsed.typed.type == "enum"
    assert parsed.typed.choices == ("call", "email", "visit", "letter")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{latest: history}", "'latest' needs 'by: FIELD', the field that orders the items"),
        ("{first: history, by: on, value: 1}", "'first' takes the items in list order: no 'by'"),
        ("{last: history}", "'last' needs 'value: EXPRESSION' (for example {item: on})"),
        ("{latest: candidate.schools, by: on}", "'latest' takes a list of groups"),
        ("{latest: history, by: onn}", "the items have no field 'onn' (fields: on, channel"),
        ("{latest: history, by: outcome}", "orders the items by a date or a number: 'outcome' is"),
        (
            "{latest: history, by: on, value: {fact: submitted_on}}",
            "'latest''s value reads the item only ({item: FIELD})",
        ),
        ("{latest: history, by: on, value: {item: channel}, valeu: 1}", "['valeu'] does not"),
        ("{item: on}", "{item: FIELD} is only for the 'value' of count, latest"),
        ("{first: history, value: {item: 'on', extra: 1}}", "['extra'] does not belong in {item"),
    ],
)
def test_picks_are_checked_when_the_pack_loads(text: str, problem: str) -> None:
    """by for ordered picks only, a value for first/last, fields that exist, items only."""
    error = expression_error(text)
    assert error.code == "bad-derived"
    assert problem in error.problem


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("{latest: history, by: onn}", "did you mean 'on'?"),
        ("{first: history, value: {item: chanel}}", "did you mean 'channel'?"),
        ("{first: history, value: {item: zzz}}", None),
    ],
)
def test_a_misspelt_field_of_the_items_gets_a_suggestion(text: str, hint: str | None) -> None:
    """A field the items do not have lists the fields, and suggests the closest one."""
    assert expression_error(text).hint == hint


def test_a_field_read_as_true_by_a_yaml_1_1_reader_is_explained() -> None:
    """by: true (what on: once meant in YAML 1.1) says to quote the field."""
    error = expression_error("{latest: history, by: true}")
    assert "quote it" in error.problem
