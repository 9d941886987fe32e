"""Derived facts: what rules need that the application does not state directly.

Each derived fact is computed from the application and the decision date, at
most once per decision (see :class:`~outreach_rules.model.facts.Facts`), in this
one place. They are part of the documented fact vocabulary that packs may use,
exactly like the application's own fields.

These are facts, not policy: what counts as a reply or a follow-up, and how
long to wait, are the default pack's settings and derived facts
(``rulesets/default.yaml``), which every pack reads and may change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .derivations import (
    FactView,
    contact_line,
    days_between,
    employer_email,
    first_contact,
    interview_scheduled,
    interviewer,
    interviewer_names,
    last_outcome,
    missing_contact_details,
    recruiter_attr,
)

__all__ = [
    "DERIVED",
    "ChangeableBy",
    "DerivedFact",
    "FactType",
    "FactView",
    "derived_index",
]

FactType = Literal["bool", "int", "date", "str", "enum", "list", "object"]
"""The types of facts."""

ChangeableBy = Literal["candidate", "employer", "time"]
"""Who can change a fact: the candidate, the employer, or only time."""


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


_SUBMITTED = ("submitted_on",)
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
        lambda f: recruiter_attr(f, "phone"),
        "employer",
        establishes=(*_RECRUITER, "posting.recruiter.phone"),
    ),
    DerivedFact(
        "recruiter_has_email",
        "bool",
        "The listed recruiter has an email address.",
        lambda f: recruiter_attr(f, "email"),
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
        lambda f: days_between(f.app.submitted_on, f.today),
        "time",
        presence=_SUBMITTED,
    ),
    DerivedFact(
        "last_outcome",
        "enum",
        "The outcome of the most recent history entry.",
        last_outcome,
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
        lambda f: first_contact(f, "name"),
        "candidate",
        presence=("contacts",),
    ),
    DerivedFact(
        "first_contact_role",
        "str",
        "The role of the first contact listed.",
        lambda f: first_contact(f, "role"),
        "candidate",
        presence=("contacts", "first_contact_role"),
    ),
    DerivedFact(
        "interview_scheduled",
        "bool",
        "An interview is scheduled today or later (or undated).",
        interview_scheduled,
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
        lambda f: interviewer(f, "name"),
        "employer",
        presence=_INTERVIEWER,
    ),
    DerivedFact(
        "interviewer_role",
        "str",
        "That person's role.",
        lambda f: interviewer(f, "role"),
        "employer",
        presence=(*_INTERVIEWER, "interviewer_role"),
    ),
    DerivedFact(
        "interviewer_names",
        "list",
        "Everyone listed under interview.with, by name.",
        interviewer_names,
        "employer",
        presence=_INTERVIEWER,
    ),
    DerivedFact(
        "candidate_contact_line",
        "str",
        'The candidate\'s contact details on one line ("phone: ... | email: ...").',
        contact_line,
        "candidate",
        presence=("candidate_contact_line",),
    ),
    DerivedFact(
        "missing_contact_details",
        "list",
        "Contact details the candidate has not given: telephone number, Skype address, "
        "times available, email address.",
        missing_contact_details,
        "candidate",
        presence=("missing_contact_details",),
    ),
    DerivedFact(
        "employer_email",
        "str",
        "Where to email: the recruiter's address, else the posting's contact address.",
        employer_email,
        "employer",
        presence=("employer_email",),
    ),
)


def derived_index() -> Mapping[str, DerivedFact]:
    """Return the derived facts by path."""
    return {d.path: d for d in DERIVED}
