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
``{plus_days: [D, N]}``     the date D plus N days
``{days_between: [A, B]}``  whole days from date A to date B
``{add: [...]}``            sums; ``subtract``, ``min``, ``max`` alike; ``divide``
                            (whole numbers, by a whole number other than 0)
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
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeAlias

from .._yaml import YamlMap
from ..errors import Mark, Site, did_you_mean, short_repr
from ..model.derived import FactType
from ..model.vocabulary import FactSpec, ItemFields, Vocabulary, item_fields
from .algebra import establishes, reads
from .compile import compile_condition
from .conditions import AllOf, Compare, Condition, fact_spec, parse_condition
from .templates import TemplateSyntaxError, parse_template

__all__ = ["Compiled", "Expression", "Typed", "compile_expression", "parse_expression"]

Value: TypeAlias = Callable[[Mapping[str, Any]], Any]
"""A compiled expression: a function of the facts."""


@dataclass(frozen=True, slots=True)
class Typed:
    """What an expression gives: its type, its choices (enum), and when it is there.

    ``presence`` are the presence keys that all hold exactly when the value is
    there (empty: it is always there).
    """

    type: FactType
    choices: tuple[str, ...] = ()
    presence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed expression: what it gives, the facts it reads, and its compiled form."""

    typed: Typed
    reads: tuple[str, ...]
    value: Value


Compiled = Expression  # the parsed form is compiled as it is checked


@dataclass(frozen=True, slots=True)
class _Scope:
    site: Site
    mark: Mark | None
    vocabulary: Vocabulary
    own: str  # the fact being defined: its key when its value may be absent
    items: ItemFields | None = None  # inside a list's where/value: the item's fields
    proven: frozenset[str] = frozenset()  # presence keys a case's condition proves

    def within(self, **changes: Any) -> _Scope:
        """This scope with some parts changed."""
        parts = {
            "site": self.site,
            "mark": self.mark,
            "vocabulary": self.vocabulary,
            "own": self.own,
            "items": self.items,
            "proven": self.proven,
        }
        return _Scope(**{**parts, **changes})

    def error(self, problem: str, mark: Mark | None = None) -> Exception:
        return self.site.error(problem, mark or self.mark, code="bad-derived")


def parse_expression(
    node: Any, site: Site, mark: Mark | None, vocabulary: Vocabulary, own: str
) -> Expression:
    """Check the expression *node* of the derived fact *own* and compile it.

    Raises:
        PackError: ``bad-derived``, ``unknown-fact`` or ``unknown-setting``, with the position.
    """
    return _parse(node, _Scope(site, mark, vocabulary, own))


def compile_expression(expression: Expression) -> Value:
    """The compiled form of *expression* (made when it was parsed)."""
    return expression.value


# --- parsing ---------------------------------------------------------------------


def _literal(value: Any) -> Expression:
    if isinstance(value, bool):
        kind: FactType = "bool"
    elif isinstance(value, int):
        kind = "int"
    elif isinstance(value, date):
        kind = "date"
    else:
        kind = "str"
    return Expression(Typed(kind, (value,) if kind == "str" else ()), (), lambda facts: value)


def _parse(node: Any, scope: _Scope) -> Expression:
    if isinstance(node, bool | int | str | date):
        return _literal(node)
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
    raise scope.error(
        f"unknown expression {short_repr(sorted(map(str, keys)))}; expressions: {', '.join(_FORMS)}"
    )


def _only(node: Mapping[str, Any], allowed: set[str], scope: _Scope) -> None:
    extra = sorted(str(k) for k in node if k not in allowed)
    if extra:
        raise scope.error(f"{short_repr(extra)} does not belong in {{{next(iter(node))}: ...}}")


def _fact(node: Mapping[str, Any], scope: _Scope) -> Expression:
    _only(node, {"fact"}, scope)
    path = str(node["fact"])
    spec = fact_spec(path, scope.site, scope.mark, scope.vocabulary)
    return _read(spec)


def _read(spec: FactSpec) -> Expression:
    path = spec.path
    typed = Typed(spec.type, spec.choices, spec.presence)
    return Expression(typed, (path,), lambda facts: facts[path])


def _setting(node: Mapping[str, Any], scope: _Scope) -> Expression:
    _only(node, {"setting"}, scope)
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


def _item(node: Mapping[str, Any], scope: _Scope) -> Expression:
    _only(node, {"item"}, scope)
    if scope.items is None:
        raise scope.error("{item: FIELD} is only for the 'value' of count, latest, ... over a list")
    path = f"item.{node['item']}"
    spec = scope.items.specs.get(path)
    if spec is None:
        fields = ", ".join(p.removeprefix("item.") for p in scope.items.specs)
        problem = f"the items have no field {node['item']!r} (fields: {fields})"
        if isinstance(node["item"], bool):
            problem += "; a YAML 1.1 reader turned on/off/yes/no into true/false: quote it"
        raise scope.error(problem)
    attribute = scope.items.attributes[path]
    typed = Typed(spec.type, spec.choices, (scope.own,) if spec.nullable else ())
    return Expression(typed, (), lambda item: _blank(getattr(item, attribute)))


def _blank(value: Any) -> Any:
    """An empty text or list states nothing: read it as absent, as facts are."""
    return None if not value and isinstance(value, str | tuple) else value


def _arguments(
    node: Mapping[str, Any], key: str, count: int | None, scope: _Scope
) -> list[Expression]:
    _only(node, {key}, scope)
    given = node[key]
    if not isinstance(given, Sequence) or isinstance(given, str) or not given:
        raise scope.error(f"{key!r} takes a list of expressions (got {short_repr(given)})")
    if count is not None and len(given) != count:
        raise scope.error(f"{key!r} takes {count} expressions (got {len(given)})")
    return [_parse(item, scope) for item in given]


def _expect(expression: Expression, kinds: tuple[FactType, ...], what: str, scope: _Scope) -> None:
    if expression.typed.type not in kinds:
        raise scope.error(f"{what} must be {' or '.join(kinds)} (got {expression.typed.type})")


def _union(*expressions: Expression) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for e in expressions for k in e.typed.presence))


def _reads(*expressions: Expression) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for e in expressions for p in e.reads))


def _plus_days(node: Mapping[str, Any], scope: _Scope) -> Expression:
    day, days = _arguments(node, "plus_days", 2, scope)
    _expect(day, ("date",), "plus_days' first value", scope)
    _expect(days, ("int",), "plus_days' second value", scope)
    first, second = day.value, days.value

    def plus(facts: Mapping[str, Any]) -> Any:
        start, shift = first(facts), second(facts)
        if start is None or shift is None:
            return None
        try:
            return start + timedelta(days=shift)
        except OverflowError:
            return None  # past the last day there is: no such date

    return Expression(Typed("date", (), _union(day, days)), _reads(day, days), plus)


def _days_between(node: Mapping[str, Any], scope: _Scope) -> Expression:
    start, end = _arguments(node, "days_between", 2, scope)
    _expect(start, ("date",), "days_between's values", scope)
    _expect(end, ("date",), "days_between's values", scope)
    first, last = start.value, end.value

    def between(facts: Mapping[str, Any]) -> Any:
        a, b = first(facts), last(facts)
        return None if a is None or b is None else (b - a).days

    return Expression(Typed("int", (), _union(start, end)), _reads(start, end), between)


_ARITHMETIC: Mapping[str, Callable[[Any, Any], Any]] = {
    "add": operator.add,
    "subtract": operator.sub,
    "min": min,
    "max": max,
    "divide": operator.floordiv,
}


def _arithmetic(key: str) -> Callable[[Mapping[str, Any], _Scope], Expression]:
    combine = _ARITHMETIC[key]

    def parse(node: Mapping[str, Any], scope: _Scope) -> Expression:
        items = _arguments(node, key, 2 if key in ("subtract", "divide") else None, scope)
        kinds: tuple[FactType, ...] = ("int", "date") if key in ("min", "max") else ("int",)
        for item in items:
            _expect(item, kinds, f"{key}'s values", scope)
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

        typed = Typed(items[0].typed.type, (), _union(*items))
        return Expression(typed, _reads(*items), compute)

    return parse


def _list(node: Mapping[str, Any], key: str, scope: _Scope) -> tuple[str, ItemFields | None]:
    path = str(node[key])
    spec = fact_spec(path, scope.site, scope.mark, scope.vocabulary)
    if spec.type != "list":
        raise scope.error(f"{key!r} takes a list fact ({path!r} is {spec.type})")
    return path, item_fields().get(path)


def _where(node: Mapping[str, Any], items: ItemFields | None, scope: _Scope) -> Condition | None:
    if "where" not in node:
        return None
    if items is None:
        raise scope.error("'where' is for lists of groups (history, contacts, interview.with)")
    inside = scope.vocabulary.extended(items.specs.values(), {})
    return parse_condition(node["where"], scope.site, scope.mark, inside)


class _ItemFacts(Mapping[str, Any]):
    """The facts, with the fields of one item as ``item.FIELD``: what ``where`` tests."""

    __slots__ = ("attributes", "facts", "item")

    def __init__(self, facts: Mapping[str, Any], item: Any, attributes: Mapping[str, str]) -> None:
        self.facts, self.item, self.attributes = facts, item, attributes

    def __getitem__(self, path: str) -> Any:
        attribute = self.attributes.get(path)
        if attribute is None:
            return self.facts[path]
        return _blank(getattr(self.item, attribute))

    def __iter__(self) -> Any:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)


def _selector(
    path: str, items: ItemFields | None, where: Condition | None
) -> Callable[[Mapping[str, Any]], list[Any]]:
    """The items of list *path* that pass *where*, in list order."""
    if where is None:
        return lambda facts: list(facts[path] or ())
    assert items is not None
    test, attributes = compile_condition(where), items.attributes
    return lambda facts: [i for i in facts[path] or () if test(_ItemFacts(facts, i, attributes))]


def _list_reads(path: str, where: Condition | None) -> tuple[str, ...]:
    """The facts a count or pick reads: the list, and the facts its 'where' compares items with."""
    outer = [p for p in reads(where) if not p.startswith("item.")] if where else []
    return tuple(dict.fromkeys([path, *outer]))


def _count(node: Mapping[str, Any], scope: _Scope) -> Expression:
    _only(node, {"count", "where"}, scope)
    path, items = _list(node, "count", scope)
    where = _where(node, items, scope)
    select = _selector(path, items, where)
    return Expression(Typed("int"), _list_reads(path, where), lambda facts: len(select(facts)))


def _pick(key: str) -> Callable[[Mapping[str, Any], _Scope], Expression]:
    def parse(node: Mapping[str, Any], scope: _Scope) -> Expression:
        _only(node, {key, "where", "by", "value"}, scope)
        path, items = _list(node, key, scope)
        if items is None:
            raise scope.error(f"{key!r} takes a list of groups (history, contacts, interview.with)")
        where = _where(node, items, scope)
        inner = scope.within(items=items)
        ordered = key in ("latest", "earliest")
        if ordered != ("by" in node):
            raise scope.error(
                f"{key!r} needs 'by: FIELD', the field that orders the items"
                if ordered
                else f"{key!r} takes the items in list order: no 'by'"
            )
        by = _item({"item": node["by"]}, inner) if ordered else None
        if "value" in node:
            value = _parse(node["value"], inner)
        elif by is not None:
            value = by  # the latest item's date, by default
        else:
            raise scope.error(f"{key!r} needs 'value: EXPRESSION' (for example {{item: on}})")
        if value.reads:
            raise scope.error(f"{key!r}'s value reads the item only ({{item: FIELD}})")
        select, get = _selector(path, items, where), value.value

        def pick(facts: Mapping[str, Any]) -> Any:
            chosen = select(facts)
            if not chosen:
                return None
            if by is None:
                return get(chosen[0] if key == "first" else chosen[-1])
            order = by.value
            keyed = [(order(item), index, item) for index, item in enumerate(chosen)]
            keyed = [k for k in keyed if k[0] is not None]
            if not keyed:
                return None
            return get((max if key == "latest" else min)(keyed, key=lambda k: (k[0], k[1]))[2])

        typed = Typed(value.typed.type, value.typed.choices, (scope.own,))
        return Expression(typed, _list_reads(path, where), pick)

    return parse


def _when(node: Mapping[str, Any], scope: _Scope) -> Expression:
    _only(node, {"when"}, scope)
    condition = parse_condition(node["when"], scope.site, scope.mark, scope.vocabulary)
    return Expression(Typed("bool"), reads(condition), compile_condition(condition))


def _joined(branches: Sequence[Expression], scope: _Scope) -> Typed:
    kinds = {b.typed.type for b in branches}
    if kinds <= {"str", "enum"} and len(kinds) > 1:
        kinds = {"str"}
    if len(kinds) != 1:
        raise scope.error(
            f"the branches give values of different types: {', '.join(sorted(kinds))}"
        )
    kind = kinds.pop()
    choices: tuple[str, ...] = ()
    if kind in ("str", "enum"):
        choices = tuple(dict.fromkeys(c for b in branches for c in b.typed.choices))
    absent = any(b.typed.presence for b in branches)
    return Typed(kind, choices, (scope.own,) if absent else ())


def _if(node: Mapping[str, Any], scope: _Scope) -> Expression:
    _only(node, {"if", "then", "else"}, scope)
    if "then" not in node:
        raise scope.error("'if' needs 'then' (and may have 'else')")
    case = {"when": node["if"], "value": node["then"]}
    return _choose([case], node.get("else"), "else" in node, scope)


def _cases(node: Mapping[str, Any], scope: _Scope) -> Expression:
    _only(node, {"cases", "else"}, scope)
    cases = node["cases"]
    if not isinstance(cases, Sequence) or isinstance(cases, str) or not cases:
        raise scope.error("'cases' takes a list of {when: CONDITION, value: EXPRESSION}")
    return _choose(list(cases), node.get("else"), "else" in node, scope)


def _choose(cases: list[Any], otherwise: Any, has_else: bool, scope: _Scope) -> Expression:
    parsed: list[tuple[Condition, Expression]] = []
    for case in cases:
        if not isinstance(case, Mapping) or set(case) != {"when", "value"}:
            raise scope.error(
                f"a case is {{when: CONDITION, value: EXPRESSION}} (got {short_repr(case)})"
            )
        condition = parse_condition(case["when"], scope.site, scope.mark, scope.vocabulary)
        proven = scope.proven | establishes(condition, scope.vocabulary)
        parsed.append((condition, _parse(case["value"], scope.within(proven=proven))))
    branches = [value for _, value in parsed]
    fallback = _parse(otherwise, scope) if has_else else None
    typed = _joined([*branches, *([fallback] if fallback else [])], scope)
    if fallback is None:
        typed = Typed(typed.type, typed.choices, _present_when(parsed, scope))
    tests = tuple((compile_condition(c), v.value) for c, v in parsed)
    last = fallback.value if fallback else None

    def choose(facts: Mapping[str, Any]) -> Any:
        for test, value in tests:
            if test(facts):
                return value(facts)
        return None if last is None else last(facts)

    read = [p for c, _ in parsed for p in reads(c)]
    read += [p for e in [*branches, *([fallback] if fallback else [])] for p in e.reads]
    return Expression(typed, tuple(dict.fromkeys(read)), choose)


def _present_when(cases: list[tuple[Condition, Expression]], scope: _Scope) -> tuple[str, ...]:
    """When a choice without ``else`` is there, as presence keys.

    Exactly when its one case's condition holds, if that condition only asks
    for facts to be there (``{submitted_on: {present: true}}``); otherwise the
    fact's own key.
    """
    if len(cases) == 1:
        keys = _presence_only(cases[0][0], scope.vocabulary)
        if keys is not None:
            return tuple(dict.fromkeys((*keys, *cases[0][1].typed.presence)))
    return (scope.own,)


def _presence_only(condition: Condition, vocabulary: Vocabulary) -> tuple[str, ...] | None:
    """The presence keys of a condition made only of ``present: true`` tests, else ``None``."""
    if isinstance(condition, Compare):
        if condition.op == "present" and condition.value is True:
            return vocabulary[condition.path].presence
        return None
    if isinstance(condition, AllOf):
        keys: list[str] = []
        for item in condition.items:
            found = _presence_only(item, vocabulary)
            if found is None:
                return None
            keys += found
        return tuple(dict.fromkeys(keys))
    return None


def _first_present(node: Mapping[str, Any], scope: _Scope) -> Expression:
    items = _arguments(node, "first_present", None, scope)
    typed = _joined(items, scope)
    if any(not item.typed.presence for item in items):
        typed = Typed(typed.type, typed.choices, ())
    values = tuple(item.value for item in items)

    def first(facts: Mapping[str, Any]) -> Any:
        for value in values:
            found = value(facts)
            if found is not None:
                return found
        return None

    return Expression(typed, _reads(*items), first)


def _text(node: Mapping[str, Any], scope: _Scope) -> Expression:
    _only(node, {"text"}, scope)
    try:
        template = parse_template(str(node["text"]))
    except TemplateSyntaxError as exc:
        raise scope.error(f"text: {exc}") from None
    paths = []
    for placeholder in template.placeholders:
        spec = fact_spec(placeholder.path, scope.site, scope.mark, scope.vocabulary)
        if spec.type == "object" or spec.item_type == "object":
            raise scope.error(
                f"text: {{{spec.path}}} is a group of facts and cannot be shown as text"
            )
        if placeholder.fallback is None and not set(spec.presence) <= scope.proven:
            raise scope.site.error(
                f"text: {{{spec.path}}} may be absent",
                scope.mark,
                code="unfilled-placeholder",
                hint=f"give a fallback ({{{spec.path}|text}}), or choose the text with "
                f"cases whose 'when' requires {spec.path}",
            )
        paths.append(spec.path)
    return Expression(Typed("str"), tuple(dict.fromkeys(paths)), template.render)


_FORMS: Mapping[str, Callable[[Mapping[str, Any], _Scope], Expression]] = {
    "fact": _fact,
    "setting": _setting,
    "item": _item,
    "plus_days": _plus_days,
    "days_between": _days_between,
    **{key: _arithmetic(key) for key in _ARITHMETIC},
    "count": _count,
    **{key: _pick(key) for key in ("latest", "earliest", "first", "last")},
    "when": _when,
    "if": _if,
    "cases": _cases,
    "first_present": _first_present,
    "text": _text,
}
