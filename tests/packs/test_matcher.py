"""The shared-work matcher decides exactly what a straightforward evaluator decides.

The reference below walks each rule's condition tree on its own, one rule at
a time, with the semantics written out again from docs/pack-language.md (it
shares no code with the compiled tests nor with the matcher's tables). Packs
are generated: random nested conditions over the whole vocabulary, with
literals near the values applications take, and applications aimed at those
literals by ``applications_for``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.paths import ROOT

from outreach_rules import (
    ACTIONS,
    DEFAULT_LIMITS,
    Limits,
    PackError,
    decide,
    load_application,
    load_pack_text,
)
from outreach_rules.engine.resolve import resolve
from outreach_rules.language.compile import compile_condition
from outreach_rules.language.conditions import AllOf, AnyOf, Compare, Condition, FactRef, Not
from outreach_rules.model.vocabulary import FACT_SPECS
from outreach_rules.packs.matcher import Matcher
from outreach_rules.packs.pack import Pack, Rule
from outreach_rules.testing import DEFAULT_TODAY, applications_for

sys.path.insert(0, str(ROOT / "bench"))

import synthetic as bench_synthetic  # bench/ is not a package

# --- the reference ----------------------------------------------------------


def holds(node: Condition, facts: Mapping[str, Any]) -> bool:
    """What a condition means, spelt out: absent facts satisfy only !=, not in, present: false."""
    if isinstance(node, AllOf):
        return all(holds(item, facts) for item in node.items)
    if isinstance(node, AnyOf):
        return any(holds(item, facts) for item in node.items)
    if isinstance(node, Not):
        return not holds(node.item, facts)
    assert isinstance(node, Compare)
    value = facts[node.path]
    if node.op == "present":
        return (value is not None) == node.value
    if node.op == "contains":
        return value is not None and node.value in value
    if node.op == "in":
        return value is not None and value in node.value
    if node.op == "not in":
        return value is None or value not in node.value
    other = node.value
    if isinstance(other, FactRef):
        other = facts[other.path]
        if other is not None and node.value.days:
            other = other + timedelta(days=node.value.days)
    if value is None or other is None:
        return node.op == "!="
    return {
        "==": value == other,
        "!=": value != other,
        "<": value < other,
        "<=": value <= other,
        ">": value > other,
        ">=": value >= other,
    }[node.op]


def reference(pack: Pack, facts: Mapping[str, Any]) -> list[Rule]:
    """Every rule tested on its own, in ranked order."""
    return [rule for rule in pack.ranked if holds(rule.when, facts)]


# --- generated packs --------------------------------------------------------

INTS = (-1, 0, 1, 2, 3, 6, 7, 8, 10, 11, 14, 21, 30)
DAYS = tuple(DEFAULT_TODAY + timedelta(days=n) for n in (-30, -10, -8, -7, -1, 0, 1, 3, 7))
TEXTS = ("", "Acme Corp", "Dana Reyes", "x", "'); import os #", "{candidate.name}", "\x00")
SCALAR = [p for p, s in FACT_SPECS.items() if s.type in ("bool", "int", "date", "str", "enum")]
LISTS = [p for p, s in FACT_SPECS.items() if s.type == "list" and s.item_type != "object"]
OTHERS = [p for p, s in FACT_SPECS.items() if s.type == "object" or s.item_type == "object"]
ORDER_OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in", "present")
OPS = {
    "bool": ("==", "!=", "present"),
    "int": ORDER_OPS,
    "date": ORDER_OPS,
    "str": ("==", "!=", "in", "not in", "present"),
    "enum": ("==", "!=", "in", "not in", "present"),
}


def literal(draw: st.DrawFn, path: str) -> Any:
    spec = FACT_SPECS[path]
    if spec.type == "bool":
        return draw(st.booleans())
    if spec.type == "int":
        return draw(st.sampled_from(INTS))
    if spec.type == "date":
        return draw(st.sampled_from(DAYS)).isoformat()
    if spec.choices:
        return draw(st.sampled_from(spec.choices))
    return draw(st.sampled_from(TEXTS))


@st.composite
def compares(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(("scalar",) * 6 + ("list", "other")))
    if kind == "list":
        path = draw(st.sampled_from(LISTS))
        if draw(st.booleans()):
            return {path: {"present": draw(st.booleans())}}
        return {path: {"contains": draw(st.sampled_from(("sailing", "phone", "x", "")))}}
    if kind == "other":
        return {draw(st.sampled_from(OTHERS)): {"present": draw(st.booleans())}}
    path = draw(st.sampled_from(SCALAR))
    spec = FACT_SPECS[path]
    op = draw(st.sampled_from(OPS[spec.type]))
    if op == "present":
        return {path: {op: draw(st.booleans())}}
    if op in ("in", "not in"):
        values = draw(st.lists(st.builds(lambda: None), min_size=1, max_size=3))
        return {path: {op: [literal(draw, path) for _ in values]}}
    same = [p for p in SCALAR if FACT_SPECS[p].type == spec.type and p != path]
    if spec.type in ("int", "date") and same and draw(st.integers(0, 4)) == 0:
        ref: dict[str, Any] = {"fact": draw(st.sampled_from(same))}
        if spec.type == "date":
            ref["days"] = draw(st.sampled_from((0, -3, 7)))
        return {path: {op: ref}}
    if spec.type == "int" and draw(st.booleans()):  # two bounds on one fact, as packs write
        low = draw(st.sampled_from(INTS))
        return {path: {">=": low, "<=": low + draw(st.sampled_from((0, 1, 3)))}}
    return {path: {op: literal(draw, path)}}


def conditions(depth: int = 2) -> st.SearchStrategy[dict[str, Any]]:
    leaf = compares()
    if depth == 0:
        return leaf
    inner = conditions(depth - 1)
    return st.one_of(
        leaf,
        leaf,
        st.builds(lambda items: {"all": items}, st.lists(inner, min_size=1, max_size=4)),
        st.builds(lambda items: {"any": items}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda item: {"not": item}, inner),
    )


@st.composite
def pack_texts(draw: st.DrawFn, max_rules: int = 12) -> str:
    actions = sorted(ACTIONS)
    rules = []
    for index in range(draw(st.integers(1, max_rules))):
        rule: dict[str, Any] = {
            "id": f"r{index}",
            "priority": draw(st.sampled_from((10, 50, 50, 90))),
            "source": {"house_default": "generated"},
        }
        if draw(st.integers(0, 9)):
            rule["when"] = draw(conditions())
        if draw(st.integers(0, 3)):
            rule["then"] = {"action": draw(st.sampled_from(actions))}
            rule["because"] = "Because {candidate.name|someone} applied {submitted_ago|never}."
        else:
            rule["blocks"] = [{"action": draw(st.sampled_from(actions)), "reason": "No."}]
        rules.append(rule)
    return yaml.safe_dump({"name": "generated", "rules": rules}, sort_keys=False)


def assert_same(pack: Pack, app: Any, day: date) -> None:
    facts = pack.facts_for(app, day)
    expected = reference(pack, facts)
    assert [r.id for r in pack.match(facts)] == [r.id for r in expected]
    assert decide(pack, app, day) == resolve(pack, expected, pack.facts_for(app, day))


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=pack_texts(), data=st.data())
def test_the_matcher_agrees_with_the_reference_on_generated_packs(text: str, data: Any) -> None:
    """On generated packs, and applications aimed at them, the matcher fires as the reference."""
    pack = load_pack_text(text)
    for _ in range(4):
        app = data.draw(applications_for(pack))
        assert_same(pack, app, app.as_of)


def test_the_default_pack_agrees_with_the_reference_on_every_example_day() -> None:
    """On every example application, day after day, the default pack matches as the reference."""
    pack = load_pack_text((ROOT / "rulesets" / "default.yaml").read_text(), filename="default")
    checked = 0
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        app = load_application(path)
        for offset in range(-3, 25):
            day = DEFAULT_TODAY + timedelta(days=offset)
            if app.as_of is not None and day < app.as_of:
                continue
            assert_same(pack, app, day)
            checked += 1
    assert checked > 100


def test_a_large_synthetic_pack_agrees_with_the_reference() -> None:
    """The bench's 2,048-rule synthetic pack matches as the reference does, with rules firing."""
    # The bench's own 2,048-rule pack (bench/synthetic.py), on a third of its cases.
    cases = bench_synthetic.cases()
    values = bench_synthetic.observed_values(bench_synthetic.flat_facts(a, d) for a, d in cases)
    pack = bench_synthetic.load_synthetic(bench_synthetic.synthetic_pack_text(2048, values), 2048)
    fired = 0
    for app, day in cases[::3]:
        facts = pack.facts_for(app, day)
        matched = [r.id for r in pack.match(facts)]
        assert matched == [r.id for r in reference(pack, facts)]
        fired += len(matched)
    assert fired > 0  # the comparison saw rules fire, not only fail


# --- behaviour worth pinning down ---------------------------------------------


class CountingFacts(Mapping[str, Any]):
    """A facts mapping that counts how often each fact is read."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.reads: dict[str, int] = {}

    def __getitem__(self, path: str) -> Any:
        self.reads[path] = self.reads.get(path, 0) + 1
        return self.values.get(path)

    def __iter__(self) -> Any:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


def _pack(*rules: dict[str, Any]) -> Pack:
    for index, rule in enumerate(rules):
        rule.setdefault("id", f"r{index}")
        rule.setdefault("source", {"house_default": "test"})
        rule.setdefault("then", {"action": "wait"})
        rule.setdefault("because", "Test.")
    return load_pack_text(yaml.safe_dump({"name": "t", "rules": list(rules)}))


def test_each_fact_is_read_once_and_not_at_all_once_its_rules_are_out() -> None:
    """Each fact is read once a decision, and not at all once no rule that tests it is alive."""
    pack = _pack(
        {"when": {"submitted": True, "days_since_submission": {">=": 7, "<=": 10}}},
        {"when": {"submitted": True, "company.size": "small"}},
        {"when": {"submitted": True, "days_since_submission": {">": 3}}},
    )
    facts = CountingFacts({"submitted": False, "days_since_submission": 8})
    assert pack.match(facts) == []
    assert facts.reads == {"submitted": 1}
    facts = CountingFacts({"submitted": True, "days_since_submission": 8, "company.size": "large"})
    assert [r.id for r in pack.match(facts)] == ["r0", "r2"]
    assert set(facts.reads.values()) == {1}


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ({">": 7}, lambda v: v is not None and v > 7),
        ({">=": 7, "<": 9}, lambda v: v in (7, 8)),
        ({"!=": 8}, lambda v: v != 8),
        ({"not in": [7, 8]}, lambda v: v not in (7, 8)),
        ({"in": [7, 9]}, lambda v: v in (7, 9)),
        ({"present": False}, lambda v: v is None),
    ],
)
def test_number_classes_hold_exactly_where_the_comparison_does(
    test: dict[str, Any], expected: Any
) -> None:
    """The classes between neighbouring literals hold exactly where each comparison does."""
    # Neighbouring literals leave gaps with no number in them; every class is checked.
    pack = _pack(
        {"when": {"days_since_submission": test}},
        {"when": {"days_since_submission": {"in": [6, 7, 8, 9]}}},
    )
    for value in (None, -5, 5, 6, 7, 8, 9, 10, 100):
        matched = [r.id for r in pack.match(CountingFacts({"days_since_submission": value}))]
        assert ("r0" in matched) == expected(value), value


def test_dates_at_the_ends_of_the_calendar_load_and_compare() -> None:
    """Literals on the calendar's first and last days load, and compare at date.min and date.max."""
    pack = _pack(
        {"when": {"submitted_on": {">": "0001-01-01"}}},
        {"when": {"submitted_on": {"<": "9999-12-31"}}},
    )
    cases = ((date(2026, 11, 18), ["r0", "r1"]), (date.max, ["r0"]), (date.min, ["r1"]))
    for day, expected in cases:
        assert [r.id for r in pack.match(CountingFacts({"submitted_on": day}))] == expected


HOSTILE = (
    "'); __import__('os').system('touch /tmp/pwned') #",
    '"""\nimport os\n"""',
    "\x00",
    "__class__.__mro__",
    "{candidate.name}",
    "r0 or True",
)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_in_a_pack_stay_data(text: str) -> None:
    """Hostile text in a pack's literals is data: it matches only itself, and runs nothing."""
    # The matcher keeps a pack's literals as dict keys, never as code: a value
    # matches only itself, and every other text falls in the "other" class.
    pack = _pack(
        {"when": {"company.name": text}},
        {"when": {"company.name": {"!=": text}}},
        {"when": {"company.industry": {"in": [text, "logistics"]}}},
    )
    for values, expected in (
        ({"company.name": text}, ["r0"]),
        ({"company.name": "Acme"}, ["r1"]),
        ({"company.industry": text}, ["r1", "r2"]),
    ):
        assert [r.id for r in pack.match(CountingFacts(values))] == expected
    assert not Path("/tmp/pwned").exists()


def test_rules_without_a_condition_always_fire_in_ranked_order() -> None:
    """Rules without a condition always fire, in ranked order with the rules that hold."""
    pack = _pack({"priority": 10}, {"priority": 90, "when": {"submitted": True}}, {"priority": 50})
    assert [r.id for r in pack.match(CountingFacts({"submitted": True}))] == ["r1", "r2", "r0"]
    assert [r.id for r in pack.match(CountingFacts({}))] == ["r2", "r0"]


# --- many literals on one fact (issue 16) -------------------------------------


def _one_fact_pack(conditions: list[str], limits: Limits = DEFAULT_LIMITS) -> Pack:
    lines = ["name: many", "rules:"]
    for index, when in enumerate(conditions):
        lines += [
            f"  - id: r{index}",
            "    source: {house_default: test}",
            "    then: {action: wait}",
            "    because: Test.",
            f"    when: {when}",
        ]
    return load_pack_text("\n".join(lines) + "\n", limits=limits)


def _steps(conditions: list[str]) -> int:
    """The steps building the pack's matcher took (what Limits.max_match_work bounds)."""
    pack = _one_fact_pack(conditions)
    return Matcher(pack.ranked, pack.facts, budget=DEFAULT_LIMITS.max_match_work).work


def test_indexing_many_literals_on_one_fact_grows_linearly() -> None:
    """Regression (issue 16): one rule's 40,000 tests of one fact took minutes to load.

    Each indexed conjunct was tested once per class of the fact's values, and
    each literal makes classes: the work grew with the square of the literals.
    Where a conjunct holds is now worked out from its own literals: twice the
    literals, about twice the steps (the steps count every interval handled and
    every word of the tables, what time and memory grow with).
    """

    def one_rule(n: int) -> list[str]:
        tests = ", ".join(f"{{days_since_submission: {{'!=': {i}}}}}" for i in range(n))
        return [f"{{all: [{tests}]}}"]

    def many_rules(n: int) -> list[str]:
        return [f"{{days_since_submission: {{'>=': {i}}}}}" for i in range(n)]

    small, large = _steps(one_rule(1_000)), _steps(one_rule(2_000))
    assert large < 2.2 * small
    assert large < 20 * 2_000
    small, large = _steps(many_rules(200)), _steps(many_rules(400))
    # Each class's table costs one word per 64 rules: 400 rules, 7 words.
    assert large < 2.2 * small * (400 // 64 + 1) / (200 // 64 + 1)


def test_a_pack_over_the_match_budget_is_refused_with_where() -> None:
    """Over Limits.max_match_work: a PackError 'limit' naming the fact, the rule and its line."""
    tests = ", ".join(f"{{days_since_submission: {{'!=': {i}}}}}" for i in range(500))
    conditions = ["{submitted: true}", f"{{all: [{tests}]}}"]
    with pytest.raises(PackError) as caught:
        _one_fact_pack(conditions, Limits(max_match_work=1_000))
    error = caught.value
    assert error.code == "limit"
    assert (error.rule_id, error.line) == ("r1", 8)
    assert "days_since_submission" in error.problem
    assert "500 of them" in error.problem
    assert "Limits(max_match_work=" in (error.hint or "")
    assert len(_one_fact_pack(conditions, Limits(max_match_work=100_000)).rules) == 2


ONE_FACT = {
    "days_since_submission": ("int", [-3, 0, 1, 2, 3, 5, 8, 13, 21]),
    "submitted_on": ("date", [DEFAULT_TODAY + timedelta(days=n) for n in (-9, -3, -2, 0, 4)]),
    "company.name": ("str", ["", "Acme", "Acme Corp", "x", "\x00"]),
    "company.size": ("enum", ["small", "medium", "large"]),
    "heard_back": ("bool", [True, False]),
}


@st.composite
def one_fact_conditions(draw: st.DrawFn, path: str, depth: int = 3) -> dict[str, Any]:
    kind, pool = ONE_FACT[path]
    shape = draw(
        st.sampled_from(("compare",) * 3 + ("all", "any", "not") if depth else ("compare",))
    )
    if shape in ("all", "any"):
        items = draw(st.lists(one_fact_conditions(path, depth - 1), min_size=1, max_size=4))
        return {shape: items}
    if shape == "not":
        return {"not": draw(one_fact_conditions(path, depth - 1))}
    ops = OPS[kind]
    op = draw(st.sampled_from(ops))

    def lit(value: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else value

    if op == "present":
        return {path: {op: draw(st.booleans())}}
    if op in ("in", "not in"):
        return {path: {op: [lit(v) for v in draw(st.lists(st.sampled_from(pool), min_size=1))]}}
    return {path: {op: lit(draw(st.sampled_from(pool)))}}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_index_gives_the_rules_each_condition_gives_on_its_own(data: Any) -> None:
    """Many rules, many literals, all on one fact: the matcher fires what each condition says.

    Every class is tried: each literal, each value next to one, values past both
    ends, other text, and absence.
    """
    path = data.draw(st.sampled_from(sorted(ONE_FACT)))
    kind, pool = ONE_FACT[path]
    rules = data.draw(st.lists(one_fact_conditions(path), min_size=1, max_size=12))
    pack = _pack(*({"when": rule} for rule in rules))
    if kind == "int":
        values: list[Any] = [v + d for v in pool for d in (-1, 0, 1)] + [-1000, 1000]
    elif kind == "date":
        values = [v + timedelta(days=d) for v in pool for d in (-1, 0, 1)] + [date.min, date.max]
    else:
        values = [*pool, "something else"] if kind != "bool" else list(pool)
    for value in [None, *values]:
        facts = {path: value}
        expected = [r.id for r in pack.ranked if compile_condition(r.when)(facts)]
        assert [r.id for r in pack.match(CountingFacts(facts))] == expected, value
