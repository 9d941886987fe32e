"""The engine: evaluate a compiled pack on one application and resolve conflicts.

Conflict resolution, in order:

1. Every rule whose condition holds fires.
2. Blocks beat recommendations: an action any fired rule blocks is never
   recommended; it is listed in ``Decision.blocked`` with every reason (and
   the rules it overruled), in the order of its highest-ranked blocking rule.
3. Recommendations are ranked by rule priority, highest first; ties keep
   pack order.
4. The same action from several rules appears once, carrying every reason.

Step 1 is the only one an engine does: the native engine tests each rule's
compiled condition; ``engine="durable"`` asks durable_rules (see
:mod:`outreach_rules.backends.durable`). Steps 2 to 4 (:func:`resolve`) are
the same code for every engine.

The engine keeps no state between decisions: all per-decision data lives in
local variables and one :class:`~outreach_rules.vocabulary.Facts`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from .conditions import FactRef
from .decision import BlockedAction, BlockReason, Decision, Reason, Recommendation, trusted
from .errors import ApplicationError, EngineError, FieldProblem, did_you_mean, short_repr
from .facts import Application, as_day, validate_application
from .packs import Pack, Rule, default_pack, load_pack
from .vocabulary import FACT_SPECS, Facts, to_json_value

__all__ = [
    "ENGINES",
    "check_engine",
    "decide",
    "next_action",
    "resolve",
    "resolve_pack",
    "validated",
]

PackLike = Pack | str | os.PathLike[str] | None

ENGINES = ("native", "durable")
"""The engines that can decide which rules match: ``native`` (the default) and ``durable``."""


def check_engine(engine: str) -> str:
    """Return *engine* if it names an engine; raise :class:`EngineError` with a did-you-mean."""
    if engine in ENGINES:
        return engine
    guess = did_you_mean(str(engine), ENGINES)
    raise EngineError(
        f"unknown engine {engine!r}",
        engine=str(engine),
        hint=(f"did you mean {guess!r}? " if guess else "") + f"engines: {', '.join(ENGINES)}",
    )


def resolve_pack(pack: PackLike) -> Pack:
    """Return *pack* compiled: the default pack for ``None``, a path or shipped name loaded."""
    if pack is None:
        return default_pack()
    if isinstance(pack, Pack):
        return pack
    return load_pack(pack)


def day_of(value: Any) -> date:
    """Return *value* as the day to advise for; raise :class:`ApplicationError` if not a day."""
    day = as_day(value)
    if day is not None:
        return day
    raise ApplicationError(
        [
            FieldProblem(
                "today", f"expected a date or a YYYY-MM-DD string (got {short_repr(value)})", value
            )
        ]
    )


def next_action(
    application: Application | Mapping[str, Any],
    *,
    today: date | str | None = None,
    pack: PackLike = None,
    engine: str = "native",
) -> Decision:
    """Decide what the candidate should do next, and why.

    Args:
        application: an :class:`Application`, or a mapping of facts as in the
            contract (it is validated; it is never changed).
        today: the day the advice is for; defaults to the application's
            ``as_of``. One of the two is required: the engine never reads
            the clock, so the same input always gives the same decision.
        pack: a compiled :class:`Pack`, a shipped pack's name, or a pack
            file's path; the default pack when omitted.
        engine: which engine decides which rules match: ``"native"`` or
            ``"durable"`` (durable_rules, an optional install). The decision
            is the same either way.

    Raises:
        ApplicationError: the application is invalid, or no date was given.
        PackError: *pack* names a pack that cannot be loaded, or is over the
            limits of the engine asked for (code ``engine-limit``).
        EngineError: *engine* is unknown, not installed, or failed.
    """
    check_engine(engine)
    app, day = validated(application, today)
    return decide(resolve_pack(pack), app, day, engine=engine)


def validated(
    application: Application | Mapping[str, Any], today: date | str | None
) -> tuple[Application, date]:
    """Validate *application* and settle the day to advise for: *today*, else its ``as_of``.

    Raises:
        ApplicationError: the application is invalid, or neither day is given.
    """
    day = None if today is None else day_of(today)
    app = validate_application(application, today=day)
    if day is None:
        if app.as_of is None:
            raise ApplicationError(
                [
                    FieldProblem(
                        "as_of", "no day to advise for: set as_of in the application or pass today="
                    )
                ]
            )
        day = app.as_of
    return app, day


def _date(facts: Facts, ref: FactRef | None) -> date | None:
    if ref is None:
        return None
    value: date | None = facts[ref.path]
    if value is None:
        return None
    return value + timedelta(days=ref.days) if ref.days else value


class _Reader:
    """The JSON values of the facts the fired rules read, each converted once per decision."""

    __slots__ = ("facts", "values")

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.values: dict[str, Any] = {}

    def read(self, rule: Rule) -> dict[str, Any]:
        values = self.values
        for path in rule.reads:
            if path not in values:
                value = self.facts[path]
                values[path] = value if path in _JSON_ALREADY else to_json_value(value)
        return {path: values[path] for path in rule.reads}


# Facts whose values are JSON values already (no date, list or group to convert).
_JSON_ALREADY = frozenset(
    path for path, spec in FACT_SPECS.items() if spec.type in ("bool", "int", "str", "enum")
)


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


def _fired(pack: Pack, facts: Facts, engine: str) -> list[Rule]:
    """Step 1: the rules whose condition holds, in ranked order."""
    if engine == "native":
        return pack.match(facts)
    from .backends.durable_session import fired_rule_ids  # optional: imported only when asked for

    ids = fired_rule_ids(pack, facts)
    return [rule for rule in pack.ranked if rule.id in ids]


def decide(pack: Pack, app: Application, today: date, *, engine: str = "native") -> Decision:
    """Evaluate *pack* on a validated *app* for *today*; see the module doc for the rules."""
    facts = Facts(app, today)
    return resolve(pack, _fired(pack, facts, check_engine(engine)), facts)


def resolve(pack: Pack, fired: Iterable[Rule], facts: Facts) -> Decision:
    """Steps 2 to 4: turn the rules that fired (in ranked order) into a decision."""
    fired = list(fired)
    reader = _Reader(facts)
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
    return trusted(
        Decision,
        today=facts.today,
        pack=pack.name,
        pack_version=pack.version,
        actions=actions,
        blocked=blocked,
    )
