"""Step 1 of a decision, shared across rules: which rules of a pack hold.

Testing every rule in turn costs time in proportion to the number of rules,
and reads the same facts and makes the same comparisons again and again. A
:class:`Matcher` is built once per pack and does the work once per decision:

* Each rule's condition is split into its conjuncts (the items of a top-level
  ``all``). A conjunct that reads one scalar fact and compares it with
  literals is *indexed*: its truth depends only on that fact's value.
* For each such fact, the literals written about it cut its values into a few
  classes (absent; each literal; each gap between two literals; other text)
  inside which every indexed conjunct on the fact is constant. Each class is
  tested once, when the pack loads, by the conjuncts' own compiled tests, and
  remembers which rules survive it as a bitset (an ``int``, bit *i* for the
  *i*-th ranked rule).
* A decision reads each fact once, finds its class (a dict lookup, or a
  binary search for numbers and dates) and keeps the surviving rules with one
  ``&``. A fact none of whose rules is still alive is not even read.
* Every other conjunct (one that compares two facts, mixes facts under
  ``any``, or reads a list) is *residual*: each distinct one is tested at most
  once per decision, and only while a rule that needs it is alive.

The work per decision grows with the facts a pack reads and the distinct
conjuncts it writes, not with its rules. Nothing here generates code: the
tables hold the pack's values as data, and the tests are the closures
:func:`~outreach_rules.conditions.compile_condition` made.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .conditions import AllOf, Compare, Condition, FactRef, Not, Test, compile_condition
from .vocabulary import FACT_SPECS

if TYPE_CHECKING:
    from .packs import Rule

__all__ = ["Matcher"]

_INDEXED_TYPES = frozenset({"bool", "int", "date", "str", "enum"})


def _conjuncts(condition: Condition) -> list[Condition]:
    if isinstance(condition, AllOf):
        return [c for item in condition.items for c in _conjuncts(item)]
    return [condition]


def _single_fact(condition: Condition) -> str | None:
    """The one scalar fact *condition* compares with literals, or ``None``."""
    if isinstance(condition, Compare):
        if isinstance(condition.value, FactRef):
            return None
        return condition.path if FACT_SPECS[condition.path].type in _INDEXED_TYPES else None
    items: Sequence[Condition] = (
        (condition.item,) if isinstance(condition, Not) else condition.items
    )
    paths = {_single_fact(item) for item in items}
    if len(paths) != 1:
        return None
    return paths.pop()


def _literals(condition: Condition) -> set[Any]:
    if isinstance(condition, Compare):
        if condition.op == "present":
            return set()
        return set(condition.value) if isinstance(condition.value, tuple) else {condition.value}
    items: Sequence[Condition] = (
        (condition.item,) if isinstance(condition, Not) else condition.items
    )
    return set().union(*(_literals(item) for item in items))


class _FactIndex:
    """The classes of one fact's values, and the rules each class lets live."""

    __slots__ = ("between", "exact", "none", "ordered", "other", "path", "points", "rules")

    def __init__(self, path: str, conjuncts: Mapping[Condition, int], everyone: int) -> None:
        spec = FACT_SPECS[path]
        self.path = path
        self.rules = 0  # the rules with an indexed conjunct on this fact
        for mask in conjuncts.values():
            self.rules |= mask
        tests = [(compile_condition(c), mask) for c, mask in conjuncts.items()]

        def keep(value: Any) -> int:
            # The rules alive after the fact takes *value*: drop those a false conjunct names.
            alive = everyone
            facts = {path: value}
            for test, mask in tests:
                if not test(facts):
                    alive &= ~mask
            return alive

        literals: set[Any] = set().union(*(_literals(c) for c in conjuncts))
        self.ordered = spec.type in ("int", "date")
        self.none = keep(None)
        self.exact = {value: keep(value) for value in literals}
        self.points: list[Any] = []
        self.between: list[int] = []
        self.other = everyone
        if spec.type == "bool":
            self.exact = {value: keep(value) for value in (True, False)}
        elif self.ordered:
            self.points = sorted(literals)
            step: Any = 1 if spec.type == "int" else timedelta(days=1)
            # Gap i holds the values strictly between points[i-1] and points[i]; a
            # gap with no value in it (consecutive numbers) is never looked up.
            gaps = [_shift(self.points[0], -step)] if self.points else [_ANY_ORDERED[spec.type]]
            gaps += [_shift(point, step) for point in self.points]
            self.between = [keep(value) for value in gaps]
        else:
            self.other = keep(_unlisted_text(literals))

    def keep(self, value: Any) -> int:
        """The rules this fact's *value* lets live."""
        if value is None:
            return self.none
        found = self.exact.get(value)
        if found is not None:
            return found
        if self.ordered:
            return self.between[bisect_left(self.points, value)]
        return self.other


_ANY_ORDERED: Mapping[str, Any] = {"int": 0, "date": date(2000, 1, 1)}


def _shift(point: Any, step: Any) -> Any:
    # Past the first or last day there is no value: that gap is never looked up.
    try:
        return point + step
    except OverflowError:
        return point


def _unlisted_text(literals: set[Any]) -> str:
    """A text that is none of *literals* (it stands for every other text)."""
    candidate = "\x00"
    while candidate in literals:
        candidate += "\x00"
    return candidate


class Matcher:
    """Decides which of *ranked* rules hold on a decision's facts, sharing work across rules.

    Build one per pack (:class:`~outreach_rules.packs.Pack` does, when it
    loads); calling it only reads it, so one matcher serves any number of
    threads.
    """

    __slots__ = ("_everyone", "_facts", "_residual", "_rules")

    def __init__(self, ranked: Sequence[Rule]) -> None:
        self._rules = tuple(ranked)
        self._everyone = (1 << len(self._rules)) - 1
        by_fact: dict[str, dict[Condition, int]] = {}
        residual: dict[Condition, int] = {}
        for index, rule in enumerate(self._rules):
            bit = 1 << index
            for conjunct in _conjuncts(rule.when):
                path = _single_fact(conjunct)
                table = residual if path is None else by_fact.setdefault(path, {})
                table[conjunct] = table.get(conjunct, 0) | bit
        indexes = [_FactIndex(p, c, self._everyone) for p, c in by_fact.items()]
        # Facts that constrain more rules first: they leave fewer rules alive,
        # so that later facts are more often skipped unread.
        indexes.sort(key=lambda index: -index.rules.bit_count())
        self._facts = tuple((index.path, index.rules, index.keep) for index in indexes)
        self._residual: tuple[tuple[Test, int, int], ...] = tuple(
            (compile_condition(c), mask, self._everyone & ~mask) for c, mask in residual.items()
        )

    def __call__(self, facts: Mapping[str, Any]) -> list[Rule]:
        """Return the rules that hold on *facts*, in ranked order."""
        alive = self._everyone
        for path, rules, keep in self._facts:
            if alive & rules:
                alive &= keep(facts[path])
        for test, rules, others in self._residual:
            if alive & rules and not test(facts):
                alive &= others
        found = []
        ranked = self._rules
        while alive:
            lowest = alive & -alive
            found.append(ranked[lowest.bit_length() - 1])
            alive ^= lowest
        return found
