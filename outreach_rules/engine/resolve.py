"""Steps 2 to 4 of a decision: blocks first, ranking, one recommendation per action.

Given the rules that fired (step 1, in ranked order), :func:`resolve` builds
the decision: an action any fired rule blocks is never recommended (it is
listed with every reason, and the rules it overruled); recommendations are
ranked by rule priority, ties in pack order; the same action from several
rules appears once, carrying every reason. It is the same code for every
engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ..language.conditions import FactRef
from ..model.dates import shift_day
from ..model.decision import BlockedAction, BlockReason, Decision, Reason, Recommendation, trusted
from ..model.facts import Facts
from ..model.vocabulary import to_json_value
from ..packs.pack import Pack, Rule

__all__ = ["resolve"]


def _date(facts: Facts, ref: FactRef | None) -> date | None:
    if ref is None:
        return None
    value: date | None = facts[ref.path]
    if value is None:
        return None
    return shift_day(value, ref.shift) if ref.shift else value


class _Reader:
    """The JSON values of the facts the fired rules read, each converted once per decision."""

    __slots__ = ("facts", "json_ready", "values")

    def __init__(self, facts: Facts, json_ready: frozenset[str]) -> None:
        self.facts = facts
        self.json_ready = json_ready  # facts whose values are JSON already: no conversion
        self.values: dict[str, Any] = {}

    def read(self, rule: Rule) -> dict[str, Any]:
        values, read = self.values, {}
        for path in rule.reads:
            value = values.get(path, _UNREAD)
            if value is _UNREAD:
                value = self.facts[path]
                if path not in self.json_ready:
                    value = to_json_value(value)
                values[path] = value
            read[path] = value
        return read


_UNREAD = object()  # a fact not read yet (None is a value: the fact is absent)


def _recommendation(
    pack: Pack, action: str, rules: list[Rule], facts: Facts, reader: _Reader
) -> Recommendation:
    reasons = []
    channel = contact = not_before = due_by = script = None
    merged_facts: dict[str, Any] = {}
    for rule in rules:
        then = rule.then
        if then is None:  # only rules with 'then' are grouped by action
            continue
        read = reader.read(rule)
        merged_facts.update(read)
        reasons.append(
            trusted(
                Reason,
                rule_id=rule.id,
                explanation=then.because.render(facts),
                source=rule.source,
                priority=rule.priority,
                facts=read,
            )
        )
        # Each parameter comes from the highest-ranked rule that sets it.
        if channel is None:
            channel = then.channel
        if contact is None and then.contact is not None:
            contact = then.contact.render(facts)
        if not_before is None:
            not_before = _date(facts, then.not_before)
        if due_by is None:
            due_by = _date(facts, then.due_by)
        if script is None and then.script is not None:
            script = then.script.render(facts)
    first = reasons[0]
    return trusted(
        Recommendation,
        action=action,
        title=pack.actions[action].title,
        rule_id=first.rule_id,
        explanation=" ".join(r.explanation for r in reasons),
        source=first.source,
        priority=first.priority,
        channel=channel,
        contact=contact,
        not_before=not_before,
        due_by=due_by,
        script=script,
        facts=merged_facts,
        reasons=tuple(reasons),
    )


def resolve(pack: Pack, fired: Iterable[Rule], facts: Facts) -> Decision:
    """Steps 2 to 4: turn the rules that fired (in ranked order) into a decision."""
    fired = list(fired)
    reader = _Reader(facts, pack.facts.json_ready)
    blocks: dict[str, list[BlockReason]] = {}
    for rule in fired:
        for block in rule.blocks:
            blocks.setdefault(block.action, []).append(
                trusted(
                    BlockReason,
                    rule_id=rule.id,
                    reason=block.reason.render(facts),
                    source=rule.source,
                    facts=reader.read(rule),
                )
            )
    recommended: dict[str, list[Rule]] = {}
    overruled: dict[str, list[str]] = {}
    for rule in fired:
        if rule.then is None:
            continue
        action = rule.then.action
        if action in blocks:
            overruled.setdefault(action, []).append(rule.id)
        else:
            recommended.setdefault(action, []).append(rule)
    actions = tuple(
        _recommendation(pack, action, rules, facts, reader) for action, rules in recommended.items()
    )
    blocked = tuple(
        trusted(
            BlockedAction,
            action=action,
            title=pack.actions[action].title,
            reason=" ".join(r.reason for r in reasons),
            reasons=tuple(reasons),
            overruled=tuple(overruled.get(action, ())),
        )
        for action, reasons in blocks.items()
    )
    app = facts.app
    return trusted(
        Decision,
        today=facts.today,
        pack=pack.name,
        pack_version=pack.version,
        actions=actions,
        blocked=blocked,
        application_id=app.id,
        meta=app.meta,
        settings=dict(pack.settings_json),
    )
