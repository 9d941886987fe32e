"""Derived facts: what rules need that the application does not state directly.

Each derived fact is computed from the application and the decision date, at
most once per decision (see :class:`~outreach_rules.model.facts.Facts`), in this
one place. They are part of the documented fact vocabulary that packs may use,
exactly like the application's own fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, Protocol

from .application import Application, HistoryEntry

__all__ = [
    "DERIVED",
    "FOLLOW_UP_AFTER_DAYS",
    "FOLLOW_UP_WINDOW_DAYS",
    "DerivedFact",
    "FactView",
    "derived_index",
]

FactType = Literal["bool", "int", "date", "str", "enum", "list", "object"]
ChangeableBy = Literal["candidate", "employer", "time"]


class FactView(Protocol):
    """What a derived fact is computed from: the application, the day, and the other facts.

    :class:`~outreach_rules.model.facts.Facts` is one; this module needs no more
    of it, and so does not import it (``facts`` builds on the vocabulary, which
    builds on this table).
    """

    @property
    def app(self) -> Application:
        """The validated application."""

    @property
    def today(self) -> date:
        """The day the advice is for."""

    def __getitem__(self, path: str) -> Any:
        """The value of another fact."""


FOLLOW_UP_AFTER_DAYS = 7
"""The guidance: wait at least one week before following up."""

FOLLOW_UP_WINDOW_DAYS = 10
"""The guidance: call the recruiter after seven to ten days without news."""

REPLY_OUTCOMES = frozenset(
    {"not_reviewed", "reviewed", "timeline_given", "interview_offered", "rejected"}
)
"""History outcomes that mean somebody at the employer answered."""

_CONTACT_ITEMS = (
    ("phone", "telephone number"),
    ("skype", "Skype address"),
    ("availability", "times available"),
    ("email", "email address"),
)


@dataclass(frozen=True, slots=True)
class DerivedFact:
    """The definition of one derived fact.

    ``presence`` names the presence keys that must hold for the value not to be
    ``None``; ``establishes`` (bool facts only) the presence keys that hold
    whenever the fact is true. The pack compiler uses both to prove that a
    template placeholder cannot be empty.
    """

    path: str
    type: FactType
    description: str
    compute: Callable[[FactView], Any]
    changeable_by: ChangeableBy
    presence: tuple[str, ...] = ()
    establishes: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


def _after_submission(app: Application) -> tuple[HistoryEntry, ...]:
    if app.submitted_on is None:
        return ()
    submitted = app.submitted_on
    return tuple(e for e in app.history if e.on >= submitted)


def _is_follow_up(entry: HistoryEntry) -> bool:
    # An unanswered call reached nobody: it does not count as having followed up.
    return not (entry.channel == "call" and entry.outcome in (None, "no_answer"))


def _follow_ups(f: FactView) -> tuple[HistoryEntry, ...]:
    return tuple(e for e in _after_submission(f.app) if _is_follow_up(e))


def _last_follow_up(f: FactView) -> date | None:
    entries = _follow_ups(f)
    return max(e.on for e in entries) if entries else None


def _days_between(start: date | None, end: date) -> int | None:
    return None if start is None else (end - start).days


def _plus(day: date | None, days: int) -> date | None:
    return None if day is None else day + timedelta(days=days)


def _ago(days: int | None) -> str | None:
    if days is None:
        return None
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    if days < 14:
        return "last week"
    if days < 21:
        return "two weeks ago"
    return f"{days // 7} weeks ago"


def _replied(f: FactView) -> bool:
    app = f.app
    if app.heard_back:
        return True
    if app.interview is not None and app.interview.kind == "job":
        return True
    entries = _after_submission(app) if app.submitted_on is not None else app.history
    return any(e.outcome in REPLY_OUTCOMES for e in entries)


def _last_outcome(f: FactView) -> str | None:
    history = f.app.history
    if not history:
        return None
    latest = max(range(len(history)), key=lambda i: (history[i].on, i))
    return history[latest].outcome


def _missing_contact_details(f: FactView) -> tuple[str, ...] | None:
    candidate = f.app.candidate
    missing = tuple(label for key, label in _CONTACT_ITEMS if not getattr(candidate, key))
    return missing or None


def _interview_scheduled(f: FactView) -> bool:
    interview = f.app.interview
    return interview is not None and (interview.on is None or interview.on >= f.today)


def _interviewer(f: FactView, attr: str) -> str | None:
    interview = f.app.interview
    if interview is None or not interview.with_:
        return None
    value: str | None = getattr(interview.with_[0], attr)
    return value


def _interviewer_names(f: FactView) -> tuple[str, ...] | None:
    interview = f.app.interview
    if interview is None or not interview.with_:
        return None
    return tuple(person.name for person in interview.with_)


def _contact_line(f: FactView) -> str | None:
    candidate = f.app.candidate
    items = [
        f"{label}: {value}"
        for label, value in (
            ("phone", candidate.phone),
            ("email", candidate.email),
            ("Skype", candidate.skype),
            ("available", candidate.availability),
        )
        if value
    ]
    return " | ".join(items) or None


def _employer_email(f: FactView) -> str | None:
    posting = f.app.posting
    if posting is None:
        return None
    if posting.recruiter is not None and posting.recruiter.email:
        return posting.recruiter.email
    return posting.contact_email or None


def _recruiter_attr(f: FactView, attr: str) -> bool:
    posting = f.app.posting
    return bool(posting and posting.recruiter and getattr(posting.recruiter, attr))


def _first_contact(f: FactView, attr: str) -> str | None:
    contacts = f.app.contacts
    if not contacts:
        return None
    value: str | None = getattr(contacts[0], attr)
    return value


_SUBMITTED = ("submitted_on",)
_FOLLOW_UP = ("follow_up",)
_RECRUITER = ("posting", "posting.recruiter")
_INTERVIEWER = ("interview", "interviewer")

DERIVED: tuple[DerivedFact, ...] = (
    DerivedFact("today", "date", "The day the advice is for.", lambda f: f.today, "time"),
    DerivedFact(
        "has_posting",
        "bool",
        "There is a specific job posting.",
        lambda f: f.app.posting is not None,
        "employer",
        establishes=("posting",),
    ),
    DerivedFact(
        "has_recruiter",
        "bool",
        "The posting lists a recruiter.",
        lambda f: f.app.posting is not None and f.app.posting.recruiter is not None,
        "employer",
        establishes=_RECRUITER,
    ),
    DerivedFact(
        "recruiter_has_phone",
        "bool",
        "The listed recruiter has a phone number.",
        lambda f: _recruiter_attr(f, "phone"),
        "employer",
        establishes=(*_RECRUITER, "posting.recruiter.phone"),
    ),
    DerivedFact(
        "recruiter_has_email",
        "bool",
        "The listed recruiter has an email address.",
        lambda f: _recruiter_attr(f, "email"),
        "employer",
        establishes=(*_RECRUITER, "posting.recruiter.email"),
    ),
    DerivedFact(
        "has_main_office_phone",
        "bool",
        "The company's main office phone is known.",
        lambda f: bool(f.app.company.main_office_phone),
        "employer",
        establishes=("company.main_office_phone",),
    ),
    DerivedFact(
        "calls_allowed",
        "bool",
        "No posting forbids calling (true without a posting).",
        lambda f: not (f.app.posting is not None and f.app.posting.no_calls),
        "employer",
    ),
    DerivedFact(
        "submitted",
        "bool",
        "The application has been submitted.",
        lambda f: f.app.submitted_on is not None,
        "candidate",
        establishes=_SUBMITTED,
    ),
    DerivedFact(
        "days_since_submission",
        "int",
        "Whole days from submission to today.",
        lambda f: _days_between(f.app.submitted_on, f.today),
        "time",
        presence=_SUBMITTED,
    ),
    DerivedFact(
        "submitted_ago",
        "str",
        'When the application went in, in words ("3 days ago", "last week").',
        lambda f: _ago(f["days_since_submission"]),
        "time",
        presence=_SUBMITTED,
    ),
    DerivedFact(
        "follow_up_due_on",
        "date",
        "Submission date plus 7 days: following up is due.",
        lambda f: _plus(f.app.submitted_on, FOLLOW_UP_AFTER_DAYS),
        "time",
        presence=_SUBMITTED,
    ),
    DerivedFact(
        "follow_up_window_ends_on",
        "date",
        "Submission date plus 10 days: the end of the call-the-recruiter window.",
        lambda f: _plus(f.app.submitted_on, FOLLOW_UP_WINDOW_DAYS),
        "time",
        presence=_SUBMITTED,
    ),
    DerivedFact(
        "replied",
        "bool",
        "The employer answered: heard_back, a history outcome other than no_answer since "
        "submission, or a job interview.",
        _replied,
        "employer",
    ),
    DerivedFact(
        "last_outcome",
        "enum",
        "The outcome of the most recent history entry.",
        _last_outcome,
        "employer",
        presence=("last_outcome",),
        choices=(
            "no_answer",
            "not_reviewed",
            "reviewed",
            "timeline_given",
            "interview_offered",
            "rejected",
        ),
    ),
    DerivedFact(
        "followed_up",
        "bool",
        "The candidate followed up since submitting (an unanswered call does not count).",
        lambda f: bool(_follow_ups(f)),
        "candidate",
        establishes=_FOLLOW_UP,
    ),
    DerivedFact(
        "followed_up_recently",
        "bool",
        "The latest follow-up was less than 7 days ago: the employer still has its week to answer.",
        lambda f: (days := f["days_since_follow_up"]) is not None and days < FOLLOW_UP_AFTER_DAYS,
        "time",
        establishes=_FOLLOW_UP,
    ),
    DerivedFact(
        "follow_up_count",
        "int",
        "How many follow-ups since submitting.",
        lambda f: len(_follow_ups(f)),
        "candidate",
    ),
    DerivedFact(
        "unanswered_calls",
        "int",
        "Calls since submitting that nobody answered.",
        lambda f: len([e for e in _after_submission(f.app) if not _is_follow_up(e)]),
        "candidate",
    ),
    DerivedFact(
        "last_follow_up_on",
        "date",
        "The date of the latest follow-up.",
        _last_follow_up,
        "candidate",
        presence=_FOLLOW_UP,
    ),
    DerivedFact(
        "days_since_follow_up",
        "int",
        "Whole days from the latest follow-up to today.",
        lambda f: _days_between(f["last_follow_up_on"], f.today),
        "time",
        presence=_FOLLOW_UP,
    ),
    DerivedFact(
        "next_follow_up_on",
        "date",
        "The latest follow-up plus 7 days.",
        lambda f: _plus(f["last_follow_up_on"], FOLLOW_UP_AFTER_DAYS),
        "time",
        presence=_FOLLOW_UP,
    ),
    DerivedFact(
        "has_contacts",
        "bool",
        "The candidate knows someone at the firm.",
        lambda f: bool(f.app.contacts),
        "candidate",
        establishes=("contacts",),
    ),
    DerivedFact(
        "contact_count",
        "int",
        "How many people the candidate knows at the firm.",
        lambda f: len(f.app.contacts),
        "candidate",
    ),
    DerivedFact(
        "first_contact_name",
        "str",
        "The name of the first contact listed.",
        lambda f: _first_contact(f, "name"),
        "candidate",
        presence=("contacts",),
    ),
    DerivedFact(
        "first_contact_role",
        "str",
        "The role of the first contact listed.",
        lambda f: _first_contact(f, "role"),
        "candidate",
        presence=("contacts", "first_contact_role"),
    ),
    DerivedFact(
        "interview_scheduled",
        "bool",
        "An interview is scheduled today or later (or undated).",
        _interview_scheduled,
        "employer",
        establishes=("interview",),
    ),
    DerivedFact(
        "days_until_interview",
        "int",
        "Whole days from today to the interview.",
        lambda f: (
            None
            if f.app.interview is None or f.app.interview.on is None
            else (f.app.interview.on - f.today).days
        ),
        "time",
        presence=("interview", "interview.on"),
    ),
    DerivedFact(
        "interviewer_name",
        "str",
        "The first person listed under interview.with.",
        lambda f: _interviewer(f, "name"),
        "employer",
        presence=_INTERVIEWER,
    ),
    DerivedFact(
        "interviewer_role",
        "str",
        "That person's role.",
        lambda f: _interviewer(f, "role"),
        "employer",
        presence=(*_INTERVIEWER, "interviewer_role"),
    ),
    DerivedFact(
        "interviewer_names",
        "list",
        "Everyone listed under interview.with, by name.",
        _interviewer_names,
        "employer",
        presence=_INTERVIEWER,
    ),
    DerivedFact(
        "candidate_contact_line",
        "str",
        'The candidate\'s contact details on one line ("phone: ... | email: ...").',
        _contact_line,
        "candidate",
        presence=("candidate_contact_line",),
    ),
    DerivedFact(
        "missing_contact_details",
        "list",
        "Contact details the candidate has not given: telephone number, Skype address, "
        "times available, email address.",
        _missing_contact_details,
        "candidate",
        presence=("missing_contact_details",),
    ),
    DerivedFact(
        "employer_email",
        "str",
        "Where to email: the recruiter's address, else the posting's contact address.",
        _employer_email,
        "employer",
        presence=("employer_email",),
    ),
)


def derived_index() -> Mapping[str, DerivedFact]:
    """Return the derived facts by path."""
    return {d.path: d for d in DERIVED}
