"""Drawing one application: each part of it, honouring one target's pins (see :mod:`.aims`)."""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from ..language.custom import CustomFact
from ..model.application import Addressee, Application, Channel, Outcome, Relation
from ._hypothesis import InvalidArgument, st
from .aims import DAY_COUNTS, NEVER_NEGATIVE, TEXT, Aims, Pins

__all__ = ["DEFAULT_TODAY", "generate"]

DEFAULT_TODAY = date(2026, 11, 26)
"""The day generated applications shrink towards (others are generated too)."""


def _choices(literal: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in typing.get_args(literal))


# Building a strategy costs more than drawing from it: build each one once.
def _sampled(values: tuple[Any, ...], optional: bool = False) -> st.SearchStrategy[Any]:
    # Cached by the values and their types: (False,) == (0,) as a key, and a goal's
    # index (0,) must not come back as a custom bool fact's value.
    return _sampled_typed(tuple((type(v), v) for v in values), optional)


@functools.cache
def _sampled_typed(typed: tuple[tuple[type, Any], ...], optional: bool) -> st.SearchStrategy[Any]:
    strategy: st.SearchStrategy[Any] = st.sampled_from(tuple(v for _, v in typed))
    return st.none() | strategy if optional else strategy


# Days an application may give end at model.dates.LAST_DAY (8999-12-31); the days drawn
# around today stay far inside it.
_TODAYS = st.dates(date(2020, 1, 1), date(2999, 12, 31))


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
        vocabulary = self.plan.vocabulary
        if any(key.startswith(f"{path}.") and key in vocabulary for key in self.pins) and (
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
        spec = self.plan.vocabulary[path]
        return self.pick(path, _sampled(spec.choices, spec.nullable))

    def custom(self, fact: CustomFact, today: date) -> Any:
        """A value of the custom fact *fact*: pinned, one its conditions compare with, or any.

        ``None`` leaves it out of the application (allowed when it is optional or
        has a default).
        """
        path, kind = fact.path, fact.value.type
        absent = fact.optional or fact.default is not None
        pinned = self.pins.get(path)
        if kind in ("list", "date", "int") and pinned in ((True,), (False,)):
            if pinned == (False,):  # a target that needs it absent
                return None
            absent, pinned = False, None
        if pinned is not None:
            return self.draw(_sampled(pinned))
        literals = self.plan.literals.get(path, ())
        if kind == "bool":
            values: tuple[Any, ...] = (False, True)
        elif kind in ("enum", "list") and fact.value.choices:
            values = fact.value.choices
        elif kind == "int":
            values = tuple(sorted({0, 1, *(v for v in literals if isinstance(v, int))}))
        elif kind == "date":
            values = tuple(sorted({today, *(v for v in literals if isinstance(v, date))}))
        else:
            values = tuple(dict.fromkeys((*(v for v in literals if isinstance(v, str)), "x")))
        if kind == "list":
            return tuple(self.draw(st.lists(_sampled(values), max_size=3, unique=True)))
        return self.draw(_sampled(values, absent))

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
    entries.sort(
        key=lambda e: typing.cast(date, e["on"])
    )  # oldest first, as the fact reference says
    return entries


def generate(
    draw: st.DrawFn, plan: Aims, parts: Mapping[str, st.SearchStrategy[Any]]
) -> Application:
    """Draw one application: pick a goal of *plan*, then a target, then every part.

    A part given in *parts* is drawn from that strategy instead.
    """
    pins: Pins = {}
    if plan.goals:
        # sampled_from picks evenly; integers() would favour the first few goals.
        goal = plan.goals[draw(_sampled(tuple(range(len(plan.goals)))))]
        pins = goal[draw(_sampled(tuple(range(len(goal)))))]
    d = _Drawer(draw, pins, plan)
    today: date = draw(parts.get("today", st.just(DEFAULT_TODAY) | _TODAYS))
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
    if plan.custom:
        data["custom"] = {
            name: value
            for name, fact in plan.custom.items()
            if (value := d.custom(fact, today)) is not None
        }
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
