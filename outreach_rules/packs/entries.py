"""Rules and invariants as read from a pack file, before they are compiled."""

from __future__ import annotations

from dataclasses import dataclass

from .._yaml import YamlMap
from ..language.document import InvariantDoc, RuleDoc

__all__ = ["InvariantEntry", "RuleEntry"]


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
