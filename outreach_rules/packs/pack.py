"""A loaded pack: its compiled rules, frozen, and the matcher built from them.

A :class:`Pack` is what :func:`~outreach_rules.packs.loading.load_pack` returns:
read (:mod:`.reading`), composed with what it extends (:mod:`.extends`),
checked and compiled once (:mod:`.compiling`). Evaluation only reads it, so one
pack may serve many threads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import UnknownRuleError, did_you_mean
from ..language.compile import Test
from ..language.conditions import Condition, FactRef
from ..language.embedded import Example, Invariant
from ..language.templates import Template
from ..model.actions import ActionSpec
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

    ``when`` keeps the declarative condition tree for analysis; ``reads`` lists
    every fact the rule uses (condition, templates, dates), whose values a
    recommendation reports.
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


@dataclass(frozen=True, slots=True, eq=False)
class Pack:
    """A loaded, validated and compiled rule pack (immutable).

    ``rules`` are in pack order (inherited rules first, in their parent's
    order); ``ranked`` is the order rules are considered in: priority, highest
    first, ties in pack order. ``digest`` identifies the pack's content (its
    rules and actions). ``examples`` are the pack file's own worked examples;
    ``invariants`` the properties its decisions must have, inherited ones
    first (see :mod:`outreach_rules.language.embedded`).
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
    # How the pack was loaded, so that pickling (for worker processes) can load it
    # again: the function that loads it and its arguments (see packs.loading).
    _recipe: tuple[Callable[..., Any], tuple[Any, ...]] | None = field(default=None, repr=False)
    # Built from 'ranked' when the pack is made (see outreach_rules.packs.matcher).
    _matcher: Matcher[Rule] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_matcher", Matcher(self.ranked))

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
        """
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
