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
  remembers which rules survive it as a bitset (an ``int``, the highest bit
  for the best-ranked rule).
* A decision reads each fact once, finds its class (a dict lookup, or a
  binary search for numbers and dates) and keeps the surviving rules with one
  ``&``. A fact none of whose rules is still alive is not even read.
* Every other conjunct (one that compares two facts, mixes facts under
  ``any``, or reads a list) is *residual*: each distinct one is tested at most
  once per decision, and only while a rule that needs it is alive.

The work per decision grows with the facts a pack reads and the distinct
conjuncts it writes, not with its rules. Nothing here generates code: the
tables hold the pack's values as data, and the tests are the closures
:func:`~outreach_rules.language.compile.compile_condition` made.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from itertools import compress
from typing import Any, Generic, Protocol, TypeVar

from ..language.algebra import compares
from ..language.compile import Test, compile_condition
from ..language.conditions import AllOf, Compare, Condition, FactRef, Not
from ..model.vocabulary import BUILT_IN, Vocabulary

__all__ = ["Conditional", "Matcher"]


class Conditional(Protocol):
    """What the matcher needs of a rule: its condition (a compiled rule is one)."""

    @property
    def when(self) -> Condition:
        """The rule's condition."""


_R = TypeVar("_R", bound=Conditional)

_INDEXED_TYPES = frozenset({"bool", "int", "date", "str", "enum"})
_BITS = bytes.maketrans(b"01", b"\x00\x01")


def _conjuncts(condition: Condition) -> list[Condition]:
    if isinstance(condition, AllOf):
        return [c for item in condition.items for c in _conjuncts(item)]
    return [condition]


def _single_fact(condition: Condition, vocabulary: Vocabulary) -> str | None:
    """The one fact *condition* tests, when its truth depends on that fact's value alone.

    That is: comparisons of a scalar fact with literals, or ``present`` tests
    of any fact; ``None`` for anything else (two facts, fact references,
    ``contains``).
    """
    if isinstance(condition, Compare):
        if isinstance(condition.value, FactRef):
            return None
        if vocabulary[condition.path].type in _INDEXED_TYPES or condition.op == "present":
            return condition.path
        return None
    items: Sequence[Condition] = (
        (condition.item,) if isinstance(condition, Not) else condition.items
    )
    paths = {_single_fact(item, vocabulary) for item in items}
    if len(paths) != 1:
        return None
    return paths.pop()


def _literals(condition: Condition) -> set[Any]:
    found: set[Any] = set()
    for node in compares(condition):
        if node.op != "present":
            found.update(node.value if isinstance(node.value, tuple) else (node.value,))
    return found


# One indexed fact: (path, the rules that test it, the rules alive when it is
# absent, when it equals a literal (None: presence only), the sorted literals
# of a number or date (else None), the rules alive in each gap between them,
# and when it is any other value).
_Step = tuple[str, int, int, "dict[Any, int] | None", "list[Any] | None", list[int], int]


def _index(path: str, kind: str, conjuncts: Mapping[Condition, int], everyone: int) -> _Step:
    """Cut *path*'s values into classes and find the rules each class lets live."""
    rules = 0
    for mask in conjuncts.values():
        rules |= mask
    tests = [(compile_condition(c), mask) for c, mask in conjuncts.items()]

    def keep(value: Any) -> int:
        # The rules alive after the fact takes *value*: drop those a false conjunct names.
        alive = everyone
        facts = {path: value}
        for test, mask in tests:
            if not test(facts):
                alive &= ~mask
        return alive

    if kind not in _INDEXED_TYPES:  # a list or a group tested only for presence
        return (path, rules, keep(None), None, None, [], keep(_SOMETHING))
    literals: set[Any] = set().union(*(_literals(c) for c in conjuncts))
    if kind == "bool":
        literals = {True, False}
    exact = {value: keep(value) for value in literals}
    if kind not in ("int", "date"):
        return (path, rules, keep(None), exact, None, [], keep(_unlisted_text(literals)))
    points = sorted(literals)
    step: Any = 1 if kind == "int" else timedelta(days=1)
    # Gap i holds the values strictly between points[i-1] and points[i]; a gap
    # with no value in it (consecutive numbers) is never looked up.
    gaps = [_shift(points[0], -step)] if points else [_ANY_ORDERED[kind]]
    gaps += [_shift(point, step) for point in points]
    return (path, rules, keep(None), exact, points, [keep(v) for v in gaps], everyone)


_SOMETHING = object()  # stands for any value of a list or group that is there
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


class Matcher(Generic[_R]):
    """Decides which of *ranked* rules hold on a decision's facts, sharing work across rules.

    *vocabulary* says what each fact the rules read is (the pack's). Build one
    per pack (:class:`~outreach_rules.packs.pack.Pack` does, when it
    loads); calling it only reads it, so one matcher serves any number of
    threads.
    """

    __slots__ = ("_everyone", "_facts", "_residual", "_rules", "_width")

    def __init__(self, ranked: Sequence[_R], vocabulary: Vocabulary = BUILT_IN) -> None:
        self._rules = tuple(ranked)
        self._everyone = (1 << len(self._rules)) - 1
        self._width = f"0{len(self._rules)}b"  # one binary digit per rule, leading zeros kept
        by_fact: dict[str, dict[Condition, int]] = {}
        residual: dict[Condition, int] = {}
        last = len(self._rules) - 1
        for index, rule in enumerate(self._rules):
            bit = 1 << (last - index)  # the best-ranked rule is the highest bit
            for conjunct in _conjuncts(rule.when):
                path = _single_fact(conjunct, vocabulary)
                table = residual if path is None else by_fact.setdefault(path, {})
                table[conjunct] = table.get(conjunct, 0) | bit
        steps = [_index(p, vocabulary[p].type, c, self._everyone) for p, c in by_fact.items()]
        # Facts that constrain more rules first: they leave fewer rules alive,
        # so that later facts are more often skipped unread.
        steps.sort(key=lambda step: -step[1].bit_count())
        self._facts = tuple(steps)
        self._residual: tuple[tuple[Test, int, int], ...] = tuple(
            (compile_condition(c), mask, self._everyone & ~mask) for c, mask in residual.items()
        )

    def __call__(self, facts: Mapping[str, Any]) -> list[_R]:
        """Return the rules that hold on *facts*, in ranked order."""
        alive = self._everyone
        for path, rules, absent, exact, points, gaps, other in self._facts:
            if alive & rules:
                value = facts[path]
                if value is None:
                    alive &= absent
                elif exact is None:
                    alive &= other
                else:
                    found = exact.get(value)
                    if found is None:
                        found = other if points is None else gaps[bisect_left(points, value)]
                    alive &= found
        for test, rules, others in self._residual:
            if alive & rules and not test(facts):
                alive &= others
        # The bits, highest first, are the rules in ranked order: read them as
        # text and let compress() pick the rules, all in C (a Python loop per
        # fired rule costs more than everything above on large packs).
        bits = format(alive, self._width).encode("ascii").translate(_BITS)
        return list(compress(self._rules, bits))
