"""The application model, its validation errors, and the derived facts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pydantic
import pytest
from support.builders import TODAY, minimal_app

from outreach_rules import (
    FACT_SPECS,
    Application,
    ApplicationError,
    OutreachRulesError,
    facts_of,
    next_action,
    parse_application,
)
from outreach_rules.model.application import validate_application


def problems(data: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ApplicationError) as info:
        validate_application(data, **kwargs)
    return {p.path: p.message for p in info.value.problems}


def test_minimal_application_is_valid_with_contract_defaults() -> None:
    """Only candidate.name and company.name are required; defaults follow the contract."""
    app = validate_application(minimal_app())
    assert app.posting is None
    assert app.materials.complete is False
    assert app.materials.resume_lists_contact_info is True
    assert app.heard_back is False
    assert app.contacts == ()


def test_unknown_key_named_with_suggestion() -> None:
    """A misspelt key anywhere is rejected, naming its path and suggesting the right key."""
    found = problems(minimal_app(posting={"title": "pm", "recruter": {"name": "Dana"}}))
    assert found == {"posting.recruter": "unknown key 'recruter'; did you mean 'recruiter'?"}


def test_unknown_key_without_close_match_lists_allowed_keys() -> None:
    """An unrelated unknown key lists the keys allowed there."""
    found = problems(minimal_app(company={"name": "A", "zzz": 1}))
    assert "expected one of: name, size, family_run" in found["company.zzz"]


def test_enum_values_checked_with_suggestion() -> None:
    """size, relation, channel, outcome and kind take only their listed values."""
    found = problems(
        minimal_app(
            company={"name": "A", "size": "huge"},
            contacts=[{"name": "Lee", "relation": "freind"}],
            history=[{"on": "2026-11-20", "channel": "fax"}],
        )
    )
    assert set(found) == {"company.size", "contacts.0.relation", "history.0.channel"}
    assert "did you mean 'friend'?" in found["contacts.0.relation"]
    assert "(got 'huge')" in found["company.size"]


def test_required_fields() -> None:
    """Missing required fields are each named."""
    found = problems({"candidate": {}, "posting": {}})
    assert set(found) == {"candidate.name", "company", "posting.title"}
    assert found["company"] == "this field is required"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("26/11/2026", "expected a date as YYYY-MM-DD"),
        ("2026-02-30", "is not a real calendar date"),
        (20261126, "expected a date as YYYY-MM-DD"),
        ("2026-11-26T10:00:00", "expected a date as YYYY-MM-DD"),
    ],
)
def test_dates_are_iso_dates_only(value: object, fragment: str) -> None:
    """Dates must be real YYYY-MM-DD dates: no numbers, other formats or date-times."""
    found = problems(minimal_app(interview={"kind": "job", "on": value}))
    assert fragment in found["interview.on"]


def test_submission_after_as_of_refused() -> None:
    """A submission dated after as_of is an error naming submitted_on."""
    found = problems(minimal_app(as_of="2026-11-26", submitted_on="2026-11-27"))
    assert "after as_of (2026-11-26)" in found["submitted_on"]


def test_history_after_today_refused_with_entry_path() -> None:
    """A history entry after today= is an error naming the entry's path."""
    data = minimal_app(
        submitted_on="2026-11-18",
        history=[
            {"on": "2026-11-20", "channel": "call"},
            {"on": "2026-11-30", "channel": "email"},
        ],
    )
    found = problems(data, today=TODAY)
    assert list(found) == ["history.1.on"]
    assert "after today (2026-11-26)" in found["history.1.on"]


def test_today_overrides_as_of_for_date_checks() -> None:
    """Dates are checked against the today= given to next_action, which overrides as_of."""
    data = minimal_app(as_of="2026-12-10", submitted_on="2026-12-01")
    assert next_action(data).today == date(2026, 12, 10)
    with pytest.raises(ApplicationError, match="submitted_on: 2026-12-01 is after today"):
        next_action(data, today=TODAY)


def test_no_day_to_advise_for() -> None:
    """Without as_of or today= the engine refuses rather than reading the clock."""
    with pytest.raises(ApplicationError, match="no day to advise for"):
        next_action(minimal_app())


@pytest.mark.parametrize("bad", [None, 5, "text", ["a"]])
def test_non_mapping_application(bad: object) -> None:
    """Anything but a mapping or an Application is an ApplicationError, not a TypeError."""
    with pytest.raises(ApplicationError, match="must be a mapping"):
        next_action(bad, today=TODAY)  # type: ignore[arg-type]


def test_bad_today_argument() -> None:
    """A today= that is not a date is an ApplicationError naming 'today'."""
    with pytest.raises(ApplicationError) as info:
        next_action(minimal_app(), today="tomorrow")
    assert info.value.paths == ("today",)


def test_errors_are_value_errors_listing_every_problem() -> None:
    """ApplicationError lists every problem and is an OutreachRulesError and a ValueError."""
    with pytest.raises(ApplicationError) as info:
        validate_application({"candidate": {"nam": "x"}, "company": {"name": "A", "size": "xl"}})
    err = info.value
    assert isinstance(err, OutreachRulesError)
    assert isinstance(err, ValueError)
    assert str(err).startswith("invalid application (3 problems)")
    assert err.__cause__ is None
    assert err.__suppress_context__


def test_application_is_frozen() -> None:
    """A validated application cannot be changed."""
    app = validate_application(minimal_app())
    with pytest.raises(pydantic.ValidationError):
        app.heard_back = True  # type: ignore[misc]


def test_yaml_text_keeps_on_as_a_key_and_yes_as_text() -> None:
    """YAML 1.2 booleans: 'on:' is a key (history dates), 'yes' is text, not True."""
    app = parse_application(
        "candidate: {name: M, availability: yes}\n"
        "company: {name: A}\n"
        "submitted_on: 2026-11-18\n"
        "history:\n  - {on: 2026-11-20, channel: call}\n"
    )
    assert app.history[0].on == date(2026, 11, 20)
    assert app.candidate.availability == "yes"


def test_with_alias_for_interviewers() -> None:
    """'with' (a Python keyword) is accepted in documents and read back by alias."""
    app = validate_application(minimal_app(interview={"kind": "job", "with": [{"name": "Pat"}]}))
    assert app.interview is not None
    assert app.interview.with_[0].name == "Pat"
    assert app.model_dump(mode="json", by_alias=True)["interview"]["with"] == [
        {"name": "Pat", "role": None}
    ]


# --- derived facts -----------------------------------------------------------------


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


def test_vocabulary_lists_every_fact_with_a_description() -> None:
    """Every fact facts_of returns is in FACT_SPECS with a type and a description."""
    facts = derived(minimal_app())
    assert set(facts) == set(FACT_SPECS)
    for spec in FACT_SPECS.values():
        assert spec.description, spec.path
        assert spec.type in {"bool", "int", "date", "str", "enum", "list", "object"}
    assert FACT_SPECS["company.size"].choices == ("small", "medium", "large")
    assert FACT_SPECS["days_since_submission"].derived
    assert not FACT_SPECS["posting.no_calls"].derived
    assert FACT_SPECS["research.company"].changeable_by == "candidate"
    assert FACT_SPECS["posting.no_calls"].changeable_by == "employer"
