"""The testing kit's strategies and check_pack (outreach_rules.testing)."""

from __future__ import annotations

import inspect
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import outreach_rules.testing as testing
from outreach_rules import Application, default_pack, load_pack_text
from outreach_rules.testing import (
    PackCheckError,
    applications,
    applications_against,
    applications_for,
    check_invariants,
    check_pack,
)
from outreach_rules.testing.verify import Coverage

FAST = settings(max_examples=60, deadline=None, database=None)

BROKEN_DATES = """
name: broken-dates
extends: default
rules:
  - id: wait-a-week
    when: {submitted: true, replied: false, followed_up: false, days_since_submission: {"<": 7}}
    then: {action: wait, not_before: follow_up_window_ends_on, due_by: follow_up_due_on}
    because: Wait until {follow_up_due_on}.
    source: {house_default: planted mistake}
"""


@FAST
@given(applications())
def test_generated_applications_are_valid_and_dated_consistently(app: Application) -> None:
    """Every generated application validates again, carries its day, and has nothing after it."""
    assert Application.model_validate(app.model_dump(by_alias=True)) == app
    assert app.as_of is not None
    if app.submitted_on is not None:
        assert app.submitted_on <= app.as_of
    days = [entry.on for entry in app.history]
    assert days == sorted(days), "history is oldest first"
    assert all(day <= app.as_of for day in days)


@FAST
@given(applications(posting=st.none(), today=st.just(date(2027, 3, 1))))
def test_parts_can_be_pinned(app: Application) -> None:
    """A keyword argument replaces a part's generation."""
    assert app.posting is None
    assert app.as_of == date(2027, 3, 1)


def test_strategies_show_how_they_were_built() -> None:
    """A strategy's repr reads like the call that built it."""
    assert repr(applications(posting=st.none())) == "applications(posting=none())"
    assert repr(applications_for(default_pack())) == "applications_for(<pack default 1.0.0>)"


def test_impossible_arguments_raise_invalid_argument() -> None:
    """Values where strategies belong, a non-pack, an unknown part or invariant: InvalidArgument."""
    with pytest.raises(InvalidArgument, match="must be a strategy"):
        applications(posting=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="must be a Pack"):
        applications_for("default")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="unknown part 'postings'"):
        applications_for(default_pack(), postings=st.none())
    with pytest.raises(InvalidArgument, match="no invariant"):
        applications_against(default_pack(), "no-such-invariant")


def test_aimed_generation_reaches_every_default_rule_both_ways() -> None:
    """applications_for(default) makes every rule fire and fail to fire, and every block apply."""
    pack = default_pack()
    coverage = Coverage(pack)

    @settings(max_examples=400, deadline=None, database=None, derandomize=True)
    @given(applications_for(pack))
    def run(app: Application) -> None:
        assert app.as_of is not None
        coverage.record(app, app.as_of)

    run()
    assert coverage.never_fired == ()
    assert coverage.always_fired == ()
    assert coverage.blocks_never_applied == ()
    assert coverage.percent == 100.0


def test_check_pack_passes_the_default_pack() -> None:
    """The default pack has every property every pack must have, and keeps its invariants."""
    check_pack(default_pack(), max_examples=100)
    check_invariants(default_pack(), max_examples=50)


def test_check_pack_finds_dates_out_of_order() -> None:
    """A rule whose not_before lies after its due_by fails, with a shrunk application shown."""
    pack = load_pack_text(BROKEN_DATES)
    with pytest.raises(PackCheckError, match=r"not_before .* is after due_by") as caught:
        check_pack(pack, max_examples=300)
    found = caught.value.counterexample
    assert found.application.submitted_on is not None
    assert "submitted_on:" in str(caught.value)


def test_core_import_does_not_import_hypothesis() -> None:
    """import outreach_rules (and its CLI) works without hypothesis; only the kit needs it."""
    code = "import sys, outreach_rules, outreach_rules.cli; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_testing_all_is_exactly_its_public_names() -> None:
    """outreach_rules.testing exports what __all__ lists, each documented.

    The kit is a folder whose names load on first use, as the package's do
    (``dir()`` lists them; ``getattr`` loads them).
    """
    defined = {
        name
        for name in dir(testing)
        if not name.startswith("_")
        and (inspect.isfunction(getattr(testing, name)) or inspect.isclass(getattr(testing, name)))
    }
    assert set(testing.__all__) == defined | {"DEFAULT_TODAY"}
    assert all(inspect.getdoc(getattr(testing, name)) for name in defined)


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
