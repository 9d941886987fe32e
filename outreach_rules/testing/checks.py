"""Property checks of packs on generated applications, and the shrunk counterexample when one fails.

* :func:`check_pack` checks what every pack must satisfy on generated input.
* :func:`check_invariants` checks a pack's own invariants, each on
  applications aimed at breaking it.
* :func:`find_counterexample` returns the shrunk application on which a check fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..engine.decide import decide
from ..language.embedded import Invariant
from ..model.application import Application
from ..packs.pack import Pack
from ._hypothesis import HealthCheck, NoSuchExample, find, settings, st
from .strategies import applications_against, applications_for
from .verify import Coverage, application_yaml, decision_problems, invariant_problem

__all__ = [
    "Counterexample",
    "PackCheckError",
    "check_invariants",
    "check_pack",
    "find_counterexample",
    "invariant_problems",
    "universal_problems",
]

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
        problem = invariant_problem(invariant, app, decide(pack, app, _today(app)), pack)
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
