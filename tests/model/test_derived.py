"""The derived facts: what each one says for an application on a day."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from support.builders import TODAY, minimal_app

from outreach_rules import FACT_SPECS, Application, facts_of
from outreach_rules.model.derived import DERIVED, derived_index
from outreach_rules.model.facts import Facts
from outreach_rules.testing import applications


def derived(data: dict[str, Any], today: date = TODAY) -> dict[str, Any]:
    return facts_of(Application.model_validate(data), today)


def test_submission_timing_facts() -> None:
    """days_since_submission, submitted_ago and the follow-up dates come from submitted_on."""
    facts = derived(minimal_app(submitted_on="2026-11-18"))
    assert facts["submitted"] is True
    assert facts["days_since_submission"] == 8
    assert facts["submitted_ago"] == "last week"
    assert facts["follow_up_due_on"] == "2026-11-25"
    assert facts["follow_up_window_ends_on"] == "2026-11-28"


def test_unsubmitted_timing_facts_are_absent() -> None:
    """Without a submission the timing facts are absent (None), not zero."""
    facts = derived(minimal_app())
    assert facts["submitted"] is False
    assert facts["days_since_submission"] is None
    assert facts["follow_up_due_on"] is None


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "today"),
        (1, "yesterday"),
        (3, "3 days ago"),
        (7, "last week"),
        (13, "last week"),
        (14, "two weeks ago"),
        (30, "4 weeks ago"),
    ],
)
def test_submitted_ago_words(days: int, words: str) -> None:
    """submitted_ago says when the application went in, the way a person would."""
    submitted = date.fromordinal(TODAY.toordinal() - days).isoformat()
    assert derived(minimal_app(submitted_on=submitted))["submitted_ago"] == words


def test_reply_and_follow_up_facts() -> None:
    """An unanswered call is not a follow-up; an email is; a timeline is a reply."""
    base = minimal_app(submitted_on="2026-11-18")
    unanswered = derived(
        {**base, "history": [{"on": "2026-11-25", "channel": "call", "outcome": "no_answer"}]}
    )
    assert (unanswered["followed_up"], unanswered["unanswered_calls"]) == (False, 1)
    assert unanswered["last_outcome"] == "no_answer"
    emailed = derived({**base, "history": [{"on": "2026-11-25", "channel": "email"}]})
    assert emailed["followed_up"] is True
    assert emailed["last_follow_up_on"] == "2026-11-25"
    assert emailed["days_since_follow_up"] == 1
    assert emailed["next_follow_up_on"] == "2026-12-02"
    assert emailed["replied"] is False
    replied = derived(
        {**base, "history": [{"on": "2026-11-25", "channel": "call", "outcome": "timeline_given"}]}
    )
    assert replied["replied"] is True


def test_outreach_before_submission_is_not_a_follow_up() -> None:
    """History before the submission date does not count as following up on it."""
    facts = derived(
        minimal_app(
            submitted_on="2026-11-18",
            history=[{"on": "2026-11-10", "channel": "email", "outcome": "reviewed"}],
        )
    )
    assert facts["followed_up"] is False
    assert facts["replied"] is False


def test_heard_back_and_job_interview_count_as_replies() -> None:
    """heard_back, or a job interview being scheduled, means the employer replied."""
    assert derived(minimal_app(heard_back=True))["replied"] is True
    assert derived(minimal_app(interview={"kind": "job"}))["replied"] is True
    assert derived(minimal_app(interview={"kind": "informational"}))["replied"] is False


def test_posting_and_contact_facts() -> None:
    """Recruiter, contact-detail and call facts follow the posting and the candidate."""
    facts = derived(
        minimal_app(
            candidate={"name": "M", "phone": "1", "email": ""},
            posting={
                "title": "pm",
                "no_calls": True,
                "contact_email": "jobs@a.example",
                "recruiter": {"name": "Dana"},
            },
        )
    )
    assert facts["has_recruiter"] is True
    assert facts["recruiter_has_phone"] is False
    assert facts["calls_allowed"] is False
    assert facts["employer_email"] == "jobs@a.example"
    assert facts["missing_contact_details"] == ["Skype address", "times available", "email address"]
    assert facts["candidate.email"] is None, "an empty string reads as absent"
    assert facts["candidate_contact_line"] == "phone: 1"


def test_interview_facts() -> None:
    """Interview timing and the people met are derived; a past interview is not scheduled."""
    data = minimal_app(
        interview={
            "kind": "informational",
            "on": "2026-12-01",
            "with": [{"name": "Pat Smithie", "role": "owner"}, {"name": "Kim"}],
        }
    )
    facts = derived(data)
    assert facts["interview_scheduled"] is True
    assert facts["days_until_interview"] == 5
    assert facts["interviewer_name"] == "Pat Smithie"
    assert facts["interviewer_role"] == "owner"
    assert facts["interviewer_names"] == ["Pat Smithie", "Kim"]
    assert derived(data, date(2026, 12, 2))["interview_scheduled"] is False


def test_the_table_is_consistent() -> None:
    """Paths are unique; only yes/no facts establish, only enums have choices; the index agrees."""
    paths = [d.path for d in DERIVED]
    assert len(set(paths)) == len(paths)
    assert list(derived_index()) == paths
    for fact in DERIVED:
        assert fact.description, fact.path
        assert not fact.establishes or fact.type == "bool", fact.path
        assert bool(fact.choices) == (fact.type == "enum"), fact.path


@settings(max_examples=200, deadline=None, database=None)
@given(applications())
def test_presence_and_establishes_hold_on_every_application(app: Application) -> None:
    """What the pack compiler proves from the table is true of the facts themselves.

    A fact that is there has every presence key that is itself a fact there too; and
    when a derived yes/no fact is true, every fact whose presence keys it establishes
    is there (so a template may show it without a fallback).
    """
    assert app.as_of is not None
    facts = Facts(app, app.as_of)
    for path, spec in FACT_SPECS.items():
        if facts[path] is not None:
            for key in spec.presence:
                assert key not in FACT_SPECS or facts[key] is not None, (path, key)
    for fact in DERIVED:
        if fact.establishes and facts[fact.path]:
            for path, spec in FACT_SPECS.items():
                if spec.presence and set(spec.presence) <= set(fact.establishes):
                    assert facts[path] is not None, (fact.path, path)
