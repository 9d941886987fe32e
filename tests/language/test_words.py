"""Conditions in words: one line each, as a person reads them."""

from __future__ import annotations

import pytest
from support.conditions import parse

from outreach_rules.language.conditions import ALWAYS, AllOf, Compare, FactRef
from outreach_rules.language.references import SettingRef
from outreach_rules.language.words import condition_text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{days_since_submission: {'>=': 7}}", "days_since_submission >= 7"),
        ("{today: {'>=': {fact: submitted_on, days: 7}}}", "today >= submitted_on + 7 days"),
        ("{today: {'<': {fact: follow_up_due_on, days: -3}}}", "today < follow_up_due_on - 3 days"),
        ("{follow_up_due_on: {fact: today}}", "follow_up_due_on == today"),
        (
            "{company.size: {in: [small, medium]}, heard_back: false}",
            "(company.size in [small, medium] and heard_back == false)",
        ),
        (
            "{any: [{posting: {present: true}}, {not: {submitted_on: 2026-11-25}}]}",
            "(posting is present or not (submitted_on == 2026-11-25))",
        ),
        ("{interview.on: {present: false}}", "interview.on is absent"),
        ("{candidate.schools: {contains: State U}}", "candidate.schools contains State U"),
    ],
)
def test_conditions_read_back_as_people_write_them(text: str, words: str) -> None:
    """condition_text renders a condition on one line: values, dates, lists, fact references."""
    assert condition_text(parse(text)) == words


def test_a_rule_without_a_condition_reads_always() -> None:
    """The condition of a rule without `when` holds always, and says so."""
    assert condition_text(ALWAYS) == "always"
    assert AllOf(()) == ALWAYS


def test_setting_references_read_as_the_setting_they_name() -> None:
    """Before a pack binds its settings, a reference reads as ``settings.NAME``."""
    compare = Compare("days_since_submission", ">=", SettingRef("follow_up_after_days"))
    assert condition_text(compare) == "days_since_submission >= settings.follow_up_after_days"
    shifted = Compare("today", ">=", FactRef("submitted_on", SettingRef("call_window_days")))
    assert condition_text(shifted) == "today >= submitted_on + settings.call_window_days days"
