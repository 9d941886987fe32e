"""References in a condition: to another fact (``{fact: PATH, days: N}``) and to a setting.

A :class:`SettingRef` stands for a setting's value until the pack binds its
settings (:mod:`.settings`); :func:`setting_ref` checks one where a value of
some type is wanted, in a condition, a ``then`` date or a derived fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import Mark, Site, did_you_mean, short_repr
from ..model.derived import FactType
from ..model.vocabulary import FactSpec, Vocabulary
from .operators import TYPE_WORDS

__all__ = ["FactRef", "SettingRef", "setting_ref", "setting_spec"]


@dataclass(frozen=True, slots=True)
class SettingRef:
    """The value of one of the pack's settings (``{setting: NAME}``) in a condition.

    It is fixed when the pack binds its settings: the conditions a pack
    compiles, matches and analyses hold literals only.
    """

    name: str


@dataclass(frozen=True, slots=True)
class FactRef:
    """A comparison against another fact, optionally shifted by whole days (dates only).

    ``days`` is a :class:`SettingRef` until the pack binds its settings.
    """

    path: str
    days: int | SettingRef = 0

    @property
    def shift(self) -> int:
        """The days, once the settings are bound (compiled conditions hold no reference)."""
        if isinstance(self.days, SettingRef):
            raise TypeError(f"setting {self.days.name!r} is not bound yet")
        return self.days


def setting_ref(
    operand: Mapping[str, Any],
    kind: FactType,
    site: Site,
    mark: Mark | None,
    vocabulary: Vocabulary,
    *,
    item: FactType | None = None,
    choices: tuple[str, ...] = (),
) -> SettingRef:
    """Check ``{setting: NAME}`` where a value of type *kind* is wanted; return its reference.

    For *kind* ``list``, the setting must be a list whose items are *item* (and,
    with *choices*, among them).

    Raises:
        PackError: ``unknown-setting`` (with a did-you-mean) or ``bad-value`` (another key,
            or a setting of another type).
    """
    if set(operand) != {"setting"} or not isinstance(operand["setting"], str):
        raise site.error(
            f"a setting is written {{setting: NAME}} (got {short_repr(operand)})",
            mark,
            code="bad-value",
        )
    name = operand["setting"]
    spec = setting_spec(name, site, mark, vocabulary)
    fits = spec.type == kind or (kind in ("str", "enum") and spec.type in ("str", "enum"))
    if kind == "list":
        fits = spec.type == "list" and (item is None or spec.item_type in _same_kind(item))
    if fits and choices and not set(spec.choices) <= set(choices):
        fits = False
    if not fits:
        raise site.error(
            f"setting {name!r} is {TYPE_WORDS[spec.type]}"
            + (f" of {', '.join(spec.choices)}" if spec.choices else "")
            + f", but {TYPE_WORDS[kind]}"
            + (f" of {', '.join(choices)}" if choices else "")
            + " is wanted here",
            mark,
            code="bad-value",
        )
    return SettingRef(name)


def setting_spec(name: str, site: Site, mark: Mark | None, vocabulary: Vocabulary) -> FactSpec:
    """The fact ``settings.NAME`` of the setting *name*.

    Raises:
        PackError: ``unknown-setting``, with a did-you-mean or the pack's settings.
    """
    spec = vocabulary.get(f"settings.{name}")
    if spec is not None and spec.origin == "setting":
        return spec
    names = [p.removeprefix("settings.") for p, s in vocabulary.items() if s.origin == "setting"]
    guess = did_you_mean(name, names)
    raise site.error(
        f"unknown setting {name!r}",
        mark,
        code="unknown-setting",
        hint=f"did you mean {guess!r}?"
        if guess
        else ("settings: " + ", ".join(names) if names else "declare it under 'settings:'"),
    )


def _same_kind(kind: FactType) -> tuple[FactType, ...]:
    """The types a value of *kind* may come from: text fits text and choices alike."""
    return ("str", "enum") if kind in ("str", "enum") else (kind,)
