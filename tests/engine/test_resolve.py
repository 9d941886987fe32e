"""Conflict resolution: blocks first, then priority and pack order, one action once."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from support.builders import TODAY, large_company_app
from support.packs import CONFLICTS

from outreach_rules import load_pack_text, next_action
from outreach_rules.engine.resolve import resolve
from outreach_rules.model.application import validate_application


@pytest.fixture(scope="module")
def pack() -> Any:
    return load_pack_text(CONFLICTS)


def test_ranking_by_priority_then_pack_order(pack: Any) -> None:
    """Recommendations are ordered by priority, highest first; ties keep pack order."""
    decision = next_action(large_company_app(), today=TODAY, pack=pack)
    assert decision.action_ids == (
        "call_recruiter",
        "research_company",
        "connect_values",
        "find_contacts",
        "email_follow_up",
    )
    assert decision.primary is decision.actions[0]
    assert decision.blocked == ()


def test_same_action_from_two_rules_appears_once_with_both_reasons(pack: Any) -> None:
    """One action from two rules is listed once, carrying both reasons, best first."""
    rec = next_action(large_company_app(), today=TODAY, pack=pack).get("research_company")
    assert rec is not None
    assert [r.rule_id for r in rec.reasons] == ["high-research", "research-again"]
    assert rec.rule_id == "high-research"
    assert rec.priority == 90
    assert rec.explanation == "High research. Large: Acme Corp."
    assert rec.script == "Read Acme Corp's site.", "the highest-ranked rule's script wins"
    assert rec.due_by == TODAY + timedelta(days=3), "a parameter only a later rule sets is kept"
    assert rec.source == "house default: t"
    assert rec.facts == {
        "research.company": False,
        "company.name": "Acme Corp",
        "company.size": "large",
        "today": "2026-11-26",
    }


def test_blocks_beat_recommendations_with_every_reason(pack: Any) -> None:
    """A blocked action is never recommended; it is listed with each blocking rule's reason."""
    decision = next_action(
        large_company_app(posting={"title": "program manager", "no_calls": True}, heard_back=True),
        today=TODAY,
        pack=pack,
    )
    assert "call_recruiter" not in decision.action_ids
    assert "email_follow_up" not in decision.action_ids
    assert decision.blocked_ids == ("email_follow_up", "call_recruiter"), "by blocking rank"
    email = decision.blocked_action("email_follow_up")
    assert email is not None
    assert [r.rule_id for r in email.reasons] == ["also-blocks-email", "calls-out"]
    assert email.reason == "They replied. Not even email."
    assert email.overruled == ("low-email",)
    call = decision.blocked_action("call_recruiter")
    assert call is not None
    assert call.reasons[0].reason == "No calls for program manager."
    assert call.reasons[0].source == "The posting says no calls."
    assert call.overruled == ("wants-call",)
    assert decision.primary is not None
    assert decision.primary.action == "research_company"


def test_block_without_recommendation_is_still_reported(pack: Any) -> None:
    """A block applies even when no rule recommended the action: users see why it is out."""
    lone = load_pack_text(
        "name: b\nrules:\n  - id: b\n    source: s\n    blocks: [{action: wait, reason: No.}]\n"
    )
    decision = next_action(large_company_app(), today=TODAY, pack=lone)
    assert decision.primary is None
    assert decision.blocked_ids == ("wait",)
    assert decision.blocked[0].overruled == ()


def test_nothing_applies_gives_no_primary() -> None:
    """With no rule firing, primary is None and both lists are empty."""
    quiet = load_pack_text(
        "name: q\nrules:\n  - id: r\n    when: {heard_back: true}\n"
        "    then: {action: wait}\n    because: x\n    source: s\n"
    )
    decision = next_action(large_company_app(), today=TODAY, pack=quiet)
    assert decision.primary is None
    assert decision.actions == ()
    assert decision.model_dump(mode="json")["primary"] is None


def test_decision_carries_pack_and_day(pack: Any) -> None:
    """The decision says which pack, which version and which day it is for."""
    decision = next_action(large_company_app(), today=TODAY, pack=pack)
    assert (decision.pack, decision.pack_version, decision.today) == ("conflicts", "2", TODAY)
    assert decision.actions[0].title == "Call the recruiter"


def test_nothing_fired_is_an_empty_decision_of_that_pack_and_day(pack: Any) -> None:
    """resolve with no fired rule gives no action and nothing blocked, for the pack and day."""
    facts = pack.facts_for(validate_application(large_company_app()), TODAY)
    decision = resolve(pack, [], facts)
    assert (decision.actions, decision.blocked) == ((), ())
    assert (decision.pack, decision.pack_version, decision.today) == ("conflicts", "2", TODAY)


def test_the_order_rules_are_given_in_is_the_order_of_the_advice(pack: Any) -> None:
    """resolve keeps the order the rules fired in: the engine gives them ranked."""
    facts = pack.facts_for(validate_application(large_company_app()), TODAY)
    first, second = pack.rule("tie-first"), pack.rule("tie-second")
    assert resolve(pack, [first, second], facts).action_ids == ("connect_values", "find_contacts")
    assert resolve(pack, [second, first], facts).action_ids == ("find_contacts", "connect_values")


def test_a_reason_records_the_facts_its_rule_read_as_json(pack: Any) -> None:
    """Each reason carries its rule's facts, dates as text; a block's reason its own rule's."""
    decision = next_action(
        large_company_app(posting={"title": "pm", "no_calls": True}), today=TODAY, pack=pack
    )
    research = decision.get("research_company")
    assert research is not None
    assert research.reasons[1].facts == {
        "company.size": "large",
        "company.name": "Acme Corp",
        "today": "2026-11-26",
    }
    assert research.due_by == date(2026, 11, 29)
    blocked = decision.blocked_action("call_recruiter")
    assert blocked is not None
    assert blocked.reasons[0].facts == {"posting.no_calls": True, "posting.title": "pm"}
