"""What generation aims at: a pack's conditions read as targets for the values of facts.

Nothing here draws anything (and nothing imports hypothesis): a target
(:data:`Pins`) says, for some fact paths (or ``#`` steering keys such as
``#follow_up``), which values generation should pick so that a condition
tends to hold. :func:`aims_for` gathers the targets that make each rule of a
pack fire and fail to fire, and each invariant's condition hold together with
a rule against it; :mod:`.strategies` draws applications towards them.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..language.algebra import compares, negate
from ..language.conditions import AllOf, AnyOf, Compare, Condition, FactRef, Not
from ..language.custom import CustomFact
from ..language.embedded import Invariant
from ..language.operators import OPERATOR_TABLE
from ..model.vocabulary import BUILT_IN, Vocabulary
from ..packs.extends import standard_parts
from ..packs.pack import Pack

__all__ = ["DAY_COUNTS", "NEVER_NEGATIVE", "TEXT", "UNAIMED", "Aims", "Pins", "aims_for", "some"]

# Literal text generated for each text field: short, readable in a counterexample.
TEXT: Mapping[str, tuple[str, ...]] = {
    "candidate.name": ("Martha Owens", "Lee Chen"),
    "candidate.email": ("martha@example.org",),
    "candidate.phone": ("+1 555 0100",),
    "candidate.skype": ("martha.owens",),
    "candidate.availability": ("weekdays after 3 pm",),
    "candidate.schools": ("State University", "Tech Institute"),
    "candidate.interests": ("sailing", "chess"),
    "company.name": ("Acme Corp", "Gelato Bros"),
    "company.main_office_phone": ("+1 555 0199",),
    "company.website": ("https://acme.example",),
    "company.industry": ("logistics", "retail"),
    "posting.title": ("program manager", "clerk"),
    "posting.recruiter.name": ("Dana Reyes",),
    "posting.recruiter.phone": ("+1 555 0123",),
    "posting.recruiter.email": ("dana@acme.example",),
    "posting.contact_email": ("jobs@acme.example",),
    "contacts.name": ("Lee Park", "Sam Ortiz"),
    "contacts.role": ("analyst", "owner"),
    "interview.with.name": ("Pat Smithie",),
    "interview.with.role": ("owner", "engineer"),
}

# The derived day counts generation can steer, each with a range that is always generated.
DAY_COUNTS: Mapping[str, tuple[int, int]] = {
    "days_since_submission": (0, 40),
    "days_since_follow_up": (0, 20),
    "days_until_interview": (-5, 20),
}
# Days since something already done: a negative count would date it after today.
NEVER_NEGATIVE = frozenset({"days_since_submission", "days_since_follow_up"})

Pins = dict[str, tuple[Any, ...]]
"""A generation target: for a path (or a ``#`` steering key), the values allowed."""


# --- reading a pack's conditions ----------------------------------------------


def _merge(a: Pins, b: Pins) -> Pins | None:
    merged = dict(a)
    for key, values in b.items():
        if key in merged:
            both = tuple(v for v in merged[key] if v in values)
            if not both:
                return None
            merged[key] = both
        else:
            merged[key] = values
    return merged


_MAX_TARGETS = 24


def _targets(node: Condition, vocabulary: Vocabulary) -> list[Pins]:
    """Return generation targets under which *node* tends to hold (a disjunctive form)."""
    if isinstance(node, Not):
        if isinstance(node.item, Compare):
            return []
        return _targets(negate(node.item, vocabulary), vocabulary)
    if isinstance(node, AnyOf):
        if not node.items:
            return []
        return [t for item in node.items for t in _targets(item, vocabulary)][:_MAX_TARGETS]
    if isinstance(node, AllOf):
        found: list[Pins] = [{}]
        for item in node.items:
            options = _targets(item, vocabulary) or [{}]
            combined = [_merge(a, b) for a, b in itertools.product(found, options)]
            found = [c for c in combined if c is not None][:_MAX_TARGETS]
        return found
    pins = _compare_pins(node, vocabulary)
    return [] if pins is None else [pins]


def _truth(node: Compare) -> bool | None:
    if node.op == "==" and isinstance(node.value, bool):
        return node.value
    if node.op == "!=" and isinstance(node.value, bool):
        return not node.value
    return None


def _counts(node: Compare, low: int, high: int) -> tuple[int, ...]:
    """The day counts from *low* to *high* on which *node* holds."""
    span = range(low, high + 1)
    op = OPERATOR_TABLE[node.op]
    if op.operand == "flag" or not isinstance(node.value, int | tuple):
        return tuple(span)
    return tuple(n for n in span if op.test(n, node.value))


_OBJECT_OF: Mapping[str, str] = {
    "days_since_submission": "submitted_on",
    "days_since_follow_up": "#follow_up",
    "days_until_interview": "interview",
}


def _derived_pins(node: Compare) -> Pins | None:
    path = node.path
    if path in DAY_COUNTS:
        if node.op == "present":
            return {_OBJECT_OF[path]: (node.value,)}
        low, high = DAY_COUNTS[path]
        floor = low if path in NEVER_NEGATIVE else min(low, _lowest(node))
        allowed = _counts(node, floor, max(high, _highest(node)))
        if node.op == "!=" or node.op == "not in":
            return {path: allowed}
        return {path: allowed, _OBJECT_OF[path]: (True,)} if allowed else None
    if path == "missing_contact_details" and node.op == "present":
        return {"#missing_contact": (node.value,)}
    truth = _truth(node)
    if truth is None:
        return {}
    table: Mapping[str, Pins] = {
        "has_posting": {"posting": (truth,)},
        "has_recruiter": {"posting.recruiter": (truth,)} | ({"posting": (True,)} if truth else {}),
        "recruiter_has_phone": {"posting.recruiter.phone": some("posting.recruiter.phone")}
        | {"posting": (True,), "posting.recruiter": (True,)}
        if truth
        else {"posting.recruiter.phone": (None,)},
        "submitted": {"submitted_on": (truth,)},
        "replied": {"heard_back": (True,)}
        if truth
        else {"heard_back": (False,), "#quiet": (True,)},
        "followed_up": {"#follow_up": (truth,)},
        "followed_up_recently": {"#follow_up": (True,), "days_since_follow_up": tuple(range(7))}
        if truth
        else {"#follow_up": (False,)},
        "has_contacts": {"contacts": (truth,)},
        "interview_scheduled": {"interview": (True,), "days_until_interview": tuple(range(15))}
        if truth
        else {"interview": (False,)},
    }
    return table.get(path, {})


def _lowest(node: Compare) -> int:
    values = node.value if isinstance(node.value, tuple) else (node.value,)
    return min([v - 1 for v in values if isinstance(v, int) and not isinstance(v, bool)] or [0])


def _highest(node: Compare) -> int:
    values = node.value if isinstance(node.value, tuple) else (node.value,)
    return max([v + 1 for v in values if isinstance(v, int) and not isinstance(v, bool)] or [0])


def some(path: str, vocabulary: Vocabulary = BUILT_IN) -> tuple[Any, ...]:
    """Values of a text or enum fact that is there."""
    return vocabulary[path].choices or TEXT.get(path, ("x",))


def _compare_pins(node: Compare, vocabulary: Vocabulary) -> Pins | None:
    spec = vocabulary[node.path]
    if isinstance(node.value, FactRef):
        return {}
    if spec.derived:
        return _derived_pins(node)
    pins: Pins = {}
    op = OPERATOR_TABLE[node.op]
    if op.proves_presence(node.value):
        pins.update({key: (True,) for key in spec.presence if key != node.path})
    if node.op == "present":
        if spec.type in ("object", "list", "date"):
            pins[node.path] = (node.value,)  # whether the part is there
        elif spec.type in ("str", "enum") and spec.nullable:
            pins[node.path] = some(node.path, vocabulary) if node.value else (None,)
        return pins
    if spec.type == "object":
        return pins
    if spec.type == "bool":
        truth = _truth(node)
        if truth is not None:
            pins[node.path] = (truth,)
        return pins
    if spec.type in ("enum", "str"):
        values = node.value if isinstance(node.value, tuple) else (node.value,)
        choices = spec.choices or (*TEXT.get(node.path, ()), *values)
        if op.aim == "listed":
            pins[node.path] = tuple(values)
        elif op.aim == "unlisted":
            others = tuple(c for c in choices if c not in values)
            pins[node.path] = (*others, None) if spec.nullable else others
        return pins
    return pins


def _literals(conditions: Iterable[Condition]) -> dict[str, set[Any]]:
    """Every literal each fact is compared with, to add to what generation picks from."""
    found: dict[str, set[Any]] = {}
    for condition in conditions:
        for node in compares(condition):
            if node.op == "present" or isinstance(node.value, FactRef):
                continue
            values = node.value if isinstance(node.value, tuple) else (node.value,)
            for value in values:
                if isinstance(value, int) and not isinstance(value, bool):
                    found.setdefault(node.path, set()).update({value - 1, value, value + 1})
                elif isinstance(value, date):
                    day = timedelta(days=1)
                    found.setdefault(node.path, set()).update(_days_around(value, day))
                elif isinstance(value, str):
                    found.setdefault(node.path, set()).add(value)
    return found


def _days_around(value: date, day: timedelta) -> set[date]:
    """*value* and the days either side of it that exist."""
    around = {value}
    for step in (-day, day):
        with contextlib.suppress(OverflowError):
            around.add(value + step)
    return around


@dataclass(frozen=True)
class Aims:
    """What generation aims at, and the values each fact is compared with.

    Each goal (make one rule fire, make one invariant's condition hold with a
    rule against it, ...) is a list of targets; a case picks a goal, then a
    target. Goal 0 is plain generation, what shrinking moves towards.
    """

    goals: tuple[tuple[Pins, ...], ...]
    literals: Mapping[str, tuple[Any, ...]]
    vocabulary: Vocabulary = field(default_factory=lambda: BUILT_IN)
    custom: Mapping[str, CustomFact] = field(default_factory=dict)


def _invariant_targets(pack: Pack, invariant: Invariant) -> list[Pins]:
    """Targets where *invariant* is most likely broken: its condition with each rule against it."""
    inside = _targets(invariant.when, pack.facts) or [{}]
    against = [
        r
        for r in pack.rules
        if (invariant.kind == "never" and r.then is not None and r.then.action in invariant.actions)
        or (invariant.kind == "always" and any(b.action in invariant.actions for b in r.blocks))
    ]
    found = list(inside)
    for rule in against:
        for a, b in itertools.product(inside, _targets(rule.when, pack.facts) or [{}]):
            merged = _merge(a, b)
            if merged is not None:
                found.append(merged)
    return found


def aims_for(pack: Pack, focus: Invariant | None = None) -> Aims:
    """What generation aims at for *pack*: each rule firing and not, each invariant broken.

    With *focus*, only at breaking that one invariant.
    """
    conditions = [r.when for r in pack.rules] + [i.when for i in pack.invariants]
    literals = {k: tuple(sorted(v, key=repr)) for k, v in _literals(conditions).items()}
    goals: list[list[Pins]] = [[{}]]
    if focus is not None:
        goals += [[t] for t in _invariant_targets(pack, focus)]
    else:
        facts = pack.facts
        goals += [_targets(rule.when, facts) for rule in pack.rules]
        goals.append([t for rule in pack.rules for t in _targets(negate(rule.when, facts), facts)])
        goals += [_invariant_targets(pack, invariant) for invariant in pack.invariants]
    return Aims(tuple(tuple(g) for g in goals if g), literals, pack.facts, pack.custom)


def _unaimed() -> Aims:
    """Aims without a pack: the days around the standard settings' timing.

    The wait after submitting (or after following up), and the end of the call window.
    """
    defaults = {name: spec.default for name, spec in standard_parts()[0].items()}

    def around(day: int) -> tuple[int, int, int]:
        return (day - 1, day, day + 1)

    return Aims(
        (),
        {
            "days_since_submission": (
                *around(defaults["follow_up_after_days"]),
                *around(defaults["call_window_days"]),
            ),
            "days_since_follow_up": around(defaults["wait_after_follow_up_days"]),
        },
    )


UNAIMED = _unaimed()
