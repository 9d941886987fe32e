"""The algebra of conditions: what they read, what they prove, their negation and expansion."""

from __future__ import annotations

from support.conditions import parse

from outreach_rules.language.algebra import establishes
from outreach_rules.language.conditions import ALWAYS


def test_establishes_presence() -> None:
    """Static analysis proves which optional facts are present whenever a condition holds."""
    assert "posting.recruiter.phone" in establishes(parse("{recruiter_has_phone: true}"))
    assert "submitted_on" in establishes(parse("{days_since_submission: {'>=': 7}}"))
    assert establishes(parse("{days_since_submission: {'!=': 7}}")) == frozenset()
    assert establishes(parse("{not: {posting: {present: false}}}")) == frozenset()
    either = parse("{any: [{has_recruiter: true}, {posting.title: x}]}")
    assert establishes(either) == frozenset({"posting"})
    assert establishes(ALWAYS) == frozenset()
