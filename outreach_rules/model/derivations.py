"""How the derived facts are computed from an application and the day (see :mod:`.derived`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol

from .application import Application

__all__ = [
    "CONTACT_ITEMS",
    "FactView",
    "contact_line",
    "days_between",
    "employer_email",
    "first_contact",
    "interview_scheduled",
    "interviewer",
    "interviewer_names",
    "last_outcome",
    "missing_contact_details",
    "recruiter_attr",
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

    @property
    def settings(self) -> Mapping[str, Any]:
        """The values of the pack's settings, by name."""

    @property
    def custom(self) -> Mapping[str, Any]:
        """The application's custom facts, checked against the pack, by name."""

    def __getitem__(self, path: str) -> Any:
        """The value of another fact."""


CONTACT_ITEMS = (
    ("phone", "telephone number"),
    ("skype", "Skype address"),
    ("availability", "times available"),
    ("email", "email address"),
)


def days_between(start: date | None, end: date) -> int | None:
    """Whole days from *start* to *end* (``None`` without a start)."""
    return None if start is None else (end - start).days


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
