"""The testing kit: hypothesis strategies for applications, and property checks of packs.

This is the one module of outreach-rules that imports hypothesis; install it
with the ``testing`` extra (``pip install 'outreach-rules[testing]'``).

* :func:`applications` generates valid :class:`~outreach_rules.Application` s
  across the whole contract, each with ``as_of`` set to the day it is for;
  keyword arguments pin parts (``applications(posting=st.none())``).
* :func:`applications_for` reads a pack's conditions and aims generation at
  each one's boundaries, so that every rule fires, and fails to fire, often.
* :func:`check_pack` checks what every pack must satisfy on generated input.
* :func:`find_counterexample` returns the shrunk application on which a check fails.
"""

from __future__ import annotations

import functools
import itertools
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

try:
    from hypothesis import HealthCheck, find, settings
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument, NoSuchExample
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    raise ImportError(
        "outreach_rules.testing needs hypothesis: install the 'testing' extra "
        "(pip install 'outreach-rules[testing]')"
    ) from exc
from pydantic import ValidationError

from .conditions import AllOf, AnyOf, Compare, Condition, FactRef, Not
from .derived import FOLLOW_UP_AFTER_DAYS, FOLLOW_UP_WINDOW_DAYS
from .embedded import Invariant
from .engine import decide
from .facts import Addressee, Application, Channel, Outcome, Relation
from .lint import negate
from .packs import Pack
from .verify import Coverage, decision_problems, invariant_problem
from .vocabulary import FACT_SPECS

__all__ = [
    "DEFAULT_TODAY",
    "Counterexample",
    "PackCheckError",
    "applications",
    "applications_against",
    "applications_for",
    "check_invariants",
    "check_pack",
    "find_counterexample",
    "invariant_problems",
    "universal_problems",
]

DEFAULT_TODAY = date(2026, 11, 26)
"""The day generated applications shrink towards (others are generated too)."""

_PARTS = (
    "candidate",
    "company",
    "posting",
    "materials",
    "submitted_on",
    "heard_back",
    "contacts",
    "research",
    "interview",
    "history",
)

# Literal text generated for each text field: short, readable in a counterexample.
_TEXT: Mapping[str, tuple[str, ...]] = {
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
_DAY_COUNTS: Mapping[str, tuple[int, int]] = {
    "days_since_submission": (0, 40),
    "days_since_follow_up": (0, 20),
    "days_until_interview": (-5, 20),
}
# Days since something already done: a negative count would date it after today.
_NEVER_NEGATIVE = frozenset({"days_since_submission", "days_since_follow_up"})

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


def _targets(node: Condition) -> list[Pins]:
    """Return generation targets under which *node* tends to hold (a disjunctive form)."""
    if isinstance(node, Not):
        return [] if isinstance(node.item, Compare) else _targets(negate(node.item))
    if isinstance(node, AnyOf):
        if not node.items:
            return []
        return [t for item in node.items for t in _targets(item)][:_MAX_TARGETS]
    if isinstance(node, AllOf):
        found: list[Pins] = [{}]
        for item in node.items:
            options = _targets(item) or [{}]
            combined = [_merge(a, b) for a, b in itertools.product(found, options)]
            found = [c for c in combined if c is not None][:_MAX_TARGETS]
        return found
    pins = _compare_pins(node)
    return [] if pins is None else [pins]


def _truth(node: Compare) -> bool | None:
    if node.op == "==" and isinstance(node.value, bool):
        return node.value
    if node.op == "!=" and isinstance(node.value, bool):
        return not node.value
    return None


def _counts(node: Compare, low: int, high: int) -> tuple[int, ...]:
    value = node.value
    if node.op in ("in", "not in"):
        members = set(value)
        inside = node.op == "in"
        return tuple(n for n in range(low, high + 1) if (n in members) == inside)
    if node.op == "present" or not isinstance(value, int):
        return tuple(range(low, high + 1))
    checks: Mapping[str, Callable[[int], bool]] = {
        "==": lambda n: n == value,
        "!=": lambda n: n != value,
        "<": lambda n: n < value,
        "<=": lambda n: n <= value,
        ">": lambda n: n > value,
        ">=": lambda n: n >= value,
    }
    return tuple(n for n in range(low, high + 1) if checks[node.op](n))


_OBJECT_OF: Mapping[str, str] = {
    "days_since_submission": "submitted_on",
    "days_since_follow_up": "#follow_up",
    "days_until_interview": "interview",
}


def _derived_pins(node: Compare) -> Pins | None:
    path = node.path
    if path in _DAY_COUNTS:
        if node.op == "present":
            return {_OBJECT_OF[path]: (node.value,)}
        low, high = _DAY_COUNTS[path]
        floor = low if path in _NEVER_NEGATIVE else min(low, _lowest(node))
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
        "recruiter_has_phone": {"posting.recruiter.phone": _some("posting.recruiter.phone")}
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


def _some(path: str) -> tuple[Any, ...]:
    """Values of a text or enum fact that is there."""
    return FACT_SPECS[path].choices or _TEXT.get(path, ("x",))


def _compare_pins(node: Compare) -> Pins | None:
    spec = FACT_SPECS[node.path]
    if isinstance(node.value, FactRef):
        return {}
    if spec.derived:
        return _derived_pins(node)
    pins: Pins = {}
    must_exist = node.op in ("==", "<", "<=", ">", ">=", "in", "contains") or (
        node.op == "present" and node.value
    )
    if must_exist:
        pins.update({key: (True,) for key in spec.presence if key != node.path})
    if node.op == "present":
        if spec.type in ("object", "list", "date"):
            pins[node.path] = (node.value,)  # whether the part is there
        elif spec.type in ("str", "enum") and spec.nullable:
            pins[node.path] = _some(node.path) if node.value else (None,)
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
        choices = spec.choices or (*_TEXT.get(node.path, ()), *values)
        if node.op in ("==", "in"):
            pins[node.path] = tuple(values)
        elif node.op in ("!=", "not in"):
            others = tuple(c for c in choices if c not in values)
            pins[node.path] = (*others, None) if spec.nullable else others
        return pins
    return pins


def _literals(conditions: Iterable[Condition]) -> dict[str, set[Any]]:
    """Every literal each fact is compared with, to add to what generation picks from."""
    found: dict[str, set[Any]] = {}

    def walk(node: Condition) -> None:
        if isinstance(node, Compare):
            if node.op in ("present",) or isinstance(node.value, FactRef):
                return
            values = node.value if isinstance(node.value, tuple) else (node.value,)
            for value in values:
                if isinstance(value, int) and not isinstance(value, bool):
                    found.setdefault(node.path, set()).update({value - 1, value, value + 1})
                elif isinstance(value, str):
                    found.setdefault(node.path, set()).add(value)
        elif isinstance(node, Not):
            walk(node.item)
        else:
            for item in node.items:
                walk(item)

    for condition in conditions:
        walk(condition)
    return found


@dataclass(frozen=True)
class _Plan:
    """What generation aims at, and the values each fact is compared with.

    Each goal (make one rule fire, make one invariant's condition hold with a
    rule against it, ...) is a list of targets; a case picks a goal, then a
    target. Goal 0 is plain generation, what shrinking moves towards.
    """

    goals: tuple[tuple[Pins, ...], ...]
    literals: Mapping[str, tuple[Any, ...]]


def _invariant_targets(pack: Pack, invariant: Invariant) -> list[Pins]:
    """Targets where *invariant* is most likely broken: its condition with each rule against it."""
    inside = _targets(invariant.when) or [{}]
    against = [
        r
        for r in pack.rules
        if (invariant.kind == "never" and r.then is not None and r.then.action in invariant.actions)
        or (invariant.kind == "always" and any(b.action in invariant.actions for b in r.blocks))
    ]
    found = list(inside)
    for rule in against:
        for a, b in itertools.product(inside, _targets(rule.when) or [{}]):
            merged = _merge(a, b)
            if merged is not None:
                found.append(merged)
    return found


def _plan(pack: Pack, focus: Invariant | None = None) -> _Plan:
    conditions = [r.when for r in pack.rules] + [i.when for i in pack.invariants]
    literals = {k: tuple(sorted(v, key=repr)) for k, v in _literals(conditions).items()}
    goals: list[list[Pins]] = [[{}]]
    if focus is not None:
        goals += [[t] for t in _invariant_targets(pack, focus)]
    else:
        goals += [_targets(rule.when) for rule in pack.rules]
        goals.append([t for rule in pack.rules for t in _targets(negate(rule.when))])
        goals += [_invariant_targets(pack, invariant) for invariant in pack.invariants]
    return _Plan(tuple(tuple(g) for g in goals if g), literals)


# --- generating applications -------------------------------------------------


def _choices(literal: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in typing.get_args(literal))


# Building a strategy costs more than drawing from it: build each one once.
@functools.cache
def _sampled(values: tuple[Any, ...], optional: bool = False) -> st.SearchStrategy[Any]:
    strategy: st.SearchStrategy[Any] = st.sampled_from(values)
    return st.none() | strategy if optional else strategy


@functools.cache
def _ints(low: int, high: int, bias: tuple[int, ...] = ()) -> st.SearchStrategy[int]:
    strategy = st.integers(low, high)
    return st.sampled_from(bias) | strategy if bias else strategy


_BOOLS = st.booleans()
# Bool fields whose default is true (the rest default to false).
_TRUE_BY_DEFAULT = {
    "resume_lists_contact_info": True,
    "lists_contact_info": True,
    "thanks_reader": True,
}


@functools.cache
def _lists(values: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), max_size=2)


class _Drawer:
    """Draws one application's parts, honouring one target's pins."""

    def __init__(self, draw: st.DrawFn, pins: Pins, plan: _Plan) -> None:
        self.draw = draw
        self.pins = pins
        self.plan = plan

    def pick(self, path: str, default: st.SearchStrategy[Any]) -> Any:
        if path in self.pins:
            return self.draw(_sampled(self.pins[path]))
        return self.draw(default)

    def flag(self, path: str) -> bool:
        """A bool fact; shrinks towards the model's default, so a shrunk example omits it."""
        default = _TRUE_BY_DEFAULT.get(path.rsplit(".", 1)[-1], False)
        if path in self.pins:
            return bool(self.draw(_sampled(self.pins[path])))
        return bool(self.draw(_BOOLS)) != default

    def present(self, path: str) -> bool:
        """Whether an optional part is there; shrinks towards absent."""
        if any(key.startswith(f"{path}.") and key in FACT_SPECS for key in self.pins) and (
            self.pins.get(path) != (False,)
        ):
            return True
        return bool(self.pick(path, _BOOLS))

    def text(self, path: str, *, optional: bool = True) -> str | None:
        choices = tuple(dict.fromkeys((*self.plan.literals.get(path, ()), *_TEXT.get(path, ()))))
        value = self.pick(path, _sampled(choices or ("x",), optional))
        if value is None or value == "":
            # Empty text reads as absent; a required text cannot be absent or empty.
            return None if optional else next((c for c in choices if c), "x")
        return str(value)

    def choice(self, path: str) -> Any:
        spec = FACT_SPECS[path]
        return self.pick(path, _sampled(spec.choices, spec.nullable))

    def days(self, path: str) -> int:
        low, high = _DAY_COUNTS[path]
        floor = low if path in _NEVER_NEGATIVE else None
        bias = tuple(
            sorted(
                v
                for v in self.plan.literals.get(path, ())
                if isinstance(v, int) and (floor is None or v >= floor)
            )
        )
        return int(self.pick(path, _ints(low, high, bias)))


def _candidate(d: _Drawer) -> dict[str, Any]:
    missing = d.pins.get("#missing_contact")
    data: dict[str, Any] = {"name": d.text("candidate.name", optional=False)}
    for key in ("email", "phone", "skype", "availability"):
        value = d.text(f"candidate.{key}")
        if missing == (False,) and value is None:
            value = _TEXT[f"candidate.{key}"][0]
        data[key] = value
    if missing == (True,) and all(data[k] for k in ("email", "phone", "skype", "availability")):
        data[d.draw(_sampled(("email", "phone", "skype", "availability")))] = None
    for key in ("schools", "interests"):
        data[key] = d.draw(_lists(_TEXT[f"candidate.{key}"]))
    return data


def _company(d: _Drawer) -> dict[str, Any]:
    return {
        "name": d.text("company.name", optional=False),
        "size": d.choice("company.size"),
        "family_run": d.flag("company.family_run"),
        "main_office_phone": d.text("company.main_office_phone"),
        "website": d.text("company.website"),
        "industry": d.text("company.industry"),
    }


def _posting(d: _Drawer) -> dict[str, Any] | None:
    if not d.present("posting"):
        return None
    recruiter = None
    if d.present("posting.recruiter"):
        recruiter = {
            "name": d.text("posting.recruiter.name"),
            "phone": d.text("posting.recruiter.phone"),
            "email": d.text("posting.recruiter.email"),
        }
    return {
        "title": d.text("posting.title", optional=False),
        "no_calls": d.flag("posting.no_calls"),
        "recruiter": recruiter,
        "contact_email": d.text("posting.contact_email"),
    }


def _materials(d: _Drawer) -> dict[str, Any]:
    letter = None
    if d.present("materials.cover_letter"):
        letter = {
            key: d.flag(f"materials.cover_letter.{key}")
            for key in (
                "tailored",
                "asks_for_interview",
                "names_specific_date",
                "lists_contact_info",
                "thanks_reader",
            )
        }
    return {
        "complete": d.flag("materials.complete"),
        "resume_lists_contact_info": d.flag("materials.resume_lists_contact_info"),
        "cover_letter": letter,
    }


def _interview(d: _Drawer, today: date) -> dict[str, Any] | None:
    if not d.present("interview"):
        return None
    if "interview.on" in d.pins:
        dated = bool(d.pins["interview.on"][0])
    else:
        dated = "days_until_interview" in d.pins or d.draw(_BOOLS)
    kinds = ("informational",) if d.pins.get("#quiet") == (True,) else ("informational", "job")
    kind = d.pick("interview.kind", _sampled(kinds))
    if kind not in kinds:
        kind = kinds[0]
    return {
        "kind": kind,
        "on": (today + timedelta(days=d.days("days_until_interview"))) if dated else None,
        "with": [
            {
                "name": d.text("interview.with.name", optional=False),
                "role": d.text("interview.with.role"),
            }
            for _ in range(d.draw(_ints(0, 2)))
        ],
        "questions_prepared": d.flag("interview.questions_prepared"),
    }


def _history(d: _Drawer, today: date, submitted: date | None) -> list[dict[str, Any]]:
    wanted = d.pins.get("#follow_up")
    if wanted == (False,):
        return []
    count = d.draw(_ints(1 if wanted == (True,) else 0, 3))
    quiet = d.pins.get("#quiet") == (True,)
    outcomes: tuple[str | None, ...] = (None, "no_answer")
    if not quiet:
        outcomes += tuple(_choices(Outcome))
    start = submitted or today - timedelta(days=30)
    span = (today - start).days
    entries: list[dict[str, Any]] = []
    for index in range(count):
        if index == 0 and (wanted == (True,) or "days_since_follow_up" in d.pins):
            back = min(d.days("days_since_follow_up"), span)
            entries.append(
                {"on": today - timedelta(days=back), "channel": "email", "outcome": None}
            )
            continue
        entries.append(
            {
                "on": start + timedelta(days=d.draw(_ints(0, span))),
                "channel": d.draw(_sampled(_choices(Channel))),
                "to": d.draw(_sampled(_choices(Addressee), True)),
                "outcome": d.draw(_sampled(outcomes)),
            }
        )
    entries.sort(key=lambda e: typing.cast(date, e["on"]))  # oldest first, as the contract says
    return entries


def _generate(
    draw: st.DrawFn, plan: _Plan, parts: Mapping[str, st.SearchStrategy[Any]]
) -> Application:
    pins: Pins = {}
    if plan.goals:
        # sampled_from picks evenly; integers() would favour the first few goals.
        goal = plan.goals[draw(_sampled(tuple(range(len(plan.goals)))))]
        pins = goal[draw(_sampled(tuple(range(len(goal)))))]
    d = _Drawer(draw, pins, plan)
    today: date = draw(parts.get("today", st.just(DEFAULT_TODAY) | st.dates(date(2020, 1, 1))))
    data: dict[str, Any] = {"as_of": today}
    builders: dict[str, Callable[[], Any]] = {
        "candidate": lambda: _candidate(d),
        "company": lambda: _company(d),
        "posting": lambda: _posting(d),
        "materials": lambda: _materials(d),
        "heard_back": lambda: d.flag("heard_back"),
        "contacts": lambda: (
            [
                {
                    "name": d.text("contacts.name", optional=False),
                    "relation": d.draw(_sampled(_choices(Relation), True)),
                    "role": d.text("contacts.role"),
                }
                for _ in range(d.draw(_ints(1 if pins.get("contacts") == (True,) else 0, 2)))
            ]
            if pins.get("contacts") != (False,)
            else []
        ),
        "research": lambda: {
            key: d.flag(f"research.{key}") for key in ("company", "interviewers", "values_fit")
        },
        "interview": lambda: _interview(d, today),
    }
    for part, build in builders.items():
        data[part] = draw(parts[part]) if part in parts else build()
    if "submitted_on" in parts:
        data["submitted_on"] = draw(parts["submitted_on"])
    elif d.present("submitted_on"):
        data["submitted_on"] = today - timedelta(days=max(0, d.days("days_since_submission")))
    else:
        data["submitted_on"] = None
    submitted = data["submitted_on"] if isinstance(data["submitted_on"], date) else None
    data["history"] = (
        draw(parts["history"]) if "history" in parts else _history(d, today, submitted)
    )
    try:
        return Application.model_validate(data)
    except ValidationError as exc:
        pinned = ", ".join(sorted(parts)) or "none"
        raise InvalidArgument(
            f"a generated application is invalid (parts pinned: {pinned}): {exc}"
        ) from None


def _check_parts(function: str, parts: Mapping[str, Any]) -> None:
    for name, value in parts.items():
        if not isinstance(value, st.SearchStrategy):
            raise InvalidArgument(
                f"{function}: {name!r} must be a strategy (got {value!r}); "
                f"for one value, pass st.just({value!r})"
            )


def _named(name: str, body: Callable[..., Application]) -> Callable[..., st.SearchStrategy[Any]]:
    """Make a composite strategy whose repr reads ``name(arguments)``."""
    body.__name__ = body.__qualname__ = name
    return st.composite(body)


class _Aim:
    """A pack and the plan generation aims at; shows in a strategy's repr as the pack."""

    def __init__(self, pack: Pack, focus: Invariant | None = None) -> None:
        self.pack = pack
        self.plan = _plan(pack, focus)
        self.label = f"<pack {pack.name} {pack.version}>"

    def __repr__(self) -> str:
        return self.label


# Without a pack, generation still favours the days around the guidance's timing:
# a week after submitting (or after following up), and the end of the call window.
_AROUND_A_WEEK = (FOLLOW_UP_AFTER_DAYS - 1, FOLLOW_UP_AFTER_DAYS, FOLLOW_UP_AFTER_DAYS + 1)
_UNAIMED = _Plan(
    (),
    {
        "days_since_submission": (
            *_AROUND_A_WEEK,
            FOLLOW_UP_WINDOW_DAYS - 1,
            FOLLOW_UP_WINDOW_DAYS,
            FOLLOW_UP_WINDOW_DAYS + 1,
        ),
        "days_since_follow_up": _AROUND_A_WEEK,
    },
)


def _applications_body(draw: st.DrawFn, **parts: st.SearchStrategy[Any]) -> Application:
    return _generate(draw, _UNAIMED, parts)


def _applications_for_body(draw: st.DrawFn, aim: _Aim, **parts: Any) -> Application:
    return _generate(draw, aim.plan, parts)


def _against_body(draw: st.DrawFn, aim: _Aim, invariant_id: str) -> Application:
    return _generate(draw, aim.plan, {})


_applications = _named("applications", _applications_body)
_applications_for = _named("applications_for", _applications_for_body)
_against = _named("applications_against", _against_body)


def _invariant(pack: Pack, invariant_id: str) -> Invariant:
    for invariant in pack.invariants:
        if invariant.id == invariant_id:
            return invariant
    raise KeyError(invariant_id)


def applications(
    *,
    today: st.SearchStrategy[date] | None = None,
    candidate: st.SearchStrategy[Any] | None = None,
    company: st.SearchStrategy[Any] | None = None,
    posting: st.SearchStrategy[Any] | None = None,
    materials: st.SearchStrategy[Any] | None = None,
    submitted_on: st.SearchStrategy[date | None] | None = None,
    heard_back: st.SearchStrategy[bool] | None = None,
    contacts: st.SearchStrategy[Any] | None = None,
    research: st.SearchStrategy[Any] | None = None,
    interview: st.SearchStrategy[Any] | None = None,
    history: st.SearchStrategy[Any] | None = None,
) -> st.SearchStrategy[Application]:
    """Generate valid applications across the whole contract.

    Every optional part is generated present and absent, every enum value,
    submission days around each timing rule of the guidance (6, 7, 8 and 9,
    10, 11 days), history entries oldest first, every date consistent with the day the
    application is for, which is its ``as_of`` (shrinking towards
    :data:`DEFAULT_TODAY`). Each keyword argument is a strategy for that part,
    replacing its generation: ``applications(posting=st.none())``; a part's
    values may be models or plain dicts, and dates must not lie after ``today``.

    Raises:
        InvalidArgument: an argument is not a strategy.
    """
    parts = {
        name: value
        for name, value in (
            ("today", today),
            ("candidate", candidate),
            ("company", company),
            ("posting", posting),
            ("materials", materials),
            ("submitted_on", submitted_on),
            ("heard_back", heard_back),
            ("contacts", contacts),
            ("research", research),
            ("interview", interview),
            ("history", history),
        )
        if value is not None
    }
    _check_parts("applications", parts)
    strategy: st.SearchStrategy[Application] = _applications(**parts)
    return strategy


def applications_for(pack: Pack, **parts: st.SearchStrategy[Any]) -> st.SearchStrategy[Application]:
    """Generate valid applications aimed at *pack*'s conditions.

    Like :func:`applications` (and pinning parts the same way), but the values
    each rule and invariant compares with, and the boundaries of its day
    counts (``days_since_submission`` 6, 7, 10, 11 ...), are generated often,
    and many cases are aimed to make one rule hold, or fail, so that every
    rule fires and fails to fire in a few hundred cases.

    Raises:
        InvalidArgument: *pack* is not a :class:`~outreach_rules.Pack`, or a
            part is unknown or not a strategy.
    """
    if not isinstance(pack, Pack):
        raise InvalidArgument(f"applications_for: pack must be a Pack (got {pack!r})")
    unknown = sorted(set(parts) - {"today", *_PARTS})
    if unknown:
        raise InvalidArgument(
            f"applications_for: unknown part {unknown[0]!r} (parts: today, {', '.join(_PARTS)})"
        )
    _check_parts("applications_for", parts)
    strategy: st.SearchStrategy[Application] = _applications_for(_Aim(pack), **parts)
    return strategy


def applications_against(pack: Pack, invariant_id: str) -> st.SearchStrategy[Application]:
    """Generate applications aimed at breaking one of *pack*'s invariants.

    Raises:
        InvalidArgument: *pack* has no invariant with that id.
    """
    if not isinstance(pack, Pack):
        raise InvalidArgument(f"applications_against: pack must be a Pack (got {pack!r})")
    if invariant_id not in {i.id for i in pack.invariants}:
        raise InvalidArgument(f"pack {pack.name!r} has no invariant {invariant_id!r}")
    aim = _Aim(pack, _invariant(pack, invariant_id))
    strategy: st.SearchStrategy[Application] = _against(aim, invariant_id)
    return strategy


# --- checking ----------------------------------------------------------------


@dataclass(frozen=True)
class Counterexample:
    """A shrunk application on which a check fails, and what went wrong."""

    application: Application
    problems: tuple[str, ...]

    @property
    def today(self) -> date:
        """The day the application is for."""
        assert self.application.as_of is not None  # generated applications always have one
        return self.application.as_of


class PackCheckError(AssertionError):
    """A pack breaks a property; ``counterexample`` is the shrunk application that shows it."""

    def __init__(self, message: str, counterexample: Counterexample) -> None:
        super().__init__(message)
        self.counterexample = counterexample


def _settings(max_examples: int, derandomize: bool) -> settings:
    return settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=derandomize,
        suppress_health_check=list(HealthCheck),
    )


def find_counterexample(
    strategy: st.SearchStrategy[Application],
    problems: Callable[[Application], list[str]],
    *,
    max_examples: int = 200,
    derandomize: bool = True,
    seen: Callable[[Application], None] | None = None,
) -> Counterexample | None:
    """Search *strategy* for an application on which *problems* is not empty; shrink it.

    *seen*, when given, is called with every application tried (for coverage).
    Returns ``None`` when *max_examples* cases found nothing.
    """

    def failing(app: Application) -> bool:
        if seen is not None:
            seen(app)
        return bool(problems(app))

    try:
        app = find(strategy, failing, settings=_settings(max_examples, derandomize))
    except NoSuchExample:
        return None
    return Counterexample(app, tuple(problems(app)))


def _today(app: Application) -> date:
    assert app.as_of is not None  # generated applications always carry their day
    return app.as_of


def universal_problems(pack: Pack) -> Callable[[Application], list[str]]:
    """Return a check of the properties every pack must have (see :func:`check_pack`)."""
    return lambda app: decision_problems(pack, app, _today(app))


def invariant_problems(pack: Pack, invariant: Invariant) -> Callable[[Application], list[str]]:
    """Return a check of one of *pack*'s invariants on an application."""

    def check(app: Application) -> list[str]:
        problem = invariant_problem(invariant, app, decide(pack, app, _today(app)))
        return [] if problem is None else [problem]

    return check


def check_pack(pack: Pack, *, max_examples: int = 200, coverage: Coverage | None = None) -> None:
    """Check that *pack* has the properties every pack must have, on generated applications.

    On every valid application: evaluation does not raise and is
    deterministic; every recommendation has a rule id, an explanation with no
    unfilled placeholder, and a source; nothing is both recommended and ruled
    out; ``primary`` is the first action; ``not_before <= due_by``. The pack's
    own invariants are checked by :func:`check_invariants`.

    Raises:
        PackCheckError: a property fails; the message shows the shrunk application.
    """
    from .verify import application_yaml

    found = find_counterexample(
        applications_for(pack),
        universal_problems(pack),
        max_examples=max_examples,
        seen=None if coverage is None else (lambda app: coverage.record(app, _today(app))),
    )
    if found is not None:
        raise PackCheckError(
            f"pack {pack.name!r}: {'; '.join(found.problems)}\non this application:\n"
            + application_yaml(found.application, found.today),
            found,
        )


def check_invariants(pack: Pack, *, max_examples: int = 200) -> None:
    """Check each of *pack*'s invariants on applications aimed at breaking it.

    Raises:
        PackCheckError: an invariant fails; the message shows the shrunk application.
    """
    from .verify import application_yaml

    for invariant in pack.invariants:
        found = find_counterexample(
            applications_against(pack, invariant.id),
            invariant_problems(pack, invariant),
            max_examples=max_examples,
        )
        if found is not None:
            raise PackCheckError(
                f"pack {pack.name!r}: invariant {invariant.id!r} fails: "
                f"{'; '.join(found.problems)}\non this application:\n"
                + application_yaml(found.application, found.today),
                found,
            )
