"""Where a condition on one fact holds among that fact's classes of values, found from its literals.

The matcher (:mod:`.matcher`) cuts the values of a fact into classes inside
which every condition on that fact alone is constant. Testing each condition
once per class costs conditions x classes, which grows with the square of
what a pack writes (a pack of one rule with 40,000 literals on one fact).
Here the classes a condition holds on are worked out from the condition's
own literals instead, in time that grows with the literals it writes.

The classes are the positions ``0 .. size - 1`` of an :class:`Axis`:

* numbers and dates: ``2i + 1`` is the *i*-th literal in order and ``2i`` the
  values between it and the one before (``2n``: the values past the last);
* text, enums and booleans: ``i`` is the *i*-th literal and ``n`` every other value;
* lists and groups (tested only for presence): ``0`` is "there".

Absence is not a position: a :data:`Truth` is what a condition gives on an
absent fact, and the positions it holds on as sorted boundaries
``[a0, b0, a1, b1, ...]`` (it holds on ``a0 <= position < b0``, and so on).
Comparisons give a few intervals, ``not`` complements, ``any`` is a union and
``all`` the complement of the union of the complements.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from itertools import chain, compress
from typing import Any, TypeAlias

from ..language.conditions import AllOf, AnyOf, Compare, Condition, Not
from ..language.operators import OPERATOR_TABLE

__all__ = ["ORDERED", "SCALAR", "Axis", "Budget", "OverBudget", "Truth"]

SCALAR = frozenset({"bool", "int", "date", "str", "enum"})
"""The fact types whose classes are literals (and, for numbers and dates, the gaps between)."""

ORDERED = frozenset({"int", "date"})
"""The fact types whose classes are in order, with gaps between the literals."""

Truth: TypeAlias = tuple[bool, list[int]]
"""What a condition gives on an absent fact, and the boundaries of the positions it holds on."""


class OverBudget(Exception):
    """Building a matcher would take more steps than its budget allows."""

    def __init__(self, budget: int, path: str) -> None:
        self.budget = budget
        self.path = path
        super().__init__(f"over {budget:,} steps indexing {path}")


class Budget:
    """Steps left for building one matcher; spending past zero raises :class:`OverBudget`.

    A step is one interval handled by the algebra below, or one word of 64 rules
    in the matcher's tables: what time and memory grow with.
    """

    __slots__ = ("budget", "path", "spent")

    def __init__(self, budget: int | None) -> None:
        self.budget = budget
        self.spent = 0
        self.path = ""

    def spend(self, steps: int) -> None:
        """Count *steps* (the fact being indexed is ``path``)."""
        self.spent += steps
        if self.budget is not None and self.spent > self.budget:
            raise OverBudget(self.budget, self.path)


class Axis:
    """The classes of one fact's values: the literals written about it (see the module)."""

    __slots__ = ("budget", "ordered", "points", "position", "size")

    def __init__(self, kind: str, literals: Iterable[Any], budget: Budget) -> None:
        self.budget = budget
        self.ordered = kind in ORDERED
        if self.ordered:
            self.points: list[Any] = sorted(set(literals))
            self.position = {value: 2 * i + 1 for i, value in enumerate(self.points)}
            self.size = 2 * len(self.points) + 1
        elif kind in SCALAR:
            self.points = list(dict.fromkeys(literals))
            self.position = {value: i for i, value in enumerate(self.points)}
            self.size = len(self.points) + 1
        else:
            self.points, self.position, self.size = [], {}, 1
        budget.spend(self.size)

    def truth(self, condition: Condition) -> Truth:
        """Where *condition* (on this fact alone, with literals) holds."""
        if isinstance(condition, Compare):
            return self._compare(condition)
        if isinstance(condition, Not):
            absent, bounds = self.truth(condition.item)
            return not absent, self.complement(bounds)
        items = [self.truth(item) for item in condition.items]
        if isinstance(condition, AllOf):
            absent = all(a for a, _ in items)
            bounds = self.complement(self.union(self.complement(b) for _, b in items))
            return absent, bounds
        assert isinstance(condition, AnyOf)
        return any(a for a, _ in items), self.union(b for _, b in items)

    def _compare(self, node: Compare) -> Truth:
        op = OPERATOR_TABLE[node.op]
        absent = op.on_absent(node.value)
        size = self.size
        if node.op == "present":
            return absent, [0, size] if node.value else []
        if node.op in ("in", "not in"):
            starts = sorted({self.position[v] for v in node.value})
            self.budget.spend(len(starts))
            bounds = _merged(starts, [p + 1 for p in starts])
        else:
            at = self.position[node.value]
            bounds = {
                "<": [0, at],
                "<=": [0, at + 1],
                ">": [at + 1, size],
                ">=": [at, size],
            }.get(node.op, [at, at + 1])
            if bounds[0] == bounds[1]:
                bounds = []
        if node.op in ("!=", "not in"):
            bounds = self.complement(bounds)
        return absent, bounds

    def complement(self, bounds: list[int]) -> list[int]:
        """The positions *bounds* leaves out."""
        self.budget.spend(1 + len(bounds) // 2)
        out = bounds[1:] if bounds and bounds[0] == 0 else [0, *bounds]
        if out and out[-1] == self.size:
            out.pop()
        else:
            out.append(self.size)
        return out

    def union(self, many: Iterable[list[int]]) -> list[int]:
        """The positions any of *many* holds on."""
        lists = [bounds for bounds in many if bounds]
        if len(lists) <= 1:
            return lists[0] if lists else []
        starts = sorted(chain.from_iterable(bounds[::2] for bounds in lists))
        ends = sorted(chain.from_iterable(bounds[1::2] for bounds in lists))
        self.budget.spend(len(starts))
        return _merged(starts, ends)


def _merged(starts: list[int], ends: list[int]) -> list[int]:
    """The boundaries of the union of intervals, given their sorted starts and sorted ends.

    Nothing holds between the *i*-th end and the next start exactly when that
    end comes first: the gaps are found in one pass, in C (no loop in Python).
    """
    later = starts[1:]
    gap = list(map(operator.lt, ends, later))
    out = [0] * (2 * sum(gap) + 2)
    out[0], out[-1] = starts[0], ends[-1]
    out[1:-1:2] = compress(ends, gap)
    out[2:-1:2] = compress(later, gap)
    return out
