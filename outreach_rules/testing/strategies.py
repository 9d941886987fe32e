"""Hypothesis strategies for applications: across the whole vocabulary, or aimed at a pack.

* :func:`applications` generates valid :class:`~outreach_rules.Application` s
  across the whole vocabulary, each with ``as_of`` set to the day it is for;
  keyword arguments pin parts (``applications(posting=st.none())``).
* :func:`applications_for` aims generation at a pack's conditions (see
  :mod:`.aims`), so that every rule fires, and fails to fire, often.
* :func:`applications_against` aims at breaking one of a pack's invariants.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ..language.embedded import Invariant
from ..model.application import Application
from ..packs.pack import Pack
from ._hypothesis import InvalidArgument, st
from .aims import UNAIMED, aims_for
from .drawing import DEFAULT_TODAY, generate

__all__ = ["DEFAULT_TODAY", "applications", "applications_against", "applications_for"]


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
    return generate(draw, UNAIMED, parts)


def _applications_for_body(draw: st.DrawFn, aim: _Aim, **parts: Any) -> Application:
    return generate(draw, aim.plan, parts)


def _against_body(draw: st.DrawFn, aim: _Aim, invariant_id: str) -> Application:
    return generate(draw, aim.plan, {})


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
    """Generate valid applications across the whole fact vocabulary.

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
