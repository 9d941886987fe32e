"""The engine: evaluate a compiled pack on one application and resolve conflicts.

Conflict resolution, in order:

1. Every rule whose condition holds fires.
2. Blocks beat recommendations: an action any fired rule blocks is never
   recommended; it is listed in ``Decision.blocked`` with every reason (and
   the rules it overruled), in the order of its highest-ranked blocking rule.
3. Recommendations are ranked by rule priority, highest first; ties keep
   pack order.
4. The same action from several rules appears once, carrying every reason.

Step 1 is the only one an engine does: the native engine asks the pack's
matcher (:mod:`outreach_rules.packs.matcher`); ``engine="durable"`` asks
durable_rules (see :mod:`outreach_rules.engine.durable`). Steps 2 to 4
(:func:`~.resolve.resolve`) are the same code for every engine.

The engine keeps no state between decisions: all per-decision data lives in
local variables and one :class:`~outreach_rules.model.facts.Facts`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from ..errors import (
    ApplicationError,
    EngineError,
    FieldProblem,
    did_you_mean,
    short_repr,
    wrong_type,
)
from ..model.application import Application, as_day, validate_application
from ..model.dates import day_range_problem
from ..model.decision import Decision
from ..model.facts import Facts
from ..packs.loading import default_pack, load_pack
from ..packs.pack import Pack, Rule
from .resolve import resolve

__all__ = [
    "ENGINES",
    "PackLike",
    "check_engine",
    "day_of",
    "decide",
    "facts_of",
    "next_action",
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


def resolve_pack(pack: PackLike, settings: Mapping[str, Any] | None = None) -> Pack:
    """Return *pack* compiled: the default pack for ``None``, a path or shipped name loaded.

    With *settings*, the pack bound to them (see :meth:`Pack.with_settings`).

    Raises:
        PackError: the pack cannot be loaded.
        ApplicationError: an unknown setting, or a value that does not fit.
    """
    if pack is None:
        compiled = default_pack()
    elif isinstance(pack, Pack):
        compiled = pack
    else:
        compiled = load_pack(pack)
    return compiled.with_settings(settings) if settings else compiled


def day_of(value: Any) -> date:
    """Return *value* as the day to advise for; raise :class:`ApplicationError` if not a day."""
    day = as_day(value)
    if day is not None:
        problem = day_range_problem(day)
        if problem is None:
            return day
        raise ApplicationError([FieldProblem("today", problem, value)])
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
    settings: Mapping[str, Any] | None = None,
) -> Decision:
    """Decide what the candidate should do next, and why.

    Args:
        application: an :class:`Application`, or a mapping of facts as in the
            fact reference, docs/reference/facts.md (it is validated; it is never
            changed).
        today: the day the advice is for; defaults to the application's
            ``as_of``. One of the two is required: the engine never reads
            the clock, so the same input always gives the same decision.
        pack: a compiled :class:`Pack`, a shipped pack's name, or a pack
            file's path; the default pack when omitted.
        engine: which engine decides which rules match: ``"native"`` or
            ``"durable"`` (durable_rules, an optional install). The decision
            is the same either way.
        settings: values of the pack's settings for this decision
            (``{"follow_up_after_days": 10}``); the decision records every
            setting's value it used.

    Raises:
        ApplicationError: the application is invalid (its custom facts are
            checked against the pack), no date was given, or a setting is
            unknown or its value does not fit (at ``settings.NAME``).
        PackError: *pack* names a pack that cannot be loaded, or is over the
            limits of the engine asked for (code ``engine-limit``).
        EngineError: *engine* is unknown, not installed, or failed.
    """
    check_engine(engine)
    app, day = validated(application, today)
    return decide(resolve_pack(pack, settings), app, day, engine=engine)


def facts_of(
    application: Application | Mapping[str, Any],
    today: date | str | None = None,
    *,
    pack: PackLike = None,
    settings: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return every fact rules see for *application* on *today*, as plain JSON data.

    The facts are those of *pack* (the default pack when omitted): the
    application's fields, the derived facts, and the pack's settings, custom
    facts and the facts it derives. For inspection and debugging.

    Raises:
        ApplicationError: the application is invalid (for the pack), or no date was given.
    """
    app, day = validated(application, today)
    return resolve_pack(pack, settings).facts_of(app, day)


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


def _fired(pack: Pack, facts: Facts, engine: str) -> list[Rule]:
    """Step 1: the rules whose condition holds, in ranked order."""
    if engine == "native":
        return pack.match(facts)
    from .durable.session import fired_rule_ids  # optional: imported only when asked for

    ids = fired_rule_ids(pack, facts)
    return [rule for rule in pack.ranked if rule.id in ids]


def decide(
    pack: Pack,
    app: Application,
    today: date,
    *,
    engine: str = "native",
    settings: Mapping[str, Any] | None = None,
) -> Decision:
    """Evaluate *pack* on a validated *app* for *today*; see the module doc for the rules.

    Raises:
        ApplicationError: the custom facts do not fit the pack, or *settings* do not.
        TypeError: *pack*, *app* or *today* is not a Pack, an Application or a date.
    """
    if not isinstance(pack, Pack):
        raise wrong_type("decide", "pack", "a Pack (see load_pack)", pack)
    if not isinstance(app, Application):
        raise wrong_type("decide", "app", "an Application (see parse_application)", app)
    if not isinstance(today, date) or isinstance(today, datetime):
        raise wrong_type("decide", "today", "a date", today)
    if settings:
        pack = pack.with_settings(settings)
    facts = pack.facts_for(app, today)
    return resolve(pack, _fired(pack, facts, check_engine(engine)), facts)
