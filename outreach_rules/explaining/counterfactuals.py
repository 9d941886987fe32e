"""Counterfactuals: the smallest changes that would make an action recommended.

They are found from the declarative conditions. For each rule that could
recommend the action, the tests that fail and must hold; for each rule that
blocks it and fires, the tests that would stop it firing. Each test becomes a
change of an application field (a derived fact is mapped back to the field it
comes from: ``submitted`` to ``submitted_on``), or a later day (for facts only
time changes), or nothing when no change can make it hold (the past, work the
candidate has done). Every candidate is then verified by running the engine on
the changed application, day by day; what fails is dropped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..engine.decide import decide
from ..language.algebra import negated_compare
from ..language.compile import compile_condition
from ..language.conditions import AllOf, Compare, Condition, FactRef, Not
from ..language.words import condition_text
from ..model.application import Application, validate_application
from ..model.dates import shift_day
from ..model.derivations import CONTACT_ITEMS
from ..model.vocabulary import FactSpec, Vocabulary, to_json_value
from ..packs.pack import Pack

__all__ = ["SEARCH_DAYS", "Change", "Counterfactual", "Owner", "find_counterfactuals"]

SEARCH_DAYS = 60
"""How far ahead a counterfactual may wait for a later day."""

_MAX_SETS = 64  # requirement sets kept while combining conditions; bounds the search

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
        flipped = negated_compare(node)
        if flipped is None:
            return []  # "does not contain" has no test of its own to aim for
        return [frozenset({_normal(flipped)})]
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


def _owner(path: str, vocabulary: Vocabulary) -> Owner:
    return vocabulary[path].changeable_by


def _placeholder(path: str, owner: Owner = "candidate") -> str:
    """A stand-in for a text to give: the candidate's own, or someone else's."""
    words = path.rsplit(".", 1)[-1].replace("_", " ")
    return f"(your {words})" if owner == "candidate" else f"(some {words})"


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
            for key, label in CONTACT_ITEMS
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


def _literal_for(node: Compare, spec: FactSpec, current: Any = None) -> tuple[bool, Any]:
    """A value of the fact *spec* that makes *node* hold: (found, value).

    *current* is the fact's value now: a list gains the item ``contains`` asks for.
    """
    op, value = node.op, node.value
    if isinstance(value, FactRef):
        return False, None
    if isinstance(value, int | date) and not isinstance(value, bool):
        # A number or a date given in the application (a pack's custom fact): the nearest
        # value on the side the test asks for.
        # A pack's date may be the calendar's last or first day: step with shift_day.
        below, above = (
            (value - 1, value + 1)
            if isinstance(value, int)
            else (shift_day(value, -1), shift_day(value, 1))
        )
        nearest = {"<": below, "<=": value, ">": above, ">=": value}
        if op in nearest:
            return True, nearest[op]
        if op == "!=":
            return True, above if above != value else below
    if op == "contains":
        return True, (*(current or ()), value)
    if op == "present":
        if not value:
            return True, None
        if spec.type == "object":
            return True, {}
        if spec.type == "str":
            return True, _placeholder(node.path, spec.changeable_by)
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


def _edits_for(
    node: Compare,
    app: Application,
    today: date,
    vocabulary: Vocabulary,
    facts: Mapping[str, Any] | None = None,
) -> list[Edit] | Literal["time"] | None:
    """Turn one test into changes of the application, "time", or None (no change can).

    *facts* are the application's facts now (what a list holds already).
    """
    paths = [node.path] + ([node.value.path] if isinstance(node.value, FactRef) else [])
    if any(_owner(p, vocabulary) == "time" for p in paths):
        return "time"
    spec = vocabulary[node.path]
    if spec.derived:
        return _derived_edits(node, app, today)
    if node.path in ("submitted_on", "history"):
        return None  # the past cannot be undone
    found, value = _literal_for(node, spec, None if facts is None else facts[node.path])
    if not found:
        return None
    owner = _owner(node.path, vocabulary)
    if owner == "candidate" and (
        value is None or (spec.type == "bool" and value != _DONE.get(node.path, True))
    ):
        return None  # never suggest undoing work done: research, a letter, contact details

    shown = "nothing" if value is None else to_json_value(value)
    if isinstance(shown, bool):
        shown = "true" if shown else "false"
    elif isinstance(shown, list):
        shown = f"[{', '.join(map(str, shown))}]"
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


def find_counterfactuals(
    pack: Pack, app: Application, today: date, action: str
) -> list[Counterfactual]:
    """Return the smallest verified changes that make *action* recommended, smallest first."""
    facts = pack.facts_for(app, today)
    producers = [r for r in pack.ranked if r.then is not None and r.then.action == action]
    blockers = [r for r in pack.ranked if any(b.action == action for b in r.blocks)]
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
            result = _edits_for(node, app, today, pack.facts, facts)
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
