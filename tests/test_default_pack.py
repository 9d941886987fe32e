"""The default rule pack against the guidance it encodes.

Every rule is shown firing and not firing at its boundaries; the boundaries the
guidance names (a week, seven to ten days, no-calls postings, small family
businesses, no posting yet, replies and follow-ups) get explicit tests; dates,
scripts, sources and conflict resolution are checked on real decisions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from support.builders import SUBMITTED, day, make_app

from outreach_rules import ACTIONS, Decision, default_pack, next_action
from outreach_rules.testing.verify import Coverage, example_problems

GUIDANCE = Path(__file__).parent / "data" / "guidance.txt"

FOLLOW_UPS = ("call_recruiter", "call_main_office", "email_follow_up", "visit_in_person")
CALLS = ("call_recruiter", "call_main_office")

UNSUBMITTED: dict[str, Any] = {"submitted_on": None}
NO_POSTING: dict[str, Any] = {"posting": None, "submitted_on": None}
NO_RECRUITER: dict[str, Any] = {"posting": {"recruiter": None}}
NO_RECRUITER_PHONE: dict[str, Any] = {"posting": {"recruiter": {"phone": None}}}
CONTACTS: dict[str, Any] = {
    "contacts": [{"name": "Lee Park", "relation": "friend", "role": "analyst"}]
}
INFO_INTERVIEW: dict[str, Any] = {
    **NO_POSTING,
    "interview": {
        "kind": "informational",
        "on": day(12).isoformat(),
        "with": [{"name": "Lee Park", "role": "analyst"}],
    },
}
JOB_INTERVIEW: dict[str, Any] = {
    "interview": {
        "kind": "job",
        "on": day(12).isoformat(),
        "with": [{"name": "Pat Smithie", "role": "owner"}],
    },
}
UNRESEARCHED: dict[str, Any] = {
    "research": {"company": False, "interviewers": False, "values_fit": False}
}


def letter(**flags: Any) -> dict[str, Any]:
    """Overrides for an unsubmitted application whose cover letter has *flags*."""
    return {"submitted_on": None, "materials": {"cover_letter": flags}}


def followed_up(on: int, channel: str = "email", outcome: str | None = None) -> dict[str, Any]:
    """Overrides for one piece of outreach *on* days after submission."""
    entry = {"on": day(on).isoformat(), "channel": channel, "to": "recruiter"}
    if outcome is not None:
        entry["outcome"] = outcome
    return {"history": [entry]}


def decide(at: int = 8, **overrides: Any) -> Decision:
    """Decide for Martha's application with *overrides*, *at* days after submission."""
    return next_action(make_app(**overrides), today=day(at))


def reason_ids(decision: Decision, action: str) -> list[str]:
    """The ids of the rules recommending *action* (empty when it is not recommended)."""
    rec = decision.get(action)
    return [] if rec is None else [r.rule_id for r in rec.reasons]


def block_ids(decision: Decision, action: str) -> list[str]:
    """The ids of the rules ruling *action* out (empty when it is not blocked)."""
    blocked = decision.blocked_action(action)
    return [] if blocked is None else [r.rule_id for r in blocked.reasons]


def fired(decision: Decision) -> set[str]:
    """Every rule that fired: recommending, blocking, or overruled by a block."""
    ids = {r.rule_id for rec in decision.actions for r in rec.reasons}
    for blocked in decision.blocked:
        ids.update(r.rule_id for r in blocked.reasons)
        ids.update(blocked.overruled)
    return ids


def texts(decision: Decision) -> list[str]:
    """Every piece of text a decision shows a person."""
    out: list[str] = []
    for rec in decision.actions:
        out += [rec.explanation, *(r.explanation for r in rec.reasons)]
        out += [t for t in (rec.script, rec.contact) if t]
    for blocked in decision.blocked:
        out += [blocked.reason, *(r.reason for r in blocked.reasons)]
    return out


def normalise(text: str) -> str:
    return " ".join(text.split())


# --- every rule fires, and does not fire, at its boundaries -------------------------------

# (rule id, days after submission, overrides, action it recommends or, for a rule that
# only blocks, the action it rules out)
FIRES = [
    pytest.param("heard-back", 8, {"heard_back": True}, "await_response", id="heard-back-flag"),
    pytest.param(
        "heard-back", 9, followed_up(8, "call", "reviewed"), "await_response", id="heard-back-call"
    ),
    pytest.param(
        "heard-back",
        8,
        followed_up(0, "email", "timeline_given"),
        "await_response",
        id="heard-back-reply-on-submission-day",
    ),
    pytest.param("heard-back", 8, JOB_INTERVIEW, "await_response", id="heard-back-job-interview"),
    pytest.param(
        "posting-says-no-calls", 8, {"posting": {"no_calls": True}}, "call_recruiter", id="no-calls"
    ),
    pytest.param(
        "already-followed-up", 8, followed_up(8), "await_response", id="followed-up-same-day"
    ),
    pytest.param(
        "already-followed-up", 14, followed_up(8), "await_response", id="followed-up-6-days-ago"
    ),
    pytest.param(
        "already-followed-up",
        9,
        followed_up(8, "email", "no_answer"),
        "await_response",
        id="unanswered-email-counts",
    ),
    pytest.param(
        "already-followed-up", 12, followed_up(8, "visit"), "await_response", id="visit-counts"
    ),
    pytest.param(
        "complete-materials",
        8,
        {**UNSUBMITTED, "materials": {"complete": False}},
        "complete_application",
        id="complete-materials",
    ),
    pytest.param(
        "submit-application", 8, UNSUBMITTED, "complete_application", id="submit-application"
    ),
    pytest.param(
        "write-cover-letter",
        8,
        {**UNSUBMITTED, "materials": {"cover_letter": None}},
        "tailor_cover_letter",
        id="write-cover-letter",
    ),
    pytest.param(
        "tailor-cover-letter",
        8,
        letter(tailored=False),
        "tailor_cover_letter",
        id="tailor-cover-letter",
    ),
    pytest.param(
        "remove-specific-date",
        8,
        letter(names_specific_date=True),
        "remove_specific_date",
        id="remove-specific-date",
    ),
    pytest.param(
        "ask-for-interview",
        8,
        letter(asks_for_interview=False),
        "ask_for_interview_in_cover_letter",
        id="ask-for-interview",
    ),
    pytest.param(
        "thank-reader",
        8,
        letter(thanks_reader=False),
        "thank_reader_in_cover_letter",
        id="thank-reader",
    ),
    pytest.param(
        "letter-contact-details",
        8,
        letter(lists_contact_info=False),
        "add_contact_details",
        id="letter-contact-details",
    ),
    pytest.param(
        "resume-contact-details",
        8,
        {**UNSUBMITTED, "materials": {"resume_lists_contact_info": False}},
        "add_contact_details",
        id="resume-contact-details",
    ),
    pytest.param(
        "missing-contact-details",
        8,
        {**UNSUBMITTED, "candidate": {"skype": None}},
        "add_contact_details",
        id="missing-skype",
    ),
    pytest.param(
        "missing-contact-details",
        8,
        {**UNSUBMITTED, "candidate": {"availability": ""}},
        "add_contact_details",
        id="empty-availability",
    ),
    pytest.param(
        "prepare-questions", 8, INFO_INTERVIEW, "prepare_questions", id="prepare-questions"
    ),
    pytest.param(
        "prepare-questions",
        12,
        INFO_INTERVIEW,
        "prepare_questions",
        id="prepare-questions-interview-today",
    ),
    pytest.param(
        "research-interviewers",
        8,
        {**JOB_INTERVIEW, "research": {"interviewers": False}},
        "research_interviewers",
        id="research-interviewers-job",
    ),
    pytest.param(
        "research-interviewers",
        12,
        {**INFO_INTERVIEW, "research": {"interviewers": False}},
        "research_interviewers",
        id="research-interviewers-informational-today",
    ),
    pytest.param("call-recruiter", 7, {}, "call_recruiter", id="call-recruiter-day-7"),
    pytest.param("call-recruiter", 10, {}, "call_recruiter", id="call-recruiter-day-10"),
    pytest.param(
        "call-recruiter",
        8,
        followed_up(8, "call", "no_answer"),
        "call_recruiter",
        id="call-recruiter-after-unanswered-call",
    ),
    pytest.param("call-main-office", 7, NO_RECRUITER, "call_main_office", id="main-office-day-7"),
    pytest.param("call-main-office", 10, NO_RECRUITER, "call_main_office", id="main-office-day-10"),
    pytest.param(
        "visit-in-person", 7, {"company": {"size": "small"}}, "visit_in_person", id="visit-small"
    ),
    pytest.param(
        "visit-in-person",
        30,
        {"company": {"family_run": True}},
        "visit_in_person",
        id="visit-family-run-medium-day-30",
    ),
    pytest.param(
        "visit-in-person",
        8,
        {"company": {"size": None, "family_run": True}},
        "visit_in_person",
        id="visit-family-run-size-unknown",
    ),
    pytest.param("email-follow-up", 7, {}, "email_follow_up", id="email-day-7"),
    pytest.param("email-follow-up", 11, {}, "email_follow_up", id="email-day-11"),
    pytest.param("email-follow-up", 60, NO_RECRUITER, "email_follow_up", id="email-day-60"),
    pytest.param("wait-a-week", 0, {}, "wait", id="wait-day-0"),
    pytest.param("wait-a-week", 6, {}, "wait", id="wait-day-6"),
    pytest.param(
        "informational-via-contact",
        8,
        {**NO_POSTING, **CONTACTS},
        "request_informational_interview",
        id="informational-via-contact",
    ),
    pytest.param(
        "informational-via-hr",
        8,
        NO_POSTING,
        "request_informational_interview",
        id="informational-via-hr",
    ),
    pytest.param("find-contacts", 8, NO_POSTING, "find_contacts", id="find-contacts"),
    pytest.param(
        "research-company",
        8,
        {"research": {"company": False}},
        "research_company",
        id="research-company",
    ),
    pytest.param(
        "research-annual-report",
        8,
        {"research": {"company": False}, "company": {"size": "large"}},
        "research_company",
        id="research-annual-report",
    ),
    pytest.param(
        "research-industry",
        8,
        {**NO_POSTING, "research": {"company": False}},
        "research_company",
        id="research-industry",
    ),
    pytest.param(
        "connect-values",
        8,
        {"research": {"values_fit": False}},
        "connect_values",
        id="connect-values",
    ),
]

# (rule id, days after submission, overrides, action it must not recommend)
DOES_NOT_FIRE = [
    pytest.param("heard-back", 8, {}, "await_response", id="heard-back-silence"),
    pytest.param(
        "heard-back",
        8,
        followed_up(8, "call", "no_answer"),
        "await_response",
        id="heard-back-no-answer",
    ),
    pytest.param(
        "heard-back",
        8,
        followed_up(-1, "email", "reviewed"),
        "await_response",
        id="heard-back-reply-before-submission",
    ),
    pytest.param(
        "heard-back",
        8,
        {"interview": INFO_INTERVIEW["interview"]},
        "await_response",
        id="heard-back-informational-interview",
    ),
    pytest.param("posting-says-no-calls", 8, {}, None, id="calls-allowed"),
    pytest.param("posting-says-no-calls", 8, NO_POSTING, None, id="no-calls-no-posting"),
    pytest.param(
        "already-followed-up", 15, followed_up(8), "await_response", id="followed-up-week-ago"
    ),
    pytest.param(
        "already-followed-up",
        9,
        followed_up(8, "call", "no_answer"),
        "await_response",
        id="unanswered-call",
    ),
    pytest.param(
        "already-followed-up",
        9,
        followed_up(8, "call"),
        "await_response",
        id="call-without-outcome",
    ),
    pytest.param(
        "already-followed-up",
        8,
        followed_up(-2, "email"),
        "await_response",
        id="outreach-before-submission",
    ),
    pytest.param(
        "already-followed-up",
        9,
        followed_up(8, "call", "reviewed"),
        None,
        id="followed-up-and-replied",
    ),
    pytest.param("complete-materials", 8, UNSUBMITTED, None, id="materials-complete"),
    pytest.param(
        "complete-materials",
        8,
        {**NO_POSTING, "materials": {"complete": False}},
        "complete_application",
        id="complete-materials-no-posting",
    ),
    pytest.param("submit-application", 8, {}, "complete_application", id="already-submitted"),
    pytest.param(
        "submit-application",
        8,
        {**UNSUBMITTED, "materials": {"complete": False}},
        None,
        id="submit-incomplete",
    ),
    pytest.param(
        "submit-application", 8, NO_POSTING, "complete_application", id="submit-no-posting"
    ),
    pytest.param(
        "write-cover-letter",
        8,
        {"materials": {"cover_letter": None}},
        "tailor_cover_letter",
        id="no-letter-but-submitted",
    ),
    pytest.param(
        "write-cover-letter", 8, letter(), "tailor_cover_letter", id="letter-already-written"
    ),
    pytest.param("tailor-cover-letter", 8, letter(), "tailor_cover_letter", id="letter-tailored"),
    pytest.param(
        "tailor-cover-letter",
        8,
        {"materials": {"cover_letter": {"tailored": False}}},
        "tailor_cover_letter",
        id="untailored-but-submitted",
    ),
    pytest.param(
        "tailor-cover-letter",
        8,
        {**UNSUBMITTED, "materials": {"cover_letter": None}},
        None,
        id="tailor-without-letter",
    ),
    pytest.param(
        "remove-specific-date", 8, letter(), "remove_specific_date", id="no-specific-date"
    ),
    pytest.param(
        "remove-specific-date",
        8,
        {"materials": {"cover_letter": {"names_specific_date": True}}},
        "remove_specific_date",
        id="specific-date-but-submitted",
    ),
    pytest.param(
        "ask-for-interview",
        8,
        letter(),
        "ask_for_interview_in_cover_letter",
        id="letter-asks-for-interview",
    ),
    pytest.param(
        "ask-for-interview",
        8,
        {"materials": {"cover_letter": {"asks_for_interview": False}}},
        "ask_for_interview_in_cover_letter",
        id="no-ask-but-submitted",
    ),
    pytest.param(
        "ask-for-interview",
        8,
        {**UNSUBMITTED, "materials": {"cover_letter": None}},
        "ask_for_interview_in_cover_letter",
        id="ask-without-letter",
    ),
    pytest.param(
        "thank-reader", 8, letter(), "thank_reader_in_cover_letter", id="letter-thanks-reader"
    ),
    pytest.param(
        "thank-reader",
        8,
        {"materials": {"cover_letter": {"thanks_reader": False}}},
        "thank_reader_in_cover_letter",
        id="no-thanks-but-submitted",
    ),
    pytest.param(
        "letter-contact-details", 8, letter(), "add_contact_details", id="letter-lists-contact"
    ),
    pytest.param(
        "letter-contact-details",
        8,
        {"materials": {"cover_letter": {"lists_contact_info": False}}},
        "add_contact_details",
        id="letter-contact-but-submitted",
    ),
    pytest.param(
        "resume-contact-details", 8, UNSUBMITTED, "add_contact_details", id="resume-lists-contact"
    ),
    pytest.param(
        "resume-contact-details",
        8,
        {"materials": {"resume_lists_contact_info": False}},
        "add_contact_details",
        id="resume-contact-but-submitted",
    ),
    pytest.param(
        "resume-contact-details",
        8,
        {**NO_POSTING, "materials": {"resume_lists_contact_info": False}},
        "add_contact_details",
        id="resume-contact-no-posting",
    ),
    pytest.param(
        "missing-contact-details", 8, UNSUBMITTED, "add_contact_details", id="all-contact-details"
    ),
    pytest.param(
        "missing-contact-details",
        8,
        {"candidate": {"skype": None}},
        "add_contact_details",
        id="missing-skype-but-submitted",
    ),
    pytest.param(
        "missing-contact-details",
        8,
        {**NO_POSTING, "candidate": {"skype": None}},
        "add_contact_details",
        id="missing-skype-no-posting",
    ),
    pytest.param(
        "prepare-questions",
        8,
        {
            **INFO_INTERVIEW,
            "interview": {**INFO_INTERVIEW["interview"], "questions_prepared": True},
        },
        "prepare_questions",
        id="questions-prepared",
    ),
    pytest.param(
        "prepare-questions", 13, INFO_INTERVIEW, "prepare_questions", id="interview-yesterday"
    ),
    pytest.param("prepare-questions", 8, JOB_INTERVIEW, "prepare_questions", id="job-interview"),
    pytest.param(
        "research-interviewers",
        8,
        JOB_INTERVIEW,
        "research_interviewers",
        id="interviewers-researched",
    ),
    pytest.param(
        "research-interviewers",
        13,
        {**JOB_INTERVIEW, "research": {"interviewers": False}},
        "research_interviewers",
        id="interview-over",
    ),
    pytest.param(
        "research-interviewers",
        8,
        {"research": {"interviewers": False}},
        "research_interviewers",
        id="no-interview",
    ),
    pytest.param("call-recruiter", 6, {}, "call_recruiter", id="call-recruiter-day-6"),
    pytest.param("call-recruiter", 11, {}, "call_recruiter", id="call-recruiter-day-11"),
    pytest.param(
        "call-recruiter", 8, NO_RECRUITER_PHONE, "call_recruiter", id="recruiter-no-phone"
    ),
    pytest.param(
        "call-recruiter", 8, {"heard_back": True}, "call_recruiter", id="call-recruiter-replied"
    ),
    pytest.param(
        "call-recruiter", 8, followed_up(7), "call_recruiter", id="call-recruiter-followed-up"
    ),
    pytest.param("call-main-office", 6, NO_RECRUITER, "call_main_office", id="main-office-day-6"),
    pytest.param("call-main-office", 11, NO_RECRUITER, "call_main_office", id="main-office-day-11"),
    pytest.param(
        "call-main-office",
        8,
        NO_RECRUITER_PHONE,
        "call_main_office",
        id="main-office-recruiter-listed",
    ),
    pytest.param(
        "visit-in-person", 6, {"company": {"size": "small"}}, "visit_in_person", id="visit-day-6"
    ),
    pytest.param("visit-in-person", 8, {}, "visit_in_person", id="visit-medium-not-family"),
    pytest.param(
        "visit-in-person",
        8,
        {"company": {"size": "large", "family_run": True}},
        "visit_in_person",
        id="visit-large-family-run",
    ),
    pytest.param(
        "visit-in-person",
        8,
        {"company": {"size": "large"}},
        "visit_in_person",
        id="visit-large-corporate",
    ),
    pytest.param(
        "visit-in-person",
        8,
        {"company": {"size": "small"}, "heard_back": True},
        "visit_in_person",
        id="visit-replied",
    ),
    pytest.param("email-follow-up", 6, {}, "email_follow_up", id="email-day-6"),
    pytest.param("email-follow-up", 8, {"heard_back": True}, "email_follow_up", id="email-replied"),
    pytest.param("email-follow-up", 9, followed_up(8), "email_follow_up", id="email-followed-up"),
    pytest.param("email-follow-up", 8, UNSUBMITTED, "email_follow_up", id="email-not-submitted"),
    pytest.param("wait-a-week", 7, {}, "wait", id="wait-day-7"),
    pytest.param("wait-a-week", 3, UNSUBMITTED, "wait", id="wait-not-submitted"),
    pytest.param("wait-a-week", 3, {"heard_back": True}, "wait", id="wait-replied"),
    pytest.param(
        "informational-via-contact",
        8,
        NO_POSTING,
        None,
        id="via-contact-no-contacts",
    ),
    pytest.param(
        "informational-via-contact",
        8,
        {**CONTACTS, **UNSUBMITTED},
        "request_informational_interview",
        id="via-contact-with-posting",
    ),
    pytest.param(
        "informational-via-contact",
        8,
        {**INFO_INTERVIEW, **CONTACTS},
        "request_informational_interview",
        id="via-contact-interview-scheduled",
    ),
    pytest.param(
        "informational-via-hr",
        8,
        {**NO_POSTING, **CONTACTS},
        None,
        id="via-hr-with-contacts",
    ),
    pytest.param(
        "informational-via-hr",
        8,
        UNSUBMITTED,
        "request_informational_interview",
        id="via-hr-with-posting",
    ),
    pytest.param(
        "informational-via-hr",
        8,
        INFO_INTERVIEW,
        "request_informational_interview",
        id="via-hr-interview-scheduled",
    ),
    pytest.param(
        "find-contacts", 8, {**NO_POSTING, **CONTACTS}, "find_contacts", id="has-contacts"
    ),
    pytest.param("find-contacts", 8, UNSUBMITTED, "find_contacts", id="find-contacts-posting"),
    pytest.param("research-company", 8, NO_POSTING, "research_company", id="company-researched"),
    pytest.param(
        "research-annual-report",
        8,
        {"research": {"company": False}},
        None,
        id="annual-report-medium",
    ),
    pytest.param(
        "research-annual-report",
        8,
        {"company": {"size": "large"}},
        "research_company",
        id="annual-report-researched",
    ),
    pytest.param("research-industry", 8, {}, "research_company", id="industry-researched"),
    pytest.param("connect-values", 8, NO_POSTING, "connect_values", id="values-worked-out"),
]


@pytest.mark.parametrize(("rule_id", "at", "overrides", "action"), FIRES)
def test_rule_fires(rule_id: str, at: int, overrides: dict[str, Any], action: str) -> None:
    """The rule fires: its action is recommended with its reason, or ruled out by it."""
    decision = decide(at, **overrides)
    rule = next(r for r in default_pack().rules if r.id == rule_id)
    if rule.then is None:
        assert rule_id in block_ids(decision, action)
        assert action not in decision.action_ids
    else:
        assert rule.then.action == action
        assert action in decision.action_ids
        assert rule_id in reason_ids(decision, action)


@pytest.mark.parametrize(("rule_id", "at", "overrides", "action"), DOES_NOT_FIRE)
def test_rule_does_not_fire(
    rule_id: str, at: int, overrides: dict[str, Any], action: str | None
) -> None:
    """The rule stays silent: no reason, block or overruled entry names it."""
    decision = decide(at, **overrides)
    assert rule_id not in fired(decision)
    if action is not None:
        assert action not in decision.action_ids


@pytest.mark.parametrize("table", [FIRES, DOES_NOT_FIRE], ids=["fires", "does-not-fire"])
def test_every_default_rule_is_covered(table: list[Any]) -> None:
    """Each of the default pack's rules has a firing and a non-firing case above."""
    covered = {param.values[0] for param in table}
    assert covered == {rule.id for rule in default_pack().rules}


# --- the boundaries the guidance names --------------------------------------------------


@pytest.mark.parametrize("at", [0, 1, 6])
def test_first_week_waits(at: int) -> None:
    """Less than a week after submitting, the advice is to wait and every follow-up is blocked."""
    decision = decide(at)
    assert decision.action_ids == ("wait",)
    for action in FOLLOW_UPS:
        assert block_ids(decision, action) == ["wait-a-week"]


def test_day_7_follows_up() -> None:
    """On day 7 waiting ends: call the recruiter first, email as the alternative."""
    decision = decide(7)
    assert decision.action_ids == ("call_recruiter", "email_follow_up")
    assert decision.blocked_ids == ()


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (10, ("call_recruiter", "email_follow_up")),
        (11, ("email_follow_up",)),
    ],
)
def test_call_window_ends_after_day_10(at: int, expected: tuple[str, ...]) -> None:
    """call_recruiter is advised through day 10 and not on day 11; email_follow_up goes on."""
    decision = decide(at)
    assert decision.action_ids == expected
    assert "call_recruiter" not in decision.blocked_ids


def test_recruiter_with_phone_is_called() -> None:
    """A listed recruiter with a phone gets a call, named and numbered in the contact."""
    rec = decide(8).get("call_recruiter")
    assert rec is not None
    assert rec.channel == "call"
    assert rec.contact == "Dana Reyes at +1 555 0123"


def test_recruiter_without_phone_gets_an_email() -> None:
    """A listed recruiter without a phone: no call at all, email the recruiter instead."""
    decision = decide(8, **NO_RECRUITER_PHONE)
    assert decision.action_ids == ("email_follow_up",)
    assert decision.get("email_follow_up").contact == "dana@acme.example"


def test_no_recruiter_calls_main_office() -> None:
    """Without a listed recruiter, call the main office and ask for HR, or email."""
    decision = decide(8, **NO_RECRUITER)
    assert decision.action_ids == ("call_main_office", "email_follow_up")
    rec = decision.get("call_main_office")
    assert rec.contact == "Acme Corp's main office (+1 555 0199); ask for HR"
    assert rec.script.startswith("Ask to be transferred to the HR department.")
    assert decision.get("email_follow_up").contact == "jobs@acme.example"


@pytest.mark.parametrize(
    ("posting", "call", "overruled"),
    [
        ({"no_calls": True}, "call_recruiter", "call-recruiter"),
        ({"no_calls": True, "recruiter": None}, "call_main_office", "call-main-office"),
    ],
    ids=["recruiter", "main-office"],
)
def test_no_calls_posting_blocks_calls(posting: dict[str, Any], call: str, overruled: str) -> None:
    """A no-calls posting blocks both calls, lists the overruled call rule, and leaves email."""
    decision = decide(8, posting=posting)
    assert decision.action_ids == ("email_follow_up",)
    for action in CALLS:
        assert block_ids(decision, action) == ["posting-says-no-calls"]
        assert "should not call" in decision.blocked_action(action).reason
    assert decision.blocked_action(call).overruled == (overruled,)
    other = next(a for a in CALLS if a != call)
    assert decision.blocked_action(other).overruled == ()


def test_no_calls_posting_still_allows_a_visit() -> None:
    """A no-calls posting forbids calls only: a small business can still be visited."""
    decision = decide(8, posting={"no_calls": True}, company={"size": "small"})
    assert decision.action_ids == ("visit_in_person", "email_follow_up")


def test_no_calls_in_first_week_gives_both_reasons() -> None:
    """In the first week a no-calls posting and the week's wait both rule out the call."""
    decision = decide(3, posting={"no_calls": True})
    assert sorted(block_ids(decision, "call_recruiter")) == [
        "posting-says-no-calls",
        "wait-a-week",
    ]
    assert decision.action_ids == ("wait",)


@pytest.mark.parametrize(
    ("company", "visit"),
    [
        ({"size": "small", "family_run": True}, True),
        ({"size": "small"}, True),
        ({"size": "medium", "family_run": True}, True),
        ({"size": "large", "family_run": False}, False),
        ({"size": "large", "family_run": True}, False),
        ({"size": "medium"}, False),
    ],
    ids=["small-family", "small", "medium-family", "large-corporate", "large-family", "medium"],
)
def test_visit_in_person_only_small_or_family_run(company: dict[str, Any], visit: bool) -> None:
    """visit_in_person is advised for small or family-run firms, never for a large one."""
    decision = decide(8, company=company)
    assert ("visit_in_person" in decision.action_ids) is visit
    assert "visit_in_person" not in decision.blocked_ids


def test_no_posting_without_contacts() -> None:
    """No posting and nobody known: ask HR for a phone interview, and find contacts."""
    decision = decide(8, **NO_POSTING)
    assert decision.action_ids == ("request_informational_interview", "find_contacts")
    rec = decision.get("request_informational_interview")
    assert reason_ids(decision, "request_informational_interview") == ["informational-via-hr"]
    assert rec.channel == "call"
    assert rec.contact == "the HR department at Acme Corp"
    assert "phone interview" in rec.script
    assert "Do not ask for a reference or a job" in rec.script
    assert not set(decision.action_ids) & set(FOLLOW_UPS)


def test_no_posting_with_contacts() -> None:
    """No posting but a contact at the firm: ask that person; no network search needed."""
    decision = decide(8, **NO_POSTING, **CONTACTS)
    assert decision.action_ids == ("request_informational_interview",)
    rec = decision.get("request_informational_interview")
    assert reason_ids(decision, "request_informational_interview") == ["informational-via-contact"]
    assert rec.contact == "Lee Park"
    assert rec.script.startswith('"Hi Lee Park, I am interested in learning more about Acme Corp')
    assert "your particular role" in rec.script
    assert "Do not ask for a reference or a job" in rec.script


@pytest.mark.parametrize(
    "overrides",
    [
        {"heard_back": True},
        followed_up(8, "call", "timeline_given"),
        followed_up(7, "email", "not_reviewed"),
        followed_up(3, "email", "rejected"),
        JOB_INTERVIEW,
    ],
    ids=["heard-back", "call-timeline", "email-not-reviewed", "rejected", "job-interview"],
)
def test_heard_back_awaits_response(overrides: dict[str, Any]) -> None:
    """Once the employer replied: await_response first, and every follow-up is blocked."""
    decision = decide(9, **overrides)
    assert decision.action_ids[0] == "await_response"
    assert reason_ids(decision, "await_response") == ["heard-back"]
    assert set(decision.blocked_ids) == set(FOLLOW_UPS)
    for action in FOLLOW_UPS:
        assert block_ids(decision, action) == ["heard-back"]
        assert "Acme Corp has already replied" in decision.blocked_action(action).reason


@pytest.mark.parametrize("at", [8, 9, 14])
def test_already_followed_up_awaits_until_next_follow_up(at: int) -> None:
    """After a follow-up, await_response is due a week later and every follow-up is blocked."""
    decision = decide(at, **followed_up(8))
    assert decision.action_ids == ("await_response",)
    rec = decision.get("await_response")
    assert reason_ids(decision, "await_response") == ["already-followed-up"]
    assert rec.due_by == day(15)
    assert "You followed up on 2026-11-26" in rec.explanation
    assert "until 2026-12-03" in rec.explanation
    for action in FOLLOW_UPS:
        assert block_ids(decision, action) == ["already-followed-up"]
        assert "wait until 2026-12-03" in decision.blocked_action(action).reason


def test_follow_up_again_once_the_week_is_over() -> None:
    """On next_follow_up_on, with still no reply, the advice is to follow up again, not silence."""
    decision = decide(15, **followed_up(8))
    assert "await_response" not in decision.action_ids
    assert set(decision.action_ids) & set(FOLLOW_UPS)


@pytest.mark.parametrize("outcome", ["no_answer", None])
def test_unanswered_call_is_not_a_follow_up(outcome: str | None) -> None:
    """A call nobody answered does not count: call the recruiter again, no await_response."""
    decision = decide(9, **followed_up(8, "call", outcome))
    assert decision.action_ids == ("call_recruiter", "email_follow_up")
    assert "await_response" not in decision.action_ids
    assert decision.blocked_ids == ()


# --- dates and scripts ------------------------------------------------------------------


@pytest.mark.parametrize("at", [7, 8, 9, 10])
def test_call_recruiter_dates(at: int) -> None:
    """call_recruiter runs from submitted_on+7 to submitted_on+10, whatever the day."""
    rec = decide(at).get("call_recruiter")
    assert (rec.not_before, rec.due_by) == (day(7), day(10))


@pytest.mark.parametrize("at", [7, 10])
def test_call_main_office_dates(at: int) -> None:
    """call_main_office has the same window as the recruiter call."""
    rec = decide(at, **NO_RECRUITER).get("call_main_office")
    assert (rec.not_before, rec.due_by) == (day(7), day(10))


@pytest.mark.parametrize(
    ("action", "overrides"),
    [("email_follow_up", {}), ("visit_in_person", {"company": {"size": "small"}})],
)
def test_other_follow_ups_start_after_a_week(action: str, overrides: dict[str, Any]) -> None:
    """Email and visit follow-ups are not before submitted_on+7 and have no deadline."""
    rec = decide(12, **overrides).get(action)
    assert (rec.not_before, rec.due_by) == (day(7), None)


@pytest.mark.parametrize("at", [0, 3, 6])
def test_wait_due_by_is_a_week_after_submission(at: int) -> None:
    """wait's due_by is submitted_on+7, and its explanation names that date."""
    rec = decide(at).get("wait")
    assert rec.due_by == day(7)
    assert f"following up is due on {day(7).isoformat()}" in rec.explanation
    assert f"({SUBMITTED.isoformat()})" in rec.explanation


@pytest.mark.parametrize(
    ("at", "ago"), [(0, "today"), (1, "yesterday"), (3, "3 days ago"), (6, "6 days ago")]
)
def test_wait_says_when_you_applied(at: int, ago: str) -> None:
    """wait's explanation says in words when the application went in."""
    assert decide(at).get("wait").explanation.startswith(f"You applied {ago} (")


def test_call_script_has_the_guidance_sentence() -> None:
    """The call script holds the guidance's example sentence, filled in for Martha."""
    script = decide(8).get("call_recruiter").script
    assert (
        '"Hello, my name is Martha Owens. I submitted an application for the program manager '
        "position last week. I was wondering whether it would be possible to arrange an "
        'interview in the coming two weeks."' in script
    )
    assert script.startswith("Open by thanking Dana Reyes for taking your call")
    assert "Ask whether they have seen your materials." in script
    assert "potential timeline" in script


def test_visit_script_follows_the_guidance_example() -> None:
    """The visit script mirrors the guidance's in-person example for this application."""
    script = decide(8, company={"size": "small"}).get("visit_in_person").script
    assert (
        '"Hello. My name is Martha Owens. I submitted an application for the program manager '
        'position last week. Have you had time to look at it?"' in script
    )
    assert "confident and relaxed" in script


def test_email_script_is_addressed_and_signed() -> None:
    """The follow-up email greets the recruiter and signs with the contact details."""
    rec = decide(8).get("email_follow_up")
    assert rec.contact == "dana@acme.example"
    assert rec.script.startswith(
        "Subject: Application for the program manager position, Martha Owens"
    )
    assert "Dear Dana Reyes," in rec.script
    assert rec.script.endswith(
        "Martha Owens\nphone: +1 555 0100 | email: martha@example.org | "
        "Skype: martha.owens | available: weekdays after 3 pm"
    )


SPARSE: dict[str, Any] = {
    "candidate": {
        "email": None,
        "phone": None,
        "skype": None,
        "availability": None,
        "schools": [],
        "interests": [],
    },
    "company": {"website": None, "industry": None, "main_office_phone": None, "size": "small"},
    "posting": {"recruiter": {"name": None, "email": None}, "contact_email": None},
    **UNRESEARCHED,
}
SPARSE_NO_RECRUITER: dict[str, Any] = {**SPARSE, "posting": {"recruiter": None}}
SPARSE_INTERVIEW: dict[str, Any] = {
    **SPARSE,
    **NO_POSTING,
    "interview": {"kind": "informational", "on": day(12).isoformat()},
}
SPARSE_LETTER: dict[str, Any] = {
    **SPARSE_NO_RECRUITER,
    **UNSUBMITTED,
    "materials": {"cover_letter": {"asks_for_interview": False}},
}

# (overrides, days after submission, action, field, text the fallback must produce)
FALLBACKS = [
    (SPARSE, 8, "call_recruiter", "script", "Open by thanking the recruiter for taking your call"),
    (SPARSE, 8, "call_recruiter", "contact", "The listed recruiter at +1 555 0123"),
    (SPARSE, 8, "email_follow_up", "script", "Dear Hiring Manager,"),
    (
        SPARSE,
        8,
        "email_follow_up",
        "contact",
        "the HR department (find the address on the company's website)",
    ),
    (SPARSE, 8, "research_company", "script", "Peruse the company's website: what are"),
    (SPARSE, 8, "research_company", "script", "industry-specific information about its industry:"),
    (
        SPARSE_NO_RECRUITER,
        8,
        "call_main_office",
        "contact",
        "Acme Corp's main office (number on its website); ask for HR",
    ),
    ({**SPARSE, **NO_POSTING}, 8, "find_contacts", "script", "alumni network of your university"),
    (SPARSE_INTERVIEW, 8, "prepare_questions", "script", "Research the person's role first"),
    (SPARSE_INTERVIEW, 8, "prepare_questions", "script", "challenging in your current role?"),
    (
        SPARSE_INTERVIEW,
        8,
        "prepare_questions",
        "explanation",
        "informational interview with the person you will meet is",
    ),
    (SPARSE_INTERVIEW, 8, "research_interviewers", "script", "Find the people you will meet on"),
    (
        SPARSE_INTERVIEW,
        8,
        "research_interviewers",
        "script",
        "a shared alma mater (your schools) or a major hobby (your interests)",
    ),
    (
        SPARSE_LETTER,
        8,
        "ask_for_interview_in_cover_letter",
        "script",
        "you will call the recruiter in one week",
    ),
]


@pytest.mark.parametrize(("overrides", "at", "action", "field", "expected"), FALLBACKS)
def test_fallbacks_fill_missing_facts(
    overrides: dict[str, Any], at: int, action: str, field: str, expected: str
) -> None:
    """When an optional fact is missing, the rule's fallback wording is used instead."""
    rec = decide(at, **overrides).get(action)
    assert rec is not None
    assert expected in getattr(rec, field)


def test_facts_fill_templates_when_given() -> None:
    """With the optional facts given, they replace the fallbacks in the scripts."""
    decision = decide(
        8,
        **UNRESEARCHED,
        interview={**INFO_INTERVIEW["interview"]},
    )
    research = decision.get("research_company").script
    assert "Peruse https://acme.example:" in research
    assert "information about logistics:" in research
    interviewers = decision.get("research_interviewers").script
    assert "Find Lee Park on LinkedIn" in interviewers
    assert "(State University)" in interviewers
    assert "(sailing)" in interviewers
    questions = decision.get("prepare_questions").script
    assert "Research Lee Park's role first" in questions
    assert "challenging in your analyst role?" in questions
    contacts = decide(8, **NO_POSTING).get("find_contacts").script
    assert "alumni network of State University" in contacts


SCENARIOS = [
    pytest.param(at, overrides, id=f"{param.id}")
    for param in FIRES + DOES_NOT_FIRE
    for (_, at, overrides, _) in [param.values]
] + [
    pytest.param(8, SPARSE, id="sparse"),
    pytest.param(8, SPARSE_NO_RECRUITER, id="sparse-no-recruiter"),
    pytest.param(8, SPARSE_INTERVIEW, id="sparse-interview"),
    pytest.param(8, SPARSE_LETTER, id="sparse-letter"),
    pytest.param(3, SPARSE, id="sparse-wait"),
    pytest.param(9, {**SPARSE, **followed_up(8)}, id="sparse-followed-up"),
    pytest.param(8, {**SPARSE, "posting": {"no_calls": True}}, id="sparse-no-calls"),
    pytest.param(8, {**SPARSE, **NO_POSTING, **CONTACTS}, id="sparse-contacts"),
]

_UNNATURAL = re.compile(r"\{|\}|\bNone\b|  |\s[.,;:]|\(\)|\(\s|\s\)")


@pytest.mark.parametrize(("at", "overrides"), SCENARIOS)
def test_texts_have_no_placeholders_or_gaps(at: int, overrides: dict[str, Any]) -> None:
    """No text shows a brace, 'None', a doubled space, empty brackets or a stray punctuation gap."""
    for text in texts(decide(at, **overrides)):
        for line in text.splitlines():
            assert not _UNNATURAL.search(line.strip()), line


def test_email_script_has_no_dangling_blank_line() -> None:
    """Without contact details the email ends at the candidate's name, not on an empty line."""
    script = decide(8, **SPARSE).get("email_follow_up").script
    assert script.endswith("I look forward to hearing from you soon.\n\nMartha Owens")


def test_missing_contact_details_are_named() -> None:
    """The contact-details explanation names exactly what is missing."""
    decision = decide(8, **UNSUBMITTED, candidate={"skype": None, "availability": None})
    rec = decision.get("add_contact_details")
    assert rec.explanation.endswith("you have not given your Skype address and times available.")


# --- sources and the action catalogue ---------------------------------------------------


@pytest.mark.parametrize("rule", default_pack().rules, ids=lambda rule: rule.id)
def test_rule_source_quotes_the_guidance(rule: Any) -> None:
    """A rule's source is a verbatim guidance passage, or an explained house default."""
    if rule.house_default:
        assert rule.source.startswith("house default: ")
        assert len(rule.source) > len("house default: ") + 20
    else:
        assert not rule.source.startswith("house default")
        guidance = normalise(GUIDANCE.read_text(encoding="utf-8"))
        assert normalise(rule.source) in guidance


def test_rule_source_reaches_the_decision() -> None:
    """Each reason carries its rule's source, so the user can see which passage applies."""
    sources = {rule.id: rule.source for rule in default_pack().rules}
    decision = decide(8, company={"size": "small"}, **UNRESEARCHED)
    for rec in decision.actions:
        assert rec.source == sources[rec.rule_id]
        for reason in rec.reasons:
            assert reason.source == sources[reason.rule_id]


def test_every_catalogue_action_is_produced() -> None:
    """Every action id of the contract's catalogue is recommended by some default rule."""
    produced = {rule.then.action for rule in default_pack().rules if rule.then is not None}
    assert set(ACTIONS) <= produced


def test_default_rules_use_only_catalogue_actions() -> None:
    """The default pack recommends and blocks only actions of the built-in catalogue."""
    for rule in default_pack().rules:
        if rule.then is not None:
            assert rule.then.action in ACTIONS
        for block in rule.blocks:
            assert block.action in ACTIONS


# --- conflict resolution ----------------------------------------------------------------


def test_ranking_small_family_business_day_8() -> None:
    """Day 8, small family firm, recruiter phone: call, then visit, then email."""
    decision = decide(8, company={"size": "small", "family_run": True})
    assert decision.action_ids == ("call_recruiter", "visit_in_person", "email_follow_up")
    assert decision.primary.action == "call_recruiter"
    priorities = [rec.priority for rec in decision.actions]
    assert priorities == sorted(priorities, reverse=True)


def test_ranking_follow_ups_before_research() -> None:
    """Following up outranks research, which outranks working out the values fit."""
    decision = decide(8, **NO_RECRUITER, **UNRESEARCHED)
    assert decision.action_ids == (
        "call_main_office",
        "email_follow_up",
        "research_company",
        "connect_values",
    )


def test_ranking_unsubmitted_application() -> None:
    """Before submitting: fix the letter and contact details, then complete, then research."""
    decision = decide(
        8,
        **UNSUBMITTED,
        **UNRESEARCHED,
        materials={"complete": False, "cover_letter": None, "resume_lists_contact_info": False},
    )
    assert decision.action_ids == (
        "tailor_cover_letter",
        "add_contact_details",
        "complete_application",
        "research_company",
        "connect_values",
    )


def test_letter_fixes_rank_before_submitting() -> None:
    """While the letter still needs fixing, fixing it ranks above submitting the application."""
    decision = decide(
        8, **letter(names_specific_date=True, asks_for_interview=False, thanks_reader=False)
    )
    ids = decision.action_ids
    assert ids.index("complete_application") > max(
        ids.index(a)
        for a in (
            "remove_specific_date",
            "ask_for_interview_in_cover_letter",
            "thank_reader_in_cover_letter",
        )
    )


@pytest.mark.parametrize(("at", "overrides"), SCENARIOS)
def test_blocked_never_recommended_and_actions_unique(at: int, overrides: dict[str, Any]) -> None:
    """No blocked action is recommended, and no action is recommended twice."""
    decision = decide(at, **overrides)
    assert not set(decision.action_ids) & set(decision.blocked_ids)
    assert len(set(decision.action_ids)) == len(decision.action_ids)
    assert len(set(decision.blocked_ids)) == len(decision.blocked_ids)


def test_blocked_recommendation_is_listed_as_overruled() -> None:
    """Incomplete materials after a week: the follow-ups are blocked and their rules overruled."""
    decision = decide(8, materials={"complete": False})
    assert decision.action_ids == ("complete_application",)
    blocked = decision.blocked_action("call_recruiter")
    assert [r.rule_id for r in blocked.reasons] == ["complete-materials"]
    assert blocked.overruled == ("call-recruiter",)
    assert decision.blocked_action("email_follow_up").overruled == ("email-follow-up",)


def test_same_action_from_three_rules_appears_once() -> None:
    """A large unresearched company: research_company once, with all three rules' reasons."""
    decision = decide(8, company={"size": "large"}, research={"company": False})
    assert decision.action_ids.count("research_company") == 1
    rec = decision.get("research_company")
    assert [r.rule_id for r in rec.reasons] == [
        "research-company",
        "research-annual-report",
        "research-industry",
    ]
    assert rec.rule_id == "research-company"
    for reason in rec.reasons:
        assert reason.explanation in rec.explanation
    assert "peruse its website" in rec.explanation
    assert "annual financial report" in rec.explanation
    assert "trade journals or professional associations" in rec.explanation


def test_medium_company_skips_annual_report() -> None:
    """A medium company's research_company has two reasons, without the annual report."""
    rec = decide(8, research={"company": False}).get("research_company")
    assert [r.rule_id for r in rec.reasons] == ["research-company", "research-industry"]
    assert "annual" not in rec.explanation


def test_contact_details_from_three_rules_merge() -> None:
    """Letter, resume and missing details all give add_contact_details once, with 3 reasons."""
    decision = decide(
        8,
        **UNSUBMITTED,
        materials={
            "resume_lists_contact_info": False,
            "cover_letter": {"lists_contact_info": False},
        },
        candidate={"phone": None},
    )
    assert decision.action_ids.count("add_contact_details") == 1
    assert sorted(reason_ids(decision, "add_contact_details")) == [
        "letter-contact-details",
        "missing-contact-details",
        "resume-contact-details",
    ]
    assert "telephone number." in decision.get("add_contact_details").explanation


def test_blocks_from_several_rules_are_all_listed() -> None:
    """A follow-up ruled out by two rules lists both reasons, once."""
    decision = decide(3, materials={"complete": False})
    assert sorted(block_ids(decision, "email_follow_up")) == ["complete-materials", "wait-a-week"]
    assert decision.blocked_ids.count("email_follow_up") == 1


def test_the_default_pack_has_an_example_for_every_rule() -> None:
    """Every rule of the default pack fires on at least one of its examples, and all pass."""
    pack = default_pack()
    coverage = Coverage(pack)
    for example in pack.examples:
        coverage.record(example.application, example.today)
        assert example_problems(pack, example) == [], example.name
    assert coverage.never_fired == ()
