"""Generated applications for the engine tests: every fact the test packs read, varied.

A test-local strategy (the library's own testing kit may replace it): values
are drawn from small pools so that equalities between facts, and with the
packs' literals, happen often; dates fall around ``TODAY``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

__all__ = ["TODAY", "applications", "days"]

TODAY = date(2026, 11, 26)

NAMES = ["Dana Reyes", "Lee Park", "Pat Smithie", "Zoë “Q”", "\x00nul", "\ud800"]
EMAILS = ["x@example.org", "dana@acme.example", "jobs@acme.example"]
maybe_name = st.none() | st.sampled_from(NAMES)
maybe_email = st.none() | st.sampled_from(EMAILS)
bools = st.booleans()


def days(low: int, high: int) -> st.SearchStrategy[date]:
    """Dates from TODAY + low to TODAY + high."""
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
def applications(draw: st.DrawFn) -> tuple[dict[str, Any], date]:
    """A valid application and the day to advise for."""
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
