"""Properties of every decision of the default pack, over generated applications."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_rules import ACTIONS, Application, Decision, default_pack, next_action
from outreach_rules.testing import applications_for

TODAY = date(2026, 11, 26)
# The public strategy, aimed at the default pack's conditions, with the day pinned.
applications = applications_for(default_pack(), today=st.just(TODAY))


def texts(decision: Decision) -> list[str]:
    out: list[str] = []
    for rec in decision.actions:
        out += [rec.explanation, rec.script or "", rec.contact or ""]
    for blocked in decision.blocked:
        out.append(blocked.reason)
    return out


@settings(max_examples=400, deadline=None)
@given(applications.map(lambda app: app.model_dump(mode="json", by_alias=True)))
def test_decisions_are_well_formed(data: dict[str, Any]) -> None:
    """Any valid application gets a consistent, fully rendered, repeatable decision."""
    before = copy.deepcopy(data)
    decision = next_action(data, today=TODAY)
    assert data == before, "the input is not mutated"
    assert next_action(data, today=TODAY) == decision, "the same input gives the same decision"
    assert not set(decision.action_ids) & set(decision.blocked_ids)
    assert len(set(decision.action_ids)) == len(decision.actions)
    assert decision.primary == (decision.actions[0] if decision.actions else None)
    assert all(a in ACTIONS for a in decision.action_ids + decision.blocked_ids)
    for rec in decision.actions:
        assert rec.rule_id
        assert rec.source
        assert rec.explanation
        if rec.not_before and rec.due_by:
            assert rec.not_before <= rec.due_by
        priorities = [r.priority for r in rec.reasons]
        assert priorities == sorted(priorities, reverse=True)
    ranks = [rec.priority for rec in decision.actions]
    assert ranks == sorted(ranks, reverse=True)
    for text in texts(decision):
        assert "{" not in text, text
        assert "}" not in text, text
    assert Decision.model_validate(decision.model_dump(mode="json")) == decision


@settings(max_examples=200, deadline=None)
@given(applications)
def test_follow_up_is_never_recommended_too_early_or_after_a_reply(app: Application) -> None:
    """No follow-up before day 7, after a reply, or a call when the posting forbids calls."""
    decision = next_action(app, today=TODAY)
    follow_ups = {"call_recruiter", "call_main_office", "email_follow_up", "visit_in_person"}
    recommended = set(decision.action_ids)
    submitted = app.submitted_on
    if submitted is None or (TODAY - submitted).days < 7:
        assert not recommended & follow_ups
    if app.heard_back:
        assert not recommended & follow_ups
    if app.posting is not None and app.posting.no_calls:
        assert not recommended & {"call_recruiter", "call_main_office"}
