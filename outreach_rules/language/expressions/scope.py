"""What every form of expression is made of: its result, the scope it is parsed in, helpers.

An :class:`Expression` is what parsing one node gives: its :class:`Typed` (type,
choices, when it is there), the facts it reads, and its compiled form. A
:class:`Scope` is what a node is parsed in; forms parse the expressions inside
them through :meth:`Scope.parse`, which calls back to the table of forms
(assembled once, in :mod:`outreach_rules.language.expressions`), so that no
form imports another's module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeAlias, cast

from ...errors import Mark, Site, did_you_mean, short_repr
from ...model.derived import FactType
from ...model.vocabulary import ItemFields, Vocabulary

__all__ = [
    "Compiled",
    "Expression",
    "Scope",
    "Typed",
    "Value",
    "arguments",
    "blank",
    "expect",
    "only",
    "presence_of",
    "reads_of",
]

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


class ItemTests:
    """The tests the ``where`` of a pack's derived facts run on each item, counted.

    One counter serves a whole pack: each ``where`` adds its comparisons, and
    the sum may not pass *limit* (``Limits.max_item_tests``). Every one of them
    runs on every item of its list, in every decision that reads the fact.
    """

    __slots__ = ("limit", "used")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def add(self, tests: int, scope: Scope) -> None:
        """Count *tests* more; a ``too-many-item-tests`` error at *scope* past the limit."""
        self.used += tests
        if self.used > self.limit:
            raise scope.site.error(
                f"derived fact {scope.own!r}: this 'where' brings the tests the pack's derived "
                f"facts run on each item of a list to {self.used:,}; the limit is {self.limit:,}",
                scope.mark,
                code="too-many-item-tests",
                hint="test fewer things per item (a YAML alias repeats its tests), or pass "
                "larger Limits(max_item_tests=...)",
            )


@dataclass(frozen=True, slots=True)
class Scope:
    """What an expression is parsed in: where it is, the facts it may read, and more.

    Attributes:
        site: the file (and fact) for errors.
        mark: the position of the node being parsed.
        vocabulary: the facts it may read.
        own: the fact being defined: its key when its value may be absent.
        parse: parses a node in a scope (the table of forms); forms recurse through it.
        items: inside a list's ``where`` or ``value``, the fields of its items.
        proven: presence keys a case's condition proves.
        item_tests: the count of the tests ``where`` runs per item, for the whole pack.
    """

    site: Site
    mark: Mark | None
    vocabulary: Vocabulary
    own: str
    parse: Callable[[Any, Scope], Expression]
    items: ItemFields | None = None
    proven: frozenset[str] = frozenset()
    item_tests: ItemTests | None = None

    def within(self, **changes: Any) -> Scope:
        """This scope with some parts changed."""
        return replace(self, **changes)

    def expression(self, node: Any) -> Expression:
        """The expression *node*, parsed in this scope."""
        return self.parse(node, self)

    @property
    def direct(self) -> Callable[[str], Value | None] | None:
        """How the definition reads facts directly (see ``Vocabulary.reader``).

        None inside a list's ``where`` or ``value``: those run on each item, not
        on the decision's facts.
        """
        # A reader takes the decision's Facts, which is the mapping expressions read.
        return (
            cast(Callable[[str], Value | None], self.vocabulary.reader)
            if self.items is None
            else None
        )

    def error(self, problem: str, *, hint: str | None = None) -> Exception:
        """A ``bad-derived`` :class:`~outreach_rules.errors.PackError` at this node."""
        return self.site.error(problem, self.mark, code="bad-derived", hint=hint)


def only(node: Mapping[str, Any], keys: tuple[str, ...], scope: Scope) -> None:
    """Refuse the keys of *node*, an expression of the form ``keys[0]``, that are not *keys*."""
    extra = sorted(str(k) for k in node if k not in keys)
    if extra:
        guess = did_you_mean(extra[0], keys)
        raise scope.error(
            f"{short_repr(extra)} does not belong in {{{keys[0]}: ...}}",
            hint=f"did you mean {guess!r}?" if guess else f"its keys: {', '.join(keys)}",
        )


def arguments(
    node: Mapping[str, Any], key: str, count: int | None, scope: Scope
) -> list[Expression]:
    """The list of expressions under *key* (exactly *count* of them, if given), parsed."""
    only(node, (key,), scope)
    given = node[key]
    if not isinstance(given, Sequence) or isinstance(given, str) or not given:
        raise scope.error(f"{key!r} takes a list of expressions (got {short_repr(given)})")
    if count is not None and len(given) != count:
        raise scope.error(f"{key!r} takes {count} expressions (got {len(given)})")
    return [scope.expression(item) for item in given]


def expect(expression: Expression, kinds: tuple[FactType, ...], what: str, scope: Scope) -> None:
    """Refuse *expression* unless it gives one of *kinds*."""
    if expression.typed.type not in kinds:
        raise scope.error(f"{what} must be {' or '.join(kinds)} (got {expression.typed.type})")


def presence_of(*expressions: Expression) -> tuple[str, ...]:
    """The presence keys of all *expressions*: a value computed from them all is there when."""
    return tuple(dict.fromkeys(k for e in expressions for k in e.typed.presence))


def reads_of(*expressions: Expression) -> tuple[str, ...]:
    """The facts *expressions* read, each once, in order."""
    return tuple(dict.fromkeys(p for e in expressions for p in e.reads))


def blank(value: Any) -> Any:
    """An empty text or list states nothing: read it as absent, as facts are."""
    return None if not value and isinstance(value, str | tuple) else value
