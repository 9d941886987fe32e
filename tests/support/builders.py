"""Every application the tests build, in one place, each saying what it is for.

* :func:`make_app`: Martha Owens's realistic application for the program manager job
  at Acme Corp, overrides deep-merged in (the default pack's tests, explanations, plans).
* :func:`minimal_app`: only what is required, plus what a test adds.
* :data:`MINIMAL_APP_YAML`: a small application as a file's text, to append keys to.
* :func:`large_company_app`: a large company and a posting that allows calls, for the
  conflict-resolution pack (``CONFLICTS``).
* :func:`busy_app`: an application that uses most parts, with its own ``as_of``.
* :data:`VALID_APPLICATION`: a compact application using every part, that the fuzzers mutate.
* :func:`example_applications`: every example of ``examples/``, on three days each.
* :func:`varied_applications`: a hypothesis strategy of applications and days, from small
  pools of values, for the differential tests of the two engines.

Each call returns a fresh copy: a test may change what it gets.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from outreach_rules import load_application

from .paths import EXAMPLES

__all__ = [
    "BASE_APP",
    "MINIMAL_APP_YAML",
    "SUBMITTED",
    "TODAY",
    "VALID_APPLICATION",
    "busy_app",
    "day",
    "deep_merge",
    "example_applications",
    "large_company_app",
    "make_app",
    "minimal_app",
    "varied_applications",
]

TODAY = date(2026, 11, 26)
"""The day most tests advise for: day 8 of Martha's application."""

SUBMITTED = date(2026, 11, 18)
"""The day Martha submitted her application."""

BASE_APP: dict[str, Any] = {
    "candidate": {
        "name": "Martha Owens",
        "email": "martha@example.org",
        "phone": "+1 555 0100",
        "skype": "martha.owens",
        "availability": "weekdays after 3 pm",
        "schools": ["State University"],
        "interests": ["sailing"],
    },
    "company": {
        "name": "Acme Corp",
        "size": "medium",
        "family_run": False,
        "main_office_phone": "+1 555 0199",
        "website": "https://acme.example",
        "industry": "logistics",
    },
    "posting": {
        "title": "program manager",
        "no_calls": False,
        "recruiter": {
            "name": "Dana Reyes",
            "phone": "+1 555 0123",
            "email": "dana@acme.example",
        },
        "contact_email": "jobs@acme.example",
    },
    "materials": {
        "complete": True,
        "resume_lists_contact_info": True,
        "cover_letter": {
            "tailored": True,
            "asks_for_interview": True,
            "names_specific_date": False,
            "lists_contact_info": True,
            "thanks_reader": True,
        },
    },
    "submitted_on": SUBMITTED.isoformat(),
    "heard_back": False,
    "contacts": [],
    "research": {"company": True, "interviewers": True, "values_fit": True},
    "interview": None,
    "history": [],
}
"""Martha's application, as :func:`make_app` starts from it (do not change it: copy it)."""


def deep_merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of *base* with *overrides* merged in, dicts recursively."""
    merged = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def make_app(**overrides: Any) -> dict[str, Any]:
    """Martha's realistic application, with *overrides* deep-merged into it.

    Submitted on ``SUBMITTED``, a recruiter with a phone is listed, the materials
    and cover letter are in order and all the research is done, so on its own only
    the follow-up rules of the default pack speak. Overrides are deep-merged: a dict
    merges into the dict it replaces, anything else (including ``None``, which
    removes an optional group such as ``posting``) replaces it.
    """
    return deep_merge(BASE_APP, overrides)


def day(n: int) -> date:
    """The date *n* days after ``SUBMITTED`` (``day(8)`` is ``TODAY``)."""
    return SUBMITTED + timedelta(days=n)


def minimal_app(**extra: Any) -> dict[str, Any]:
    """The smallest valid application (a candidate's and a company's name), plus *extra*.

    For tests of one part of the model or of the engine, where nothing else may fire.
    """
    return {"candidate": {"name": "Martha Owens"}, "company": {"name": "Acme Corp"}, **extra}


MINIMAL_APP_YAML = """\
as_of: 2026-11-26
candidate: {name: Martha Owens}
company: {name: Acme Corp}
posting: {title: program manager}
materials: {complete: true}
"""
"""A small application as the text of a file, for the command line's tests to append keys to."""


def large_company_app(**extra: Any) -> dict[str, Any]:
    """Martha at a large company, with a posting that allows calls, plus *extra*.

    For the conflict-resolution pack (``CONFLICTS``): its rules on a
    large company and on a posting's no_calls have something to read.
    """
    return {
        "candidate": {"name": "Martha Owens"},
        "company": {"name": "Acme Corp", "size": "large"},
        "posting": {"title": "program manager", "no_calls": False},
        **extra,
    }


def busy_app() -> dict[str, Any]:
    """An application with most parts filled (contacts, a recruiter, history) and its ``as_of``.

    For the engine's purity tests: the same input must give the same decision, unchanged.
    """
    return {
        "as_of": "2026-11-26",
        "candidate": {"name": "Martha Owens", "schools": ["State University"]},
        "company": {"name": "Acme Corp", "size": "small", "family_run": True},
        "posting": {"title": "program manager", "recruiter": {"name": "Dana", "phone": "1"}},
        "materials": {"complete": True},
        "submitted_on": "2026-11-18",
        "contacts": [{"name": "Lee Park", "relation": "alumni"}],
        "history": [{"on": "2026-11-25", "channel": "call", "outcome": "no_answer"}],
    }


VALID_APPLICATION: dict[str, Any] = {
    "candidate": {"name": "Martha Owens", "email": "m@example.org", "schools": ["State U"]},
    "company": {"name": "Acme Corp", "size": "small", "family_run": True},
    "posting": {"title": "program manager", "recruiter": {"name": "Dana", "phone": "1"}},
    "materials": {"complete": True, "cover_letter": {"tailored": False}},
    "submitted_on": "2026-11-18",
    "contacts": [{"name": "Lee", "relation": "alumni"}],
    "interview": {"kind": "informational", "on": "2026-12-01", "with": [{"name": "Pat"}]},
    "history": [{"on": "2026-11-25", "channel": "call", "outcome": "no_answer"}],
}
"""A compact application that uses every part, valid on ``TODAY``: what the fuzzers mutate."""


def example_applications() -> list[dict[str, Any]]:
    """Every example of ``examples/``, on three days each (as_of moved on), as plain data.

    For batch runs: many applications whose decisions differ.
    """
    apps = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        data = load_application(path).model_dump(mode="json", exclude_none=True)
        for days in (0, 3, 9):
            as_of = date.fromisoformat(data["as_of"]) + timedelta(days=days)
            apps.append({**data, "as_of": as_of.isoformat()})
    return apps


# --- varied_applications: small pools of values, for the differential tests ------------

NAMES = ["Dana Reyes", "Lee Park", "Pat Smithie", "Zoë “Q”", "\x00nul", "\ud800"]
EMAILS = ["x@example.org", "dana@acme.example", "jobs@acme.example"]
maybe_name = st.none() | st.sampled_from(NAMES)
maybe_email = st.none() | st.sampled_from(EMAILS)
bools = st.booleans()


def days(low: int, high: int) -> st.SearchStrategy[date]:
    """Dates from TODAY + low to TODAY + high (for :func:`varied_applications`)."""
    return st.integers(low, high).map(lambda n: TODAY + timedelta(days=n))


# Built once: strategies made inside a draw are validated again on every draw.
CANDIDATES = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["Martha Owens", "Zoë"]),
        "email": maybe_email,
        "phone": st.none() | st.just("+1 555 0100"),
        "skype": st.none() | st.just("martha.owens"),
        "availability": st.none() | st.just("weekdays"),
        "schools": st.lists(st.sampled_from(["State University", "Tech"]), max_size=2),
        "interests": st.lists(st.sampled_from(["sailing", "chess"]), max_size=2),
    }
)
COMPANIES = st.fixed_dictionaries(
    {
        "name": st.just("Acme Corp"),
        "size": st.none() | st.sampled_from(["small", "medium", "large"]),
        "family_run": bools,
        "main_office_phone": st.none() | st.just("+1 555 0199"),
        "industry": st.none() | st.sampled_from(["logistics", "\x00nul"]),
    }
)
RESEARCH = st.fixed_dictionaries({"company": bools, "interviewers": bools, "values_fit": bools})
PEOPLE = st.lists(
    st.fixed_dictionaries(
        {"name": st.sampled_from(NAMES[:4]), "role": st.none() | st.just("analyst")}
    ),
    max_size=2,
)
POSTINGS = st.fixed_dictionaries(
    {
        "title": st.sampled_from(["program manager", "analyst"]),
        "no_calls": bools,
        "recruiter": st.sampled_from([None, {"name": "Dana Reyes", "phone": "+1"}])
        | st.fixed_dictionaries(
            {"name": maybe_name, "phone": st.none() | st.just("+1"), "email": maybe_email}
        ),
        "contact_email": maybe_email,
    }
)
LETTERS = st.none() | st.fixed_dictionaries(
    dict.fromkeys(
        (
            "tailored",
            "asks_for_interview",
            "names_specific_date",
            "lists_contact_info",
            "thanks_reader",
        ),
        bools,
    )
)
MATERIALS = st.fixed_dictionaries(
    {"complete": bools, "resume_lists_contact_info": bools, "cover_letter": LETTERS}
)
OUTREACH = st.lists(
    st.tuples(
        st.integers(0, 20),
        st.sampled_from(["call", "email", "visit", "letter"]),
        st.none()
        | st.sampled_from(
            ["no_answer", "not_reviewed", "reviewed", "interview_offered", "rejected"]
        ),
    ),
    max_size=3,
)
INTERVIEWS = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["informational", "job"]),
        "on": st.none() | st.integers(-6, 12),
        "with": PEOPLE,
        "questions_prepared": bools,
    }
)


@st.composite
def varied_applications(draw: st.DrawFn) -> tuple[dict[str, Any], date]:
    """A valid application and the day to advise for, for the engines' differential tests.

    A test-local strategy (the library's own kit, ``outreach_rules.testing``, aims at a
    pack's conditions; this one does not): values are drawn from small pools so that
    equalities between facts, and with the packs' literals, happen often (hostile text
    included: a NUL, a lone surrogate); dates fall around ``TODAY``.
    """
    today = draw(days(-4, 4))
    data: dict[str, Any] = {
        "candidate": draw(CANDIDATES),
        "company": draw(COMPANIES),
        "heard_back": draw(st.sampled_from([False, False, True])),
        "research": draw(RESEARCH),
        "contacts": draw(PEOPLE),
        "materials": draw(MATERIALS),
    }
    if draw(bools):
        data["as_of"] = (today + timedelta(days=draw(st.sampled_from([0, 2])))).isoformat()
    if draw(st.integers(0, 3)):
        data["posting"] = draw(POSTINGS)
    ago = draw(st.none() | st.integers(0, 20))
    if ago is not None:
        submitted = today - timedelta(days=ago)
        data["submitted_on"] = submitted.isoformat()
        entries = sorted(draw(OUTREACH), key=lambda entry: entry[0])
        data["history"] = [
            {
                "on": (submitted + timedelta(days=min(offset, ago))).isoformat(),
                "channel": channel,
                "outcome": outcome,
            }
            for offset, channel, outcome in entries
        ]
    if draw(st.integers(0, 2)):
        interview = draw(INTERVIEWS)
        if interview["on"] is not None:
            interview["on"] = (today + timedelta(days=interview["on"])).isoformat()
        data["interview"] = interview
    return data, today
