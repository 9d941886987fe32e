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
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import PackError, short_repr
from .limits import DEFAULT_LIMITS, Limits

__all__ = ["Mark", "Site", "YamlMap", "YamlSeq", "mark_at", "parse_yaml"]


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based line and column in a YAML file."""

    line: int
    column: int


class YamlMap(dict[str, Any]):
    """A mapping read from YAML, with the position of each key (``key_marks``) and of itself."""

    mark: Mark | None = None
    key_marks: dict[str, Mark]

    def __init__(self) -> None:
        super().__init__()
        self.key_marks = {}


class YamlSeq(list[Any]):
    """A sequence read from YAML, with the position of each item (``item_marks``) and of itself."""

    mark: Mark | None = None
    item_marks: list[Mark]

    def __init__(self) -> None:
        super().__init__()
        self.item_marks = []


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


def parse_yaml(text: str, *, filename: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse one YAML document safely, with positions; raise :class:`PackError` on bad YAML.

    The document is composed first and measured against *limits* (nesting,
    text length, size with aliases expanded) before any value is built.
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


def mark_at(document: Any, loc: tuple[int | str, ...]) -> Mark | None:
    """Return the position of the part of *document* at *loc*, or the nearest enclosing one."""
    best: Mark | None = getattr(document, "mark", None)
    node = document
    for part in loc:
        if isinstance(node, YamlMap) and isinstance(part, str) and part in node:
            best = node.key_marks.get(part, best)
            node = node[part]
        elif isinstance(node, YamlSeq) and isinstance(part, int) and 0 <= part < len(node):
            best = node.item_marks[part]
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
