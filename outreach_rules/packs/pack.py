"""A loaded pack: its compiled rules, frozen, and the matcher built from them.

A :class:`Pack` is what :func:`~outreach_rules.packs.loading.load_pack` returns:
read (:mod:`.reading`), composed with what it extends (:mod:`.extends`),
checked and compiled once (:mod:`.compiling`). Evaluation only reads it, so one
pack may serve many threads.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any

from ..errors import UnknownRuleError, did_you_mean, wrong_type
from ..language.compile import Test, compile_condition
from ..language.conditions import Condition, FactRef
from ..language.custom import CustomFact, check_custom
from ..language.embedded import Example, Invariant
from ..language.settings import SettingSpec, bind_condition, bind_ref, check_setting_values
from ..language.templates import Template
from ..model.actions import ActionSpec
from ..model.application import Application
from ..model.facts import Facts
from ..model.vocabulary import BUILT_IN, Vocabulary, to_json_value
from .matcher import Matcher

__all__ = ["Block", "Pack", "Rule", "Then"]


@dataclass(frozen=True, slots=True)
class Then:
    """A compiled recommendation: the action, the explanation template, and its parameters."""

    action: str
    because: Template
    channel: str | None = None
    contact: Template | None = None
    not_before: FactRef | None = None
    due_by: FactRef | None = None
    script: Template | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A compiled block: the action ruled out and the reason shown."""

    action: str
    reason: Template


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: checked, immutable, with its condition compiled to ``test``.

    ``when`` keeps the declarative condition tree for analysis, with the
    pack's settings as literals; ``reads`` lists every fact the rule uses
    (condition, templates, dates), whose values a recommendation reports.
    ``settings`` are the values this rule gives settings for itself (a pack
    may, for one rule); ``unbound`` is its condition as written, with
    ``{setting: NAME}`` still in it.
    """

    id: str
    description: str
    priority: int
    when: Condition
    then: Then | None
    source: str
    house_default: bool
    blocks: tuple[Block, ...]
    file: str
    line: int | None
    reads: tuple[str, ...]
    test: Test = field(compare=False, repr=False)
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    unbound: Condition | None = field(default=None, compare=False, repr=False)
    unbound_then: Then | None = field(default=None, compare=False, repr=False)

    def bound(self, values: Mapping[str, Any]) -> Rule:
        """This rule with the settings *values* in its condition and dates (itself if unchanged)."""
        if self.unbound is None:
            return self
        merged = {**values, **self.settings} if self.settings else values
        when = bind_condition(self.unbound, merged)
        then = self.unbound_then
        if then is not None:
            then = replace(
                then,
                not_before=bind_ref(then.not_before, merged),
                due_by=bind_ref(then.due_by, merged),
            )
        if when == self.when and then == self.then:
            return self
        return replace(self, when=when, test=compile_condition(when), then=then)


_MAX_BINDINGS = 32  # packs kept bound to other settings, per pack (least recently used dropped)


@dataclass(frozen=True, slots=True, eq=False)
class Pack:
    """A loaded, validated and compiled rule pack (immutable).

    ``rules`` are in pack order (inherited rules first, in their parent's
    order); ``ranked`` is the order rules are considered in: priority, highest
    first, ties in pack order. ``digest`` identifies the pack's content (its
    rules, actions, settings and facts). ``examples`` are the pack file's own
    worked examples; ``invariants`` the properties its decisions must have,
    inherited ones first (see :mod:`outreach_rules.language.embedded`).

    ``facts`` is the pack's vocabulary: the built-in facts, its settings
    (``settings.NAME``), its custom facts (``custom.NAME``) and the facts it
    derives. ``settings`` declares its settings; ``setting_values`` are the
    values this pack is bound to (the defaults, unless :meth:`with_settings`
    made it); ``custom`` declares the custom facts an application may carry.
    """

    name: str
    version: str
    description: str
    rules: tuple[Rule, ...]
    actions: Mapping[str, ActionSpec]
    files: tuple[str, ...]
    digest: str
    ranked: tuple[Rule, ...] = field(repr=False)
    examples: tuple[Example, ...] = field(default=(), repr=False)
    invariants: tuple[Invariant, ...] = field(default=(), repr=False)
    facts: Vocabulary = field(default_factory=lambda: BUILT_IN, repr=False)
    settings: Mapping[str, SettingSpec] = field(default_factory=dict, repr=False)
    setting_values: Mapping[str, Any] = field(default_factory=dict, repr=False)
    custom: Mapping[str, CustomFact] = field(default_factory=dict, repr=False)
    # How the pack was loaded, so that pickling (for worker processes) can load it
    # again: the function that loads it and its arguments (see packs.loading).
    _recipe: tuple[Callable[..., Any], tuple[Any, ...]] | None = field(default=None, repr=False)
    # Built from 'ranked' when the pack is made (see outreach_rules.packs.matcher).
    _matcher: Matcher[Rule] = field(init=False, repr=False)
    # The settings as a decision records them (JSON), and this pack bound to other settings.
    _settings_json: Mapping[str, Any] = field(init=False, repr=False)
    # The settings as facts (settings.NAME), resolved once for every decision.
    _setting_facts: Mapping[str, Any] = field(init=False, repr=False)
    _bindings: OrderedDict[tuple[Any, ...], Pack] = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_matcher", Matcher(self.ranked, self.facts))
        values = {k: _json(v) for k, v in self.setting_values.items()}
        object.__setattr__(self, "_settings_json", MappingProxyType(values))
        known = {
            f"settings.{name}": None if _empty(value) else value
            for name, value in self.setting_values.items()
            if f"settings.{name}" in self.facts
        }
        object.__setattr__(self, "_setting_facts", known)
        object.__setattr__(self, "_bindings", OrderedDict())
        object.__setattr__(self, "_lock", threading.Lock())

    @property
    def settings_json(self) -> Mapping[str, Any]:
        """The values of the settings this pack is bound to, as JSON values."""
        return self._settings_json

    def with_settings(self, settings: Mapping[str, Any]) -> Pack:
        """This pack with some settings changed (for one call, or for many).

        The values are checked against the settings' declarations; the pack
        that comes back is bound to them (its conditions hold the new values),
        and is kept for the next call with the same values.

        Raises:
            ApplicationError: an unknown setting (with a did-you-mean), or a value
                that does not fit, each at ``settings.NAME``.
        """
        checked = check_setting_values(self.settings, settings, pack=self.name)
        values = {**self.setting_values, **checked}
        if values == dict(self.setting_values):
            return self
        key = tuple(sorted(values.items()))
        with self._lock:
            found = self._bindings.get(key)
            if found is not None:
                self._bindings.move_to_end(key)
                return found
        bound = self._bind(values)
        with self._lock:
            self._bindings[key] = bound
            while len(self._bindings) > _MAX_BINDINGS:
                self._bindings.popitem(last=False)
        return bound

    def _bind(self, values: Mapping[str, Any]) -> Pack:
        rules = tuple(rule.bound(values) for rule in self.rules)
        by_id = {rule.id: rule for rule in rules}
        text = json.dumps({k: _json(v) for k, v in sorted(values.items())}, sort_keys=True)
        digest = hashlib.sha256(f"{self.digest}|{text}".encode()).hexdigest()
        return replace(
            self,
            rules=rules,
            ranked=tuple(by_id[rule.id] for rule in self.ranked),
            invariants=tuple(invariant.bound(values) for invariant in self.invariants),
            digest=digest,
            setting_values=MappingProxyType(dict(values)),
            _recipe=(_bound, (self, dict(values))),
        )

    def facts_for(self, app: Application, today: date) -> Facts:
        """The facts of *app* on *today* as this pack reads them (its vocabulary and settings).

        Raises:
            ApplicationError: the application's custom facts do not fit the pack's
                declarations (an unknown name, a wrong type, a required one missing).
        """
        if self.custom or app.custom:
            values = check_custom(self.custom, app.custom, pack=self.name)
            return Facts(app, today, self.facts, self.setting_values, values, self._setting_facts)
        return Facts(app, today, self.facts, self.setting_values, _NO_CUSTOM, self._setting_facts)

    def facts_of(self, app: Application, today: date) -> dict[str, Any]:
        """Every fact of *app* on *today*, as this pack reads them, as plain JSON data."""
        facts = self.facts_for(app, today)
        return {path: to_json_value(facts[path]) for path in self.facts}

    def match(self, facts: Mapping[str, Any]) -> list[Rule]:
        """Return the rules whose condition holds on *facts*, in ranked order.

        *facts* is a :class:`~outreach_rules.model.facts.Facts` (or any mapping
        of every fact path the pack reads). This is step 1 of a decision.
        """
        return self._matcher(facts)

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with id *rule_id*.

        Raises:
            UnknownRuleError: no rule has that id (a ``KeyError`` too), with a suggestion.
            TypeError: *rule_id* is not a str.
        """
        if not isinstance(rule_id, str):
            raise wrong_type("Pack.rule", "rule_id", "a str", rule_id)
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise UnknownRuleError(rule_id, self.name, did_you_mean(rule_id, self.rule_ids))

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The ids of the rules, in pack order."""
        return tuple(r.id for r in self.rules)

    def __repr__(self) -> str:
        return f"<Pack {self.name} {self.version}: {len(self.rules)} rules>"

    def __reduce__(self) -> tuple[Any, ...]:
        # Compiled rules hold closures, which do not pickle: a pack travels to
        # another process as the recipe that loaded it, and is loaded again there.
        if self._recipe is None:
            raise TypeError(f"{self!r} was not made by load_pack or load_pack_text: cannot pickle")
        return self._recipe


def _bound(pack: Pack, values: Mapping[str, Any]) -> Pack:
    """*pack* bound to the settings *values* (how a bound pack is pickled)."""
    return pack.with_settings(values)


_NO_CUSTOM: Mapping[str, Any] = MappingProxyType({})


def _empty(value: Any) -> bool:
    """An empty text or list: a fact with that value reads as absent (as in Facts)."""
    return not value and isinstance(value, str | tuple)


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
