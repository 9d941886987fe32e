"""Values and arithmetic: literals, facts, settings, whole numbers and dates.

``7``, ``text``, ``2026-11-18``, ``true``; ``{fact: PATH}``, ``{setting: NAME}``;
``{plus_days: [D, N]}``, ``{days_between: [A, B]}``; ``{add: [...]}``,
``{subtract: [A, B]}``, ``{min: [...]}``, ``{max: [...]}``, ``{divide: [A, N]}``.
A value computed from others is absent when any of them is.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from ...errors import did_you_mean
from ...model.derived import FactType
from ...model.vocabulary import FactSpec
from ..conditions import fact_spec
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
    only(node, {"fact"}, scope)
    path = str(node["fact"])
    spec = fact_spec(path, scope.site, scope.mark, scope.vocabulary)
    return _read(spec)


def _read(spec: FactSpec) -> Expression:
    path = spec.path
    typed = Typed(spec.type, spec.choices, spec.presence)
    return Expression(typed, (path,), lambda facts: facts[path])


def setting(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{setting: NAME}``: the value of a setting."""
    only(node, {"setting"}, scope)
    name = str(node["setting"])
    path = f"settings.{name}"
    spec = scope.vocabulary.get(path)
    if spec is None or spec.origin != "setting":
        names = [
            p.removeprefix("settings.")
            for p, s in scope.vocabulary.items()
            if s.origin == "setting"
        ]
        guess = did_you_mean(name, names)
        raise scope.site.error(
            f"unknown setting {name!r}",
            scope.mark,
            code="unknown-setting",
            hint=f"did you mean {guess!r}?" if guess else None,
        )
    return _read(spec)


def plus_days(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{plus_days: [D, N]}``: the date D plus N days."""
    day, days = arguments(node, "plus_days", 2, scope)
    expect(day, ("date",), "plus_days' first value", scope)
    expect(days, ("int",), "plus_days' second value", scope)
    first, second = day.value, days.value

    def plus(facts: Mapping[str, Any]) -> Any:
        start, shift = first(facts), second(facts)
        if start is None or shift is None:
            return None
        try:
            return start + timedelta(days=shift)
        except OverflowError:
            return None  # past the last day there is: no such date

    return Expression(Typed("date", (), presence_of(day, days)), reads_of(day, days), plus)


def days_between(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{days_between: [A, B]}``: whole days from date A to date B."""
    start, end = arguments(node, "days_between", 2, scope)
    expect(start, ("date",), "days_between's values", scope)
    expect(end, ("date",), "days_between's values", scope)
    first, last = start.value, end.value

    def between(facts: Mapping[str, Any]) -> Any:
        a, b = first(facts), last(facts)
        return None if a is None or b is None else (b - a).days

    return Expression(Typed("int", (), presence_of(start, end)), reads_of(start, end), between)


ARITHMETIC: Mapping[str, Callable[[Any, Any], Any]] = {
    "add": operator.add,
    "subtract": operator.sub,
    "min": min,
    "max": max,
    "divide": operator.floordiv,
}
"""The forms on whole numbers (``min`` and ``max`` on dates too), by key."""


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
        if key == "divide" and not (items[1].reads == () and items[1].value({}) not in (0, None)):
            raise scope.error("divide's second value must be a whole number other than 0")
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
