"""Safe YAML reading that remembers where every key and item came from.

Only plain data is built (PyYAML's safe constructors: no Python objects, no
tags that run code). Mappings and sequences come back as :class:`YamlMap` and
:class:`YamlSeq`, ordinary ``dict`` and ``list`` subclasses that also record
the 1-based line and column of each key and item, so that later errors can
point at the exact place in the file.

Two deliberate departures from PyYAML's YAML 1.1 defaults:

* only ``true``/``false`` are booleans (YAML 1.2): ``on``, ``off``, ``yes``
  and ``no`` stay strings, so ``on: 2026-11-20`` in a history entry is a key;
* a key repeated in one mapping is an error instead of silently keeping the last.

Documents are read from libyaml's event stream in one loop (fast); anything
unusual, and every error, goes through PyYAML's own compose-and-construct,
whose messages and positions are the reference (see ``_parse_by_events``).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from .errors import PackError, short_repr
from .limits import DEFAULT_LIMITS, Limits

__all__ = ["Mark", "Site", "YamlMap", "YamlSeq", "gc_paused", "mark_at", "parse_yaml"]


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based line and column in a YAML file."""

    line: int
    column: int


# Positions are kept as (line, column) tuples and made into Marks when asked
# for: a large pack has tens of thousands of keys and items, most of whose
# positions are never shown, and building a Mark for each cost as much as
# reading the YAML (plain tuples of ints are also no work for the collector).
_At = tuple[int, int]


def _at_mark(at: _At | None) -> Mark | None:
    return None if at is None else Mark(at[0], at[1])


class YamlMap(dict[str, Any]):
    """A mapping read from YAML, with the position of each key (``key_marks``) and of itself."""

    __slots__ = ("_at", "_key_at", "_key_marks")

    def __init__(self) -> None:
        super().__init__()
        self._at: _At | None = None
        self._key_at: dict[str, _At] = {}
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

    def key_at(self, key: str, default: _At | None = None) -> _At | None:
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
        self._at: _At | None = None
        self._item_at: list[_At] = []
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

    def item_at(self, index: int, default: _At | None = None) -> _At | None:
        """Where item *index* is as a (line, column) pair, or *default* when there is none."""
        if self._item_marks is not None:
            mark = self.item_mark(index)
            return default if mark is None else (mark.line, mark.column)
        if 0 <= index < len(self._item_at):
            return self._item_at[index]
        return default


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader with YAML 1.2 booleans, positions, duplicate-key and alias checks."""

    filename = "<string>"


# YAML 1.2 booleans: copy the resolver table so PyYAML's own loaders are untouched.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Iterator[YamlMap]:
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
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_marks[key] = where


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> Iterator[YamlSeq]:
    result = YamlSeq()
    result.mark = _mark(node)
    yield result
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.item_marks.append(_mark(item))


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    # PyYAML raises a bare ValueError (no position) for 2026-13-01: give it one.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a valid date ({exc})", node.start_mark
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


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


def _parse_by_nodes(text: str, filename: str, limits: Limits) -> Any:
    """PyYAML's own way: compose the node graph, measure it, then construct it.

    The reference for :func:`_parse_by_events`, and what :func:`parse_yaml`
    falls back to for anything the event reader leaves to it (errors, tags).
    """
    loader = _Loader(text)
    loader.filename = filename
    try:
        if len(text) > limits.max_pack_bytes:
            raise PackError(
                f"the text is {len(text):,} characters; the limit is {limits.max_pack_bytes:,}",
                file=filename,
                hint="pass larger Limits(max_pack_bytes=...) if it is meant to be this large",
                code="too-large",
            )
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


# --- the event reader ----------------------------------------------------------
#
# Composing nodes makes PyYAML call back into Python for every scalar (the
# resolver) and build a node object for it, then walk the graph twice more
# (measuring, constructing). Reading libyaml's event stream once and building
# the values directly does the same work in one loop, several times faster.
# The loop handles what packs and applications are made of: plain and quoted
# scalars, block and flow collections, anchors, aliases and merge keys.
# Anything else (an explicit tag, an error of any kind) it leaves to
# _parse_by_nodes, so refusals keep their exact messages and positions: it
# only answers where it answers as the node reader would, which
# tests/test_yamlsource.py checks on generated documents.

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"

# _Loader's own implicit resolvers (YAML 1.2 booleans), by first character.
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: resolvers
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
    if first is not None and resolvers
}
_WILDCARD: list[tuple[str, re.Pattern[str]]] = _Loader.yaml_implicit_resolvers.get(None, [])
_NO_WILDCARD = not _WILDCARD  # PyYAML has none; if one appears, every scalar is resolved
_SIMPLE_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_SIMPLE_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# PyYAML's safe constructors, for the rare scalar forms (0x1F, 1_000, 1:30, 1.5, .inf, times).
_CONSTRUCT: dict[str, Any] = {
    _INT: yaml.constructor.SafeConstructor.construct_yaml_int,
    _FLOAT: yaml.constructor.SafeConstructor.construct_yaml_float,
    _TIMESTAMP: yaml.constructor.SafeConstructor.construct_yaml_timestamp,
}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_NO_KEY: Any = object()  # a mapping waiting for its next key
_MERGE_KEY: Any = object()  # a mapping waiting for the value of a '<<' key


class _LeaveIt(Exception):
    """The event reader leaves this document to the node reader."""


def _plain_scalar(value: str) -> Any:
    """The value of the untagged plain scalar *value*, as the node reader builds it."""
    tag = _STR
    for candidate, regexp in (*_RESOLVERS.get(value[:1], ()), *_WILDCARD):
        if regexp.match(value):
            tag = candidate
            break
    if tag is _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return yaml.constructor.SafeConstructor.bool_values[value.lower()]
    if tag == _INT and _SIMPLE_INT.match(value):
        return int(value)
    if tag == _TIMESTAMP and _SIMPLE_DATE.match(value):
        try:
            return date(int(value[:4]), int(value[5:7]), int(value[8:10]))
        except ValueError:
            raise _LeaveIt from None  # the node reader says where and why
    construct = _CONSTRUCT.get(tag)
    if construct is None:  # '<<' out of place, '=', ...: the node reader refuses them
        raise _LeaveIt
    try:
        return construct(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    except ValueError:
        raise _LeaveIt from None


def _merged(result: YamlMap, merges: list[YamlMap]) -> None:
    """Put the keys of *merges* first in *result*, as PyYAML's ``flatten_mapping`` orders them.

    Our loader refuses a key given twice, merged or not, so there is no
    overriding to do. A key merged twice is left to the node reader: whether
    PyYAML keeps one or reports a repeat depends on its version (recent ones
    drop a merged key whose text is the very same string object).
    """
    own = list(result.items())
    own_at = result._key_at
    result.clear()
    result._key_at = {}
    for source in merges:
        for key, value in source.items():
            if key in result:
                raise _LeaveIt
            result[key] = value
            result._key_at[key] = source._key_at[key]
    for key, value in own:
        if key in result:
            raise _LeaveIt
        result[key] = value
        result._key_at[key] = own_at[key]


def _parse_by_events(loader: Any, limits: Limits) -> Any:
    """Build the document *loader* reads from its event stream, or raise :class:`_LeaveIt`.

    Measures as it builds, with the node reader's rules: nesting depth
    (aliases add none), text length, and size with every alias expanded,
    counted without expanding anything.
    """
    get_event = loader.get_event
    max_depth, max_string, max_nodes = limits.max_depth, limits.max_string, limits.max_nodes
    # anchor -> (value, position, expanded size); None while its collection is still open.
    anchors: dict[str, tuple[Any, _At, int] | None] = {}
    resolved: dict[str, Any] = {}  # plain scalar -> its value (all immutable)
    root: Any = None
    done = False
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    # The innermost open collection lives in local variables (the loop runs once
    # per event, and locals are the cheapest to reach); the ones around it wait
    # on the stack as tuples of the same.
    into: Any = None  # a YamlMap or YamlSeq, or None outside every collection
    in_map = False
    key: Any = _NO_KEY  # a mapping's pending key: _NO_KEY, _MERGE_KEY or the text
    key_at: _At = (0, 0)
    total = 0  # the expanded size of `into` so far
    anchor: str | None = None
    merges: list[YamlMap] | None = None
    stack: list[tuple[Any, bool, Any, _At, int, str | None, list[YamlMap] | None]] = []
    depth = 0  # how many collections are open
    while True:
        event = get_event()
        kind = type(event)
        merge_key = False
        if kind is scalar_event:
            if event.tag is not None or depth > max_depth:
                raise _LeaveIt
            text = event.value
            if len(text) > max_string:
                raise _LeaveIt
            if not event.implicit[0] or (_NO_WILDCARD and text[:1] not in _RESOLVERS):
                value: Any = text  # quoted, or plain text no resolver looks at (most keys)
            elif text == "<<" and in_map and key is _NO_KEY and event.anchor is None:
                merge_key = True
                value = text
            else:  # the same few words and numbers recur: resolve each once
                value = resolved.get(text, _NO_KEY)
                if value is _NO_KEY:
                    value = resolved[text] = _plain_scalar(text)
            start = event.start_mark
            at: _At = (start.line + 1, start.column + 1)
            size = 1
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise _LeaveIt
                anchors[event.anchor] = (value, at, 1)
        elif kind is alias_event:
            found = anchors.get(event.anchor)
            if found is None:  # undefined, or a collection that contains its own alias
                raise _LeaveIt
            value, at, size = found
        elif kind is map_start or kind is seq_start:
            if event.tag is not None or depth > max_depth:
                raise _LeaveIt
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise _LeaveIt
                anchors[event.anchor] = None
            if depth:
                stack.append((into, in_map, key, key_at, total, anchor, merges))
            depth += 1
            start = event.start_mark
            in_map = kind is map_start
            into = YamlMap() if in_map else YamlSeq()
            into._at = (start.line + 1, start.column + 1)
            key, total, anchor, merges = _NO_KEY, 1, event.anchor, None
            continue
        elif kind in collection_end:
            value, size, at = into, total, into._at
            if size > max_nodes:
                raise _LeaveIt
            if merges:
                _merged(value, merges)
            if anchor is not None:
                anchors[anchor] = (value, at, size)
            depth -= 1
            if depth:
                into, in_map, key, key_at, total, anchor, merges = stack.pop()
            else:
                into = None
        elif kind is yaml.StreamEndEvent:
            return root
        elif kind is yaml.DocumentStartEvent:
            if done:  # a second document: the node reader says so
                raise _LeaveIt
            continue
        else:  # StreamStart, DocumentEnd
            continue
        if into is None:
            root, done = value, True
            continue
        total += size
        if not in_map:
            into.append(value)
            into._item_at.append(at)
        elif key is _NO_KEY:
            if merge_key:
                key = _MERGE_KEY
            elif type(value) is str and value not in into:
                key, key_at = value, at
            else:  # a key that is not text, or a repeated one
                raise _LeaveIt
        elif key is _MERGE_KEY:
            key = _NO_KEY
            if merges is None:
                merges = []
            if type(value) is YamlMap:
                merges.append(value)
            elif type(value) is YamlSeq and len(value) == 1 and type(value[0]) is YamlMap:
                merges.extend(value)
            else:  # several mappings: their order depends on the PyYAML version
                raise _LeaveIt
        else:
            into[key] = value
            into._key_at[key] = key_at
            key = _NO_KEY


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while a document is read and compiled.

    Reading a large pack makes hundreds of thousands of small containers, none
    of them in a reference cycle (a recursive alias is refused); each
    allocation threshold crossed made the collector walk them again, a third
    of the time a 2,048-rule pack took to load. Only when the collector is
    on is it turned off, and then back on, so a caller who disabled it keeps
    it disabled; nested uses do nothing. (A thread that disables the collector
    while another is loading a pack may find it enabled again afterwards.)
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_yaml(text: str, *, filename: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse one YAML document safely, with positions; raise :class:`PackError` on bad YAML.

    The document is measured against *limits* (nesting, text length, size
    with aliases expanded) as it is read, before any large value is built.
    """
    if len(text) > limits.max_pack_bytes:
        raise PackError(
            f"the text is {len(text):,} characters; the limit is {limits.max_pack_bytes:,}",
            file=filename,
            hint="pass larger Limits(max_pack_bytes=...) if it is meant to be this large",
            code="too-large",
        )
    with gc_paused():
        loader = _Base(text)
        try:
            return _parse_by_events(loader, limits)
        except Exception:  # whatever it was, the node reader has the answer
            pass
        finally:
            loader.dispose()
        return _parse_by_nodes(text, filename, limits)


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


@dataclass(frozen=True, slots=True)
class Site:
    """Where in a pack a piece of it came from: the file and, inside it, the rule."""

    file: str
    rule_id: str | None = None

    def error(
        self, problem: str, mark: Mark | None, *, code: str, hint: str | None = None
    ) -> PackError:
        """Build a :class:`PackError` for *problem* at *mark* in this file and rule."""
        return PackError(
            problem,
            file=self.file,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            rule_id=self.rule_id,
            hint=hint,
            code=code,
        )
