"""Why, why not, and what would change it.

* :func:`explain` (and :meth:`Decision.explain`): for every recommendation and
  every ruled-out action, the rules behind it with their conditions evaluated.
* :func:`why_not`: for any action of the catalogue, the rules that could
  recommend it and which of their conditions failed, the rules that block it,
  and the smallest changes that would make it recommended.

Counterfactuals are found from the declarative conditions: for each rule that
could recommend the action, the failing tests it needs to hold, together with
the tests that would stop each firing block. Each test is turned into a change
of the application or into "a later day", and every candidate is verified by
running the engine on the changed application; what fails verification is
dropped. Only changes the candidate can make are suggested; those that need
the employer are listed apart, as out of the candidate's hands.

This module imports the engine; nothing imports it but the public API.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .conditions import AllOf, Compare, Condition, FactRef, Not, compile_condition
from .decision import BlockedAction, Decision, Recommendation
from .engine import PackLike, decide, resolve_pack, validated
from .errors import OutreachRulesError, UnknownActionError
from .facts import Application, validate_application
from .packs import Pack, Rule
from .trace import RecordedFacts, RuleTrace, condition_text, flat_lines, trace_rule
from .vocabulary import FACT_SPECS, Facts, to_json_value

__all__ = [
    "ActionExplanation",
    "Change",
    "Counterfactual",
    "Explanation",
    "explain",
    "explain_decision",
    "why_not",
]

SEARCH_DAYS = 60
"""How far ahead a counterfactual may wait for a later day."""

MAX_COUNTERFACTUALS = 5
"""The most suggestions (and the most out-of-reach changes) reported per action."""

_MAX_SETS = 64  # requirement sets kept while combining conditions; bounds the search

Status = Literal["recommended", "blocked", "not_recommended"]
Owner = Literal["candidate", "employer", "time"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Change(_Out):
    """One change to the application: a field, its new value, and who can make it."""

    field: str = Field(description="The application field changed (dotted path).")
    to: Any = Field(description="Its new value (JSON; null removes it).")
    changeable_by: Literal["candidate", "employer"] = Field(
        description="Who can make the change: the candidate, or only the employer."
    )
    satisfies: str = Field(description="The condition the change makes hold.")
    text: str = Field(description="The change, for people.")


class Counterfactual(_Out):
    """A smallest set of changes that makes an action recommended, verified by the engine."""

    action: str = Field(description="The action it makes recommended.")
    changes: tuple[Change, ...] = Field(description="The changes to the application.")
    on: date = Field(description="The first day the action is recommended with those changes.")
    until: date | None = Field(
        description="The last day it stays recommended, when that comes within the days "
        "searched; null: it stays."
    )
    waits: bool = Field(description="Whether it needs a later day than the one asked about.")
    needs: tuple[Owner, ...] = Field(
        description="Whose changes it takes: candidate, employer and/or time."
    )
    text: str = Field(description="The counterfactual, for people.")

    def apply(self, application: Application | Mapping[str, Any]) -> Application:
        """Return *application* with the changes made, ``as_of`` set to :attr:`on`."""
        app = validate_application(application)
        return _apply(app, [(c.field, c.to) for c in self.changes], self.on)


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
        return trace_rule(rule, facts if facts is not None else RecordedFacts(recorded))

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
                rules=tuple(trace_rule(r, facts) for r in overruled) if facts is not None else (),
                blocks=tuple(traced(r, recorded[r.id]) for r in rules),
            )
        )
    return Explanation(decision=decision, actions=tuple(actions), blocked=tuple(blocked))


def explain(
    application: Application | Mapping[str, Any],
    *,
    today: date | str | None = None,
    pack: PackLike = None,
) -> Explanation:
    """Decide, and explain every recommendation and ruled-out action with its rules' traces.

    Raises:
        ApplicationError: the application is invalid, or no date was given.
    """
    app, day = validated(application, today)
    compiled = resolve_pack(pack)
    facts = Facts(app, day)
    return explain_decision(decide(compiled, app, day), compiled, facts)


# --- why not -----------------------------------------------------------------


def why_not(
    application: Application | Mapping[str, Any],
    action: str,
    *,
    today: date | str | None = None,
    pack: PackLike = None,
    counterfactuals: bool = True,
) -> ActionExplanation:
    """Explain why *action* is or is not recommended, and what would change it.

    Args:
        application: the application, as for :func:`next_action`.
        action: any action id of the pack's catalogue.
        today: the day asked about (default: the application's ``as_of``).
        pack: as for :func:`next_action`.
        counterfactuals: look for the smallest changes that make it recommended.

    Raises:
        UnknownActionError: *action* is not in the pack's catalogue (with a did-you-mean).
        ApplicationError: the application is invalid, or no date was given.
    """
    app, day = validated(application, today)
    compiled = resolve_pack(pack)
    if action not in compiled.actions:
        raise UnknownActionError(action, compiled.actions, pack=compiled.name)
    decision = decide(compiled, app, day)
    facts = Facts(app, day)
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
        found = _counterfactuals(compiled, app, day, action, producers, blockers, facts)
        suggestions = tuple(c for c in found if "employer" not in c.needs)[:MAX_COUNTERFACTUALS]
        out_of_reach = tuple(c for c in found if "employer" in c.needs)[:MAX_COUNTERFACTUALS]
    return ActionExplanation(
        action=action,
        title=compiled.actions[action].title,
        today=day,
        status=status,
        recommendation=recommendation,
        blocked=blocked,
        rules=tuple(trace_rule(r, facts) for r in producers),
        blocks=tuple(trace_rule(r, facts) for r in blockers),
        suggestions=suggestions,
        out_of_reach=out_of_reach,
    )


# --- counterfactuals ---------------------------------------------------------

_NEGATED = {
    "==": "!=",
    "!=": "==",
    "<": ">=",
    ">=": "<",
    "<=": ">",
    ">": "<=",
    "in": "not in",
    "not in": "in",
}

Requirement = frozenset[Compare]


def _minimal(sets: Iterable[Requirement]) -> list[Requirement]:
    unique = sorted(set(sets), key=lambda s: (len(s), sorted(map(condition_text, s))))
    kept: list[Requirement] = []
    for candidate in unique:
        if not any(k <= candidate for k in kept):
            kept.append(candidate)
    return kept[:_MAX_SETS]


def _normal(node: Compare) -> Compare:
    """One spelling per test, so equal needs compare equal: ``x != false`` is ``x == true``."""
    if node.op == "!=" and isinstance(node.value, bool):
        return Compare(node.path, "==", not node.value)
    return node


def _requirements(node: Condition, facts: Mapping[str, Any], want: bool) -> list[Requirement]:
    """Sets of tests, each enough (with what holds already) to make *node* evaluate to *want*."""
    if compile_condition(node)(facts) == want:
        return [frozenset()]
    if isinstance(node, Compare):
        if want:
            return [frozenset({_normal(node)})]
        if node.op == "present":
            return [frozenset({Compare(node.path, "present", not node.value)})]
        if node.op not in _NEGATED:
            return []  # "does not contain" has no test of its own to aim for
        return [frozenset({_normal(Compare(node.path, _NEGATED[node.op], node.value))})]
    if isinstance(node, Not):
        return _requirements(node.item, facts, not want)
    parts = [_requirements(item, facts, want) for item in node.items]
    if isinstance(node, AllOf) == want:  # every item must come out as wanted
        combined: list[Requirement] = [frozenset()]
        for options in parts:
            combined = _minimal(a | b for a in combined for b in options)
        return combined
    return _minimal(option for options in parts for option in options)


Edit = tuple[str, Any, Owner, str]  # field, value, who, text


def _owner(path: str) -> Owner:
    return FACT_SPECS[path].changeable_by


def _placeholder(path: str) -> str:
    return f"(your {path.rsplit('.', 1)[-1].replace('_', ' ')})"


_CONTACT_LABELS = (
    ("phone", "telephone number"),
    ("skype", "Skype address"),
    ("availability", "times available"),
    ("email", "email address"),
)


def _derived_edits(node: Compare, app: Application, today: date) -> list[Edit] | None:
    key = (node.path, node.op, node.value)
    if key == ("submitted", "==", True):
        return [
            (
                "submitted_on",
                today.isoformat(),
                "candidate",
                f"submit your application (submitted_on: {today.isoformat()})",
            )
        ]
    if key == ("missing_contact_details", "present", False):
        return [
            (f"candidate.{key}", f"(your {label})", "candidate", f"give your {label}")
            for key, label in _CONTACT_LABELS
            if not getattr(app.candidate, key)
        ]
    if key in (("calls_allowed", "==", True), ("calls_allowed", "!=", False)):
        return [("posting.no_calls", False, "employer", "if posting.no_calls were false")]
    if key in (("has_recruiter", "==", False), ("has_recruiter", "!=", True)):
        return [("posting.recruiter", None, "employer", "if the posting listed no recruiter")]
    if key in (("replied", "==", False), ("replied", "!=", True)) and app.heard_back:
        return [("heard_back", False, "employer", "if the employer had not replied")]
    return None


# The value of the candidate's own yes/no facts once the work is done (others: true).
_DONE: Mapping[str, bool] = {"materials.cover_letter.names_specific_date": False}


def _literal_for(node: Compare) -> tuple[bool, Any]:
    """A value of the fact that makes *node* hold: (found, value)."""
    spec = FACT_SPECS[node.path]
    op, value = node.op, node.value
    if isinstance(value, FactRef):
        return False, None
    if op == "present":
        if not value:
            return True, None
        if spec.type == "object":
            return True, {}
        if spec.type == "str":
            return True, _placeholder(node.path)
        return False, None
    if op == "==":
        return True, value
    if op == "in":
        return True, value[0]
    if op in ("!=", "not in"):
        excluded = value if op == "not in" else (value,)
        if spec.type == "bool":
            return True, not value
        others = [c for c in spec.choices if c not in excluded]
        if others:
            return True, others[0]
        return (True, None) if spec.nullable else (False, None)
    return False, None


def _edits_for(node: Compare, app: Application, today: date) -> list[Edit] | Literal["time"] | None:
    """Turn one test into changes of the application, "time", or None (no change can)."""
    paths = [node.path] + ([node.value.path] if isinstance(node.value, FactRef) else [])
    if any(_owner(p) == "time" for p in paths):
        return "time"
    spec = FACT_SPECS[node.path]
    if spec.derived:
        return _derived_edits(node, app, today)
    if node.path in ("submitted_on", "history"):
        return None  # the past cannot be undone
    found, value = _literal_for(node)
    if not found:
        return None
    owner = _owner(node.path)
    if owner == "candidate" and (
        value is None or (spec.type == "bool" and value != _DONE.get(node.path, True))
    ):
        return None  # never suggest undoing work done: research, a letter, contact details

    shown = "nothing" if value is None else to_json_value(value)
    if isinstance(shown, bool):
        shown = "true" if shown else "false"
    return [(node.path, to_json_value(value), owner, f"if {node.path} were {shown}")]


def _apply(application: Application, edits: Iterable[tuple[str, Any]], day: date) -> Application:
    data = application.model_dump(mode="json", by_alias=True)
    data["as_of"] = day.isoformat()  # a change made today must not lie after as_of
    for path, value in edits:
        *parents, last = path.split(".")
        node = data
        for key in parents:
            if node.get(key) is None:
                node[key] = {}
            node = node[key]
        node[last] = value
    return Application.model_validate(data)


def _window(
    pack: Pack, app: Application, today: date, action: str, later_only: bool
) -> tuple[date, date | None] | None:
    """The first day *action* is recommended for *app*, and the last one if it then stops."""
    first: date | None = None
    for offset in range(1 if later_only else 0, SEARCH_DAYS + 1):
        day = today + timedelta(days=offset)
        shown = any(rec.action == action for rec in decide(pack, app, day).actions)
        if first is None and shown:
            first = day
        elif first is not None and not shown:
            return first, day - timedelta(days=1)
    return None if first is None else (first, None)


def _counterfactuals(
    pack: Pack,
    app: Application,
    today: date,
    action: str,
    producers: list[Rule],
    blockers: list[Rule],
    facts: Facts,
) -> list[Counterfactual]:
    unblock: list[Requirement] = [frozenset()]
    for rule in blockers:
        unblock = _minimal(a | b for a in unblock for b in _requirements(rule.when, facts, False))
    needs_sets = _minimal(
        a | b
        for rule in producers
        for a, b in itertools.product(_requirements(rule.when, facts, True), unblock)
    )
    found: dict[tuple[tuple[str, str], ...], Counterfactual] = {}
    for requirement in needs_sets:
        edits: dict[str, Edit] = {}
        timed = False
        possible = True
        for node in sorted(requirement, key=condition_text):
            result = _edits_for(node, app, today)
            if result is None:
                possible = False
                break
            if result == "time":
                timed = True
                continue
            for edit in result:
                edits[edit[0]] = edit
        if not possible:
            continue
        try:
            changed = _apply(app, [(e[0], e[1]) for e in edits.values()], today)
        except ValueError:
            continue  # the change would make an invalid application
        window = _window(pack, changed, today, action, later_only=timed and not edits)
        if window is None:
            continue
        day, until = window
        key = tuple(sorted((e[0], repr(e[1])) for e in edits.values()))
        if key in found and found[key].on <= day:
            continue
        found[key] = _counterfactual(action, list(edits.values()), requirement, today, (day, until))
    ordered = sorted(found.values(), key=lambda c: (len(c.changes) + c.waits, c.on, c.text))
    kept: list[Counterfactual] = []
    for cf in ordered:
        fields = {(c.field, repr(c.to)) for c in cf.changes}
        if any(
            {(c.field, repr(c.to)) for c in k.changes} <= fields and k.on <= cf.on for k in kept
        ):
            continue  # a smaller change already does it, no later
        kept.append(cf)
    return kept


def _counterfactual(
    action: str,
    edits: list[Edit],
    requirement: Requirement,
    today: date,
    window: tuple[date, date | None],
) -> Counterfactual:
    day, until = window
    tests = [condition_text(n) for n in sorted(requirement, key=condition_text)]
    changes = []
    for path, value, owner, text in edits:
        related = [t for t in tests if t.split(" ", 1)[0] in (path, *_derived_of(path))]
        changes.append(
            Change(
                field=path,
                to=value,
                changeable_by="employer" if owner == "employer" else "candidate",
                satisfies=", ".join(related or tests),
                text=text,
            )
        )
    waits = day > today
    needs: list[Owner] = [
        who for who in ("candidate", "employer") if any(c.changeable_by == who for c in changes)
    ]
    parts = [
        c.text + (" (the employer's to change, not yours)" if c.changeable_by == "employer" else "")
        for c in changes
    ]
    text = "; ".join(parts)
    when = None
    if until is not None:
        when = f"from {day.isoformat()} to {until.isoformat()}" if waits else f"until {until}"
    elif waits:
        when = f"on or after {day.isoformat()}"
    if waits:
        needs.append("time")
    if when:
        text = f"{text}; then {when}" if text else when
    return Counterfactual(
        action=action,
        changes=tuple(changes),
        on=day,
        until=until,
        waits=waits,
        needs=tuple(needs),
        text=text,
    )


_DERIVED_FROM: Mapping[str, tuple[str, ...]] = {
    "submitted_on": ("submitted",),
    "posting.no_calls": ("calls_allowed",),
    "posting.recruiter": ("has_recruiter",),
    "heard_back": ("replied",),
}


def _derived_of(path: str) -> tuple[str, ...]:
    if path.startswith("candidate."):
        return ("missing_contact_details",)
    return _DERIVED_FROM.get(path, ())


# --- text --------------------------------------------------------------------

_STATUS_WORDS = {
    "recommended": "recommended",
    "blocked": "ruled out",
    "not_recommended": "not recommended: no rule for it applies",
}

_WIDTH = 88

_OWNER_WORDS = {"candidate": "yours", "employer": "the employer's", "time": "time"}


def _wrap(text: str, indent: str) -> list[str]:
    more = indent + ("  " if text.startswith("- ") else "    ")
    return textwrap.wrap(
        text, _WIDTH, initial_indent=indent, subsequent_indent=more, break_on_hyphens=False
    )


def _rule_head(trace: RuleTrace) -> str:
    state = "fired" if trace.held else "did not fire"
    return f"{trace.rule_id} (priority {trace.priority}, {state})"


def _owned(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        text = line.strip()
        fact = text[2:].split(" ", 1)[0] if text[:1] in ("✓", "✗") else ""
        if text.startswith("✗") and fact in FACT_SPECS:
            line += f" [{_OWNER_WORDS[FACT_SPECS[fact].changeable_by]}]"
        out.append(line)
    return out


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
            lines += _owned(flat_lines(trace.when, "      "))
    elif item.blocked is not None and item.blocked.overruled:
        lines.append(f"  Overruled: {', '.join(item.blocked.overruled)}")
    elif item.status != "recommended":
        lines.append("  No rule of the pack recommends it.")
    if item.status != "recommended" and (item.suggestions or item.out_of_reach or header):
        lines.append("  What would change it:")
        for cf in item.suggestions:
            lines += _wrap(f"- {cf.text}", "    ")
        if not item.suggestions:
            lines.append("    - nothing you can change on your own")
        for cf in item.out_of_reach:
            lines += _wrap(f"- out of your hands: {cf.text}", "    ")
    return lines
