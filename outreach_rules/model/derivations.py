"""How the derived facts are computed from an application and the day (see :mod:`.derived`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Protocol

from .application import Application, HistoryEntry

__all__ = [
    "CONTACT_ITEMS",
    "FOLLOW_UP_AFTER_DAYS",
    "FOLLOW_UP_WINDOW_DAYS",
    "REPLY_OUTCOMES",
    "FactView",
    "after_submission",
    "ago",
    "contact_line",
    "days_between",
    "employer_email",
    "first_contact",
    "follow_ups",
    "interview_scheduled",
    "interviewer",
    "interviewer_names",
    "is_follow_up",
    "last_follow_up",
    "last_outcome",
    "missing_contact_details",
    "plus",
    "recruiter_attr",
    "replied",
]


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

CONTACT_ITEMS = (
    ("phone", "telephone number"),
    ("skype", "Skype address"),
    ("availability", "times available"),
    ("email", "email address"),
)


def after_submission(app: Application) -> tuple[HistoryEntry, ...]:
    """The history entries dated on or after the submission (none before submitting)."""
    if app.submitted_on is None:
        return ()
    submitted = app.submitted_on
    return tuple(e for e in app.history if e.on >= submitted)


def is_follow_up(entry: HistoryEntry) -> bool:
    """Whether *entry* counts as following up (an unanswered call reached nobody)."""
    # An unanswered call reached nobody: it does not count as having followed up.
    return not (entry.channel == "call" and entry.outcome in (None, "no_answer"))


def follow_ups(f: FactView) -> tuple[HistoryEntry, ...]:
    """The follow-ups since submitting."""
    return tuple(e for e in after_submission(f.app) if is_follow_up(e))


def last_follow_up(f: FactView) -> date | None:
    """The date of the latest follow-up, if any."""
    entries = follow_ups(f)
    return max(e.on for e in entries) if entries else None


def days_between(start: date | None, end: date) -> int | None:
    """Whole days from *start* to *end* (``None`` without a start)."""
    return None if start is None else (end - start).days


def plus(day: date | None, days: int) -> date | None:
    """*day* plus *days* (``None`` without a day)."""
    return None if day is None else day + timedelta(days=days)


def ago(days: int | None) -> str | None:
    """A count of days in words: "today", "yesterday", "3 days ago", "last week"."""
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


def replied(f: FactView) -> bool:
    """Whether the employer answered (see the ``replied`` fact)."""
    app = f.app
    if app.heard_back:
        return True
    if app.interview is not None and app.interview.kind == "job":
        return True
    entries = after_submission(app) if app.submitted_on is not None else app.history
    return any(e.outcome in REPLY_OUTCOMES for e in entries)


def last_outcome(f: FactView) -> str | None:
    """The outcome of the most recent history entry."""
    history = f.app.history
    if not history:
        return None
    latest = max(range(len(history)), key=lambda i: (history[i].on, i))
    return history[latest].outcome


def missing_contact_details(f: FactView) -> tuple[str, ...] | None:
    """The contact details the candidate has not given, for people."""
    candidate = f.app.candidate
    missing = tuple(label for key, label in CONTACT_ITEMS if not getattr(candidate, key))
    return missing or None


def interview_scheduled(f: FactView) -> bool:
    """Whether an interview is scheduled today or later (or undated)."""
    interview = f.app.interview
    return interview is not None and (interview.on is None or interview.on >= f.today)


def interviewer(f: FactView, attr: str) -> str | None:
    """An attribute of the first person the candidate will meet."""
    interview = f.app.interview
    if interview is None or not interview.with_:
        return None
    value: str | None = getattr(interview.with_[0], attr)
    return value


def interviewer_names(f: FactView) -> tuple[str, ...] | None:
    """Everyone the candidate will meet, by name."""
    interview = f.app.interview
    if interview is None or not interview.with_:
        return None
    return tuple(person.name for person in interview.with_)


def contact_line(f: FactView) -> str | None:
    """The candidate's contact details on one line."""
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


def employer_email(f: FactView) -> str | None:
    """Where to email: the recruiter's address, else the posting's."""
    posting = f.app.posting
    if posting is None:
        return None
    if posting.recruiter is not None and posting.recruiter.email:
        return posting.recruiter.email
    return posting.contact_email or None


def recruiter_attr(f: FactView, attr: str) -> bool:
    """Whether the listed recruiter has *attr* (a phone, an email)."""
    posting = f.app.posting
    return bool(posting and posting.recruiter and getattr(posting.recruiter, attr))


def first_contact(f: FactView, attr: str) -> str | None:
    """An attribute of the first contact listed."""
    contacts = f.app.contacts
    if not contacts:
        return None
    value: str | None = getattr(contacts[0], attr)
    return value
