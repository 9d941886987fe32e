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
from ..model.derived import ChangeableBy
from ..model.vocabulary import FactSpec, Resolver, Vocabulary
from .algebra import establishes, reads
from .compile import compile_condition
from .conditions import parse_condition
from .document import DerivedDoc
from .expressions import Expression, Typed, parse_expression
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


def define_derived(entries: Mapping[str, DerivedEntry], vocabulary: Vocabulary) -> Vocabulary:
    """*vocabulary* with every derived fact of *entries* defined in it (in the order reads need).

    Raises:
        PackError: ``bad-derived`` (a wrong type, a malformed expression),
            ``derived-cycle``, ``duplicate-fact`` (a name the vocabulary has already,
            not a pack's derived fact), or what parsing a condition raises.
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
    for name in _in_order(entries):
        spec, resolver = _define(entries[name], vocabulary)
        vocabulary = vocabulary.extended([spec], {name: resolver})
    return vocabulary


def _define(entry: DerivedEntry, vocabulary: Vocabulary) -> tuple[FactSpec, Resolver]:
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
        expression = Expression(Typed("bool"), reads(condition), compile_condition(condition))
        proven = establishes(condition, vocabulary)
    else:
        mark = _key_mark(entry.raw, "value", entry.mark)
        expression = parse_expression(doc.value, site, mark, vocabulary, name)
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
    doc, name = entry.doc, entry.name
    fits = typed.type == doc.type
    if doc.type == "str":
        fits = typed.type in ("str", "enum")
    if doc.type == "enum":
        if not doc.choices:
            raise site.error(
                f"derived fact {name!r}: an enum needs 'choices'", entry.mark, code="bad-derived"
            )
        fits = typed.type in ("str", "enum") and bool(typed.choices)
        if fits and not set(typed.choices) <= set(doc.choices):
            extra = sorted(set(typed.choices) - set(doc.choices))
            raise site.error(
                f"derived fact {name!r} may give {short_repr(extra)}, which is not one of its "
                f"choices ({', '.join(doc.choices)})",
                entry.mark,
                code="bad-derived",
            )
    if not fits:
        raise site.error(
            f"derived fact {name!r} is declared {doc.type}, but its value is {typed.type}",
            entry.mark,
            code="bad-derived",
        )
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
    """The definition as one line of YAML, for the fact reference."""
    key, value = ("when", doc.when) if doc.when is not None else ("value", doc.value)
    text = yaml.safe_dump(
        {key: _plain(value)}, default_flow_style=True, sort_keys=False, width=10**6
    )
    return text.strip()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- order ---------------------------------------------------------------------


def _in_order(entries: Mapping[str, DerivedEntry]) -> list[str]:
    """The derived facts in an order where each comes after those it reads."""
    needs = {name: _mentions(entry.doc, entries) - {name} for name, entry in entries.items()}
    done: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "busy":
            cycle = (*path[path.index(name) :], name)
            entry = entries[name]
            raise Site(entry.file).error(
                f"derived facts read each other in a cycle: {' -> '.join(cycle)}",
                entry.mark,
                code="derived-cycle",
            )
        state[name] = "busy"
        for other in sorted(needs[name]):
            visit(other, (*path, name))
        state[name] = "done"
        done.append(name)

    for name in entries:
        visit(name, ())
    return done


def _mentions(doc: DerivedDoc, entries: Mapping[str, DerivedEntry]) -> set[str]:
    """The names of *entries* a definition may read.

    That is keys of conditions, fact paths, lists counted or picked from, and
    placeholders of texts: an over-estimate is harmless, it only orders definitions.
    """
    found: set[str] = set()

    def walk(node: Any, key: str | None) -> None:
        if isinstance(node, Mapping):
            for k, v in node.items():
                found.add(str(k))
                walk(v, str(k))
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item, key)
        elif isinstance(node, str):
            if key in ("fact", "count", "latest", "earliest", "first", "last"):
                found.add(node)
            elif key == "text":
                # A malformed text: parsing the expression says what is wrong with it.
                with contextlib.suppress(ValueError):
                    found.update(p.path for p in parse_template(node).placeholders)

    walk(doc.value, None)
    walk(doc.when, None)
    return found & set(entries)
