"""Traces: every condition node with the value it saw."""

from __future__ import annotations

from datetime import date

from outreach_rules import (
    ConditionTrace,
    default_pack,
    explain,
    facts_of,
    load_application,
    load_pack_text,
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
