"""Derived facts written in a pack: a small language of expressions, written as YAML data.

A pack computes a fact from others under ``derived:``::

    derived:
      follow_up_due_on:
        type: date
        description: When following up is due.
        value: {plus_days: [{fact: submitted_on}, {setting: follow_up_after_days}]}
      followed_up:
        type: bool
        when: {last_follow_up_on: {present: true}}

An expression is a literal (``7``, ``text``, ``2026-11-18``, ``true``) or a
mapping with one key saying what it does:

==========================  ================================================
``{fact: PATH}``            the value of a fact (``settings.NAME`` included)
``{setting: NAME}``         the value of a setting
``{item: FIELD}``           a field of the current item (inside a list's ``value``)
``{plus_days: [D, N]}``     the date D plus N days (at most the calendar's last day)
``{days_between: [A, B]}``  whole days from date A to date B
``{add: [...]}``            sums; ``subtract``, ``min``, ``max`` alike; ``divide``
                            (whole numbers, by a whole number other than 0 written
                            as it is)
``{count: LIST}``           how many items of a list (``where: CONDITION``: those
                            that hold, the item's fields written ``item.FIELD``)
``{latest: LIST, by: F}``   the item with the greatest field F (``earliest``:
                            the least; ``first``, ``last``: in list order), with
                            ``where`` and ``value: EXPRESSION`` (default: the item's F)
``{when: CONDITION}``       true when the condition holds
``{if: C, then: A, else: B}``  A when C holds, else B (absent without ``else``)
``{cases: [{when: C, value: A}, ...], else: B}``  the first case that holds
``{first_present: [...]}``  the first value that is there
``{text: TEMPLATE}``        text with facts filled in, as in a rule's ``because``
==========================  ================================================

Each expression is type-checked when the pack loads, knows when its value may
be absent (for the "may be absent" proof of templates), and is compiled into
one closure per node. There is no loop but over a list of the application,
no recursion, and no access to anything but facts: the work per decision is
bounded by the size of the expression and of the application's lists.

The forms live by concept: :mod:`.arithmetic` (values, facts, settings,
numbers and dates), :mod:`.lists` (``count`` and the picks), :mod:`.choices`
(``when``, ``if``, ``cases``, ``first_present``, ``text``), on what
:mod:`.scope` defines. The table of forms is assembled here, once; the forms
parse the expressions inside them through the scope, which calls back here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ..._yaml import YamlMap
from ...errors import Mark, Site, did_you_mean, short_repr
from ...model.vocabulary import Vocabulary
from .arithmetic import ARITHMETIC, arithmetic, days_between, fact, literal, plus_days, setting
from .choices import cases, first_present, if_, text, when
from .lists import PICKS, count, item, pick
from .scope import Compiled, Expression, ItemTests, Scope, Typed, Value

__all__ = [
    "Compiled",
    "Expression",
    "ItemTests",
    "Typed",
    "Value",
    "compile_expression",
    "parse_expression",
]


def parse_expression(
    node: Any,
    site: Site,
    mark: Mark | None,
    vocabulary: Vocabulary,
    own: str,
    item_tests: ItemTests | None = None,
) -> Expression:
    """Check the expression *node* of the derived fact *own* and compile it.

    *item_tests* counts the tests every ``where`` runs per item, for a whole
    pack (unbounded if not given).

    Raises:
        PackError: ``bad-derived``, ``unknown-fact``, ``unknown-setting`` or
            ``too-many-item-tests``, with the position.
    """
    return _parse(node, Scope(site, mark, vocabulary, own, _parse, item_tests=item_tests))


def compile_expression(expression: Expression) -> Value:
    """The compiled form of *expression* (made when it was parsed)."""
    return expression.value


def _parse(node: Any, scope: Scope) -> Expression:
    if isinstance(node, bool | int | str | date):
        return literal(node)
    if not isinstance(node, Mapping) or not node:
        raise scope.error(
            f"an expression is a value or a mapping such as {{fact: PATH}} (got {short_repr(node)})"
        )
    mark = node.mark if isinstance(node, YamlMap) else scope.mark
    if mark is not scope.mark:
        scope = scope.within(mark=mark)
    keys = set(node)
    for key, parse in _FORMS.items():
        if key in keys:
            return parse(node, scope)
    guess = next(filter(None, (did_you_mean(str(key), _FORMS) for key in node)), None)
    raise scope.error(
        f"unknown expression {short_repr(sorted(map(str, keys)))}",
        hint=f"did you mean {guess!r}?" if guess else f"expressions: {', '.join(_FORMS)}",
    )


_FORMS: Mapping[str, Callable[[Mapping[str, Any], Scope], Expression]] = {
    "fact": fact,
    "setting": setting,
    "item": item,
    "plus_days": plus_days,
    "days_between": days_between,
    **{key: arithmetic(key) for key in ARITHMETIC},
    "count": count,
    **{key: pick(key) for key in PICKS},
    "when": when,
    "if": if_,
    "cases": cases,
    "first_present": first_present,
    "text": text,
}
