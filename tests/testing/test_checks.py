"""check_pack and check_invariants: a pack's properties on generated applications.

A broken one is shown on the shrunk application that breaks it.
"""

from __future__ import annotations

import pytest
from support.builders import make_app
from support.packs import PLANTED

from outreach_rules import Application, default_pack, load_pack_text
from outreach_rules.model.application import validate_application
from outreach_rules.testing import (
    DEFAULT_TODAY,
    PackCheckError,
    applications,
    check_invariants,
    check_pack,
    find_counterexample,
    universal_problems,
)

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


def test_check_invariants_raises_with_the_shrunk_application() -> None:
    """From Python, check_invariants names the broken invariant and keeps the counterexample."""
    with pytest.raises(PackCheckError, match="invariant 'no-calls-when-posting-says-so' fails"):
        check_invariants(load_pack_text(PLANTED), max_examples=100)


def test_find_counterexample_gives_nothing_when_nothing_fails() -> None:
    """When no application makes the check complain, there is no counterexample."""
    found = find_counterexample(applications(), lambda app: [], max_examples=30)
    assert found is None


def test_find_counterexample_shrinks_and_keeps_the_problems() -> None:
    """A failing check gives the shrunk application, its day, and what the check said of it."""
    seen: list[Application] = []

    def problems(app: Application) -> list[str]:
        return ["a recruiter is listed"] if app.posting and app.posting.recruiter else []

    found = find_counterexample(applications(), problems, max_examples=300, seen=seen.append)
    assert found is not None
    assert found.problems == ("a recruiter is listed",)
    assert found.today == found.application.as_of == DEFAULT_TODAY
    posting = found.application.posting
    assert posting is not None
    assert posting.recruiter is not None
    assert (posting.recruiter.name, posting.recruiter.phone, posting.recruiter.email) == (None,) * 3
    assert seen, "every application tried was shown to seen"


def test_universal_problems_check_one_application_at_a_time() -> None:
    """universal_problems is the check check_pack runs: empty on a sound pack's decision."""
    app = validate_application({**make_app(), "as_of": "2026-11-26"})
    assert universal_problems(default_pack())(app) == []
    assert universal_problems(load_pack_text(BROKEN_DATES))(
        validate_application({**make_app(), "as_of": "2026-11-20"})
    ) == ["wait (rule wait-a-week): not_before 2026-11-28 is after due_by 2026-11-25"]
