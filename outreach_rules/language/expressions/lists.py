"""Expressions over the lists of the application: ``count`` and the picks (``latest``, ...).

``{count: LIST, where: CONDITION}`` counts the items the condition holds for
(the item's fields written ``item.FIELD``); ``{latest: LIST, by: FIELD}`` picks
the item with the greatest field (``earliest``: the least; ``first`` and
``last``: in list order) and gives its ``value``, an expression of the item
(``{item: FIELD}``). These are the only loops of the language, each over one
list of the application.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...errors import did_you_mean
from ...model.vocabulary import ItemFields, item_fields
from ..algebra import reads
from ..compile import compile_condition
from ..conditions import AllOf, AnyOf, Condition, Not, fact_spec, parse_condition
from ..operators import TYPE_WORDS
from .scope import Expression, Scope, Typed, blank, only

__all__ = ["PICKS", "count", "item", "pick"]

PICKS = ("latest", "earliest", "first", "last")
"""The forms that pick one item of a list."""


def item(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{item: FIELD}``: a field of the current item (inside a list's ``value``)."""
    only(node, ("item",), scope)
    if scope.items is None:
        raise scope.error("{item: FIELD} is only for the 'value' of count, latest, ... over a list")
    path = f"item.{node['item']}"
    spec = scope.items.specs.get(path)
    if spec is None:
        fields = [p.removeprefix("item.") for p in scope.items.specs]
        guess = did_you_mean(str(node["item"]), fields)
        problem = f"the items have no field {node['item']!r} (fields: {', '.join(fields)})"
        if isinstance(node["item"], bool):
            problem += "; a YAML 1.1 reader turned on/off/yes/no into true/false: quote it"
        raise scope.error(problem, hint=f"did you mean {guess!r}?" if guess else None)
    attribute = scope.items.attributes[path]
    typed = Typed(spec.type, spec.choices, (scope.own,) if spec.nullable else ())
    return Expression(typed, (), lambda item: blank(getattr(item, attribute)))


def _list(node: Mapping[str, Any], key: str, scope: Scope) -> tuple[str, ItemFields | None]:
    path = str(node[key])
    spec = fact_spec(path, scope.site, scope.mark, scope.vocabulary)
    if spec.type != "list":
        raise scope.error(f"{key!r} takes a list fact ({path!r} is {spec.type})")
    return path, item_fields().get(path)


def _where(node: Mapping[str, Any], items: ItemFields | None, scope: Scope) -> Condition | None:
    if "where" not in node:
        return None
    if items is None:
        raise scope.error("'where' is for lists of groups (history, contacts, interview.with)")
    inside = scope.vocabulary.extended(items.specs.values(), {})
    condition = parse_condition(node["where"], scope.site, scope.mark, inside)
    if scope.item_tests is not None:
        scope.item_tests.add(_tests(condition), scope)
    return condition


def _tests(condition: Condition) -> int:
    """How many comparisons *condition* makes at most (aliases counted each time)."""
    if isinstance(condition, AllOf | AnyOf):
        return sum(_tests(part) for part in condition.items)
    if isinstance(condition, Not):
        return _tests(condition.item)
    return 1


class _ItemFacts(Mapping[str, Any]):
    """The facts, with the fields of one item as ``item.FIELD``: what ``where`` tests."""

    __slots__ = ("attributes", "facts", "item")

    def __init__(self, facts: Mapping[str, Any], item: Any, attributes: Mapping[str, str]) -> None:
        self.facts, self.item, self.attributes = facts, item, attributes

    def __getitem__(self, path: str) -> Any:
        attribute = self.attributes.get(path)
        if attribute is None:
            return self.facts[path]
        return blank(getattr(self.item, attribute))

    def __iter__(self) -> Any:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)


def _selector(
    path: str, items: ItemFields | None, where: Condition | None, scope: Scope
) -> Callable[[Mapping[str, Any]], list[Any]]:
    """The items of list *path* that pass *where*, in list order."""
    direct = scope.direct(path) if scope.direct is not None else None
    read: Callable[[Mapping[str, Any]], Any] = direct or (lambda facts: facts[path])
    if where is None:
        return lambda facts: list(read(facts) or ())
    assert items is not None
    test, attributes = compile_condition(where), items.attributes

    def select(facts: Mapping[str, Any]) -> list[Any]:
        listed = read(facts)
        if not listed:  # most applications: nothing to test
            return []
        return [i for i in listed if test(_ItemFacts(facts, i, attributes))]

    return select


def _list_reads(path: str, where: Condition | None) -> tuple[str, ...]:
    """The facts a count or pick reads: the list, and the facts its 'where' compares items with."""
    outer = [p for p in reads(where) if not p.startswith("item.")] if where else []
    return tuple(dict.fromkeys([path, *outer]))


def count(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{count: LIST, where: CONDITION}``: how many items of a list the condition holds for."""
    only(node, ("count", "where"), scope)
    path, items = _list(node, "count", scope)
    where = _where(node, items, scope)
    select = _selector(path, items, where, scope)
    return Expression(Typed("int"), _list_reads(path, where), lambda facts: len(select(facts)))


def pick(key: str) -> Callable[[Mapping[str, Any], Scope], Expression]:
    """The form *key* of :data:`PICKS`: one item of a list of groups, and a value of it."""

    def parse(node: Mapping[str, Any], scope: Scope) -> Expression:
        only(node, (key, "where", "by", "value"), scope)
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
        by = item({"item": node["by"]}, inner) if ordered else None
        if by is not None and by.typed.type not in ("int", "date"):
            raise scope.error(
                f"{key!r} orders the items by a date or a number: {node['by']!r} is "
                f"{TYPE_WORDS[by.typed.type]}"
            )
        if "value" in node:
            value = inner.expression(node["value"])
        elif by is not None:
            value = by  # the latest item's date, by default
        else:
            raise scope.error(f"{key!r} needs 'value: EXPRESSION' (for example {{item: on}})")
        if value.reads:
            raise scope.error(f"{key!r}'s value reads the item only ({{item: FIELD}})")
        select, get = _selector(path, items, where, scope), value.value

        def choose(facts: Mapping[str, Any]) -> Any:
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
        return Expression(typed, _list_reads(path, where), choose)

    return parse
