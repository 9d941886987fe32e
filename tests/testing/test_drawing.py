"""Drawing applications: every part present and absent, every value seen, dates consistent."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from outreach_rules import Application, load_pack_text
from outreach_rules.testing import DEFAULT_TODAY, applications, applications_for
from outreach_rules.testing.aims import Aims, Pins
from outreach_rules.testing.drawing import generate

QUIET = settings(max_examples=200, database=None, derandomize=True)


def test_applications_cover_the_whole_contract() -> None:
    """Over a few hundred cases every optional part is present and absent, every enum is seen."""
    seen: dict[str, set[object]] = {}

    def note(key: str, value: object) -> None:
        seen.setdefault(key, set()).add(value)

    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @given(applications())
    def run(app: Application) -> None:
        posting, letter, interview = app.posting, app.materials.cover_letter, app.interview
        note("posting", posting is None)
        note("recruiter", posting is None or posting.recruiter is None)
        note("cover_letter", letter is None)
        note("interview", interview is None)
        note("submitted_on", app.submitted_on is None)
        note("history", bool(app.history))
        note("contacts", bool(app.contacts))
        note("size", app.company.size)
        note("kind", None if interview is None else interview.kind)
        for entry in app.history:
            note("channel", entry.channel)
            note("outcome", entry.outcome)
        if app.submitted_on is not None and app.as_of is not None:
            note("days", (app.as_of - app.submitted_on).days)

    run()
    for part in ("posting", "recruiter", "cover_letter", "interview", "submitted_on"):
        assert seen[part] == {True, False}, part
    assert seen["history"] == seen["contacts"] == {True, False}
    assert seen["size"] == {None, "small", "medium", "large"}
    assert seen["kind"] == {None, "informational", "job"}
    assert seen["channel"] == {"call", "email", "visit", "letter"}
    assert {None, "no_answer", "interview_offered", "rejected"} <= seen["outcome"]
    assert {0, 6, 7, 10, 11} <= seen["days"]


def test_drawing_honours_a_target_s_pins() -> None:
    """Every application drawn to a target has the values it pins."""
    target: Pins = {
        "posting": (True,),
        "posting.no_calls": (True,),
        "company.size": ("large",),
        "contacts": (False,),
        "#follow_up": (False,),
    }

    @st.composite
    def aimed(draw: st.DrawFn) -> Application:
        return generate(draw, Aims(((target,),), {}), {})

    @settings(max_examples=40, deadline=None, database=None, derandomize=True)
    @given(aimed())
    def check(app: Application) -> None:
        assert app.posting is not None
        assert app.posting.no_calls
        assert app.company.size == "large"
        assert app.contacts == ()
        assert app.history == ()

    check()


def test_a_pinned_part_that_makes_an_invalid_application_is_named() -> None:
    """A part pinned to a value the application refuses is InvalidArgument, naming the parts."""
    bad = applications(today=st.just(DEFAULT_TODAY), submitted_on=st.just(date(2026, 12, 25)))
    with pytest.raises(InvalidArgument, match=r"parts pinned: submitted_on, today"):
        find(bad, lambda app: True, settings=QUIET)


def test_generated_days_shrink_towards_the_default_day() -> None:
    """The day an application is for shrinks to DEFAULT_TODAY, and so does a minimal example."""
    found = find(applications(), lambda app: app.posting is not None, settings=QUIET)
    assert found.as_of == DEFAULT_TODAY
    assert found.posting is not None
    assert found.posting.recruiter is None
    assert (found.contacts, found.history, found.interview) == ((), (), None)


def test_a_custom_yes_no_fact_is_drawn_as_true_or_false() -> None:
    """A custom bool fact comes out True or False, never 0 or 1, however it was pinned.

    Strategies are built once per tuple of values, and ``(False,) == (0,)``: a goal's
    index ``(0,)`` came back as the value of a fact pinned to false, an application
    the pack then refused (``expected true or false (got 0)``).
    """
    pack = load_pack_text(
        "name: flags\n"
        "facts:\n"
        "  referred: {type: bool, default: false, description: Someone referred you.}\n"
        "rules:\n"
        "  - id: referred\n"
        "    when: {custom.referred: true}\n"
        "    then: {action: request_informational_interview}\n"
        "    because: You were referred.\n"
        "    source: {house_default: a test}\n"
    )
    seen: set[object] = set()

    @settings(max_examples=60, deadline=None, database=None, derandomize=True)
    @given(applications_for(pack))
    def check(app: Application) -> None:
        assert app.as_of is not None
        pack.facts_for(app, app.as_of)  # the pack accepts what the kit made for it
        if "referred" in app.custom:
            seen.add(app.custom["referred"])
            assert type(app.custom["referred"]) is bool

    check()
    assert seen == {True, False}
