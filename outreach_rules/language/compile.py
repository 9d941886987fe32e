"""Compiling a condition tree into one closure per node, built once and only read after."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from .conditions import AllOf, AnyOf, Compare, Condition, FactRef, Not, SettingRef
from .operators import OPERATOR_TABLE, Test

__all__ = ["Test", "compile_condition"]


def compile_condition(condition: Condition) -> Test:
    """Compile *condition* into a function of the facts, built once and only read after."""
    if isinstance(condition, AllOf):
        tests = tuple(compile_condition(i) for i in condition.items)
        if not tests:
            return lambda facts: True
        if len(tests) == 1:
            return tests[0]
        return _every(tests)
    if isinstance(condition, AnyOf):
        return _some(tuple(compile_condition(i) for i in condition.items))
    if isinstance(condition, Not):
        inner = compile_condition(condition.item)
        return lambda facts: not inner(facts)
    return _compile_compare(condition)


def _every(tests: tuple[Test, ...]) -> Test:
    # A plain loop: all() over a generator costs a frame per test on the hot path.
    def every(facts: Mapping[str, Any]) -> bool:
        for test in tests:  # noqa: SIM110
            if not test(facts):
                return False
        return True

    return every


def _some(tests: tuple[Test, ...]) -> Test:
    def some(facts: Mapping[str, Any]) -> bool:
        for test in tests:  # noqa: SIM110
            if test(facts):
                return True
        return False

    return some


def _compile_compare(node: Compare) -> Test:
    op = OPERATOR_TABLE[node.op]
    value = node.value
    if isinstance(value, SettingRef):
        # Only in the conditions of a pack's derived facts, which are compiled once and
        # read the settings of each decision (a rule's conditions are bound first).
        path, setting, holds = node.path, f"settings.{value.name}", op.holds
        return lambda facts: holds(facts[path], facts[setting])
    if not isinstance(value, FactRef):
        return op.compile(node.path, value)
    path, compare, other = node.path, op.test, value.path
    absent = op.on_absent(value)  # what an absent fact gives: only != holds for it
    if isinstance(value.days, SettingRef):
        days = f"settings.{value.days.name}"

        def against_shifted(facts: Mapping[str, Any]) -> bool:
            left, right = facts[path], facts[other]
            if left is None or right is None:
                return absent
            return compare(left, right + timedelta(days=facts[days]))

        return against_shifted
    shift = timedelta(days=value.shift)

    def against_fact(facts: Mapping[str, Any]) -> bool:
        left, right = facts[path], facts[other]
        if left is None or right is None:
            return absent
        return compare(left, right + shift if shift else right)

    return against_fact
