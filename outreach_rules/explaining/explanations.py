"""Why, why not, and what would change it.

* :func:`explain` (and :meth:`Decision.explain`): for every recommendation and
  every ruled-out action, the rules behind it with their conditions evaluated.
* :func:`why_not`: for any action of the catalogue, the rules that could
  recommend it and which of their conditions failed, the rules that block it,
  and the smallest changes that would make it recommended.

Counterfactuals come from :mod:`outreach_rules.explaining.counterfactuals`, verified by
the engine. Only changes the candidate can make (or a later day) are
suggested; those that need the employer are listed apart, as out of the
candidate's hands.

This module imports the engine, never the reverse (``Decision.trace`` imports
it only when called: see :func:`trace_decision`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..engine.decide import PackLike, decide, resolve_pack, validated
from ..errors import ApplicationError, OutreachRulesError, UnknownActionError, wrong_type
from ..model.application import Application
from ..model.decision import BlockedAction, Decision, Recommendation
from ..packs.loading import load_pack
from ..packs.pack import Pack, Rule
from ..packs.reading import shipped_packs
from .counterfactuals import Change, Counterfactual, find_counterfactuals
from .trace import RecordedFacts, RuleTrace, flat_lines, trace_rule

__all__ = [
    "ActionExplanation",
    "Change",
    "Counterfactual",
    "Explanation",
    "explain",
    "explain_decision",
    "trace_decision",
    "why_not",
]

MAX_COUNTERFACTUALS = 5
"""The most suggestions (and the most out-of-reach changes) reported per action."""

Status = Literal["recommended", "blocked", "not_recommended"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ActionExplanation(_Out):
    """Why an action is, or is not, recommended, with the rules and conditions behind it."""

    action: str = Field(description="The action id.")
    title: str = Field(description="The action's title.")
    today: date = Field(description="The day asked about.")
    status: Status = Field(description="recommended, blocked, or not_recommended.")
    recommendation: Recommendation | None = Field(
        None, description="The recommendation, when it is recommended."
    )
    blocked: BlockedAction | None = Field(None, description="Why it is ruled out, when it is.")
    rules: tuple[RuleTrace, ...] = Field(
        description="Rules that recommend it: in why_not every such rule, in explain those "
        "that fired; highest ranked first."
    )
    blocks: tuple[RuleTrace, ...] = Field(
        description="Rules that block it: in why_not every such rule, in explain those that "
        "fired; highest ranked first."
    )
    suggestions: tuple[Counterfactual, ...] = Field(
        (), description="Changes the candidate can make (or a later day) that make it recommended."
    )
    out_of_reach: tuple[Counterfactual, ...] = Field(
        (), description="Changes that would make it recommended but need the employer."
    )

    def text(self) -> str:
        """Render the explanation as text for people."""
        return "\n".join(_action_lines(self)) + "\n"


class Explanation(_Out):
    """A decision with the trace of every recommendation and every ruled-out action."""

    decision: Decision = Field(description="The decision explained.")
    actions: tuple[ActionExplanation, ...] = Field(description="Each recommendation, best first.")
    blocked: tuple[ActionExplanation, ...] = Field(description="Each ruled-out action.")

    def text(self) -> str:
        """Render every explanation as text for people."""
        lines = [f"Why, on {self.decision.today.isoformat()} (pack {self.decision.pack}):"]
        for item in (*self.actions, *self.blocked):
            lines += ["", *_action_lines(item, header=False)]
        if not self.actions and not self.blocked:
            lines += ["", "No rule applies: nothing is recommended or ruled out."]
        return "\n".join(lines) + "\n"


# --- why ---------------------------------------------------------------------


def _rules_by_id(pack: Pack, ids: Iterable[str]) -> list[Rule]:
    wanted = list(dict.fromkeys(ids))
    by_id = {r.id: r for r in pack.rules}
    missing = [i for i in wanted if i not in by_id]
    if missing:
        raise OutreachRulesError(
            f"the decision names rule {missing[0]!r}, which pack {pack.name!r} does not have; "
            "explain it with the pack that made it"
        )
    return [by_id[i] for i in wanted]


def explain_decision(
    decision: Decision, pack: Pack, facts: Mapping[str, Any] | None = None
) -> Explanation:
    """Explain *decision*, made with *pack*: the trace of each rule behind it.

    Without *facts* the conditions are evaluated on the fact values the
    decision recorded, so a decision read back from JSON can be explained.
    """

    def traced(rule: Rule, recorded: Mapping[str, Any]) -> RuleTrace:
        seen = facts if facts is not None else RecordedFacts(recorded, pack.facts)
        return trace_rule(rule, seen, pack.facts)

    actions = []
    for rec in decision.actions:
        recorded = {r.rule_id: r.facts for r in rec.reasons}
        rules = _rules_by_id(pack, recorded)
        actions.append(
            ActionExplanation(
                action=rec.action,
                title=rec.title,
                today=decision.today,
                status="recommended",
                recommendation=rec,
                rules=tuple(traced(r, recorded[r.id]) for r in rules),
                blocks=(),
            )
        )
    blocked = []
    for item in decision.blocked:
        recorded = {r.rule_id: r.facts for r in item.reasons}
        rules = _rules_by_id(pack, recorded)
        overruled = _rules_by_id(pack, item.overruled)
        blocked.append(
            ActionExplanation(
                action=item.action,
                title=item.title,
                today=decision.today,
                status="blocked",
                blocked=item,
                # Overruled rules fired but recorded no facts: their trace needs live facts.
                rules=tuple(trace_rule(r, facts, pack.facts) for r in overruled)
                if facts is not None
                else (),
                blocks=tuple(traced(r, recorded[r.id]) for r in rules),
            )
        )
    return Explanation(decision=decision, actions=tuple(actions), blocked=tuple(blocked))


def trace_decision(decision: Decision, pack: Pack | None = None) -> Explanation:
    """Explain *decision* on the fact values it recorded (what ``Decision.trace`` does).

    *pack* is the pack that made it; by default, the shipped pack of that name,
    which must be the version the decision names.

    Raises:
        OutreachRulesError: no pack given and the decision's is not shipped (or not in
            the version it names), or the pack lacks the rules the decision names.
    """
    if pack is None:
        if decision.pack not in shipped_packs():
            raise OutreachRulesError(
                f"pack {decision.pack!r} is not a shipped pack: pass the pack that made the "
                "decision, decision.trace(pack)"
            )
        pack = load_pack(decision.pack)
        if pack.version != decision.pack_version:
            raise OutreachRulesError(
                f"the decision was made with pack {decision.pack!r} {decision.pack_version}, "
                f"but the shipped one is {pack.version}: pass that pack, decision.trace(pack)"
            )
    return explain_decision(decision, _bound_as_decided(pack, decision))


def _bound_as_decided(pack: Pack, decision: Decision) -> Pack:
    """*pack* bound to the settings *decision* was made with, as it recorded them.

    Conditions hold the settings' values: traced with other values, a rule that
    fired would read as one that did not (``days_since_submission < 7`` for a
    decision made with ``follow_up_after_days=10``).
    """
    if not decision.settings or decision.settings == dict(pack.settings_json):
        return pack
    try:
        return pack.with_settings(decision.settings)
    except ApplicationError as exc:  # a SettingsError: settings this pack does not take
        raise OutreachRulesError(
            f"the decision was made with settings pack {pack.name!r} does not take "
            f"({'; '.join(p.message for p in exc.problems)}); "
            "explain it with the pack that made it"
        ) from None


def explain(
    application: Application | Mapping[str, Any],
    *,
    today: date | str | None = None,
    pack: PackLike = None,
    settings: Mapping[str, Any] | None = None,
) -> Explanation:
    """Decide, and explain every recommendation and ruled-out action with its rules' traces.

    *settings* change the pack's settings for this call, as for :func:`next_action`.

    Raises:
        ApplicationError: the application is invalid, or no date was given.
    """
    app, day = validated(application, today)
    compiled = resolve_pack(pack, settings)
    facts = compiled.facts_for(app, day)
    return explain_decision(decide(compiled, app, day), compiled, facts)


# --- why not -----------------------------------------------------------------


def why_not(
    application: Application | Mapping[str, Any],
    action: str,
    *,
    today: date | str | None = None,
    pack: PackLike = None,
    counterfactuals: bool = True,
    settings: Mapping[str, Any] | None = None,
) -> ActionExplanation:
    """Explain why *action* is or is not recommended, and what would change it.

    Args:
        application: the application, as for :func:`next_action`.
        action: any action id of the pack's catalogue.
        today: the day asked about (default: the application's ``as_of``).
        pack: as for :func:`next_action`.
        counterfactuals: look for the smallest changes that make it recommended.
        settings: values of the pack's settings for this call, as for :func:`next_action`.

    Raises:
        UnknownActionError: *action* is not in the pack's catalogue (with a did-you-mean).
        ApplicationError: the application is invalid, or no date was given.
        TypeError: *action* is not a str.
    """
    if not isinstance(action, str):
        raise wrong_type("why_not", "action", "an action id (a str)", action)
    app, day = validated(application, today)
    compiled = resolve_pack(pack, settings)
    if action not in compiled.actions:
        raise UnknownActionError(action, compiled.actions, pack=compiled.name)
    decision = decide(compiled, app, day)
    facts = compiled.facts_for(app, day)
    recommendation = decision.get(action)
    blocked = decision.blocked_action(action)
    status: Status = (
        "recommended" if recommendation else "blocked" if blocked else "not_recommended"
    )
    producers = [r for r in compiled.ranked if r.then is not None and r.then.action == action]
    blockers = [r for r in compiled.ranked if any(b.action == action for b in r.blocks)]
    suggestions: tuple[Counterfactual, ...] = ()
    out_of_reach: tuple[Counterfactual, ...] = ()
    if counterfactuals and status != "recommended":
        found = find_counterfactuals(compiled, app, day, action)
        suggestions = tuple(c for c in found if "employer" not in c.needs)[:MAX_COUNTERFACTUALS]
        out_of_reach = tuple(c for c in found if "employer" in c.needs)[:MAX_COUNTERFACTUALS]
    return ActionExplanation(
        action=action,
        title=compiled.actions[action].title,
        today=day,
        status=status,
        recommendation=recommendation,
        blocked=blocked,
        rules=tuple(trace_rule(r, facts, compiled.facts) for r in producers),
        blocks=tuple(trace_rule(r, facts, compiled.facts) for r in blockers),
        suggestions=suggestions,
        out_of_reach=out_of_reach,
    )


# --- text --------------------------------------------------------------------

_STATUS_WORDS = {
    "recommended": "recommended",
    "blocked": "ruled out",
    "not_recommended": "not recommended: no rule for it applies",
}

_WIDTH = 88


def _wrap(text: str, indent: str) -> list[str]:
    more = indent + ("  " if text.startswith("- ") else "    ")
    return textwrap.wrap(
        text, _WIDTH, initial_indent=indent, subsequent_indent=more, break_on_hyphens=False
    )


def _rule_head(trace: RuleTrace) -> str:
    state = "fired" if trace.held else "did not fire"
    return f"{trace.rule_id} (priority {trace.priority}, {state})"


def _action_lines(item: ActionExplanation, *, header: bool = True) -> list[str]:
    lines = []
    if header:
        lines.append(f"{item.title} [{item.action}] on {item.today.isoformat()}:")
        lines.append(f"  {_STATUS_WORDS[item.status]}")
    else:
        lines.append(f"{item.title} [{item.action}]: {_STATUS_WORDS[item.status]}")
    if item.recommendation is not None:
        lines += _wrap(f"Why: {item.recommendation.explanation}", "  ")
    if item.blocked is not None:
        for reason in item.blocked.reasons:
            lines += _wrap(f"Ruled out: {reason.reason} (rule {reason.rule_id})", "  ")
    fired_blocks = [b for b in item.blocks if b.held]
    if fired_blocks:
        lines.append("  Blocked by:")
        for trace in fired_blocks:
            lines.append(f"    {_rule_head(trace)}")
            lines += _wrap(f'source: "{trace.source}"', "      ")
            lines += flat_lines(trace.when, "      ")
    if item.rules:
        lines.append("  Rules that recommend it:")
        for trace in item.rules:
            lines.append(f"    {_rule_head(trace)}")
            lines += flat_lines(trace.when, "      ", owners=True)
    elif item.blocked is not None and item.blocked.overruled:
        lines.append(f"  Overruled: {', '.join(item.blocked.overruled)}")
    elif item.status != "recommended":
        # why_not lists every rule that recommends the action; explain only those that
        # fired: an empty list says something different in each.
        if header:
            lines.append("  No rule of the pack recommends it.")
        else:
            lines.append("  No rule that recommends it applies today.")
    if item.status != "recommended" and (item.suggestions or item.out_of_reach or header):
        lines.append("  What would change it:")
        for cf in item.suggestions:
            lines += _wrap(f"- {cf.text}", "    ")
        if not item.suggestions:
            lines.append("    - nothing you can change on your own")
        for cf in item.out_of_reach:
            lines += _wrap(f"- out of your hands: {cf.text}", "    ")
    return lines
