"""Pack-embedded tests: the ``examples:`` and ``invariants:`` a pack carries, checked at load.

An *example* is an application, a day and what the decision must be (its
primary action, actions it must and must not recommend, actions it must rule
out). An *invariant* states, in the condition language of rules, a property of
every decision: ``never: call_recruiter`` ``when: {posting.no_calls: true}``.

Both are checked when the pack loads, like its rules: the application must
validate, every action id must be in the catalogue, every condition must parse,
and a mistake is a :class:`~outreach_rules.errors.PackError` with file and line.
Running them is :mod:`outreach_rules.testing.verify` (examples) and
:mod:`outreach_rules.testing.checks` (invariants, on generated applications).

Examples belong to the file that states them and are not inherited through
``extends``; invariants are inherited (a child pack must keep its parent's
prohibitions), and a child may leave one out by naming its id in ``disable``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from .._yaml.nodes import YamlMap, mark_at
from ..errors import ApplicationError, Mark, Site, short_repr
from ..model.actions import ActionSpec, check_action
from ..model.application import Application, as_day, validate_application
from ..model.dates import day_range_problem
from ..model.vocabulary import BUILT_IN, Vocabulary
from .compile import compile_condition
from .conditions import ALWAYS, Condition, parse_condition
from .custom import CustomFact, check_custom
from .document import ExampleDoc, InvariantDoc
from .operators import Test
from .settings import bind_condition, settings_used

__all__ = ["Example", "Invariant", "compile_example", "compile_invariant"]

_NO_CUSTOM: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Example:
    """A compiled example: a validated application, its day, and the expected decision.

    ``primary`` is ``None`` when the example does not say which action comes first.
    """

    name: str
    application: Application
    today: date
    primary: str | None
    includes: tuple[str, ...]
    excludes: tuple[str, ...]
    blocked: tuple[str, ...]
    file: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Invariant:
    """A compiled invariant: ``kind`` (``never``/``always``) ``actions`` whenever ``when`` holds."""

    id: str
    description: str
    kind: Literal["never", "always"]
    actions: tuple[str, ...]
    when: Condition
    file: str
    line: int | None
    test: Test = field(compare=False, repr=False)
    unbound: Condition | None = field(default=None, compare=False, repr=False)

    def bound(self, values: Mapping[str, Any]) -> Invariant:
        """This invariant with the settings *values* in its condition (itself if unchanged)."""
        if self.unbound is None:
            return self
        when = bind_condition(self.unbound, values)
        if when == self.when:
            return self
        return replace(self, when=when, test=compile_condition(when))


def _day(value: object, site: Site, mark: Mark | None, what: str) -> date | None:
    if value is None:
        return None
    day = as_day(value)
    if day is not None:
        problem = day_range_problem(day)
        if problem is None:
            return day
        raise site.error(f"{what}: 'today': {problem}", mark, code="bad-example")
    raise site.error(
        f"{what}: 'today' must be a date as YYYY-MM-DD (got {short_repr(value)})",
        mark,
        code="bad-example",
    )


def compile_example(
    doc: ExampleDoc,
    raw: YamlMap,
    file: str,
    catalogue: Mapping[str, ActionSpec],
    *,
    custom: Mapping[str, CustomFact] = _NO_CUSTOM,
    pack: str = "",
) -> Example:
    """Check and compile one example; raise :class:`PackError` with its position on a mistake.

    Its application is checked against the pack's *custom* facts too.
    """
    site = Site(file)
    what = f"example {doc.name!r}"
    today = _day(doc.today, site, raw.key_marks.get("today", raw.mark), what)
    raw_app = raw.get("application")
    try:
        app = validate_application(doc.application, today=today)
        check_custom(custom, app.custom, pack=pack)
    except ApplicationError as exc:
        first = exc.problems[0]
        loc = tuple(int(p) if p.isdigit() else p for p in first.path.split(".") if p)
        mark = mark_at(raw_app, loc) if raw_app is not None else None
        raise site.error(
            f"{what}: invalid application: {first}",
            mark or raw.key_marks.get("application", raw.mark),
            code="bad-example",
        ) from None
    if today is None:
        if app.as_of is None:
            raise site.error(
                f"{what}: no day to decide for",
                raw.mark,
                code="bad-example",
                hint="add 'today: YYYY-MM-DD' to the example, or 'as_of' to its application",
            )
        today = app.as_of
    expected = [
        ("primary", (doc.primary,) if doc.primary else ()),
        ("includes", doc.includes),
        ("excludes", doc.excludes),
        ("blocked", doc.blocked),
    ]
    for key, actions in expected:
        for action in actions:
            check_action(action, catalogue, site, raw.key_marks.get(key, raw.mark), what)
    if doc.primary is None and not (doc.includes or doc.excludes or doc.blocked):
        raise site.error(
            f"{what}: it expects nothing",
            raw.mark,
            code="bad-example",
            hint="say what the decision must be: primary, includes, excludes or blocked",
        )
    clash = set(doc.excludes) & ({doc.primary} | set(doc.includes))
    if clash:
        raise site.error(
            f"{what}: {', '.join(sorted(str(c) for c in clash))} is both expected and excluded",
            raw.key_marks.get("excludes", raw.mark),
            code="bad-example",
        )
    return Example(
        name=doc.name,
        application=app,
        today=today,
        primary=doc.primary,
        includes=doc.includes,
        excludes=doc.excludes,
        blocked=doc.blocked,
        file=file,
        line=raw.mark.line if raw.mark else None,
    )


def compile_invariant(
    doc: InvariantDoc,
    raw: YamlMap,
    file: str,
    catalogue: Mapping[str, ActionSpec],
    *,
    vocabulary: Vocabulary = BUILT_IN,
    values: Mapping[str, Any] = _NO_CUSTOM,
) -> Invariant:
    """Check and compile one invariant; raise :class:`PackError` with its position on a mistake.

    Its condition is checked against *vocabulary*, and bound to the settings *values*.
    """
    site = Site(file)
    what = f"invariant {doc.id!r}"
    if (doc.never is None) == (doc.always is None):
        raise site.error(
            f"{what}: give exactly one of 'never' and 'always'",
            raw.mark,
            code="bad-invariant",
            hint="never: ACTION (or a list) when: CONDITION",
        )
    kind: Literal["never", "always"] = "never" if doc.never is not None else "always"
    given = doc.never if doc.never is not None else doc.always
    actions = (given,) if isinstance(given, str) else tuple(given or ())
    if not actions:
        raise site.error(f"{what}: '{kind}' names no action", raw.mark, code="bad-invariant")
    for action in actions:
        check_action(action, catalogue, site, raw.key_marks.get(kind, raw.mark), what)
    written = (
        ALWAYS
        if doc.when is None
        else parse_condition(doc.when, site, raw.key_marks.get("when", raw.mark), vocabulary)
    )
    when = bind_condition(written, values)
    return Invariant(
        id=doc.id,
        description=doc.description,
        kind=kind,
        actions=actions,
        when=when,
        file=file,
        line=raw.mark.line if raw.mark else None,
        test=compile_condition(when),
        unbound=written if settings_used(written) else None,
    )
