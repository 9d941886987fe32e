"""Composing packs: ``extends`` followed, ``disable`` applied, overrides kept in place.

What a pack declares besides rules (settings, custom facts, derived facts) is
gathered by :mod:`.declarations`, and changes to parts of inherited rules by
:mod:`.patches`, in the same walk down the chain.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

from .._files import os_problem
from .._yaml import YamlMap, YamlSeq
from ..errors import Mark, PackError, Site, did_you_mean, short_repr
from ..language.custom import CustomFact
from ..language.derived_facts import DerivedEntry
from ..language.settings import SettingSpec
from ..limits import DEFAULT_LIMITS
from ..model.actions import ACTIONS, ActionSpec
from .declarations import STANDARD, add_custom, add_derived, add_settings
from .entries import InvariantEntry, RuleEntry, raw_key_mark
from .patches import apply_patches
from .reading import Loading, Source, parse_document, read_text, shipped_dir, shipped_packs

__all__ = [
    "STANDARD",
    "Collected",
    "InvariantEntry",
    "RuleEntry",
    "collect",
    "standard_parts",
]


@dataclass
class Collected:
    """What a pack and everything it extends add up to, before compilation."""

    rules: list[RuleEntry]
    actions: dict[str, ActionSpec]
    invariants: list[InvariantEntry]
    settings: dict[str, SettingSpec] = field(default_factory=dict)
    custom: dict[str, CustomFact] = field(default_factory=dict)
    derived: dict[str, DerivedEntry] = field(default_factory=dict)


_LONGEST_NAME = 255  # no file system has longer names: no shipped pack is named so


def _resolve_extends(
    ref: str, child: Source, base_dir: Path | None, mark: Mark | None
) -> tuple[Path | Traversable, str, Path | None, bool]:
    site = Site(child.file)
    shipped = shipped_dir()
    if "\x00" in ref:
        raise site.error(
            f"extends {short_repr(ref)}: the path contains a NUL character, which no file "
            "name can hold",
            mark,
            code="not-found",
        )
    if "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml")):
        candidate = shipped.joinpath(f"{ref}.yaml")
        if len(ref) > _LONGEST_NAME or not candidate.is_file():
            guess = did_you_mean(ref, shipped_packs())
            raise site.error(
                f"extends {ref!r}: there is no shipped pack of that name",
                mark,
                code="unknown-pack",
                hint=f"did you mean {guess!r}?"
                if guess
                else "give a path such as ./base.yaml, or one of: " + ", ".join(shipped_packs()),
            )
        return candidate, f"<shipped>/{ref}.yaml", None, True
    if child.shipped:
        candidate = shipped.joinpath(ref)
        return candidate, f"<shipped>/{ref}", None, True
    if child.folder is None:
        raise site.error(
            f"extends {ref!r}: a pack given as text can only extend a shipped pack "
            "unless a base_dir is given",
            mark,
            code="extends-path",
        )
    try:
        path = (child.folder / ref).resolve()
    except (RuntimeError, OSError) as exc:  # a loop of symbolic links (an OSError from 3.13)
        problem = os_problem(exc) if isinstance(exc, OSError) else "a loop of symbolic links"
        raise site.error(
            f"extends {short_repr(ref)}: cannot read it: {problem}", mark, code="not-found"
        ) from None
    allowed = (base_dir or child.folder).resolve()
    if not path.is_relative_to(allowed):
        raise site.error(
            f"extends {ref!r} points outside the folder packs may be read from ({allowed})",
            mark,
            code="extends-path",
            hint="pass base_dir= to load_pack (--base-dir on the command line) "
            "to allow a wider folder",
        )
    return path, os.fspath(path), path.parent, False


def collect(source: Source, loading: Loading, chain: tuple[str, ...]) -> Collected:
    """Return the merged rules, custom actions and invariants of *source* and its parents."""
    doc = source.doc
    site = Site(source.file)
    if doc.extends is not None:
        merged = _parent(source, loading, chain)
    elif doc.disable:
        raise site.error(
            "'disable' removes inherited rules, but this pack extends nothing",
            source.raw.key_marks.get("disable"),
            code="disable-without-extends",
        )
    elif source.file == STANDARD:
        merged = Collected([], {}, [])
    else:
        merged = _standard()  # a pack that extends nothing still reads the standard facts
    _disable(source, merged)
    add_settings(source, merged.settings)
    add_custom(source, merged.custom)
    add_derived(source, merged.derived)
    _add_invariants(source, merged)
    _add_actions(source, merged)
    _add_rules(source, merged)
    apply_patches(source, merged.rules, merged.settings)
    return merged


def _standard() -> Collected:
    """A fresh copy of the standard vocabulary: the default pack's settings and derived facts."""
    settings, derived = standard_parts()
    return Collected([], {}, [], dict(settings), {}, dict(derived))


@cache
def standard_parts() -> tuple[dict[str, SettingSpec], dict[str, DerivedEntry]]:
    """The standard vocabulary: the settings and derived facts of the default pack's file."""
    # The default pack ships with the library and never changes while it runs: read once.
    source = shipped_dir().joinpath("default.yaml")
    text = read_text(source, STANDARD, DEFAULT_LIMITS)
    document = parse_document(text, STANDARD, None, True, DEFAULT_LIMITS)
    settings: dict[str, SettingSpec] = {}
    derived: dict[str, DerivedEntry] = {}
    add_settings(document, settings)
    add_derived(document, derived)
    return settings, derived


def _parent(source: Source, loading: Loading, chain: tuple[str, ...]) -> Collected:
    """What the pack *source* extends adds up to (its own parents included)."""
    doc = source.doc
    assert doc.extends is not None
    mark = source.raw.key_marks.get("extends")
    target, display, folder, shipped = _resolve_extends(doc.extends, source, loading.base_dir, mark)
    depth = loading.limits.max_extends_depth
    if display in chain or len(chain) >= depth:
        raise Site(source.file).error(
            f"extends {doc.extends!r} makes a cycle: {' -> '.join((*chain, display))}"
            if display in chain
            else f"more than {depth} packs deep in extends",
            mark,
            code="extends-cycle",
        )
    try:
        text = loading.read(target, display)
    except PackError as exc:
        if exc.code not in ("not-found", "not-a-file"):
            raise
        # Say where the path came from: the extends line of the extending pack.
        raise Site(source.file).error(
            f"extends {short_repr(doc.extends)}: {exc.problem}", mark, code=exc.code, hint=exc.hint
        ) from None
    parent = parse_document(text, display, folder, shipped, loading.limits)
    return collect(parent, loading, (*chain, display))


def _disable(source: Source, merged: Collected) -> None:
    """Leave out the inherited rules and invariants *source* disables (each must exist)."""
    disabled = source.doc.disable
    inherited = [entry.doc.id for entry in merged.rules] + [e.doc.id for e in merged.invariants]
    disabled_marks = source.raw.get("disable")
    for index, rule_id in enumerate(disabled):
        if rule_id not in inherited:
            guess = did_you_mean(rule_id, inherited)
            mark = disabled_marks.item_marks[index] if isinstance(disabled_marks, YamlSeq) else None
            raise Site(source.file).error(
                f"disable {rule_id!r}: no inherited rule or invariant has that id",
                mark,
                code="unknown-rule",
                hint=f"did you mean {guess!r}?" if guess else None,
            )
    merged.rules[:] = [entry for entry in merged.rules if entry.doc.id not in disabled]
    merged.invariants[:] = [entry for entry in merged.invariants if entry.doc.id not in disabled]


def _add_invariants(source: Source, merged: Collected) -> None:
    raw_invariants = source.raw.get("invariants")
    taken = {entry.doc.id for entry in merged.invariants}
    for index, invariant in enumerate(source.doc.invariants):
        raw_inv = raw_invariants[index] if isinstance(raw_invariants, YamlSeq) else YamlMap()
        if invariant.id in taken:
            raise Site(source.file).error(
                f"invariant {invariant.id!r}: the id is already used by another invariant",
                raw_inv.key_marks.get("id", raw_inv.mark),
                code="duplicate-invariant",
                hint="give each invariant its own id; 'disable' an inherited one to replace it",
            )
        taken.add(invariant.id)
        merged.invariants.append(InvariantEntry(invariant, raw_inv, source.file))


def _add_actions(source: Source, merged: Collected) -> None:
    for action_id, action in source.doc.actions.items():
        if action_id in ACTIONS:
            raise Site(source.file).error(
                f"action {action_id!r} is built in; a pack cannot redefine it",
                raw_key_mark(source.raw, "actions", action_id),
                code="duplicate-action",
            )
        merged.actions[action_id] = ActionSpec(action_id, action.title, action.description)


def _add_rules(source: Source, merged: Collected) -> None:
    """Add *source*'s rules: a new id at the end, an inherited one in the place it had."""
    raw_rules = source.raw.get("rules")
    rules = merged.rules
    seen: dict[str, int] = {}
    position = {entry.doc.id: i for i, entry in enumerate(rules)}
    for index, rule in enumerate(source.doc.rules):
        raw = raw_rules[index] if isinstance(raw_rules, YamlSeq) else YamlMap()
        if rule.id in seen:
            raise Site(source.file, rule.id).error(
                f"duplicate rule id (first used by rule #{seen[rule.id] + 1})",
                raw.key_marks.get("id", raw.mark),
                code="duplicate-rule",
                hint="give each rule its own id; to replace an inherited rule, reuse its id once",
            )
        seen[rule.id] = index
        entry = RuleEntry(rule, raw, source.file)
        if rule.id in position:
            rules[position[rule.id]] = entry  # an override keeps the inherited rule's place
        else:
            position[rule.id] = len(rules)
            rules.append(entry)
