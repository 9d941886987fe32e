"""The shape of durable_rules' network: the entries a rule keeps, the matching stack's height."""

from __future__ import annotations

from typing import Any

import pytest

from outreach_rules import default_pack, durable_ruleset
from outreach_rules.engine.durable.compiler import MAX_EXPRESSIONS_PER_RULE, MAX_MATCHING_STACK
from outreach_rules.engine.durable.network import cost, stack_height


@pytest.mark.parametrize(
    ("expr", "entries"),
    [
        ({"company.size": "small"}, 0),
        ({"$lte": {"diff:interview.on:today": 3}}, 0),
        ({"$and": [{"a": 1}, {"b": 2}]}, 2),
        ({"$or": [{"$and": [{"a": 1}, {"b": 2}]}, {"c": 3}]}, 4),
        ({"a": {"$m": "b"}}, 1),
        ({"$and": [{"a": {"$m": "b"}}, {"$neq": {"c": {"$m": "d"}}}]}, 4),
        ([{"$and": [{"a": 1}]}, {"$or": []}], 4),
        ("not an expression", 0),
    ],
)
def test_cost_counts_groups_twice_and_fact_to_fact_tests_once(expr: Any, entries: int) -> None:
    """Each all or any group takes 2 entries, each comparison of two facts 1, a plain test 0."""
    assert cost(expr) == entries


@pytest.mark.parametrize(
    ("exprs", "height"),
    [
        ([], 0),
        ([{"a": 1}], 1),
        ([{"a": 1}, {"a": 1}], 1),
        ([{"a": 1}, {"a": 2}], 1),
        ([{"a": 1}, {"b": 2}], 2),
        ([{"$gt": {"a": 1}}, {"$lt": {"a": 5}}], 2),
        ([{"$and": [{"a": 1}, {"b": 2}]}], 1),
        ([{"$and": [{"a": 1}, {"b": 2}]}, {"$and": [{"a": 1}, {"c": 2}]}], 2),
        ([{"$or": [{"a": 1}, {"b": 2}]}], 2),
        ([{"$iany": {"l": {"$i": "x"}}}, {"$iany": {"l": {"$i": "x"}}}], 2),
    ],
)
def test_stack_height_bounds_what_can_hold_at_once(exprs: list[Any], height: int) -> None:
    """Shared tests count once, equalities of one property once, any group's branches each."""
    assert stack_height(exprs) == height


def test_a_long_chain_of_tests_is_one_entry_at_a_time() -> None:
    """Tests one after another in an all keep one entry on the stack, however many there are."""
    chain = {"$and": [{f"p{n}": n} for n in range(200)]}
    assert stack_height([chain]) == 1
    assert cost(chain) == 2


def test_many_rules_testing_different_facts_at_once_grow_the_stack() -> None:
    """Rules whose first tests may all hold push one entry each: the height the compiler bounds."""
    assert stack_height([{"$gte": {"days": -n}} for n in range(70)]) == 70


def test_the_default_pack_is_well_inside_durable_rules_tables() -> None:
    """Every default rule is within the entries allowed, and the pack within the stack."""
    ruleset = durable_ruleset(default_pack())
    expressions = [rule["all"][0]["m"] for rule in ruleset.rules.values()]
    assert max(cost(e) for e in expressions) <= MAX_EXPRESSIONS_PER_RULE
    assert stack_height(expressions) <= MAX_MATCHING_STACK
