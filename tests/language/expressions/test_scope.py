"""What the forms are made of: the scope an expression is parsed in, and the helpers they share."""

from __future__ import annotations

from typing import Any

import pytest

from outreach_rules import PackError, default_pack
from outreach_rules.errors import Mark, Site
from outreach_rules.language.expressions.arithmetic import literal
from outreach_rules.language.expressions.scope import (
    Expression,
    Scope,
    Typed,
    arguments,
    blank,
    expect,
    only,
    presence_of,
    reads_of,
)

SITE = Site("p.yaml", None)


def echo(node: Any, scope: Scope) -> Expression:
    """A stand-in for the table of forms: every node is a literal."""
    return literal(node)


def scope(**changes: Any) -> Scope:
    """A scope for the derived fact ``x`` at line 7 of p.yaml."""
    return Scope(SITE, Mark(7, 3), default_pack().facts, "x", echo).within(**changes)


def read(path: str, *presence: str) -> Expression:
    """An expression reading *path*, there when *presence* holds."""
    return Expression(Typed("int", (), presence), (path,), lambda facts: facts[path])


def test_an_error_is_bad_derived_at_the_node() -> None:
    """Scope.error makes a bad-derived PackError at the scope's position, with a hint."""
    error = scope().error("it is wrong", hint="do this")
    assert isinstance(error, PackError)
    assert (error.code, error.file, error.line, error.column) == ("bad-derived", "p.yaml", 7, 3)
    assert (error.problem, error.hint) == ("it is wrong", "do this")


def test_within_changes_some_parts_and_keeps_the_rest() -> None:
    """within() gives a scope with the parts named changed; the original is left alone."""
    base = scope()
    inner = base.within(proven=frozenset({"submitted_on"}), mark=Mark(9, 1))
    assert (inner.proven, inner.mark, inner.own, inner.site) == (
        {"submitted_on"},
        Mark(9, 1),
        "x",
        SITE,
    )
    assert base.proven == frozenset()


def test_expression_parses_through_the_callback_with_this_scope() -> None:
    """Scope.expression hands the node and the scope itself to the parse callback."""
    seen: list[tuple[Any, Scope]] = []

    def spy(node: Any, inner: Scope) -> Expression:
        seen.append((node, inner))
        return literal(node)

    here = scope(parse=spy)
    assert here.expression(5).value({}) == 5
    assert seen == [(5, here)]


def test_only_names_the_form_the_stray_key_and_what_was_meant() -> None:
    """A key that does not belong is named with the form, and a did-you-mean or the form's keys."""
    only({"count": "history", "where": {}}, ("count", "where"), scope())
    with pytest.raises(PackError) as info:
        only({"count": "history", "wher": {}}, ("count", "where"), scope())
    assert info.value.problem == "['wher'] does not belong in {count: ...}"
    assert info.value.hint == "did you mean 'where'?"
    with pytest.raises(PackError) as info:
        only({"zzz": 1, "text": "x"}, ("text",), scope())
    assert (info.value.problem, info.value.hint) == (
        "['zzz'] does not belong in {text: ...}",
        "its keys: text",
    )


@pytest.mark.parametrize(
    ("node", "count", "problem"),
    [
        ({"add": 3}, None, "'add' takes a list of expressions (got 3)"),
        ({"add": "1, 2"}, None, "'add' takes a list of expressions (got '1, 2')"),
        ({"add": []}, None, "'add' takes a list of expressions (got [])"),
        ({"subtract": [1, 2, 3]}, 2, "'subtract' takes 2 expressions (got 3)"),
        ({"subtract": [1]}, 2, "'subtract' takes 2 expressions (got 1)"),
        ({"add": [1], "then": 2}, None, "['then'] does not belong in {add: ...}"),
    ],
)
def test_arguments_are_a_list_of_the_right_length(
    node: dict[str, Any], count: int | None, problem: str
) -> None:
    """A form's list must be a non-empty list, of its length if it has one, and alone."""
    with pytest.raises(PackError) as info:
        arguments(node, next(iter(node)), count, scope())
    assert info.value.problem == problem


def test_arguments_are_parsed_each_in_turn() -> None:
    """Each item of the list is parsed in the scope, in order."""
    parsed = arguments({"add": [1, "two", True]}, "add", None, scope())
    assert [p.typed.type for p in parsed] == ["int", "str", "bool"]


def test_expect_refuses_another_type_naming_what_was_wanted() -> None:
    """expect() passes a type among those wanted and names both otherwise."""
    expect(literal(3), ("int", "date"), "the value", scope())
    with pytest.raises(PackError) as info:
        expect(literal("3"), ("int", "date"), "the value", scope())
    assert info.value.problem == "the value must be int or date (got str)"


def test_presence_and_reads_are_gathered_once_each_in_order() -> None:
    """A value of several parts is there when all of theirs are; it reads what they read."""
    a, b = read("submitted_on", "submitted_on"), read("interview.on", "interview", "interview.on")
    again = read("submitted_on", "submitted_on")
    assert presence_of(a, b, again) == ("submitted_on", "interview", "interview.on")
    assert reads_of(a, b, again) == ("submitted_on", "interview.on")
    assert presence_of(literal(1)) == ()


@pytest.mark.parametrize(
    ("value", "seen"),
    [("", None), ((), None), ("x", "x"), (("a",), ("a",)), (0, 0), (False, False), (None, None)],
)
def test_an_empty_text_or_list_is_absent(value: Any, seen: Any) -> None:
    """blank() reads empty texts and lists as absent, as facts are; 0 and false stay."""
    assert blank(value) == seen
