"""Compiling a condition tree into one closure per node, built once and only read after."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..model.dates import shift_day
from .conditions import AllOf, AnyOf, Compare, Condition, FactRef, Not, SettingRef
from .operators import OPERATOR_TABLE, Test

__all__ = ["Reader", "Test", "compile_condition"]

Reader = Callable[[Any], Any]
"""How a fact is read directly (not through the mapping): a function of the facts."""


def compile_condition(
    condition: Condition, direct: Callable[[str], Reader | None] | None = None
) -> Test:
    """Compile *condition* into a function of the facts, built once and only read after.

    *direct*, if given, says how to read some facts without going through the
    mapping (``Vocabulary.reader``): the definitions of a pack's derived facts,
    which only ever run on a decision's ``Facts``, read the application's own
    fields that way. A rule's condition reads every fact through the mapping.
    """
    if isinstance(condition, AllOf):
        tests = tuple(compile_condition(i, direct) for i in condition.items)
        if not tests:
            return lambda facts: True
        if len(tests) == 1:
            return tests[0]
        return _every(tests)
    if isinstance(condition, AnyOf):
        return _some(tuple(compile_condition(i, direct) for i in condition.items))
    if isinstance(condition, Not):
        inner = compile_condition(condition.item, direct)
        return lambda facts: not inner(facts)
    read = direct(condition.path) if direct is not None else None
    if read is not None and not isinstance(condition.value, FactRef | SettingRef):
        return _compile_direct(condition, read)
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


def _compile_direct(node: Compare, read: Reader) -> Test:
    """A test of the fact *read* reads against a literal (what ``op.compile`` builds)."""
    op, value = OPERATOR_TABLE[node.op], node.value
    if node.op == "==":
        return lambda facts: read(facts) == value
    if node.op == "!=":
        return lambda facts: read(facts) != value
    if node.op in ("in", "not in"):
        members, wanted = frozenset(value), node.op == "in"
        return lambda facts: (read(facts) in members) is wanted
    if node.op == "present":
        return lambda facts: (read(facts) is not None) is bool(value)
    test, absent = op.test, op.on_absent(value)
    return lambda facts: absent if (seen := read(facts)) is None else test(seen, value)


def _compile_compare(node: Compare) -> Test:
    op = OPERATOR_TABLE[node.op]
    value = node.value
    if isinstance(value, SettingRef):
        # Only in the conditions of a pack's derived facts, which are compiled once and
        # read the settings of each decision (a rule's conditions are bound first).
        path, setting, holds = node.path, f"settings.{value.name}", op.holds
        if op.absent is None:  # present: what an absent fact gives depends on the operand
            return lambda facts: holds(facts[path], facts[setting])
        test, absent = op.test, op.absent

        def against_setting(facts: Mapping[str, Any]) -> bool:
            seen = facts[path]
            return absent if seen is None else test(seen, facts[setting])

        return against_setting
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
            return compare(left, shift_day(right, facts[days]))  # a setting: any size

        return against_shifted
    shift = value.shift

    def against_fact(facts: Mapping[str, Any]) -> bool:
        left, right = facts[path], facts[other]
        if left is None or right is None:
            return absent
        # shift_day: a derived date may sit at the calendar's end (plus_days stops there).
        return compare(left, shift_day(right, shift) if shift else right)

    return against_fact
