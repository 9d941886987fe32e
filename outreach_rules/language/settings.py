"""A pack's settings: named, typed values with a default, changed by a pack or for one call.

A pack declares a setting under ``settings:``::

    settings:
      follow_up_after_days:
        type: int
        default: 7
        min: 1
        max: 60
        description: Days to wait after applying before following up.

A pack that extends it may give a new default (``follow_up_after_days: 10``);
a call may give a value for one decision (``next_action(..., settings={...})``).
Conditions use a setting as a value (``{setting: follow_up_after_days}``), and
every setting is also a fact, ``settings.NAME``, for templates and derived facts.

A pack binds its settings before anything runs: each ``{setting: NAME}`` in a
condition becomes the literal value (:func:`bind_condition`), so the conditions
a pack compiles, matches and analyses hold literals only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .._yaml import YamlMap
from ..errors import FieldProblem, Mark, SettingsError, Site, did_you_mean, short_repr
from ..model.vocabulary import FactSpec, Resolver
from .conditions import AllOf, AnyOf, Compare, Condition, FactRef, Not, SettingRef
from .values import BadValue, ValueSpec

__all__ = [
    "SettingSpec",
    "bind_condition",
    "check_setting_values",
    "declare_setting",
    "setting_facts",
    "settings_used",
]

_KEYS = ("type", "default", "description", "min", "max", "choices")


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One setting of a pack: its name, the type of its values, its default and what it means.

    Attributes:
        name: the setting's name (``follow_up_after_days``); its fact is ``settings.NAME``.
        value: the type of its values (:class:`~.values.ValueSpec`).
        default: its value unless a pack or a call changes it.
        description: what it means, for people.
        file: the pack file that declared it (a later pack may change its default).
        line: the line it is declared on, if known.
    """

    name: str
    value: ValueSpec
    default: Any
    description: str = ""
    file: str = field(default="", compare=False)
    line: int | None = field(default=None, compare=False)

    @property
    def path(self) -> str:
        """The setting as a fact: ``settings.NAME``."""
        return f"settings.{self.name}"

    def fact(self) -> FactSpec:
        """The setting as a fact of the pack's vocabulary.

        A text or list setting may be empty, which facts read as absent: its
        placeholders need a fallback or a condition that proves it there.
        """
        empty = self.value.type in ("str", "list")
        return FactSpec(
            path=self.path,
            type=self.value.type,
            description=self.description or f"The setting {self.name}.",
            derived=True,
            nullable=empty,
            presence=(self.path,) if empty else (),
            choices=self.value.choices,
            item_type=self.value.item_type,
            changeable_by="candidate",
            origin="setting",
        )


def declare_setting(name: str, raw: Any, site: Site, mark: Mark | None) -> SettingSpec:
    """Check a new setting's declaration ``{type, default, ...}``; raise a :class:`PackError`."""
    if not isinstance(raw, Mapping) or "type" not in raw or "default" not in raw:
        raise site.error(
            f"setting {name!r} is not declared by any pack it extends: declare it with "
            f"its type and default (got {short_repr(raw)})",
            mark,
            code="bad-setting",
            hint=f"{name}: {{type: int, default: 7, description: ...}}",
        )
    unknown = [k for k in raw if k not in _KEYS]
    if unknown:
        guess = did_you_mean(str(unknown[0]), _KEYS)
        raise site.error(
            f"setting {name!r}: unknown key {unknown[0]!r}",
            _key_mark(raw, unknown[0], mark),
            code="unknown-key",
            hint=f"did you mean {guess!r}?" if guess else f"keys: {', '.join(_KEYS)}",
        )
    kind = raw["type"]
    if kind not in ("bool", "int", "str", "enum", "date", "list"):
        raise site.error(
            f"setting {name!r}: type {short_repr(kind)} is not one of bool, int, str, enum, "
            "date, list",
            _key_mark(raw, "type", mark),
            code="bad-setting",
        )
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise site.error(
            f"setting {name!r}: the description must be text", mark, code="bad-setting"
        )
    spec = _value_spec(name, kind, raw, site, mark)
    try:
        default = spec.check(raw["default"])
    except BadValue as exc:
        raise site.error(
            f"setting {name!r}: its default does not fit: {exc}",
            _key_mark(raw, "default", mark),
            code="bad-setting",
        ) from None
    return SettingSpec(name, spec, default, description, site.file, mark.line if mark else None)


def _value_spec(
    name: str, kind: Any, raw: Mapping[str, Any], site: Site, mark: Mark | None
) -> ValueSpec:
    choices = raw.get("choices", ())
    if kind not in ("enum", "list") and choices:
        raise site.error(
            f"setting {name!r}: 'choices' is for enum and list settings only",
            _key_mark(raw, "choices", mark),
            code="bad-setting",
        )
    if not isinstance(choices, list | tuple) or not all(isinstance(c, str) for c in choices):
        raise site.error(
            f"setting {name!r}: 'choices' must be a list of texts", mark, code="bad-setting"
        )
    if kind == "enum" and not choices:
        raise site.error(
            f"setting {name!r}: an enum setting needs 'choices'", mark, code="bad-setting"
        )
    if len(set(choices)) != len(choices):
        raise site.error(f"setting {name!r}: a choice is listed twice", mark, code="bad-setting")
    bounds: dict[str, Any] = {}
    for key in ("min", "max"):
        if raw.get(key) is None:
            continue
        if kind not in ("int", "date"):
            raise site.error(
                f"setting {name!r}: {key!r} is for int and date settings only",
                _key_mark(raw, key, mark),
                code="bad-setting",
            )
        try:
            bounds[key] = ValueSpec(kind).check(raw[key])
        except BadValue as exc:
            raise site.error(
                f"setting {name!r}: {key}: {exc}", _key_mark(raw, key, mark), code="bad-setting"
            ) from None
    if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
        raise site.error(f"setting {name!r}: min is above max", mark, code="bad-setting")
    return ValueSpec(kind, tuple(choices), bounds.get("min"), bounds.get("max"))


def _key_mark(raw: Any, key: str, default: Mark | None) -> Mark | None:
    return raw.key_mark(key, default) if isinstance(raw, YamlMap) else default


def setting_facts(
    settings: Mapping[str, SettingSpec],
) -> tuple[list[FactSpec], dict[str, Resolver]]:
    """The settings as facts (``settings.NAME``), and how each is read for a decision."""
    specs = [spec.fact() for spec in settings.values()]
    resolvers: dict[str, Resolver] = {spec.path: _reader(spec.name) for spec in settings.values()}
    return specs, resolvers


def _reader(name: str) -> Resolver:
    return lambda facts: facts.settings[name]


def check_setting_values(
    settings: Mapping[str, SettingSpec], given: object, *, pack: str
) -> dict[str, Any]:
    """Check values given for one call against *settings*; return them typed.

    Raises:
        SettingsError: each unknown setting (with a did-you-mean) and each value
            that does not fit, as a problem at ``settings.NAME``.
    """
    if not isinstance(given, Mapping):
        message = f"settings must be a mapping of names to values (got {type(given).__name__})"
        raise SettingsError([FieldProblem("settings", message)])
    problems = []
    checked: dict[str, Any] = {}
    for name, value in given.items():
        spec = settings.get(name) if isinstance(name, str) else None
        if spec is None:
            guess = did_you_mean(str(name), settings)
            message = f"pack {pack!r} has no setting {short_repr(name)}"
            if guess:
                message += f"; did you mean {guess!r}?"
            elif settings:
                message += f" (settings: {', '.join(settings)})"
            problems.append(FieldProblem(f"settings.{name}", message, value))
            continue
        try:
            checked[name] = spec.value.check(value)
        except BadValue as exc:
            problems.append(FieldProblem(spec.path, str(exc), value))
    if problems:
        raise SettingsError(problems)
    return checked


# --- binding -----------------------------------------------------------------


def settings_used(condition: Condition) -> frozenset[str]:
    """The names of the settings *condition* refers to."""
    found: set[str] = set()

    def walk(node: Condition) -> None:
        if isinstance(node, Compare):
            value = node.value
            if isinstance(value, SettingRef):
                found.add(value.name)
            elif isinstance(value, FactRef) and isinstance(value.days, SettingRef):
                found.add(value.days.name)
        elif isinstance(node, Not):
            walk(node.item)
        else:
            for item in node.items:
                walk(item)

    walk(condition)
    return frozenset(found)


def bind_condition(condition: Condition, values: Mapping[str, Any]) -> Condition:
    """*condition* with every ``{setting: NAME}`` replaced by the setting's value.

    A condition that refers to no setting comes back as the very same object.
    """
    if isinstance(condition, Compare):
        value = condition.value
        if isinstance(value, SettingRef):
            bound = values[value.name]
        elif isinstance(value, FactRef) and isinstance(value.days, SettingRef):
            bound = FactRef(value.path, values[value.days.name])
        else:
            return condition
        return Compare(condition.path, condition.op, bound, condition.line, condition.column)
    if isinstance(condition, Not):
        item = bind_condition(condition.item, values)
        return condition if item is condition.item else Not(item)
    items = tuple(bind_condition(item, values) for item in condition.items)
    if all(a is b for a, b in zip(items, condition.items, strict=True)):
        return condition
    return AllOf(items) if isinstance(condition, AllOf) else AnyOf(items)


def bind_ref(ref: FactRef | None, values: Mapping[str, Any]) -> FactRef | None:
    """A date reference ``{fact: ..., days: {setting: NAME}}`` with the setting's value."""
    if ref is None or not isinstance(ref.days, SettingRef):
        return ref
    return FactRef(ref.path, values[ref.days.name])
