"""Other engines on the same rules: zen-engine (GoRules JDM) and our durable backend.

:func:`zen_table` translates a pack into a JDM decision table with the
``collect`` hit policy: one input column per fact the pack reads, one output
column with the rule id, one row per conjunction of the rule's condition (a
rule with ``any`` becomes several rows with the same id), rows in the pack's
ranked order. Each cell is a zen unary test on ``$`` that gives the same
answer as our operator, absent facts included: zen's ``$ > 7`` fails on
``null`` with an error where ours is false, so orderings are guarded with
``$ != null``; ``!=`` and ``not in`` hold on ``null`` in both. Dates go to zen
as day numbers (``date.toordinal()``), which order as the dates do; lists and
groups of facts, which rules only test for presence, as ``true`` or ``null``.

zen-engine is installed by ``make bench`` only (the ``bench`` extra); this
module imports it on first use.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from outreach_rules import Pack
from outreach_rules.language.conditions import AllOf, Compare, Condition, FactRef, Not

# One conjunction: (fact path, unary test) pairs that must all hold.
Row = list[tuple[str, str]]


class NotTranslatable(ValueError):
    """The pack uses something the decision table translation does not cover."""


def _zen_value(value: Any) -> Any:
    """A fact's value as zen sees it (see the module's docstring)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, date):
        return value.toordinal()
    return True  # a list or a group of facts: only its presence is tested


def _zen_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return str(value.toordinal())
    if isinstance(value, int | str):
        return json.dumps(value, ensure_ascii=False)
    raise NotTranslatable(f"no zen literal for {value!r}")


def _cell(node: Compare) -> str:
    """The unary test of one comparison; it is never an error, so ``not (...)`` negates it."""
    op, value = node.op, node.value
    if isinstance(value, FactRef) or op == "contains":
        raise NotTranslatable(f"{node.path} {op}: not translated to a decision table cell")
    if op == "present":
        return "$ != null" if value else "$ == null"
    if op in ("in", "not in"):
        members = ", ".join(_zen_literal(v) for v in value)
        return f"$ in [{members}]" if op == "in" else f"not ($ in [{members}])"
    if op in ("==", "!="):
        return f"$ {op} {_zen_literal(value)}"
    return f"$ != null and $ {op} {_zen_literal(value)}"


def _rows(node: Condition, negate: bool = False) -> list[Row]:
    """The condition in disjunctive normal form: a list of conjunctions of cells."""
    if isinstance(node, Compare):
        cell = _cell(node)
        return [[(node.path, f"not ({cell})" if negate else cell)]]
    if isinstance(node, Not):
        return _rows(node.item, not negate)
    conjunctive = isinstance(node, AllOf) != negate  # De Morgan under a negation
    parts = [_rows(item, negate) for item in node.items]
    if not conjunctive:
        return [row for part in parts for row in part]
    rows: list[Row] = [[]]
    for part in parts:
        rows = [row + more for row in rows for more in part]
    return rows


def zen_table(pack: Pack) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the JDM graph of *pack* as one decision table, and its input columns.

    The second value maps each fact path read to the input field zen reads it
    from (``f0``, ``f1``...: dotted names would be read as nested objects).

    Raises:
        NotTranslatable: a condition compares two facts or uses ``contains``.
    """
    fields: dict[str, str] = {}
    table_rows = []
    for index, rule in enumerate(pack.ranked):
        for row_index, row in enumerate(_rows(rule.when)):
            cells: dict[str, list[str]] = {}
            for path, cell in row:
                fields.setdefault(path, f"f{len(fields)}")
                cells.setdefault(fields[path], []).append(cell)
            entry = {"_id": f"row{index}-{row_index}", "out": json.dumps(rule.id)}
            # No cell has a top-level `or`, so tests join with `and` unbracketed (zen
            # reads a cell that starts with "(" as an interval and fails on it).
            entry.update({field: " and ".join(tests) for field, tests in cells.items()})
            table_rows.append(entry)
    for entry in table_rows:  # an empty cell matches anything
        for field in fields.values():
            entry.setdefault(field, "")
    inputs = [
        {"id": field, "name": path, "type": "expression", "field": field}
        for path, field in fields.items()
    ]
    table = {
        "id": "table",
        "type": "decisionTableNode",
        "name": pack.name,
        "position": {"x": 0, "y": 0},
        "content": {
            "hitPolicy": "collect",
            "inputs": inputs,
            "outputs": [{"id": "out", "name": "rule", "type": "expression", "field": "rule"}],
            "rules": table_rows,
        },
    }
    graph = {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "facts", "position": {"x": 0, "y": 0}},
            table,
            {"id": "res", "type": "outputNode", "name": "rules", "position": {"x": 0, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "in", "targetId": "table", "type": "edge"},
            {"id": "e2", "sourceId": "table", "targetId": "res", "type": "edge"},
        ],
    }
    return graph, fields


def zen_input(facts: Mapping[str, Any], fields: Mapping[str, str]) -> dict[str, Any]:
    """The context zen evaluates for one case: the facts the table reads, by field."""
    return {field: _zen_value(facts[path]) for path, field in fields.items()}


def zen_matcher(pack: Pack) -> tuple[Callable[[dict[str, Any]], list[str]], dict[str, str]]:
    """Compile *pack* for zen-engine; return its matcher (on :func:`zen_input`) and fields.

    The matcher calls the engine's synchronous ``evaluate`` and returns the
    ids of the rows that hit, in table (ranked) order, each id once.

    Raises:
        ImportError: zen-engine is not installed (``make bench`` installs it).
        NotTranslatable: see :func:`zen_table`.
    """
    import zen  # an optional install: the bench extra

    graph, fields = zen_table(pack)
    # Compiled once, served by the loader: zen's documented fast path (evaluating
    # through create_decision(...).evaluate costs some 20 times more per call here).
    content = zen.ZenDecisionContent(json.dumps(graph))
    engine = zen.ZenEngine({"loader": lambda key: content})
    evaluate = engine.evaluate

    def match(context: dict[str, Any]) -> list[str]:
        hits = evaluate("pack", context)["result"]
        if isinstance(hits, dict):  # collect with one hit may come back as the row alone
            hits = [hits]
        return list(dict.fromkeys(hit["rule"] for hit in hits))

    return match, fields


def durable_available() -> bool:
    """Whether durable_rules imports here (it is part of the dev install on CPython < 3.13)."""
    try:
        import durable.engine  # noqa: F401
    except ImportError:
        return False
    return True
