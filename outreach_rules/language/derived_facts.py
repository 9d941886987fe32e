"""The facts a pack derives itself (``derived:``): checked, ordered, and added to its vocabulary.

Each derived fact has a declared type, and a ``value`` (an expression, see
:mod:`.expressions`) or, for a yes/no fact, a ``when`` (a condition). They may
read one another, in any order of declaration; they are defined in the order
their reads need, and a cycle is an error. A pack that extends another may
define an inherited derived fact again, with the same type (``replied`` after
its own idea of a reply): every inherited rule then reads the new definition.
"""

from __future__ import annotations

import contextlib
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from ..errors import Mark, Site, short_repr
from ..limits import DEFAULT_LIMITS
from ..model.derived import ChangeableBy
from ..model.vocabulary import FactSpec, Resolver, Vocabulary
from .algebra import establishes, reads
from .compile import compile_condition
from .conditions import parse_condition
from .document import DerivedDoc
from .expressions import Expression, ItemTests, Typed, parse_expression
from .expressions.lists import PICKS
from .templates import parse_template

__all__ = ["DerivedEntry", "define_derived"]


@dataclass(frozen=True, slots=True)
class DerivedEntry:
    """One ``derived:`` declaration as read: its document, its raw YAML, where it is."""

    name: str
    doc: DerivedDoc
    raw: Any
    file: str
    mark: Mark | None


def define_derived(
    entries: Mapping[str, DerivedEntry],
    vocabulary: Vocabulary,
    *,
    max_depth: int = DEFAULT_LIMITS.max_depth,
    max_item_tests: int = DEFAULT_LIMITS.max_item_tests,
) -> Vocabulary:
    """*vocabulary* with every derived fact of *entries* defined in it (in the order reads need).

    Raises:
        PackError: ``bad-derived`` (a wrong type, a malformed expression),
            ``derived-cycle`` (a cycle, or facts that nest more than *max_depth*
            deep through the facts they read), ``too-many-item-tests`` (more than
            *max_item_tests* tests per list item, all ``where`` together),
            ``duplicate-fact`` (a name the
            vocabulary has already, not a pack's derived fact), or what parsing a
            condition raises.
    """
    for name, entry in entries.items():
        existing = vocabulary.get(name)
        if existing is not None and existing.origin != "pack":
            raise Site(entry.file).error(
                f"derived fact {name!r} has the name of a fact of the vocabulary "
                f"({existing.description or existing.type})",
                entry.mark,
                code="duplicate-fact",
                hint="give it another name",
            )
    item_tests = ItemTests(max_item_tests)
    for name in _in_order(entries, max_depth):
        spec, resolver = _define(entries[name], vocabulary, item_tests)
        vocabulary = vocabulary.extended([spec], {name: resolver})
    return vocabulary


def _define(
    entry: DerivedEntry, vocabulary: Vocabulary, item_tests: ItemTests
) -> tuple[FactSpec, Resolver]:
    doc, site, name = entry.doc, Site(entry.file), entry.name
    if (doc.value is None) == (doc.when is None):
        raise site.error(
            f"derived fact {name!r}: give exactly one of 'value' (an expression) and 'when' "
            "(a condition, for a yes/no fact)",
            entry.mark,
            code="bad-derived",
        )
    proven: frozenset[str] = frozenset()
    if doc.when is not None:
        if doc.type != "bool":
            raise site.error(
                f"derived fact {name!r}: 'when' gives true or false, but its type is {doc.type}",
                entry.mark,
                code="bad-derived",
            )
        mark = _key_mark(entry.raw, "when", entry.mark)
        condition = parse_condition(doc.when, site, mark, vocabulary)
        # A derived fact runs on a decision's Facts only: it reads the application's
        # own fields directly (see Vocabulary.reader).
        test = compile_condition(condition, vocabulary.reader)
        expression = Expression(Typed("bool"), reads(condition), test)
        proven = establishes(condition, vocabulary)
    else:
        mark = _key_mark(entry.raw, "value", entry.mark)
        expression = parse_expression(doc.value, site, mark, vocabulary, name, item_tests)
    typed = _checked(entry, expression.typed, site)
    spec = FactSpec(
        path=name,
        type=doc.type,
        description=doc.description or f"Derived by the pack: {name}.",
        derived=True,
        nullable=bool(typed.presence),
        choices=doc.choices or (typed.choices if doc.type == "enum" else ()),
        item_type="str" if doc.type == "list" else None,
        changeable_by=doc.changeable_by or _owner(expression.reads, vocabulary),
        presence=typed.presence,
        establishes=tuple(sorted(proven)),
        origin="pack",
        definition=_definition(doc),
    )
    return spec, _resolver(expression)


def _resolver(expression: Expression) -> Resolver:
    # Facts is the mapping every expression reads; the protocol only names what
    # the library's own derived facts use.
    return typing.cast(Resolver, expression.value)


def _checked(entry: DerivedEntry, typed: Typed, site: Site) -> Typed:
    """*typed*, if it fits the declared type (and choices) of *entry*."""
    doc, name = entry.doc, entry.name

    def bad(problem: str, hint: str | None = None) -> Exception:
        problem = f"derived fact {name!r}{problem}"
        return site.error(problem, entry.mark, code="bad-derived", hint=hint)

    if doc.choices and doc.type != "enum":
        raise bad(": 'choices' is for enum facts only")
    if doc.type == "enum" and not doc.choices:
        raise bad(": an enum needs 'choices'")
    text = typed.type in ("str", "enum")
    if doc.type == "enum" and text and not typed.choices:
        raise bad(
            f" is an enum, but its value may be any text, not only one of its choices "
            f"({', '.join(doc.choices)})",
            "give its values as texts (cases: [{when: ..., value: CHOICE}, ...]) or from an "
            "enum fact of the same choices",
        )
    if doc.type == "enum" and text and not set(typed.choices) <= set(doc.choices):
        extra = sorted(set(typed.choices) - set(doc.choices))
        raise bad(
            f" may give {short_repr(extra)}, which is not one of its choices "
            f"({', '.join(doc.choices)})"
        )
    if not (text if doc.type in ("str", "enum") else typed.type == doc.type):
        raise bad(f" is declared {doc.type}, but its value is {typed.type}")
    return typed


def _owner(reads: tuple[str, ...], vocabulary: Vocabulary) -> ChangeableBy:
    """Who can change a derived fact: time if it reads the day, else whose facts it reads."""
    owners = {vocabulary[path].changeable_by for path in reads if path in vocabulary}
    if "time" in owners:
        return "time"
    return "employer" if "employer" in owners else "candidate"


def _key_mark(raw: Any, key: str, default: Mark | None) -> Mark | None:
    key_mark = getattr(raw, "key_mark", None)
    return key_mark(key, default) if key_mark is not None else default


def _definition(doc: DerivedDoc) -> str:
    """The definition as one line of YAML, for the fact reference.

    A part the pack wrote once and repeated through a YAML alias is written once
    too (an anchor, then aliases): written out in full, a few lines of nested
    aliases stand for a million values.
    """
    key, value = ("when", doc.when) if doc.when is not None else ("value", doc.value)
    text = yaml.safe_dump(
        {key: _plain(value, {})}, default_flow_style=True, sort_keys=False, width=10**6
    )
    return text.strip()


def _plain(value: Any, done: dict[int, Any]) -> Any:
    """*value* as plain YAML data; a collection met again (an alias) is the same object."""
    if isinstance(value, Mapping | list | tuple):
        found = done.get(id(value))
        if found is None:
            if isinstance(value, Mapping):
                found = {str(k): _plain(v, done) for k, v in value.items()}
            else:
                found = [_plain(v, done) for v in value]
            done[id(value)] = found
        return found
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- order ---------------------------------------------------------------------


def _in_order(entries: Mapping[str, DerivedEntry], max_depth: int) -> list[str]:
    """The derived facts in an order where each comes after those it reads.

    Each fact's nesting, counted through the facts it reads as if they were
    written in its place, is at most *max_depth*: reading a fact runs its
    definition, so a long chain of facts is a deep expression.
    """
    names = set(entries)
    needs = {name: _mentions(entry.doc, names) for name, entry in entries.items()}
    nesting: dict[str, int] = {}
    deepest: dict[str, str] = {}  # the fact each reads whose nesting is the greatest
    busy: set[str] = set()
    done: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> int:
        if name in nesting:
            return nesting[name]
        path = (*path, name)
        if name in busy:
            cycle = path[path.index(name) :]
            raise _order_error(
                entries[name],
                f"derived facts read each other in a cycle: {' -> '.join(cycle)}",
                "a fact cannot read itself (one defined again replaces the inherited "
                "definition; it does not read it)"
                if len(cycle) == 2
                else None,
            )
        if len(path) > max_depth + 1:
            raise _too_deep(entries[path[0]], path, max_depth)
        busy.add(name)
        below = 0
        for other in sorted(needs[name]):
            depth = visit(other, path)
            if depth > below or name not in deepest:
                below, deepest[name] = depth, other
        busy.discard(name)
        nesting[name] = _nesting(entries[name].doc) + below
        if nesting[name] > max_depth:
            chain = [name]
            while chain[-1] in deepest:
                chain.append(deepest[chain[-1]])
            raise _too_deep(entries[name], tuple(chain), max_depth)
        done.append(name)
        return nesting[name]

    for name in entries:
        visit(name, ())
    return done


def _order_error(entry: DerivedEntry, problem: str, hint: str | None = None) -> Exception:
    return Site(entry.file).error(problem, entry.mark, code="derived-cycle", hint=hint)


def _too_deep(entry: DerivedEntry, chain: tuple[str, ...], max_depth: int) -> Exception:
    shown = chain if len(chain) <= 6 else (*chain[:3], "...", *chain[-2:])
    return _order_error(
        entry,
        f"derived fact {chain[0]!r} nests more than {max_depth} deep through the facts it "
        f"reads ({' -> '.join(shown)})",
        hint="define it from the application's facts more directly, or pass larger "
        "Limits(max_depth=...)",
    )


def _nesting(doc: DerivedDoc) -> int:
    """How deeply a definition nests, as YAML (a value alone: 0)."""

    def depth(node: Any) -> int:
        if isinstance(node, Mapping):
            return 1 + max(map(depth, node.values()), default=0)
        if isinstance(node, list | tuple):
            return 1 + max(map(depth, node), default=0)
        return 0

    return depth(doc.when if doc.when is not None else doc.value)


def _mentions(doc: DerivedDoc, names: set[str]) -> set[str]:
    """The *names* a definition reads.

    That is the paths of ``fact``, the lists counted or picked from, the
    placeholders of texts, and in conditions the facts tested and compared
    with; an over-estimate (of a malformed definition) only orders definitions.
    """
    found: set[str] = set()
    _in_expression(doc.value, found)
    _in_condition(doc.when, found)
    return found & names


def _in_expression(node: Any, found: set[str]) -> None:
    if isinstance(node, list | tuple):
        for item in node:
            _in_expression(item, found)
    if not isinstance(node, Mapping):
        return
    for key, value in node.items():
        if key in _LISTS or key == "fact":
            found.add(str(value))
        elif key == "text" and isinstance(value, str):
            # A malformed text: parsing the expression says what is wrong with it.
            with contextlib.suppress(ValueError):
                found.update(p.path for p in parse_template(value).placeholders)
        elif key in ("when", "if", "where"):
            _in_condition(value, found)
        elif key == "cases" and isinstance(value, list | tuple):
            for case in value:
                if isinstance(case, Mapping):
                    _in_condition(case.get("when"), found)
                    _in_expression(case.get("value"), found)
        elif key not in ("setting", "item", "by"):
            _in_expression(value, found)  # then, else, value, and the values of a form


def _in_condition(node: Any, found: set[str]) -> None:
    if isinstance(node, list | tuple):
        for item in node:
            _in_condition(item, found)
    if not isinstance(node, Mapping):
        return
    for key, value in node.items():
        if key in ("all", "any", "not"):
            _in_condition(value, found)
            continue
        found.add(str(key))
        if isinstance(value, Mapping):  # {fact: other}, or operators: {">=": {fact: other}}
            for operand in (value, *value.values()):
                if isinstance(operand, Mapping) and "fact" in operand:
                    found.add(str(operand["fact"]))


_LISTS = ("count", *PICKS)
