"""Properties of every decision of the default pack, over generated applications."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_rules import ACTIONS, Decision, next_action, plan, why_not

TODAY = date(2026, 11, 26)

maybe_text = st.none() | st.sampled_from(["Dana Reyes", "+1 555 0123", "x@example.org"])
bools = st.booleans()
LETTER_FLAGS = (
    "tailored",
    "asks_for_interview",
    "names_specific_date",
    "lists_contact_info",
    "thanks_reader",
)


@st.composite
def applications(draw: st.DrawFn) -> dict[str, Any]:
    """Valid applications across the situations of the guidance (a test-local strategy)."""
    data: dict[str, Any] = {
        "candidate": {
            "name": "Martha Owens",
            "phone": draw(maybe_text),
            "email": draw(maybe_text),
            "skype": draw(maybe_text),
            "availability": draw(maybe_text),
            "schools": draw(st.lists(st.sampled_from(["State University", "Tech"]), max_size=2)),
        },
        "company": {
            "name": "Acme Corp",
            "size": draw(st.none() | st.sampled_from(["small", "medium", "large"])),
            "family_run": draw(bools),
            "website": draw(st.none() | st.just("https://acme.example")),
        },
        "heard_back": draw(bools),
        "research": {
            "company": draw(bools),
            "interviewers": draw(bools),
            "values_fit": draw(bools),
        },
        "contacts": draw(st.lists(st.builds(dict, name=st.just("Lee Park")), max_size=2)),
    }
    if draw(bools):
        recruiter = draw(
            st.none()
            | st.fixed_dictionaries({"name": maybe_text, "phone": maybe_text, "email": maybe_text})
        )
        data["posting"] = {
            "title": "program manager",
            "no_calls": draw(bools),
            "recruiter": recruiter,
        }
    letter = draw(
        st.none()
        | st.fixed_dictionaries(
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
    )
    data["materials"] = {
        "complete": draw(bools),
        "resume_lists_contact_info": draw(bools),
        "cover_letter": letter,
    }
    days = draw(st.none() | st.integers(0, 25))
    if days is not None:
        submitted = TODAY - timedelta(days=days)
        data["submitted_on"] = submitted.isoformat()
        offsets = draw(st.lists(st.integers(0, days), max_size=3))
        data["history"] = [
            {
                "on": (submitted + timedelta(days=o)).isoformat(),
                "channel": draw(st.sampled_from(["call", "email", "visit", "letter"])),
                "outcome": draw(
                    st.none()
                    | st.sampled_from(["no_answer", "not_reviewed", "reviewed", "timeline_given"])
                ),
            }
            for o in sorted(offsets)
        ]
    if draw(bools):
        data["interview"] = {
            "kind": draw(st.sampled_from(["informational", "job"])),
            "on": (TODAY + timedelta(days=draw(st.integers(-3, 14)))).isoformat(),
            "with": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"name": st.just("Pat Smithie"), "role": st.none() | st.just("owner")}
                    ),
                    max_size=2,
                )
            ),
            "questions_prepared": draw(bools),
        }
    return data


def texts(decision: Decision) -> list[str]:
    out: list[str] = []
    for rec in decision.actions:
        out += [rec.explanation, rec.script or "", rec.contact or ""]
    for blocked in decision.blocked:
        out.append(blocked.reason)
    return out


@settings(max_examples=400, deadline=None)
@given(applications())
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
@given(applications())
def test_follow_up_is_never_recommended_too_early_or_after_a_reply(data: dict[str, Any]) -> None:
    """No follow-up before day 7, after a reply, or a call when the posting forbids calls."""
    decision = next_action(data, today=TODAY)
    follow_ups = {"call_recruiter", "call_main_office", "email_follow_up", "visit_in_person"}
    recommended = set(decision.action_ids)
    submitted = data.get("submitted_on")
    if submitted is None or (TODAY - date.fromisoformat(submitted)).days < 7:
        assert not recommended & follow_ups
    if data["heard_back"]:
        assert not recommended & follow_ups
    if data.get("posting", {}).get("no_calls"):
        assert not recommended & {"call_recruiter", "call_main_office"}


@settings(max_examples=150, deadline=None)
@given(applications(), st.sampled_from(sorted(ACTIONS)))
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
@given(applications())
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
