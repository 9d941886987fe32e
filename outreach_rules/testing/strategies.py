"""Hypothesis strategies for applications: across the whole vocabulary, or aimed at a pack.

* :func:`applications` generates valid :class:`~outreach_rules.Application` s
  across the whole vocabulary, each with ``as_of`` set to the day it is for;
  keyword arguments pin parts (``applications(posting=st.none())``).
* :func:`applications_for` aims generation at a pack's conditions (see
  :mod:`.aims`), so that every rule fires, and fails to fire, often.
* :func:`applications_against` aims at breaking one of a pack's invariants.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from ..language.embedded import Invariant
from ..model.application import Addressee, Application, Channel, Outcome, Relation
from ..model.vocabulary import FACT_SPECS
from ..packs.pack import Pack
from ._hypothesis import InvalidArgument, st
from .aims import DAY_COUNTS, NEVER_NEGATIVE, TEXT, UNAIMED, Aims, Pins, aims_for

__all__ = ["DEFAULT_TODAY", "applications", "applications_against", "applications_for"]

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

    def __init__(self, draw: st.DrawFn, pins: Pins, plan: Aims) -> None:
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
        choices = tuple(dict.fromkeys((*self.plan.literals.get(path, ()), *TEXT.get(path, ()))))
        value = self.pick(path, _sampled(choices or ("x",), optional))
        if value is None or value == "":
            # Empty text reads as absent; a required text cannot be absent or empty.
            return None if optional else next((c for c in choices if c), "x")
        return str(value)

    def choice(self, path: str) -> Any:
        spec = FACT_SPECS[path]
        return self.pick(path, _sampled(spec.choices, spec.nullable))

    def days(self, path: str) -> int:
        low, high = DAY_COUNTS[path]
        floor = low if path in NEVER_NEGATIVE else None
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
            value = TEXT[f"candidate.{key}"][0]
        data[key] = value
    if missing == (True,) and all(data[k] for k in ("email", "phone", "skype", "availability")):
        data[d.draw(_sampled(("email", "phone", "skype", "availability")))] = None
    for key in ("schools", "interests"):
        data[key] = d.draw(_lists(TEXT[f"candidate.{key}"]))
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
    draw: st.DrawFn, plan: Aims, parts: Mapping[str, st.SearchStrategy[Any]]
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
        self.plan = aims_for(pack, focus)
        self.label = f"<pack {pack.name} {pack.version}>"

    def __repr__(self) -> str:
        return self.label


def _applications_body(draw: st.DrawFn, **parts: st.SearchStrategy[Any]) -> Application:
    return _generate(draw, UNAIMED, parts)


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
