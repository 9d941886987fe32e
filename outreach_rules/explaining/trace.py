"""Traces: a rule's ``when`` evaluated node by node, with the values each node saw.

The engine's compiled closures answer only "does it hold?". Explanations need
more, so this module interprets the frozen condition tree a second time, on
the same facts, and records for every node whether it held and, for a
comparison, the fact's value and what it was compared with. It runs only when
an explanation is asked for: deciding never pays for it.

The trace models are frozen pydantic models; their JSON (``model_dump(mode="json")``)
is the stable, documented form (see ``docs/explanations.md``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..language.compile import compile_condition
from ..language.conditions import AllOf, Compare, Condition, FactRef, Not
from ..language.words import condition_text
from ..model.dates import shift_day
from ..model.vocabulary import BUILT_IN, Vocabulary, to_json_value
from ..packs.pack import Rule

__all__ = [
    "ConditionTrace",
    "RecordedFacts",
    "RuleTrace",
    "flat_lines",
    "seen_text",
    "trace_condition",
    "trace_lines",
    "trace_rule",
]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConditionTrace(_Out):
    """One node of an evaluated condition: whether it held and, for a test, what it saw."""

    kind: Literal["fact", "all", "any", "not"] = Field(
        description="'fact' for one test of one fact; 'all', 'any' or 'not' for a combination."
    )
    held: bool = Field(description="Whether this node held.")
    fact: str | None = Field(None, description="The fact tested ('fact' nodes).")
    op: str | None = Field(None, description="The operator ('fact' nodes).")
    expected: Any = Field(
        None,
        description="What the fact was compared with: a value, a list (in, not in), true or "
        "false (present), or {fact, days} for another fact.",
    )
    seen: Any = Field(None, description="The fact's value (null: absent).")
    other: Any = Field(None, description="The other fact's value, when compared with a fact.")
    items: tuple[ConditionTrace, ...] = Field((), description="The nodes it combines.")
    text: str = Field(description="The node as written, for people.")
    owner: Literal["candidate", "employer", "time"] | None = Field(
        None, description="Who can change the fact: candidate, employer or time ('fact' nodes)."
    )


class RuleTrace(_Out):
    """One rule evaluated: whether its ``when`` held, node by node, and what it does."""

    rule_id: str = Field(description="The rule.")
    held: bool = Field(description="Whether its condition held (the rule fired).")
    recommends: str | None = Field(None, description="The action it recommends, if any.")
    blocks: tuple[str, ...] = Field((), description="The actions it rules out.")
    priority: int = Field(description="The rule's priority.")
    source: str = Field(description="The guidance passage it encodes, or 'house default: ...'.")
    file: str = Field(description="The pack file the rule is in.")
    line: int | None = Field(None, description="Its 1-based line there.")
    when: ConditionTrace = Field(description="Its condition, evaluated.")


def _typed(kind: str, value: Any) -> Any:
    # Facts recorded in a decision are JSON: read dates back as dates to compare them.
    if isinstance(value, str) and kind == "date":
        return date.fromisoformat(value)
    if isinstance(value, list):
        return tuple(value)
    return value


class RecordedFacts(Mapping[str, Any]):
    """Facts as a decision records them (JSON values), read back with their types."""

    __slots__ = ("_values", "_vocabulary")

    def __init__(self, values: Mapping[str, Any], vocabulary: Vocabulary = BUILT_IN) -> None:
        self._values = values
        self._vocabulary = vocabulary

    def __getitem__(self, path: str) -> Any:
        spec = self._vocabulary.get(path)
        if spec is None:
            return self._values[path]
        return _typed(spec.type, self._values.get(path))

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def trace_condition(
    node: Condition, facts: Mapping[str, Any], vocabulary: Vocabulary = BUILT_IN
) -> ConditionTrace:
    """Evaluate *node* on *facts*, recording every node's value and outcome.

    *vocabulary* (the pack's) says who can change each fact.
    """
    if isinstance(node, Compare):
        other = None
        expected: Any
        if isinstance(node.value, FactRef):
            ref = node.value
            expected = {"fact": ref.path, "days": ref.shift}
            other_value = facts[ref.path]
            if ref.shift and other_value is not None:
                other_value = shift_day(other_value, ref.shift)
            other = to_json_value(other_value)
        else:
            expected = to_json_value(node.value)
        return ConditionTrace.model_construct(
            kind="fact",
            held=compile_condition(node)(facts),
            fact=node.path,
            op=node.op,
            expected=expected,
            seen=to_json_value(facts[node.path]),
            other=other,
            items=(),
            text=condition_text(node),
            owner=spec.changeable_by if (spec := vocabulary.get(node.path)) else None,
        )
    if isinstance(node, Not):
        inner = trace_condition(node.item, facts, vocabulary)
        return ConditionTrace.model_construct(
            kind="not",
            held=not inner.held,
            fact=None,
            op=None,
            expected=None,
            seen=None,
            other=None,
            items=(inner,),
            text=condition_text(node),
        )
    items = tuple(trace_condition(i, facts, vocabulary) for i in node.items)
    every = isinstance(node, AllOf)
    return ConditionTrace.model_construct(
        kind="all" if every else "any",
        held=all(i.held for i in items) if every else any(i.held for i in items),
        fact=None,
        op=None,
        expected=None,
        seen=None,
        other=None,
        items=items,
        text=condition_text(node),
    )


def trace_rule(
    rule: Rule, facts: Mapping[str, Any], vocabulary: Vocabulary = BUILT_IN
) -> RuleTrace:
    """Evaluate *rule*'s condition on *facts* and record it as a :class:`RuleTrace`."""
    when = trace_condition(rule.when, facts, vocabulary)
    return RuleTrace.model_construct(
        rule_id=rule.id,
        held=when.held,
        recommends=rule.then.action if rule.then else None,
        blocks=tuple(dict.fromkeys(b.action for b in rule.blocks)),
        priority=rule.priority,
        source=rule.source,
        file=rule.file,
        line=rule.line,
        when=when,
    )


def seen_text(node: ConditionTrace) -> str:
    """What a fact node saw, for people: ``saw 8``, ``saw nothing``, ``saw 3 vs 2026-11-30``."""
    seen = "nothing" if node.seen is None else _json_text(node.seen)
    if isinstance(node.expected, dict):
        other = "nothing" if node.other is None else _json_text(node.other)
        return f"saw {seen}, against {other}"
    return f"saw {seen}"


def _json_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_json_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{...}"
    return str(value)


_OWNER_WORDS = {"candidate": "yours", "employer": "the employer's", "time": "time"}


def trace_lines(node: ConditionTrace, indent: str = "", *, owners: bool = False) -> list[str]:
    """Render a trace as lines, one per node: a mark, the test, and the value seen.

    With *owners*, a test that failed says whose fact it is (``[yours]``, ``[time]``).
    """
    mark = "✓" if node.held else "✗"
    if node.kind == "fact":
        line = f"{indent}{mark} {node.text}  ({seen_text(node)})"
        if owners and not node.held and node.owner is not None:
            line += f" [{_OWNER_WORDS[node.owner]}]"
        return [line]
    if node.kind == "all" and not node.items:
        return [f"{indent}{mark} always"]
    head = {"all": "all of:", "any": "any of:", "not": "not:"}[node.kind]
    lines = [f"{indent}{mark} {head}"]
    for item in node.items:
        lines += trace_lines(item, indent + "    ", owners=owners)
    return lines


def flat_lines(node: ConditionTrace, indent: str = "", *, owners: bool = False) -> list[str]:
    """Like :func:`trace_lines`, but a rule's top-level ``all`` is listed without its header."""
    if node.kind == "all" and node.items:
        return [line for item in node.items for line in trace_lines(item, indent, owners=owners)]
    return trace_lines(node, indent, owners=owners)
