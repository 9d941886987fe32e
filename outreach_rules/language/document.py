"""The structure of a rule-pack file, as pydantic models.

These models check the skeleton of a pack document (which keys exist, which
are required, their basic types; unknown keys are errors). The parts with
meaning, conditions, templates, dates, sources and action ids, are checked by
:mod:`outreach_rules.packs` against the fact vocabulary and the action
catalogue, with file positions.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

__all__ = [
    "ActionDoc",
    "BlockDoc",
    "CustomFactDoc",
    "DerivedDoc",
    "ExampleDoc",
    "InvariantDoc",
    "PackFile",
    "PatchDoc",
    "RuleDoc",
    "SettingDoc",
    "ThenDoc",
]

_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Identifier = Annotated[StrictStr, Field(pattern=_ID, max_length=100)]
Name = Annotated[StrictStr, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)]
"""The name of a setting, a custom fact or a derived fact: it is part of fact paths and
template placeholders (``settings.NAME``, ``custom.NAME``), so letters, digits and ``_``."""

ValueType = Literal["bool", "int", "str", "enum", "date", "list"]
"""The types a setting, a custom fact or a derived fact may have."""


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ThenDoc(_Doc):
    """What a rule recommends when it fires."""

    action: StrictStr = Field(description="An action id from the catalogue.")
    channel: Literal["call", "email", "visit", "letter"] | None = Field(
        None, description="How to reach out, for outreach actions."
    )
    contact: StrictStr | None = Field(None, description="Whom to contact (a template).")
    not_before: Any = Field(
        None, description="Earliest date: a date fact path, or {fact: path, days: N}."
    )
    due_by: Any = Field(
        None, description="Latest date: a date fact path, or {fact: path, days: N}."
    )
    script: StrictStr | None = Field(
        None, description="A ready-to-use message or call script (a template)."
    )


class BlockDoc(_Doc):
    """An action a rule rules out, and why."""

    action: StrictStr = Field(description="The action id ruled out.")
    reason: StrictStr = Field(min_length=1, description="Why, for the user (a template).")


class RuleDoc(_Doc):
    """One rule of a pack."""

    id: Identifier = Field(description="Unique within the pack; overriding uses it.")
    description: StrictStr = Field("", description="What the rule is for, for pack authors.")
    when: Any = Field(None, description="The condition; absent means always.")
    then: ThenDoc | None = Field(None, description="The recommendation.")
    priority: StrictInt = Field(50, description="Higher ranks first; ties keep pack order.")
    because: StrictStr | None = Field(
        None, description="The explanation shown to the user (a template)."
    )
    source: Any = Field(description="The guidance passage, verbatim, or {house_default: reason}.")
    blocks: tuple[BlockDoc, ...] = Field((), description="Actions this rule rules out.")
    settings: dict[Name, Any] = Field(
        default_factory=dict,
        description="Values of the pack's settings for this rule's condition and dates only.",
    )


class ActionDoc(_Doc):
    """A pack's own action, added to the catalogue."""

    title: StrictStr = Field(min_length=1, description="A short imperative for people.")
    description: StrictStr = Field("", description="When to use it.")


class ExampleDoc(_Doc):
    """A worked example the pack must get right: an application, a day, and what to expect."""

    name: StrictStr = Field(min_length=1, description="What the example shows, for people.")
    today: Any = Field(
        None, description="The day (YYYY-MM-DD); defaults to the application's as_of."
    )
    application: dict[str, Any] = Field(
        description="The application, as docs/reference/facts.md describes it."
    )
    primary: StrictStr | None = Field(None, description="The action expected first.")
    includes: tuple[StrictStr, ...] = Field((), description="Actions that must be recommended.")
    excludes: tuple[StrictStr, ...] = Field((), description="Actions that must not be recommended.")
    blocked: tuple[StrictStr, ...] = Field((), description="Actions that must be ruled out.")


class InvariantDoc(_Doc):
    """A property every decision of the pack must have, checked on generated applications."""

    id: Identifier = Field(description="Unique among the pack's invariants; disable uses it.")
    description: StrictStr = Field("", description="What the invariant protects, for people.")
    never: StrictStr | tuple[StrictStr, ...] | None = Field(
        None, description="Actions never recommended when the condition holds."
    )
    always: StrictStr | tuple[StrictStr, ...] | None = Field(
        None, description="Actions always recommended when the condition holds."
    )
    when: Any = Field(None, description="The condition; absent means on every application.")


class SettingDoc(_Doc):
    """A setting the pack declares: a named, typed value with a default, changed per call."""

    type: ValueType = Field(description="bool, int, str, enum, date or list (of text).")
    default: Any = Field(description="Its value unless a pack or a call changes it.")
    description: StrictStr = Field("", description="What it means, for people.")
    min: Any = Field(None, description="The smallest value allowed (int and date).")
    max: Any = Field(None, description="The largest value allowed (int and date).")
    choices: tuple[StrictStr, ...] = Field(
        (), description="The values allowed (enum), or allowed in the list (list)."
    )


class CustomFactDoc(_Doc):
    """A fact the pack adds to the application, under ``custom:``."""

    type: ValueType = Field(description="bool, int, str, enum, date or list (of text).")
    description: StrictStr = Field("", description="What it means, for people.")
    choices: tuple[StrictStr, ...] = Field(
        (), description="The values allowed (enum), or allowed in the list (list)."
    )
    default: Any = Field(None, description="Its value when the application does not give it.")
    optional: StrictBool = Field(
        False, description="It may be absent (without a default, it is required otherwise)."
    )
    changeable_by: Literal["candidate", "employer"] = Field(
        "employer", description="Who can change it: the candidate or the employer."
    )


class DerivedDoc(_Doc):
    """A fact the pack computes from other facts (see the pack language's derived facts)."""

    type: ValueType = Field(description="bool, int, str, enum, date or list (of text).")
    description: StrictStr = Field("", description="What it means, for people.")
    value: Any = Field(None, description="An expression (not for bool facts given by 'when').")
    when: Any = Field(None, description="For a bool fact: a condition, true when it holds.")
    choices: tuple[StrictStr, ...] = Field((), description="The values of an enum.")
    changeable_by: Literal["candidate", "employer", "time"] | None = Field(
        None, description="Who can change it (default: worked out from what it reads)."
    )


class PatchDoc(_Doc):
    """Changes to parts of an inherited rule, by its id, leaving the rest as it is."""

    rule: Identifier = Field(description="The id of the inherited rule to change.")
    description: StrictStr | None = Field(None, description="A new description.")
    priority: StrictInt | None = Field(None, description="A new priority.")
    because: StrictStr | None = Field(None, description="A new explanation (a template).")
    script: StrictStr | None = Field(None, description="A new script for 'then' (a template).")
    settings: dict[Name, Any] = Field(
        default_factory=dict, description="Values of settings the rule uses, for this rule only."
    )
    blocks: dict[StrictStr, StrictStr | None] = Field(
        default_factory=dict,
        description="A new reason for a block the rule has, by action; null removes the block.",
    )
    add_blocks: tuple[BlockDoc, ...] = Field((), description="Blocks to add to the rule.")


class PackFile(_Doc):
    """A rule-pack document."""

    name: Identifier = Field(description="The pack's name.")
    version: StrictStr = Field("0", description='The pack\'s version (quote it: "1.0").')
    description: StrictStr = Field("", description="What the pack is for.")
    extends: StrictStr | None = Field(
        None, description="A shipped pack's name, or a path relative to this file."
    )
    disable: tuple[StrictStr, ...] = Field(
        (), description="Ids of rules or invariants inherited through extends to leave out."
    )
    actions: dict[Identifier, ActionDoc] = Field(
        default_factory=dict, description="Actions this pack adds to the catalogue."
    )
    settings: dict[Name, Any] = Field(
        default_factory=dict,
        description="Settings the pack declares (name: {type, default, ...}), or new defaults "
        "for inherited ones (name: value).",
    )
    facts: dict[Name, CustomFactDoc] = Field(
        default_factory=dict, description="Custom facts the application may carry under custom:."
    )
    derived: dict[Name, DerivedDoc] = Field(
        default_factory=dict, description="Facts the pack computes from other facts."
    )
    rules: tuple[RuleDoc, ...] = Field((), description="The rules, in order.")
    patch: tuple[PatchDoc, ...] = Field(
        (), description="Changes to parts of inherited rules (priority, because, blocks, ...)."
    )
    examples: tuple[ExampleDoc, ...] = Field(
        (), description="Worked examples the pack must get right (not inherited)."
    )
    invariants: tuple[InvariantDoc, ...] = Field(
        (), description="Properties of every decision (inherited through extends)."
    )
