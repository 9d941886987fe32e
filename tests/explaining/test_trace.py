"""Traces: every condition node with the value it saw."""

from __future__ import annotations

from datetime import date

from support.conditions import parse

from outreach_rules import (
    ConditionTrace,
    default_pack,
    explain,
    facts_of,
    load_application,
    load_pack_text,
)
from outreach_rules.explaining.trace import (
    RecordedFacts,
    flat_lines,
    seen_text,
    trace_condition,
    trace_lines,
    trace_rule,
)
from outreach_rules.language.conditions import ALWAYS

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
    pack = default_pack()
    trace = trace_rule(pack.rule("call-recruiter"), pack.facts_for(app, date(2026, 11, 26)))
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
    trace = trace_rule(pack.rules[0], pack.facts_for(app, date(2026, 11, 26)))
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


CONDITION = (
    "{all: [{days_since_submission: {'>=': 7}},"
    " {any: [{company.size: small}, {not: {heard_back: true}}]},"
    " {today: {'>=': {fact: submitted_on, days: 7}}}, {candidate.schools: {contains: x}}]}"
)
FACTS = {
    "days_since_submission": 8,
    "company.size": None,
    "heard_back": False,
    "today": date(2026, 11, 26),
    "submitted_on": date(2026, 11, 18),
    "candidate.schools": ("x", "y"),
}


def test_a_trace_reads_as_a_tree_of_checked_lines() -> None:
    """Each node is one line: a mark, the test as written, and the value it saw."""
    trace = trace_condition(parse(CONDITION), FACTS)
    assert trace_lines(trace) == [
        "✓ all of:",
        "    ✓ days_since_submission >= 7  (saw 8)",
        "    ✓ any of:",
        "        ✗ company.size == small  (saw nothing)",
        "        ✓ not:",
        "            ✗ heard_back == true  (saw false)",
        "    ✓ today >= submitted_on + 7 days  (saw 2026-11-26, against 2026-11-25)",
        "    ✓ candidate.schools contains x  (saw [x, y])",
    ]


def test_a_rule_s_top_level_all_is_listed_without_its_header() -> None:
    """flat_lines drops the outer 'all of:' and indents its items as asked; always stays."""
    trace = trace_condition(parse(CONDITION), FACTS)
    lines = flat_lines(trace, "  ")
    assert lines[0] == "  ✓ days_since_submission >= 7  (saw 8)"
    assert len(lines) == len(trace_lines(trace)) - 1
    assert flat_lines(trace_condition(ALWAYS, {})) == ["✓ always"]


def test_a_fact_node_records_what_it_compared() -> None:
    """A comparison with a fact records both sides, the other shifted by its days."""
    trace = trace_condition(parse("{today: {'>=': {fact: submitted_on, days: 7}}}"), FACTS)
    assert (trace.kind, trace.fact, trace.op, trace.held) == ("fact", "today", ">=", True)
    assert trace.expected == {"fact": "submitted_on", "days": 7}
    assert (trace.seen, trace.other) == ("2026-11-26", "2026-11-25")
    assert seen_text(trace) == "saw 2026-11-26, against 2026-11-25"
    absent = trace_condition(
        parse("{today: {'>=': {fact: submitted_on}}}"), {**FACTS, "submitted_on": None}
    )
    assert (absent.held, seen_text(absent)) == (False, "saw 2026-11-26, against nothing")


def test_recorded_facts_read_back_with_their_types() -> None:
    """A decision's recorded JSON facts read back as dates and tuples; missing ones as absent."""
    recorded = RecordedFacts({"submitted_on": "2026-11-18", "candidate.schools": ["a"], "x": 1})
    assert recorded["submitted_on"] == date(2026, 11, 18)
    assert recorded["candidate.schools"] == ("a",)
    assert recorded["heard_back"] is None
    assert recorded["x"] == 1
    assert (len(recorded), list(recorded)) == (3, ["submitted_on", "candidate.schools", "x"])
