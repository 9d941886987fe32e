"""Step 1 of a decision, shared across rules: which rules of a pack hold.

Testing every rule in turn costs time in proportion to the number of rules,
and reads the same facts and makes the same comparisons again and again. A
:class:`Matcher` is built once per pack and does the work once per decision:

* Each rule's condition is split into its conjuncts (the items of a top-level
  ``all``). A conjunct that reads one scalar fact and compares it with
  literals is *indexed*: its truth depends only on that fact's value.
* For each such fact, the literals written about it cut its values into a few
  classes (absent; each literal; each gap between two literals; other text)
  inside which every indexed conjunct on the fact is constant. When the pack
  loads, where each conjunct holds is worked out from its own literals
  (:mod:`.classes`), and each class remembers which rules survive it as a
  bitset (an ``int``, the highest bit for the best-ranked rule). That work
  grows with the literals written and the rules, not with their product, and
  a *budget* of steps bounds it.
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
from itertools import compress
from typing import Any, Generic, Protocol, TypeVar

from ..language.algebra import compares
from ..language.compile import Test, compile_condition
from ..language.conditions import AllOf, Compare, Condition, FactRef, Not
from ..model.vocabulary import BUILT_IN, Vocabulary
from .classes import ORDERED, SCALAR, Axis, Budget, OverBudget

__all__ = ["Conditional", "Matcher", "OverBudget"]


class Conditional(Protocol):
    """What the matcher needs of a rule: its condition (a compiled rule is one)."""

    @property
    def when(self) -> Condition:
        """The rule's condition."""


_R = TypeVar("_R", bound=Conditional)

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
        if vocabulary[condition.path].type in SCALAR or condition.op == "present":
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


def _index(
    path: str, kind: str, by_rule: Mapping[int, list[Condition]], everyone: int, budget: Budget
) -> _Step:
    """Cut *path*'s values into classes and find the rules each class lets live.

    *by_rule* holds, for each rule's bit, its conjuncts on *path*. Where each
    holds is worked out from its literals (:mod:`.classes`), not by testing it
    once per class: the work grows with the literals written and the rules.
    """
    budget.path = path
    distinct = dict.fromkeys(c for conjuncts in by_rule.values() for c in conjuncts)
    literals: set[Any] = {True, False} if kind == "bool" else set()
    for conjunct in distinct:
        literals |= _literals(conjunct)
    axis = Axis(kind, literals, budget)
    truths = {conjunct: axis.truth(conjunct) for conjunct in distinct}
    rules = 0
    absent = everyone
    # The rules that come alive (or die) at each class, walking the classes in order.
    toggles: dict[int, int] = {}
    for bit, conjuncts in by_rule.items():
        rules |= bit
        found = [truths[c] for c in conjuncts]
        if len(found) == 1:
            holds_absent, bounds = found[0]
        else:
            holds_absent = all(a for a, _ in found)
            bounds = axis.complement(axis.union(axis.complement(b) for _, b in found))
        if not holds_absent:
            absent &= ~bit
        for boundary in bounds:
            toggles[boundary] = toggles.get(boundary, 0) | bit
        budget.spend(len(bounds))
    # Each distinct mask below is a new int of one bit per rule: bound them all.
    budget.spend(len(toggles) * (everyone.bit_length() // 64 + 1))
    table: list[int] = []
    alive = everyone & ~rules
    at = 0
    for boundary in sorted(toggles):
        if boundary >= axis.size:
            break
        table += [alive] * (boundary - at)
        alive ^= toggles[boundary]
        at = boundary
    table += [alive] * (axis.size - at)
    points = axis.points
    if kind not in SCALAR:  # a list or a group tested only for presence
        return (path, rules, absent, None, None, [], table[0])
    if kind not in ORDERED:
        exact = dict(zip(points, table, strict=False))
        return (path, rules, absent, exact, None, [], table[-1])
    exact = dict(zip(points, table[1::2], strict=True))
    return (path, rules, absent, exact, points, table[::2], everyone)


class Matcher(Generic[_R]):
    """Decides which of *ranked* rules hold on a decision's facts, sharing work across rules.

    *vocabulary* says what each fact the rules read is (the pack's). Building
    it takes more than *budget* steps (see :class:`~.classes.Budget`) raises
    :class:`OverBudget`; ``None`` does not count. Build one per pack
    (:class:`~outreach_rules.packs.pack.Pack` does, when it loads); calling it
    only reads it, so one matcher serves any number of threads.
    """

    __slots__ = ("_everyone", "_facts", "_residual", "_rules", "_width", "work")

    def __init__(
        self, ranked: Sequence[_R], vocabulary: Vocabulary = BUILT_IN, *, budget: int | None = None
    ) -> None:
        self._rules = tuple(ranked)
        self._everyone = (1 << len(self._rules)) - 1
        self._width = f"0{len(self._rules)}b"  # one binary digit per rule, leading zeros kept
        by_fact: dict[str, dict[int, list[Condition]]] = {}
        residual: dict[Condition, int] = {}
        last = len(self._rules) - 1
        for index, rule in enumerate(self._rules):
            bit = 1 << (last - index)  # the best-ranked rule is the highest bit
            for conjunct in _conjuncts(rule.when):
                path = _single_fact(conjunct, vocabulary)
                if path is None:
                    residual[conjunct] = residual.get(conjunct, 0) | bit
                else:
                    by_fact.setdefault(path, {}).setdefault(bit, []).append(conjunct)
        work = Budget(budget)
        steps = [_index(p, vocabulary[p].type, c, self._everyone, work) for p, c in by_fact.items()]
        # Facts that constrain more rules first: they leave fewer rules alive,
        # so that later facts are more often skipped unread.
        steps.sort(key=lambda step: -step[1].bit_count())
        self.work = work.spent
        """The steps building this matcher took (what *budget* bounds)."""
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
