"""How the derived facts are computed: words for days, follow-ups, replies, contact details."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from support.builders import TODAY, make_app, minimal_app

from outreach_rules.model.application import Application, HistoryEntry, validate_application
from outreach_rules.model.derivations import (
    ago,
    contact_line,
    days_between,
    employer_email,
    follow_ups,
    interview_scheduled,
    is_follow_up,
    last_follow_up,
    last_outcome,
    missing_contact_details,
    plus,
    replied,
)


@dataclass
class View:
    """The least a derivation needs (FactView): an application and a day, no other fact."""

    app: Application
    today: date = TODAY

    def __getitem__(self, path: str) -> Any:
        raise AssertionError(f"these derivations read no other fact (asked for {path})")


def view(**extra: Any) -> View:
    """A minimal application with *extra*, seen on TODAY."""
    return View(validate_application(minimal_app(**extra)))


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
def test_ago_words_change_at_their_boundaries(days: int | None, words: str | None) -> None:
    """Days in words: today, yesterday, N days ago, last week, two weeks ago, N weeks ago."""
    assert ago(days) == words


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
    on = date(2026, 11, 20)
    assert is_follow_up(HistoryEntry(on=on, channel=channel, outcome=outcome)) is counts


def test_follow_ups_count_only_what_came_after_submitting_and_reached_someone() -> None:
    """Follow-ups are the entries on or after the submission day, unanswered calls left out."""
    found = view(
        submitted_on="2026-11-18",
        history=[
            entry("2026-11-10", "email"),
            entry("2026-11-18", "letter"),
            entry("2026-11-20", "call", "no_answer"),
            entry("2026-11-24", "call"),
            entry("2026-11-25", "email"),
        ],
    )
    assert [e.on.day for e in follow_ups(found)] == [18, 25]
    assert last_follow_up(found) == date(2026, 11, 25)
    unsubmitted = view(history=[entry("2026-11-25", "email")])
    assert follow_ups(unsubmitted) == ()
    assert last_follow_up(unsubmitted) is None


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
    assert replied(view(**extra)) is expected


def test_last_outcome_is_the_latest_entry_s_later_written_on_a_tie() -> None:
    """The outcome of the most recent entry; of two on one day, the one written last."""
    assert last_outcome(view()) is None
    history = [
        entry("2026-11-21", "call", "reviewed"),
        entry("2026-11-20", "email", "rejected"),
        entry("2026-11-21", "email", None),
    ]
    assert last_outcome(view(history=history)) is None
    assert last_outcome(view(history=history[:2])) == "reviewed"


def test_contact_details_missing_and_on_one_line() -> None:
    """Missing details are named in a fixed order; the given ones make one line, or nothing."""
    full = View(validate_application(make_app()))
    assert missing_contact_details(full) is None
    assert contact_line(full) == (
        "phone: +1 555 0100 | email: martha@example.org | Skype: martha.owens"
        " | available: weekdays after 3 pm"
    )
    bare = view()
    assert missing_contact_details(bare) == (
        "telephone number",
        "Skype address",
        "times available",
        "email address",
    )
    assert contact_line(bare) is None
    some = view(candidate={"name": "M", "skype": "m.s"})
    assert missing_contact_details(some) == ("telephone number", "times available", "email address")
    assert contact_line(some) == "Skype: m.s"


@pytest.mark.parametrize(
    ("posting", "expected"),
    [
        (None, None),
        ({"title": "pm"}, None),
        ({"title": "pm", "contact_email": "jobs@a.example"}, "jobs@a.example"),
        (
            {"title": "pm", "recruiter": {"name": "D"}, "contact_email": "jobs@a.example"},
            "jobs@a.example",
        ),
        (
            {"title": "pm", "recruiter": {"email": "d@a.example"}, "contact_email": "j@a.example"},
            "d@a.example",
        ),
    ],
)
def test_employer_email_prefers_the_recruiter(posting: Any, expected: str | None) -> None:
    """Where to email: the recruiter's address, else the posting's contact address."""
    assert employer_email(view(posting=posting)) == expected


@pytest.mark.parametrize(
    ("interview", "expected"),
    [
        (None, False),
        ({"kind": "job"}, True),
        ({"kind": "job", "on": "2026-11-26"}, True),
        ({"kind": "job", "on": "2026-12-20"}, True),
        ({"kind": "job", "on": "2026-11-25"}, False),
    ],
)
def test_an_interview_is_scheduled_from_today_on_or_undated(interview: Any, expected: bool) -> None:
    """An interview today, later or without a date is scheduled; one in the past is not."""
    assert interview_scheduled(view(interview=interview)) is expected


def test_day_arithmetic_keeps_absence() -> None:
    """days_between and plus give None without a day, and count whole days otherwise."""
    assert days_between(None, TODAY) is None
    assert days_between(date(2026, 11, 18), TODAY) == 8
    assert days_between(date(2026, 11, 30), TODAY) == -4
    assert plus(None, 7) is None
    assert plus(date(2026, 11, 18), 7) == date(2026, 11, 25)
