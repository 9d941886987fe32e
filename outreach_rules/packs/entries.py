"""Rules and invariants as read from a pack file, before they are compiled, and their positions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._yaml import YamlMap
from ..errors import Mark
from ..language.document import InvariantDoc, RuleDoc

__all__ = ["InvariantEntry", "RuleEntry", "raw_key_mark"]


@dataclass(frozen=True, slots=True)
class RuleEntry:
    """One rule as read, with its raw YAML (for positions) and its file."""

    doc: RuleDoc
    raw: YamlMap
    file: str
    patched: tuple[str, ...] = ()  # where a later pack patched it ("file:line")


@dataclass(frozen=True, slots=True)
class InvariantEntry:
    """One invariant as read, with its raw YAML (for positions) and its file."""

    doc: InvariantDoc
    raw: YamlMap
    file: str


def raw_key_mark(raw: YamlMap, *keys: str) -> Mark | None:
    """Where the last of *keys* is written in *raw*, or the deepest of them that is there."""
    node: Any = raw
    mark = raw.mark
    for key in keys:
        if not isinstance(node, YamlMap) or key not in node:
            break
        mark = node.key_mark(key, mark)
        node = node[key]
    return mark
