"""The operators of the pack language: one table, read by everything that gives them meaning.

Each :class:`Operator` row says, for one comparison operator, which fact
types it applies to, what operand it takes, what it gives on an absent fact,
which operator holds exactly when it does not, its words for people, its
durable_rules form, what generation aims at, and its compiled test. Parsing,
compiling, the algebra of conditions (lint, counterfactuals), the JSON
Schemas, traces, the durable compiler, the testing kit and the bench all read
this table; adding an operator is one row here (and its tests).

The semantics of absence: an absent fact (``None``) never satisfies ``==``,
ordering, ``in`` or ``contains``; it satisfies ``!=`` and ``not in``;
``present: true`` holds when the value is there, ``present: false`` when it
is not.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

from ..model.derived import FactType

__all__ = [
    "ALIASES",
    "OPERATORS",
    "OPERATORS_BY_TYPE",
    "OPERATOR_TABLE",
    "TYPE_WORDS",
    "Aim",
    "Operand",
    "Operator",
    "Test",
    "operators_for",
]

Test: TypeAlias = Callable[[Mapping[str, Any]], bool]
"""A compiled condition: a function of the facts (a mapping of fact paths to values)."""

Operand = Literal["value", "values", "item", "flag"]
"""What an operator takes: one value of the fact's type (or another fact), a non-empty list
of values, one value of a list's items, or true/false."""

Aim = Literal["listed", "unlisted", "ordered", "item", "presence"]
"""What generation aims at to make a test hold: one of the listed values, a value not
listed (or absence), a number or date on the right side of the boundary, a list with
the item, or the fact there or not."""

TYPE_WORDS: Mapping[FactType, str] = MappingProxyType(
    {
        "bool": "true or false",
        "int": "a whole number",
        "date": "a date (YYYY-MM-DD)",
        "str": "text",
        "enum": "one of its listed values",
        "list": "a list",
        "object": "a group of facts",
    }
)
"""Every fact type, with what its values are, for people."""


@dataclass(frozen=True, slots=True)
class Operator:
    """One comparison operator of the pack language and everything it means.

    Attributes:
        symbol: how it is written (``">="``).
        types: the fact types it applies to.
        operand: what it takes (see :data:`Operand`).
        words: what it says, for people (``"is at least"``).
        negation: the operator that holds exactly when this one does not, on a fact
            that is there (``None``: there is none; ``present`` negates by its flag).
        absent: what it gives on an absent fact (``None`` for ``present``, whose
            flag decides).
        durable: its durable_rules operator, for the plain comparisons; ``None`` for
            those the durable compiler builds from others (``in``, ``contains``, ...).
        aim: what generation aims at to make it hold (see :data:`Aim`).
        test: its meaning on a value that is there: ``test(value, operand)``.
        compile: builds its compiled test of a fact against a literal operand
            (``op.compile(path, operand)``): one closure, built once, run on the hot path.
    """

    symbol: str
    types: frozenset[FactType]
    operand: Operand
    words: str
    negation: str | None
    absent: bool | None
    durable: str | None
    aim: Aim
    test: Callable[[Any, Any], bool]
    compile: Callable[[str, Any], Test]

    def on_absent(self, operand: Any) -> bool:
        """What the operator gives when the fact is absent."""
        return not operand if self.absent is None else self.absent

    def holds(self, value: Any, operand: Any) -> bool:
        """Whether ``value op operand`` holds, absence (``None``) included."""
        return self.on_absent(operand) if value is None else self.test(value, operand)

    def proves_presence(self, operand: Any) -> bool:
        """Whether the test holding proves the fact is there."""
        return not self.on_absent(operand)


# --- compiled tests ---------------------------------------------------------------
# One closure per test, specialised by operator: rules run them hundreds of times a
# decision. The comparisons of numbers and dates share one shape.


def _equal(path: str, value: Any) -> Test:
    return lambda facts: facts[path] == value


def _differ(path: str, value: Any) -> Test:
    return lambda facts: facts[path] != value


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[str, Any], Test]:
    def build(path: str, value: Any) -> Test:
        return lambda facts: (seen := facts[path]) is not None and compare(seen, value)

    return build


def _member(path: str, values: Any) -> Test:
    members = frozenset(values)
    return lambda facts: facts[path] in members


def _nonmember(path: str, values: Any) -> Test:
    excluded = frozenset(values)
    return lambda facts: facts[path] not in excluded


def _contains(path: str, item: Any) -> Test:
    return lambda facts: (seen := facts[path]) is not None and item in seen


def _present(path: str, wanted: Any) -> Test:
    if wanted:
        return lambda facts: facts[path] is not None
    return lambda facts: facts[path] is None


_SCALARS: frozenset[FactType] = frozenset({"bool", "int", "date", "str", "enum"})
_ORDERED: frozenset[FactType] = frozenset({"int", "date"})
_LISTED: frozenset[FactType] = frozenset({"int", "date", "str", "enum"})
_EVERY: frozenset[FactType] = frozenset(TYPE_WORDS)


def _ordering(symbol: str, words: str, negation: str, durable: str, compare: Any) -> Operator:
    """``<``, ``<=``, ``>`` and ``>=``: numbers and dates, false on an absent fact."""
    return Operator(
        symbol=symbol,
        types=_ORDERED,
        operand="value",
        words=words,
        negation=negation,
        absent=False,
        durable=durable,
        aim="ordered",
        test=compare,
        compile=_ordered(compare),
    )


OPERATOR_TABLE: Mapping[str, Operator] = MappingProxyType(
    {
        op.symbol: op
        for op in (
            Operator(
                symbol="==",
                types=_SCALARS,
                operand="value",
                words="equals",
                negation="!=",
                absent=False,
                durable="$eq",
                aim="listed",
                test=operator.eq,
                compile=_equal,
            ),
            Operator(
                symbol="!=",
                types=_SCALARS,
                operand="value",
                words="differs from, or is absent",
                negation="==",
                absent=True,
                durable="$neq",
                aim="unlisted",
                test=operator.ne,
                compile=_differ,
            ),
            _ordering("<", "is less than", ">=", "$lt", operator.lt),
            _ordering("<=", "is at most", ">", "$lte", operator.le),
            _ordering(">", "is more than", "<=", "$gt", operator.gt),
            _ordering(">=", "is at least", "<", "$gte", operator.ge),
            Operator(
                symbol="in",
                types=_LISTED,
                operand="values",
                words="is one of",
                negation="not in",
                absent=False,
                durable=None,
                aim="listed",
                test=lambda value, values: value in values,
                compile=_member,
            ),
            Operator(
                symbol="not in",
                types=_LISTED,
                operand="values",
                words="is none of, or is absent",
                negation="in",
                absent=True,
                durable=None,
                aim="unlisted",
                test=lambda value, values: value not in values,
                compile=_nonmember,
            ),
            Operator(
                symbol="contains",
                types=frozenset({"list"}),
                operand="item",
                words="has among its items",
                negation=None,
                absent=False,
                durable=None,
                aim="item",
                test=lambda value, item: item in value,
                compile=_contains,
            ),
            Operator(
                symbol="present",
                types=_EVERY,
                operand="flag",
                words="true: has a value; false: is absent",
                negation=None,
                absent=None,
                durable=None,
                aim="presence",
                test=lambda value, wanted: bool(wanted),
                compile=_present,
            ),
        )
    }
)
"""Every operator of the pack language, by symbol, in the order the docs list them."""

OPERATORS: tuple[str, ...] = tuple(OPERATOR_TABLE)
"""Every comparison operator of the pack language."""

OPERATORS_BY_TYPE: Mapping[FactType, tuple[str, ...]] = MappingProxyType(
    {kind: tuple(s for s, op in OPERATOR_TABLE.items() if kind in op.types) for kind in TYPE_WORDS}
)
"""Which operators apply to a fact of each type."""


def operators_for(kind: FactType, item_type: FactType | None = None) -> tuple[str, ...]:
    """The operators that apply to a fact of type *kind* (whose items, for a list, are *item_type*).

    A list of groups of facts (``contacts``, ``history``) only takes ``present``:
    its items cannot be compared with a value.
    """
    if kind == "list" and item_type == "object":
        return ("present",)
    return OPERATORS_BY_TYPE[kind]


ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "=": "==",
        "=>": ">=",
        "=<": "<=",
        "<>": "!=",
        "eq": "==",
        "ne": "!=",
        "lt": "<",
        "le": "<=",
        "lte": "<=",
        "gt": ">",
        "ge": ">=",
        "gte": ">=",
        "not_in": "not in",
        "nin": "not in",
        "exists": "present",
        "has": "contains",
    }
)
"""Spellings from other languages, mapped to ours for the did-you-mean."""
