"""The standard vocabulary: the default pack's settings and derived facts, which every pack reads.

The cases are those the library's Python derivations were tested on before the
policy moved into rulesets/default.yaml (issue 13): the same answers, now from
the pack's definitions.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from support.builders import TODAY, minimal_app

from outreach_rules import default_pack, load_pack_text, next_action
from outreach_rules.model.application import validate_application
from outreach_rules.model.derived import DERIVED


def facts(today: date = TODAY, pack: Any = None, **extra: Any) -> Any:
    """The default pack's facts of a minimal application with *extra*, on *today*."""
    app = validate_application(minimal_app(**extra))
    return (pack or default_pack()).facts_for(app, today)


def entry(on: str, channel: str, outcome: str | None = None) -> dict[str, Any]:
    """One history entry."""
    return {"on": on, "channel": channel, "outcome": outcome}


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (None, None),
        (-3, "today"),
        (0, "today"),
        (1, "yesterday"),
        (2, "2 days ago"),
        (6, "6 days ago"),
        (7, "last week"),
        (13, "last week"),
        (14, "two weeks ago"),
        (20, "two weeks ago"),
        (21, "3 weeks ago"),
        (27, "3 weeks ago"),
        (28, "4 weeks ago"),
        (70, "10 weeks ago"),
    ],
)
def test_submitted_ago_changes_at_its_boundaries(days: int | None, words: str | None) -> None:
    """Days in words: today, yesterday, N days ago, last week, two weeks ago, N weeks ago."""
    extra = {} if days is None else {"submitted_on": (TODAY - timedelta(days=days)).isoformat()}
    assert facts(**extra)["submitted_ago"] == words


@pytest.mark.parametrize(
    ("channel", "outcome", "counts"),
    [
        ("call", None, False),
        ("call", "no_answer", False),
        ("call", "reviewed", True),
        ("call", "rejected", True),
        ("email", None, True),
        ("email", "no_answer", True),
        ("visit", None, True),
        ("letter", None, True),
    ],
)
def test_an_unanswered_call_is_not_a_follow_up(channel: str, outcome: str, counts: bool) -> None:
    """A call nobody answered reached nobody; any other outreach counts as following up."""
    seen = facts(submitted_on="2026-11-18", history=[entry("2026-11-20", channel, outcome)])
    assert seen["follow_up_count"] == int(counts)
    assert seen["followed_up"] is counts
    assert seen["unanswered_calls"] == int(not counts)


def test_follow_ups_count_only_what_came_after_submitting_and_reached_someone() -> None:
    """Follow-ups are the entries on or after the submission day, unanswered calls left out."""
    found = facts(
        submitted_on="2026-11-18",
        history=[
            entry("2026-11-10", "email"),
            entry("2026-11-18", "letter"),
            entry("2026-11-20", "call", "no_answer"),
            entry("2026-11-24", "call"),
            entry("2026-11-25", "email"),
        ],
    )
    assert found["follow_up_count"] == 2
    assert found["last_follow_up_on"] == date(2026, 11, 25)
    assert found["days_since_follow_up"] == 1
    assert found["next_follow_up_on"] == date(2026, 12, 2)
    assert found["followed_up_recently"] is True
    unsubmitted = facts(history=[entry("2026-11-25", "email")])
    assert unsubmitted["follow_up_count"] == 0
    assert unsubmitted["last_follow_up_on"] is None
    assert unsubmitted["followed_up"] is False


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, False),
        ({"heard_back": True}, True),
        ({"interview": {"kind": "job"}}, True),
        ({"interview": {"kind": "informational"}}, False),
        (
            {"submitted_on": "2026-11-18", "history": [entry("2026-11-20", "call", "reviewed")]},
            True,
        ),
        (
            {"submitted_on": "2026-11-18", "history": [entry("2026-11-20", "call", "no_answer")]},
            False,
        ),
        (
            {"submitted_on": "2026-11-18", "history": [entry("2026-11-10", "call", "reviewed")]},
            False,
        ),
        ({"history": [entry("2026-11-10", "email", "timeline_given")]}, True),
    ],
)
def test_replied(extra: dict[str, Any], expected: bool) -> None:
    """A reply: heard_back, a job interview, or an answered outreach since submitting (or ever)."""
    assert facts(**extra)["replied"] is expected


def test_the_dates_follow_the_settings() -> None:
    """follow_up_due_on and the window's end move with the settings, and their words too."""
    pack = default_pack()
    seen = facts(submitted_on="2026-11-18")
    assert (seen["follow_up_due_on"], seen["follow_up_window_ends_on"]) == (
        date(2026, 11, 25),
        date(2026, 11, 28),
    )
    assert seen["follow_up_wait"] == "a week"
    slower = pack.with_settings({"follow_up_after_days": 10, "call_window_days": 14})
    seen = facts(pack=slower, submitted_on="2026-11-18")
    assert (seen["follow_up_due_on"], seen["follow_up_window_ends_on"]) == (
        date(2026, 11, 28),
        date(2026, 12, 2),
    )
    assert seen["follow_up_wait"] == "10 days"


def test_what_counts_as_a_reply_is_a_setting() -> None:
    """reply_outcomes decides which outcomes are replies: a status call can be left out."""
    history = {"submitted_on": "2026-11-18", "history": [entry("2026-11-20", "call", "reviewed")]}
    assert facts(**history)["replied"] is True
    strict = default_pack().with_settings({"reply_outcomes": ["interview_offered", "rejected"]})
    assert facts(pack=strict, **history)["replied"] is False


def test_a_pack_that_extends_nothing_reads_the_standard_vocabulary() -> None:
    """A standalone pack reads replied, follow_up_due_on and the settings like the default."""
    pack = load_pack_text(
        "name: standalone\n"
        "rules:\n"
        "  - id: chase\n"
        "    when:\n"
        "      replied: false\n"
        "      days_since_submission: {'>=': {setting: follow_up_after_days}}\n"
        "    then: {action: email_follow_up, not_before: follow_up_due_on}\n"
        "    because: Due on {follow_up_due_on}.\n"
        "    source: {house_default: a test}\n"
    )
    assert pack.setting_values["follow_up_after_days"] == 7
    app = minimal_app(submitted_on="2026-11-18", posting={"title": "x"})
    decision = next_action(app, today=TODAY, pack=pack)
    assert decision.primary is not None
    assert decision.primary.not_before == date(2026, 11, 25)


def test_the_library_derives_no_policy() -> None:
    """The library's own derived facts hold no guidance: those moved to the default pack."""
    policy = {
        "submitted_ago",
        "follow_up_due_on",
        "follow_up_window_ends_on",
        "replied",
        "followed_up",
        "followed_up_recently",
        "follow_up_count",
        "unanswered_calls",
        "last_follow_up_on",
        "days_since_follow_up",
        "next_follow_up_on",
    }
    assert not policy & {d.path for d in DERIVED}
    assert policy <= {p for p, s in default_pack().facts.items() if s.origin == "pack"}
