"""Traces: every condition node with the value it saw, and decisions that explain themselves."""

from __future__ import annotations

import json
from datetime import date

import pytest
from support.builders import day, make_app

from outreach_rules import (
    ConditionTrace,
    Decision,
    OutreachRulesError,
    default_pack,
    explain,
    facts_of,
    load_application,
    load_pack_text,
    next_action,
)
from outreach_rules.explaining.trace import trace_rule
from outreach_rules.model.facts import Facts

MARTHA = "examples/martha_day8.yaml"


def _nodes(node: ConditionTrace) -> list[ConditionTrace]:
    return [node, *(n for item in node.items for n in _nodes(item))]


def test_trace_records_each_fact_value_and_outcome() -> None:
    """A fired rule's trace lists each test with the value seen, all held."""
    explanation = explain(load_application(MARTHA))
    call = explanation.actions[0]
    assert call.action == "call_recruiter"
    trace = call.rules[0]
    assert trace.rule_id == "call-recruiter"
    assert trace.held
    tests = {n.text: n for n in _nodes(trace.when) if n.kind == "fact"}
    assert tests["days_since_submission >= 7"].seen == 8
    assert tests["days_since_submission >= 7"].expected == 7
    assert tests["recruiter_has_phone == true"].seen is True
    assert all(n.held for n in tests.values())


def test_failed_nodes_are_marked_with_what_they_saw() -> None:
    """A rule that did not fire shows which test failed and the value that failed it."""
    app = load_application("examples/day3_waiting.yaml")
    trace = trace_rule(default_pack().rule("call-recruiter"), Facts(app, date(2026, 11, 26)))
    assert not trace.held
    failed = [n for n in _nodes(trace.when) if n.kind == "fact" and not n.held]
    assert [(n.fact, n.op, n.expected, n.seen) for n in failed] == [
        ("days_since_submission", ">=", 7, 3)
    ]


def test_any_and_not_nodes_combine_their_items() -> None:
    """'any' holds when one item holds; 'not' inverts; comparisons with facts record both sides."""
    pack = load_pack_text(
        """
name: t
rules:
  - id: r
    when:
      any:
        - company.size: small
        - not: {company.family_run: true}
        - follow_up_due_on: {"<": {fact: today, days: -1}}
    then: {action: wait}
    because: x
    source: {house_default: test}
"""
    )
    app = load_application(MARTHA)
    trace = trace_rule(pack.rules[0], Facts(app, date(2026, 11, 26)))
    assert trace.when.kind == "any"
    assert trace.held
    size, negated, dated = trace.when.items
    assert (size.held, size.seen) == (False, "medium")
    assert negated.kind == "not"
    assert negated.held
    assert not negated.items[0].held
    assert dated.expected == {"fact": "today", "days": -1}
    assert (dated.seen, dated.other) == ("2026-11-25", "2026-11-25")
    assert not dated.held


def test_every_recommendation_and_block_carries_a_trace() -> None:
    """explain() traces every recommended action and every ruled-out one, with fired rules."""
    app = load_application("examples/no_calls_posting.yaml")
    decision = next_action(app)
    explanation = explain(app)
    assert [a.action for a in explanation.actions] == list(decision.action_ids)
    assert [b.action for b in explanation.blocked] == list(decision.blocked_ids)
    for item in explanation.actions:
        assert item.rules
        assert all(r.held for r in item.rules)
    for item in explanation.blocked:
        assert item.blocks
        assert all(r.held for r in item.blocks)
    blocker = explanation.blocked[0].blocks[0]
    assert blocker.rule_id == "posting-says-no-calls"
    assert blocker.source.startswith("Do not make a follow-up call")


def test_trace_values_agree_with_the_facts() -> None:
    """Every value a trace saw is the value facts_of reports for that day."""
    app = load_application("examples/large_company_research.yaml")
    facts = facts_of(app, date(2026, 11, 20))
    explanation = explain(app)
    for item in (*explanation.actions, *explanation.blocked):
        for rule in (*item.rules, *item.blocks):
            for node in _nodes(rule.when):
                if node.kind == "fact":
                    assert node.seen == facts[node.fact]


def test_decision_explains_itself_even_from_json() -> None:
    """decision.trace() rebuilds traces from the recorded facts, also after a JSON round trip."""
    app = load_application("examples/day3_waiting.yaml")
    decision = next_action(app)
    back = Decision.model_validate(json.loads(json.dumps(decision.model_dump(mode="json"))))
    live = explain(app)
    assert back.trace().actions == live.actions
    assert [b.blocks for b in back.trace().blocked] == [b.blocks for b in live.blocked]
    text = decision.explain()
    assert "✓ days_since_submission < 7  (saw 3)" in text
    assert "Wait before following up [wait]: recommended" in text


def test_decision_json_keys_are_unchanged() -> None:
    """Explanations add nothing to the decision's JSON: the keys programs read stay as they were."""
    data = next_action(load_application(MARTHA)).model_dump(mode="json")
    assert list(data) == ["today", "pack", "pack_version", "actions", "blocked", "primary"]
    assert list(data["primary"]) == [
        "action", "title", "rule_id", "explanation", "source", "priority", "channel",
        "contact", "not_before", "due_by", "script", "facts", "reasons",
    ]  # fmt: skip


def test_explanation_json_round_trips() -> None:
    """An explanation's JSON reads back into an equal explanation."""
    explanation = explain(make_app(), today=day(8))
    data = json.loads(json.dumps(explanation.model_dump(mode="json")))
    assert type(explanation).model_validate(data) == explanation
    when = data["actions"][0]["rules"][0]["when"]
    assert set(when) == {"kind", "held", "fact", "op", "expected", "seen", "other", "items", "text"}


def test_custom_pack_decision_needs_its_pack() -> None:
    """A decision of a pack that is not shipped asks for that pack instead of guessing."""
    pack = load_pack_text(
        "name: mine\nrules:\n  - id: r\n    then: {action: wait}\n    because: x\n"
        "    source: {house_default: t}\n"
    )
    decision = next_action(make_app(), today=day(1), pack=pack)
    with pytest.raises(OutreachRulesError, match="pass the pack"):
        decision.trace()
    assert decision.trace(pack).actions[0].rules[0].when.text == "always"


def test_decision_of_another_pack_version_is_not_traced_with_the_shipped_one() -> None:
    """A decision made by another version of a shipped pack asks for that pack."""
    decision = next_action(make_app(), today=day(8))
    older = decision.model_copy(update={"pack_version": "0.9.0"})
    with pytest.raises(OutreachRulesError, match=r"shipped one is 1\.0\.0"):
        older.trace()
