"""Choices and texts: ``when``, ``if``, ``cases``, ``first_present``, ``text``.

``{when: C}`` is true when the condition holds; ``{if: C, then: A, else: B}``
and ``{cases: [{when: C, value: A}, ...], else: B}`` give the value of the
first case that holds (absent without ``else`` when none does);
``{first_present: [...]}`` the first value that is there; ``{text: TEMPLATE}``
a text with facts filled in, checked like a rule's ``because`` against what
the enclosing cases prove.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...errors import short_repr
from ...model.vocabulary import Vocabulary
from ..algebra import establishes, reads
from ..compile import compile_condition
from ..conditions import AllOf, Compare, Condition, fact_spec, parse_condition
from ..templates import TemplateSyntaxError, parse_template
from .scope import Expression, Scope, Typed, arguments, only, reads_of

__all__ = ["cases", "first_present", "if_", "text", "when"]


def when(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{when: CONDITION}``: true when the condition holds."""
    only(node, ("when",), scope)
    condition = parse_condition(node["when"], scope.site, scope.mark, scope.vocabulary)
    test = compile_condition(condition, scope.direct)
    return Expression(Typed("bool"), reads(condition), test)


def _joined(branches: Sequence[Expression], scope: Scope) -> Typed:
    kinds = {b.typed.type for b in branches}
    if kinds <= {"str", "enum"} and len(kinds) > 1:
        kinds = {"str"}
    if len(kinds) != 1:
        raise scope.error(
            f"the branches give values of different types: {', '.join(sorted(kinds))}"
        )
    kind = kinds.pop()
    choices: tuple[str, ...] = ()
    if kind in ("str", "enum") and all(b.typed.choices for b in branches):
        # Texts of known values (literals, enums); one open text makes it any text.
        choices = tuple(dict.fromkeys(c for b in branches for c in b.typed.choices))
    absent = any(b.typed.presence for b in branches)
    return Typed(kind, choices, (scope.own,) if absent else ())


def if_(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{if: C, then: A, else: B}``: A when C holds, else B (absent without ``else``)."""
    only(node, ("if", "then", "else"), scope)
    if "then" not in node:
        raise scope.error("'if' needs 'then' (and may have 'else')")
    case = {"when": node["if"], "value": node["then"]}
    return _choose([case], node.get("else"), "else" in node, scope)


def cases(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{cases: [{when: C, value: A}, ...], else: B}``: the first case that holds."""
    only(node, ("cases", "else"), scope)
    given = node["cases"]
    if not isinstance(given, Sequence) or isinstance(given, str) or not given:
        raise scope.error("'cases' takes a list of {when: CONDITION, value: EXPRESSION}")
    return _choose(list(given), node.get("else"), "else" in node, scope)


def _choose(given: list[Any], otherwise: Any, has_else: bool, scope: Scope) -> Expression:
    parsed: list[tuple[Condition, Expression]] = []
    for case in given:
        if not isinstance(case, Mapping) or set(case) != {"when", "value"}:
            raise scope.error(
                f"a case is {{when: CONDITION, value: EXPRESSION}} (got {short_repr(case)})"
            )
        condition = parse_condition(case["when"], scope.site, scope.mark, scope.vocabulary)
        proven = scope.proven | establishes(condition, scope.vocabulary)
        parsed.append((condition, scope.within(proven=proven).expression(case["value"])))
    branches = [value for _, value in parsed]
    fallback = scope.expression(otherwise) if has_else else None
    typed = _joined([*branches, *([fallback] if fallback else [])], scope)
    if fallback is None:
        typed = Typed(typed.type, typed.choices, _present_when(parsed, scope))
    tests = tuple((compile_condition(c, scope.direct), v.value) for c, v in parsed)
    last = fallback.value if fallback else None

    def choose(facts: Mapping[str, Any]) -> Any:
        for test, value in tests:
            if test(facts):
                return value(facts)
        return None if last is None else last(facts)

    read = [p for c, _ in parsed for p in reads(c)]
    read += [p for e in [*branches, *([fallback] if fallback else [])] for p in e.reads]
    return Expression(typed, tuple(dict.fromkeys(read)), choose)


def _present_when(parsed: list[tuple[Condition, Expression]], scope: Scope) -> tuple[str, ...]:
    """When a choice without ``else`` is there, as presence keys.

    Exactly when its one case's condition holds, if that condition only asks
    for facts to be there (``{submitted_on: {present: true}}``); otherwise the
    fact's own key.
    """
    if len(parsed) == 1:
        keys = _presence_only(parsed[0][0], scope.vocabulary)
        if keys is not None:
            return tuple(dict.fromkeys((*keys, *parsed[0][1].typed.presence)))
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


def first_present(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{first_present: [A, B, ...]}``: the first value that is there."""
    items = arguments(node, "first_present", None, scope)
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

    return Expression(typed, reads_of(*items), first)


def text(node: Mapping[str, Any], scope: Scope) -> Expression:
    """``{text: TEMPLATE}``: text with facts filled in, checked like a rule's ``because``."""
    only(node, ("text",), scope)
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
