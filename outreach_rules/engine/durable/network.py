"""The shape of durable_rules' network for a ruleset: what its fixed-size tables will hold.

durable_rules keeps fixed-size tables (expression entries per rule, a matching
stack of 64) and fails, or aborts the process, past them. The compiler refuses
a pack before that, from these counts made on the JSON ruleset.
"""

from __future__ import annotations

import json
from typing import Any, Final

from ...language.operators import OPERATOR_TABLE

__all__ = ["cost", "stack_height"]

# The plain comparisons durable_rules has an operator for, from the operator table.
_DURABLE_OPS: Final = frozenset(op.durable for op in OPERATOR_TABLE.values() if op.durable)


def cost(expr: Any) -> int:
    """Entries durable_rules keeps for *expr*: 2 per ``$and``/``$or``, 1 per fact-to-fact test."""
    if isinstance(expr, list):
        return sum(cost(e) for e in expr)
    if not isinstance(expr, dict):
        return 0
    total = 0
    for key, inner in expr.items():
        if key in ("$and", "$or"):
            total += 2
        if key == "$m":
            total += 1
        total += cost(inner)
    return total


class _Node:
    """A node of durable_rules' alpha network, as it builds one (to bound its matching stack)."""

    __slots__ = ("children", "forwards", "key")

    def __init__(self, key: tuple[str, str, str] | None = None) -> None:
        self.key = key
        self.children: dict[tuple[str, str, str], _Node] = {}
        self.forwards: list[_Node] = []

    def test(self, prop: str, op: str, value: Any) -> _Node:
        """The child testing ``prop op value``, shared as durable_rules shares it."""
        key = (prop, op, json.dumps(value, sort_keys=True))
        if op in ("$iany", "$iall"):  # durable_rules never shares these
            key = (prop, op, str(len(self.children)))
        return self.children.setdefault(key, _Node(key))


def _grow(expr: dict[str, Any], parent: _Node) -> _Node:
    """Add *expr* under *parent* the way durable_rules does; return the node it ends in."""
    ((op, operand),) = expr.items()
    if op == "$and":
        node = parent
        for item in operand:
            node = _grow(item, node)
        return node
    if op == "$or":
        forward = _Node()
        for item in operand:
            _grow(item, parent).forwards.append(forward)
        return forward
    if op in _DURABLE_OPS or op in ("$ex", "$iany", "$iall"):
        ((prop, value),) = operand.items()
        return parent.test(prop, op, value)
    return parent.test(op, "$eq", operand)


def stack_height(exprs: list[dict[str, Any]]) -> int:
    """The most entries durable_rules' matching stack can hold for these rules, at worst.

    When a node matches, durable_rules pushes every child that matches and every
    'any' join below it; the height is bounded assuming every test holds, except
    that of several equality tests of one property at most one can.
    """
    root = _Node()
    for expr in exprs:
        _grow(expr, root)
    memo: dict[int, int] = {}

    def height(node: _Node) -> int:
        if id(node) in memo:
            return memo[id(node)]
        memo[id(node)] = 0  # a join reached again adds nothing new
        kids = list(node.children.values()) + node.forwards
        equalities = {k.key[0] for k in node.children.values() if k.key and k.key[1] == "$eq"}
        others = sum(1 for k in node.children.values() if k.key and k.key[1] != "$eq")
        pushed = others + len(equalities) + len(node.forwards)
        deepest = max((height(k) for k in kids), default=0)
        memo[id(node)] = max(pushed, pushed - 1 + deepest)
        return memo[id(node)]

    return height(root)
