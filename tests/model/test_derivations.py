"""How the library's derived facts are computed: outcomes, contact details, interviews, days.

What counts as a reply or a follow-up, and how days are worded, is the default
pack's: see tests/test_standard_vocabulary.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from support.builders import TODAY, make_app, minimal_app

from outreach_rules.model.application import Application, validate_application
from outreach_rules.model.derivations import (
    contact_line,
    days_between,
    employer_email,
    interview_scheduled,
    last_outcome,
    missing_contact_details,
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
    """days_between gives None without a day, and counts whole days otherwise."""
    assert days_between(None, TODAY) is None
    assert days_between(date(2026, 11, 18), TODAY) == 8
    assert days_between(date(2026, 11, 30), TODAY) == -4
