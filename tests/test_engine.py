"""The engine: conflict resolution, the decision object, purity and thread safety."""

from __future__ import annotations

import copy
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.builders import TODAY, busy_app, large_company_app

from outreach_rules import (
    Application,
    Decision,
    PackError,
    decide,
    default_pack,
    load_pack_text,
    next_action,
)

CONFLICTS = """\
name: conflicts
version: "2"
rules:
  - id: low-email
    then: {action: email_follow_up, channel: email}
    priority: 10
    because: Low email.
    source: {house_default: t}
  - id: high-research
    when: {research.company: false}
    then: {action: research_company, script: "Read {company.name}'s site."}
    priority: 90
    because: High research.
    source: {house_default: t}
  - id: tie-first
    then: {action: connect_values}
    priority: 50
    because: Tie one.
    source: {house_default: t}
  - id: tie-second
    then: {action: find_contacts}
    priority: 50
    because: Tie two.
    source: {house_default: t}
  - id: research-again
    when: {company.size: large}
    then: {action: research_company, due_by: {fact: today, days: 3}, script: Ignored.}
    priority: 40
    because: "Large: {company.name}."
    source: {house_default: t2}
  - id: calls-out
    when: {posting.no_calls: true}
    priority: 1
    source: The posting says no calls.
    blocks:
      - {action: call_recruiter, reason: "No calls for {posting.title}."}
      - {action: email_follow_up, reason: Not even email.}
  - id: wants-call
    then: {action: call_recruiter}
    priority: 99
    because: Call.
    source: {house_default: t}
  - id: also-blocks-email
    when: {heard_back: true}
    priority: 5
    source: {house_default: replied}
    blocks:
      - {action: email_follow_up, reason: They replied.}
"""


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


def test_json_round_trip(pack: Any) -> None:
    """model_dump(mode='json') is plain JSON that validates back into an equal decision."""
    decision = next_action(
        large_company_app(posting={"title": "pm", "no_calls": True}), today=TODAY, pack=pack
    )
    data = json.loads(json.dumps(decision.model_dump(mode="json")))
    assert data["primary"]["action"] == decision.action_ids[0]
    assert Decision.model_validate(data) == decision
    assert Decision.model_validate_json(decision.model_dump_json()) == decision


def test_pack_may_be_a_path_or_shipped_name(tmp_path: Path) -> None:
    """pack= takes a compiled pack, a file path or a shipped pack's name."""
    path = tmp_path / "p.yaml"
    path.write_text(CONFLICTS, encoding="utf-8")
    by_path = next_action(large_company_app(), today=TODAY, pack=path)
    assert by_path.pack == "conflicts"
    assert next_action(large_company_app(), today=TODAY, pack="default") == next_action(
        large_company_app(), today=TODAY
    )
    with pytest.raises(PackError):
        next_action(large_company_app(), today=TODAY, pack=tmp_path / "missing.yaml")


# --- purity -------------------------------------------------------------------------


def test_same_input_same_decision() -> None:
    """The same application, date and pack always give equal decisions."""
    first = next_action(busy_app())
    second = next_action(busy_app())
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


def test_input_dict_is_not_mutated() -> None:
    """The dict passed in is left exactly as it was."""
    data = busy_app()
    before = copy.deepcopy(data)
    next_action(data, today=TODAY)
    assert data == before


def test_application_object_is_reused_unchanged() -> None:
    """An Application passed in is used as is (no copy needed) and stays unchanged."""
    application = Application.model_validate(busy_app())
    before = application.model_dump()
    decision = decide(default_pack(), application, TODAY)
    assert application.model_dump() == before
    assert decision == next_action(application)


def test_threads_give_serial_decisions() -> None:
    """Many threads deciding at once give exactly the decisions of a serial run."""
    inputs = []
    for days in range(16):
        for no_calls in (False, True):
            data = busy_app()
            data["posting"]["no_calls"] = no_calls
            data["as_of"] = (date(2026, 11, 18) + timedelta(days=days + 7)).isoformat()
            data["history"] = []
            inputs.append(data)
    serial = [next_action(d) for d in inputs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(5):
            assert list(pool.map(next_action, inputs)) == serial


def _models(decision: Decision) -> list[Any]:
    found: list[Any] = [decision, *decision.actions, *decision.blocked]
    for item in decision.actions:
        found.extend(item.reasons)
    for blocked in decision.blocked:
        found.extend(blocked.reasons)
    return found


def test_the_engine_builds_each_model_as_model_construct_would() -> None:
    # The engine skips pydantic's model_construct on the hot path: the models it
    # makes must be indistinguishable from what model_construct and validation give.
    seen = set()
    no_calls = copy.deepcopy(busy_app())
    no_calls["posting"]["no_calls"] = True
    for offset, application in [(n, a) for n in range(0, 21, 2) for a in (busy_app(), no_calls)]:
        decision = next_action(application, today=date(2026, 11, 26) + timedelta(offset))
        for model in _models(decision):
            fields = set(type(model).model_fields)
            assert set(model.__dict__) == fields == model.model_fields_set
            assert type(model).model_construct(**dict(model.__dict__)) == model
            seen.add(type(model).__name__)
        again = Decision.model_validate_json(decision.model_dump_json())
        assert again == decision
        assert again.model_dump() == decision.model_dump()
    assert seen == {"Decision", "Recommendation", "Reason", "BlockedAction", "BlockReason"}
