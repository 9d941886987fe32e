"""A dated plan: step the clock forward, assuming no reply, and note each change of advice.

:func:`plan` decides the same application on each day from *today* on, as if
the employer never answers and nothing else changes, and records a step on
the first day each action is recommended and on each day the next action
changes. It stops at the first day after which no decision can change: the
advice is the same as the day before, and every test of a time fact in the
pack (``days_since_submission >= 7``, ``interview.on < today``) already has
the truth value it will keep. Time facts only move one way as days pass, so a
test that agrees now and in the far future never flips in between.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..engine.decide import PackLike, decide, resolve_pack, validated
from ..errors import OutreachRulesError
from ..language.algebra import compares, reads
from ..language.compile import compile_condition
from ..language.conditions import Compare
from ..language.operators import Test
from ..model.application import Application
from ..model.decision import Decision
from ..model.facts import Facts
from ..packs.pack import Pack

__all__ = ["Plan", "PlanStep", "plan"]

MAX_HORIZON_DAYS = 366
"""The longest plan, in days."""

_FAR = timedelta(days=3650)  # "the far future", for telling whether a time test can still flip


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlanStep(_Out):
    """One dated step: an action that starts, or becomes the next thing to do, that day."""

    on: date = Field(description="The day of the step.")
    day: int = Field(description="Days after the plan's first day.")
    action: str = Field(description="The action id.")
    title: str = Field(description="The action's title.")
    primary: bool = Field(description="Whether it is the next action that day.")
    explanation: str = Field(description="Why, as the recommendation says it that day.")
    rule_id: str = Field(description="The highest-ranked rule recommending it.")
    source: str = Field(description="The guidance passage that rule encodes.")
    not_before: date | None = Field(None, description="Not before this day.")
    due_by: date | None = Field(None, description="By this day (for 'wait': the day it ends).")
    contact: str | None = Field(None, description="Whom to contact.")


class Plan(_Out):
    """A dated agenda for one application, assuming no reply."""

    today: date = Field(description="The plan's first day.")
    pack: str = Field(description="The pack that decided.")
    pack_version: str = Field(description="That pack's version.")
    horizon_days: int = Field(description="How many days ahead the plan may look.")
    steps: tuple[PlanStep, ...] = Field(description="The steps, in date order.")
    settled_on: date | None = Field(
        description="The first day from which the advice no longer changes; null if it still "
        "changes at the horizon."
    )
    last_day: date = Field(description="The last day decided.")
    application_id: str | None = Field(
        None, description="The application's own id, if it has one (never read by rules)."
    )
    meta: dict[str, Any] | None = Field(
        None, description="The application's meta, if it has some, given back as it was."
    )
    settings: dict[str, Any] = Field(
        default_factory=dict, description="The value of every setting of the pack, as used."
    )

    def text(self, width: int = 88) -> str:
        """Render the plan as a dated agenda for people, lines at most *width* long."""
        lines = [f"Plan from {self.today.isoformat()}, assuming no reply:"]
        by_day: dict[date, list[PlanStep]] = {}
        for step in self.steps:
            by_day.setdefault(step.on, []).append(step)
        for on, steps in by_day.items():
            lines.append("")
            lines.append(f"{on.isoformat()} (day {steps[0].day}):")
            for step in steps:
                mark = "NEXT" if step.primary else "also"
                when = f" (until {step.due_by.isoformat()})" if step.due_by else ""
                lines.append(f"  {mark}: {step.title} [{step.action}]{when}")
                if step.primary:
                    lines += textwrap.wrap(
                        step.explanation, width, initial_indent="    ", subsequent_indent="    "
                    )
        lines.append("")
        if self.settled_on is not None:
            lines.append(f"From {self.settled_on.isoformat()} on, nothing changes.")
        else:
            lines.append(f"The plan stops at its horizon, {self.last_day.isoformat()}.")
        return "\n".join(lines) + "\n"


def _time_tests(pack: Pack) -> list[Test]:
    found: dict[Compare, Test] = {}  # rules share tests: check each once
    for rule in pack.rules:
        for node in compares(rule.when):
            # Derived facts may read the day (interview_scheduled does): check them all.
            specs = [pack.facts[path] for path in reads(node)]
            if any(spec.derived or spec.changeable_by == "time" for spec in specs):
                found.setdefault(node, compile_condition(node))
    return list(found.values())


def _settled(tests: list[Test], now: Facts, far: list[bool]) -> bool:
    return all(test(now) == outcome for test, outcome in zip(tests, far, strict=True))


def _steps(decision: Decision, previous: Decision | None, start: date) -> list[PlanStep]:
    before = set(previous.action_ids) if previous else set()
    first = previous.primary.action if previous and previous.primary else None
    steps = []
    for rank, rec in enumerate(decision.actions):
        primary = rank == 0
        if rec.action in before and not (primary and rec.action != first):
            continue
        steps.append(
            PlanStep(
                on=decision.today,
                day=(decision.today - start).days,
                action=rec.action,
                title=rec.title,
                primary=primary,
                explanation=rec.explanation,
                rule_id=rec.rule_id,
                source=rec.source,
                not_before=rec.not_before,
                due_by=rec.due_by,
                contact=rec.contact,
            )
        )
    return steps


def plan(
    application: Application | Mapping[str, Any],
    *,
    today: date | str | None = None,
    horizon_days: int = 21,
    pack: PackLike = None,
    settings: Mapping[str, Any] | None = None,
) -> Plan:
    """Plan ahead: decide each day from *today* on, assuming no reply, and list what changes.

    Args:
        application: the application, as for :func:`next_action`.
        today: the plan's first day (default: the application's ``as_of``).
        horizon_days: how many days ahead to look at most (0 to 366).
        pack: as for :func:`next_action`.
        settings: values of the pack's settings for this plan, as for :func:`next_action`.

    Raises:
        OutreachRulesError: *horizon_days* is out of range.
        ApplicationError: the application is invalid, or no date was given.
    """
    if (
        not isinstance(horizon_days, int)
        or isinstance(horizon_days, bool)
        or not 0 <= horizon_days <= MAX_HORIZON_DAYS
    ):
        raise OutreachRulesError(
            f"horizon_days must be a whole number from 0 to {MAX_HORIZON_DAYS} "
            f"(got {horizon_days!r})"
        )
    app, start = validated(application, today)
    compiled = resolve_pack(pack, settings)
    tests = _time_tests(compiled)
    # Time facts move one way, so the far future stands for every day after the next flip.
    distant = compiled.facts_for(app, start + _FAR)
    far = [test(distant) for test in tests]
    steps: list[PlanStep] = []
    previous: Decision | None = None
    fired_before: tuple[str, ...] | None = None
    settled_on: date | None = None
    run_start = day = start
    for offset in range(horizon_days + 1):
        day = start + timedelta(days=offset)
        facts = compiled.facts_for(app, day)
        fired = tuple(rule.id for rule in compiled.ranked if rule.test(facts))
        if fired != fired_before:
            # Only a change in the rules that fire can change the advice: decide in full
            # only then, which keeps a 21-day plan to a few milliseconds.
            decision = decide(compiled, app, day)
            steps += _steps(decision, previous, start)
            run_start, previous, fired_before = day, decision, fired
        if _settled(tests, facts, far):
            # No test that time can move will flip after today: every later day
            # gives today's advice.
            settled_on = run_start
            break
    return Plan(
        today=start,
        pack=compiled.name,
        pack_version=compiled.version,
        horizon_days=horizon_days,
        steps=tuple(steps),
        settled_on=settled_on,
        last_day=day,
        application_id=app.id,
        meta=app.meta,
        settings=dict(compiled.settings_json),
    )
