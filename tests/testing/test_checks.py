"""check_pack and check_invariants: a pack's properties on generated applications.

A broken one is shown on the shrunk application that breaks it.
"""

from __future__ import annotations

import pytest
from support.packs import PLANTED

from outreach_rules import default_pack, load_pack_text
from outreach_rules.testing import PackCheckError, check_invariants, check_pack

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
