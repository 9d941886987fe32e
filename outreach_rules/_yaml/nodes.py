"""YAML nodes with positions, and PyYAML's own node reader (the reference).

Only plain data is built (PyYAML's safe constructors: no Python objects, no
tags that run code). Mappings and sequences come back as :class:`YamlMap` and
:class:`YamlSeq`, ordinary ``dict`` and ``list`` subclasses that also record
the 1-based line and column of each key and item, so that later errors can
point at the exact place in the file.

Two deliberate departures from PyYAML's YAML 1.1 defaults:

* only ``true``/``false`` are booleans (YAML 1.2): ``on``, ``off``, ``yes``
  and ``no`` stay strings, so ``on: 2026-11-20`` in a history entry is a key;
* a key repeated in one mapping is an error instead of silently keeping the last.

:func:`parse_by_nodes` is PyYAML's own compose-and-construct: every error
and every unusual document goes through it, and its messages and positions
are the reference for the fast event reader (:mod:`.events`).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from typing import Any

import yaml

from ..errors import Mark, PackError, short_repr
from ..limits import Limits

__all__ = ["At", "Base", "Loader", "YamlMap", "YamlSeq", "check_size", "mark_at", "parse_by_nodes"]


# Positions are kept as (line, column) tuples and made into Marks when asked
# for: a large pack has tens of thousands of keys and items, most of whose
# positions are never shown, and building a Mark for each cost as much as
# reading the YAML (plain tuples of ints are also no work for the collector).
At = tuple[int, int]
"""A position as a (line, column) pair, 1-based."""


def _at_mark(at: At | None) -> Mark | None:
    return None if at is None else Mark(at[0], at[1])


class YamlMap(dict[str, Any]):
    """A mapping read from YAML, with the position of each key (``key_marks``) and of itself."""

    __slots__ = ("_at", "_key_at", "_key_marks")

    def __init__(self) -> None:
        super().__init__()
        self._at: At | None = None
        self._key_at: dict[str, At] = {}
        self._key_marks: dict[str, Mark] | None = None

    @property
    def mark(self) -> Mark | None:
        """Where the mapping starts (None for one not read from YAML)."""
        return _at_mark(self._at)

    @mark.setter
    def mark(self, mark: Mark | None) -> None:
        self._at = None if mark is None else (mark.line, mark.column)

    @property
    def key_marks(self) -> dict[str, Mark]:
        """Where each key is, by key."""
        if self._key_marks is None:
            self._key_marks = {key: Mark(*at) for key, at in self._key_at.items()}
        return self._key_marks

    @key_marks.setter
    def key_marks(self, marks: dict[str, Mark]) -> None:
        self._key_marks = marks

    def key_mark(self, key: str, default: Mark | None = None) -> Mark | None:
        """Where *key* is, or *default* when it is not a key of this mapping."""
        if self._key_marks is not None:
            return self._key_marks.get(key, default)
        at = self._key_at.get(key)
        return default if at is None else Mark(at[0], at[1])

    def key_at(self, key: str, default: At | None = None) -> At | None:
        """Where *key* is as a (line, column) pair, or *default* (:meth:`key_mark`, no Mark)."""
        if self._key_marks is not None:
            mark = self._key_marks.get(key)
            return default if mark is None else (mark.line, mark.column)
        return self._key_at.get(key, default)


class YamlSeq(list[Any]):
    """A sequence read from YAML, with the position of each item (``item_marks``) and of itself."""

    __slots__ = ("_at", "_item_at", "_item_marks")

    def __init__(self) -> None:
        super().__init__()
        self._at: At | None = None
        self._item_at: list[At] = []
        self._item_marks: list[Mark] | None = None

    @property
    def mark(self) -> Mark | None:
        """Where the sequence starts (None for one not read from YAML)."""
        return _at_mark(self._at)

    @mark.setter
    def mark(self, mark: Mark | None) -> None:
        self._at = None if mark is None else (mark.line, mark.column)

    @property
    def item_marks(self) -> list[Mark]:
        """Where each item is, in order."""
        if self._item_marks is None:
            self._item_marks = [Mark(*at) for at in self._item_at]
        return self._item_marks

    @item_marks.setter
    def item_marks(self, marks: list[Mark]) -> None:
        self._item_marks = marks

    def item_mark(self, index: int, default: Mark | None = None) -> Mark | None:
        """Where item *index* is, or *default* when there is no such item."""
        if self._item_marks is not None:
            marks: list[Any] = self._item_marks
        else:
            marks = self._item_at
        if not 0 <= index < len(marks):
            return default
        at = marks[index]
        return at if isinstance(at, Mark) else Mark(at[0], at[1])

    def item_at(self, index: int, default: At | None = None) -> At | None:
        """Where item *index* is as a (line, column) pair, or *default* when there is none."""
        if self._item_marks is not None:
            mark = self.item_mark(index)
            return default if mark is None else (mark.line, mark.column)
        if 0 <= index < len(self._item_at):
            return self._item_at[index]
        return default


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(Base):  # type: ignore[valid-type,misc]
    """A safe loader with YAML 1.2 booleans, positions, duplicate-key and alias checks."""

    filename = "<string>"


# YAML 1.2 booleans: copy the resolver table so PyYAML's own loaders are untouched.
Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in Base.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_map(loader: Loader, node: yaml.MappingNode) -> Iterator[YamlMap]:
    result = YamlMap()
    result.mark = _mark(node)
    yield result
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        where = _mark(key_node)
        if not isinstance(key, str):
            key_text = short_repr(key) if isinstance(key, Hashable) else type(key).__name__
            raise PackError(
                f"keys must be text (got {key_text})",
                file=loader.filename,
                line=where.line,
                column=where.column,
                hint="quote the key",
                code="yaml-key",
            )
        if key in result:
            first = result.key_marks[key]
            raise PackError(
                f"key {key!r} appears twice in one mapping (first on line {first.line})",
                file=loader.filename,
                line=where.line,
                column=where.column,
                hint="remove one of them",
                code="duplicate-key",
            )
        try:
            result[key] = loader.construct_object(value_node, deep=True)
        except _NumberTooLong as exc:
            exc.within(key)
            raise
        result.key_marks[key] = where


def _construct_seq(loader: Loader, node: yaml.SequenceNode) -> Iterator[YamlSeq]:
    result = YamlSeq()
    result.mark = _mark(node)
    yield result
    for index, item in enumerate(node.value):
        try:
            result.append(loader.construct_object(item, deep=True))
        except _NumberTooLong as exc:
            exc.within(index)
            raise
        result.item_marks.append(_mark(item))


def _construct_timestamp(loader: Loader, node: yaml.ScalarNode) -> Any:
    # PyYAML raises a bare ValueError (no position) for 2026-13-01: give it one.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a valid date ({exc})", node.start_mark
        ) from None


class _NumberTooLong(yaml.constructor.ConstructorError):
    """A whole number of more digits than Python reads (``sys.get_int_max_str_digits()``).

    The mappings and sequences it is found in add their keys and indexes on the
    way out, so that the message names the field (``custom.x``).
    """

    def __init__(self, digits: int, mark: Any) -> None:
        self.what = f"a number of {digits:,} digits is too long to read; quote it to make it text"
        self.path: list[str] = []
        super().__init__(None, None, self.what, mark)

    def within(self, part: str | int) -> None:
        """Say that the number is inside the key or index *part*."""
        self.path.insert(0, str(part) if isinstance(part, int) else short_repr(part).strip("'\""))
        self.problem = f"{'.'.join(self.path)}: {self.what}"


def _construct_int(loader: Loader, node: yaml.ScalarNode) -> Any:
    # Python refuses to read a number of more digits than sys.get_int_max_str_digits()
    # (4,300 by default) with a bare ValueError: give it a position and say what to do.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        digits = sum(char.isdigit() for char in node.value)
        raise _NumberTooLong(digits, node.start_mark) from None


def _construct_set(loader: Loader, node: yaml.MappingNode) -> Any:
    # A set has no order, and the order of its items would depend on the hash seed.
    raise yaml.constructor.ConstructorError(
        None, None, "a set (!!set) has no order; write a list", node.start_mark
    )


Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Loader.add_constructor("tag:yaml.org,2002:set", _construct_set)
Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def _expanded_size(node: yaml.Node, filename: str, limits: Limits) -> int:
    """Count the nodes *node* stands for once every alias is expanded, refusing bombs."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(n: yaml.Node, depth: int) -> int:
        key = id(n)
        if key in sizes:
            return sizes[key]
        if depth > limits.max_depth:
            raise PackError(
                f"the document is nested more than {limits.max_depth} levels deep",
                file=filename,
                line=n.start_mark.line + 1,
                column=n.start_mark.column + 1,
                code="yaml-depth",
            )
        if key in busy:
            raise PackError(
                "an alias refers to a node that contains it (a recursive structure)",
                file=filename,
                line=n.start_mark.line + 1,
                column=n.start_mark.column + 1,
                code="yaml-recursive",
            )
        busy.add(key)
        total = 1
        if isinstance(n, yaml.ScalarNode) and len(n.value) > limits.max_string:
            raise PackError(
                f"a text of {len(n.value):,} characters; the limit is {limits.max_string:,}",
                file=filename,
                line=n.start_mark.line + 1,
                column=n.start_mark.column + 1,
                hint="shorten it, or pass larger Limits(max_string=...)",
                code="too-long",
            )
        if isinstance(n, yaml.SequenceNode):
            total += sum(size(item, depth + 1) for item in n.value)
        elif isinstance(n, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in n.value)
        busy.discard(key)
        if total > limits.max_nodes:
            raise PackError(
                f"the document expands to more than {limits.max_nodes:,} values "
                "(aliases repeated inside aliases?)",
                file=filename,
                line=n.start_mark.line + 1,
                column=n.start_mark.column + 1,
                hint="write the repeated parts out, or split the document",
                code="yaml-too-large",
            )
        sizes[key] = total
        return total

    return size(node, 0)


def check_size(text: str, filename: str, limits: Limits) -> None:
    """Refuse a document over ``limits.max_pack_bytes`` characters, before reading any of it."""
    if len(text) > limits.max_pack_bytes:
        raise PackError(
            f"the text is {len(text):,} characters; the limit is {limits.max_pack_bytes:,}",
            file=filename,
            hint="pass larger Limits(max_pack_bytes=...) if it is meant to be this large",
            code="too-large",
        )


def parse_by_nodes(text: str, filename: str, limits: Limits) -> Any:
    """PyYAML's own way: compose the node graph, measure it, then construct it.

    The reference for :func:`~.events.parse_by_events`, and what :func:`~.reader.parse_yaml`
    falls back to for anything the event reader leaves to it (errors, tags).
    """
    loader = Loader(text)
    loader.filename = filename
    try:
        check_size(text, filename, limits)
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node, filename, limits)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise PackError(
            f"invalid YAML: {problem}",
            file=filename,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            code="yaml-syntax",
        ) from None
    except yaml.YAMLError as exc:
        raise PackError(f"invalid YAML: {exc}", file=filename, code="yaml-syntax") from None
    except RecursionError:
        # Only the pure-Python parser recurses this deep (libyaml stops at 1,000 levels).
        raise PackError(
            "the document is nested too deeply to read", file=filename, code="yaml-depth"
        ) from None
    finally:
        loader.dispose()


def mark_at(document: Any, loc: tuple[int | str, ...]) -> Mark | None:
    """Return the position of the part of *document* at *loc*, or the nearest enclosing one."""
    best: Mark | None = getattr(document, "mark", None)
    node = document
    for part in loc:
        if isinstance(node, YamlMap) and isinstance(part, str) and part in node:
            best = node.key_mark(part, best)
            node = node[part]
        elif isinstance(node, YamlSeq) and isinstance(part, int) and 0 <= part < len(node):
            best = node.item_mark(part, best)
            node = node[part]
        else:
            break
    return best
