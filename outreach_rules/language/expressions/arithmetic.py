"""Values and arithmetic: literals, facts, settings, whole numbers and dates.

``7``, ``text``, ``2026-11-18``, ``true``; ``{fact: PATH}``, ``{setting: NAME}``;
``{plus_days: [D, N]}``, ``{days_between: [A, B]}``; ``{add: [...]}``,
``{subtract: [A, B]}``, ``{min: [...]}``, ``{max: [...]}``, ``{divide: [A, N]}``.
A value computed from others is absent when any of them is.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ...errors import short_repr
from ...model.dates import shift_day
from ...model.derived import FactType
from ...model.vocabulary import FactSpec
from ..conditions import fact_spec
from ..references import setting_spec
from .scope import Expression, Scope, Typed, arguments, expect, only, presence_of, reads_of

__all__ = ["ARITHMETIC", "arithmetic", "days_between", "fact", "literal", "plus_days", "setting"]


def literal(value: Any) -> Expression:
    """A value written as it is: ``7``, ``text``, ``2026-11-18``, ``true``."""
    if isinstance(value, bool):
        kind: FactType = "bool"
    elif isinstance(value, int):
        kind = "int"
    elif isinstance(value, date):
        kind = "date"
    else:
        kind = "str"
    return Expression(Typed(kind, (value,) if kind == "str" else ()), (), lambda facts: value)


def fact(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{fact: PATH}``: the value of a fact."""
    only(node, ("fact",), scope)
    path = str(node["fact"])
    spec = fact_spec(path, scope.site, scope.mark, scope.vocabulary)
    if spec.type == "object":
        raise scope.error(f"{path!r} is a group of facts: read one of its fields ({path}.FIELD)")
    if spec.item_type == "object":
        raise scope.error(
            f"{path!r} is a list of groups: count its items or pick one "
            f"({{count: {path}}}, {{latest: {path}, by: FIELD}}, ...)"
        )
    return _read(spec, scope)


def _read(spec: FactSpec, scope: Scope) -> Expression:
    path = spec.path
    typed = Typed(spec.type, spec.choices, spec.presence)
    direct = scope.direct(path) if scope.direct is not None else None
    return Expression(typed, (path,), direct or (lambda facts: facts[path]))


def setting(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{setting: NAME}``: the value of a setting."""
    only(node, ("setting",), scope)
    spec = setting_spec(str(node["setting"]), scope.site, scope.mark, scope.vocabulary)
    return _read(spec, scope)


def _binary(
    key: str, kinds: tuple[FactType, FactType], result: FactType, combine: Callable[[Any, Any], Any]
) -> Callable[[Mapping[str, Any], Scope], Expression]:
    """A form of two values of *kinds*, combined into a *result* (absent if either is)."""

    def parse(node: Mapping[str, Any], scope: Scope) -> Expression:
        first, second = arguments(node, key, 2, scope)
        expect(first, kinds[:1], f"the first value of {key}", scope)
        expect(second, kinds[1:], f"the second value of {key}", scope)
        one, two = first.value, second.value

        def compute(facts: Mapping[str, Any]) -> Any:
            a = one(facts)
            if a is None:  # absent: the second value need not be read
                return None
            b = two(facts)
            return None if b is None else combine(a, b)

        typed = Typed(result, (), presence_of(first, second))
        return Expression(typed, reads_of(first, second), compute)

    return parse


# Past the first or the last day there is, the calendar's end (see shift_day: the
# facts compared with it lie well inside, so comparisons stay exact): a value is
# there whenever both of its parts are, as its presence says.
plus_days = _binary("plus_days", ("date", "int"), "date", shift_day)
"""``{plus_days: [D, N]}``: the date D plus N days (N may be negative)."""

days_between = _binary("days_between", ("date", "date"), "int", lambda a, b: (b - a).days)
"""``{days_between: [A, B]}``: whole days from date A to date B."""


ARITHMETIC: Mapping[str, Callable[[Any, Any], Any]] = {
    "add": operator.add,
    "subtract": operator.sub,
    "min": min,
    "max": max,
    "divide": operator.floordiv,
}
"""The forms on whole numbers (``min`` and ``max`` on dates too), by key."""


def _divisor(node: Mapping[str, Any], scope: Scope) -> None:
    """Refuse a divisor that is not a whole number other than 0, written as it is."""
    divisor = node["divide"][1]
    if isinstance(divisor, bool) or not isinstance(divisor, int) or divisor == 0:
        raise scope.error(
            f"divide's second value must be a whole number other than 0, written as it is "
            f"(got {short_repr(divisor)})"
        )


def arithmetic(key: str) -> Callable[[Mapping[str, Any], Scope], Expression]:
    """The form *key* of :data:`ARITHMETIC`: its values combined from left to right."""
    combine = ARITHMETIC[key]

    def parse(node: Mapping[str, Any], scope: Scope) -> Expression:
        items = arguments(node, key, 2 if key in ("subtract", "divide") else None, scope)
        kinds: tuple[FactType, ...] = ("int", "date") if key in ("min", "max") else ("int",)
        for item in items:
            expect(item, kinds, f"{key}'s values", scope)
        if len({item.typed.type for item in items}) > 1:
            raise scope.error(f"{key}'s values must all be of one type")
        if key == "divide":
            _divisor(node, scope)
        values = tuple(item.value for item in items)

        def compute(facts: Mapping[str, Any]) -> Any:
            result = values[0](facts)
            for value in values[1:]:
                other = value(facts)
                if result is None or other is None:
                    return None
                result = combine(result, other)
            return result

        typed = Typed(items[0].typed.type, (), presence_of(*items))
        return Expression(typed, reads_of(*items), compute)

    return parse
