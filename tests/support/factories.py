"""Factories for realistic applications, shared by the tests.

``make_app(**overrides)`` starts from Martha Owens's application for the
program manager job at Acme Corp: submitted on ``SUBMITTED``, a recruiter with
a phone is listed, the materials and cover letter are in order and all the
research is done, so on its own only the follow-up rules speak. Overrides are
deep-merged: a dict merges into the dict it replaces, anything else (including
``None``, which removes an optional group such as ``posting``) replaces it.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

__all__ = ["BASE_APP", "SUBMITTED", "day", "deep_merge", "make_app"]

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
    """Return a realistic application dict with *overrides* deep-merged into it."""
    return deep_merge(BASE_APP, overrides)


def day(n: int) -> date:
    """Return the date *n* days after ``SUBMITTED``."""
    return SUBMITTED + timedelta(days=n)
