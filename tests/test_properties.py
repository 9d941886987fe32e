"""Properties of every decision of the default pack, over generated applications."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_rules import ACTIONS, Application, Decision, default_pack, next_action, plan, why_not
from outreach_rules.testing import applications_for

TODAY = date(2026, 11, 26)
# The public strategy, aimed at the default pack's conditions, with the day pinned.
applications = applications_for(default_pack(), today=st.just(TODAY))
# The same applications as the plain data a program would pass in.
as_dicts = applications.map(
    lambda app: app.model_dump(mode="json", by_alias=True, exclude_none=True)
)


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


@settings(max_examples=150, deadline=None)
@given(as_dicts, st.sampled_from(sorted(ACTIONS)))
def test_every_counterfactual_makes_the_action_appear(data: dict[str, Any], action: str) -> None:
    """Applying any counterfactual why_not offers, on its day, makes the action recommended."""
    answer = why_not(data, action, today=TODAY)
    for cf in (*answer.suggestions, *answer.out_of_reach):
        changed = cf.apply(data)
        assert action in next_action(changed, today=cf.on).action_ids, cf.text
        assert cf.on >= TODAY
        assert cf.waits == (cf.on > TODAY)
        if cf.until is not None:
            assert cf.until >= cf.on
            later = cf.until + timedelta(days=1)
            assert action not in next_action(changed, today=later).action_ids
    for cf in answer.suggestions:
        assert all(c.changeable_by == "candidate" for c in cf.changes)


@settings(max_examples=100, deadline=None)
@given(as_dicts)
def test_plans_are_deterministic_and_match_daily_decisions(data: dict[str, Any]) -> None:
    """A plan is repeatable, and each step is what next_action says on that day."""
    agenda = plan(data, today=TODAY, horizon_days=21)
    assert plan(data, today=TODAY, horizon_days=21) == agenda
    for step in agenda.steps:
        decision = next_action(data, today=step.on)
        assert step.action in decision.action_ids
        assert step.primary == (
            decision.primary is not None and decision.primary.action == step.action
        )
    if agenda.settled_on is not None:
        last = next_action(data, today=agenda.last_day)
        assert next_action(data, today=agenda.last_day + timedelta(days=30)).action_ids == (
            last.action_ids
        )
