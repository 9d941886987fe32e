"""What a pack declares besides rules, gathered down the ``extends`` chain.

* ``settings:`` a new setting is declared with its type and default; an
  inherited one takes a new default (``follow_up_after_days: 10``).
* ``facts:`` custom facts; each name is declared once in the chain.
* ``derived:`` facts the pack computes; a pack may define an inherited one
  again (its type must stay the same, which compiling checks).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .._yaml import YamlMap
from ..errors import Mark, Site, did_you_mean, short_repr
from ..language.custom import CustomFact, declare_custom
from ..language.derived_facts import DerivedEntry
from ..language.settings import SettingSpec, declare_setting
from ..language.values import BadValue
from .reading import Source

__all__ = ["STANDARD", "add_custom", "add_derived", "add_settings"]

STANDARD = "<shipped>/default.yaml"
"""The pack whose settings and derived facts every pack reads (the standard vocabulary)."""


def _mark(source: Source, section: str, name: str) -> Mark | None:
    raw = source.raw.get(section)
    if isinstance(raw, YamlMap):
        return raw.key_mark(name, raw.mark)
    return source.raw.key_marks.get(section)


def add_settings(source: Source, settings: dict[str, SettingSpec]) -> None:
    """Add *source*'s settings to *settings* (those of the packs it extends), checked."""
    site = Site(source.file)
    for name, value in source.doc.settings.items():
        mark = _mark(source, "settings", name)
        inherited = settings.get(name)
        if inherited is None:
            if not _declaration(value):
                _misspelt(name, value, settings, site, mark)
            settings[name] = declare_setting(name, value, site, mark)
        elif _declaration(value) and _standard_only(inherited, source):
            # A pack that extends nothing may declare a standard setting anew, of its type.
            settings[name] = _same_type(inherited, declare_setting(name, value, site, mark), mark)
        else:
            settings[name] = _new_default(inherited, value, site, mark)


def _misspelt(
    name: str, value: Any, settings: Mapping[str, SettingSpec], site: Site, mark: Mark | None
) -> None:
    """A new default (``NAME: VALUE``) for a setting no pack declares, close to one: a typo."""
    guess = did_you_mean(name, settings)
    if guess is not None:
        raise site.error(
            f"setting {name!r} is not declared by any pack it extends",
            mark,
            code="unknown-setting",
            hint=f"did you mean {guess!r}? (declared by {settings[guess].file})",
        )


def _same_type(standard: SettingSpec, declared: SettingSpec, mark: Mark | None) -> SettingSpec:
    """*declared*, which declares the standard setting *standard* anew, if its type is the same."""
    if declared.value.type != standard.value.type:
        raise Site(declared.file).error(
            f"setting {declared.name!r} is {standard.value.type} in {standard.file}, where "
            f"derived facts every pack reads use it: it cannot become {declared.value.type}",
            mark,
            code="bad-setting",
            hint="keep its type, or give a new setting another name",
        )
    return declared


def _declaration(value: Any) -> bool:
    return isinstance(value, Mapping) and "type" in value


def _standard_only(inherited: SettingSpec, source: Source) -> bool:
    """Whether *inherited* comes from the standard vocabulary to a pack that extends nothing."""
    return source.doc.extends is None and inherited.file == STANDARD


def _new_default(inherited: SettingSpec, value: Any, site: Site, mark: Mark | None) -> SettingSpec:
    """*inherited* with the default an extending pack gives it (``NAME: VALUE``)."""
    if isinstance(value, Mapping):
        if set(value) != {"default"}:
            raise site.error(
                f"setting {inherited.name!r} is declared by {inherited.file}: an extending pack "
                f"only gives it a new default (got keys: {', '.join(map(str, value))})",
                mark,
                code="bad-setting",
                hint=f"{inherited.name}: VALUE",
            )
        value = value["default"]
    try:
        default = inherited.value.check(value)
    except BadValue as exc:
        raise site.error(f"setting {inherited.name!r}: {exc}", mark, code="bad-setting") from None
    return replace(inherited, default=default)


def add_custom(source: Source, custom: dict[str, CustomFact]) -> None:
    """Add *source*'s custom facts to *custom* (each name declared once in the chain)."""
    site = Site(source.file)
    for name, doc in source.doc.facts.items():
        mark = _mark(source, "facts", name)
        if name in custom:
            raise site.error(
                f"custom fact {name!r} is declared already, by {custom[name].file}",
                mark,
                code="duplicate-fact",
                hint="an extending pack reads it as it is; give a new fact another name",
            )
        custom[name] = declare_custom(name, doc, site, mark)


def add_derived(source: Source, derived: dict[str, DerivedEntry]) -> None:
    """Add *source*'s derived facts to *derived*; one defined again keeps its place."""
    raw = source.raw.get("derived")
    for name, doc in source.doc.derived.items():
        entry_raw = raw.get(name) if isinstance(raw, YamlMap) else None
        mark = _mark(source, "derived", name)
        if entry_raw is not None and not isinstance(entry_raw, YamlMap):
            raise Site(source.file).error(
                f"derived fact {name!r} must be a mapping (got {short_repr(entry_raw)})",
                mark,
                code="bad-derived",
            )
        before = derived.get(name)
        if before is not None and before.doc.type != doc.type:
            raise Site(source.file).error(
                f"derived fact {name!r} is {before.doc.type} in {before.file}: a pack that "
                f"defines it again must keep its type (got {doc.type})",
                mark,
                code="bad-derived",
                hint="inherited rules read it as it was; give a new fact another name",
            )
        derived[name] = DerivedEntry(name, doc, entry_raw, source.file, mark)
