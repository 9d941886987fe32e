"""Running a pack's own tests: its examples, then its invariants on generated applications.

Used by ``outreach-rules test`` and by the pytest plugin. Each check gives an
:class:`Outcome`; a failure carries the shrunk application as ready-to-paste
YAML and the decision it got. Generation needs hypothesis (the ``testing``
extra); :func:`run_pack` imports it only when called.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .._printable import printable
from ..engine.decide import decide
from ..language.embedded import Example, Invariant
from ..model.application import Application
from ..packs.pack import Pack
from .verify import Coverage, application_yaml, decision_summary, example_problems

if TYPE_CHECKING:
    from .checks import Counterexample

__all__ = [
    "Outcome",
    "Report",
    "run_example",
    "run_invariant",
    "run_pack",
    "run_universal",
]

DEFAULT_EXAMPLES = 200
"""How many applications each generated check tries, unless told otherwise."""


@dataclass(frozen=True)
class Outcome:
    """The result of one check of a pack.

    ``kind`` is ``example``, ``invariant`` or ``pack`` (the properties every
    pack must have); ``details`` is empty when the check passed, else the
    problems, the application (YAML) and the decision it got.
    """

    kind: Literal["example", "invariant", "pack"]
    name: str
    where: str
    problems: tuple[str, ...] = ()
    application: str = ""
    decision: str = ""

    @property
    def passed(self) -> bool:
        """Whether the check passed."""
        return not self.problems

    def text(self) -> str:
        """Return the outcome as text: one line when it passed, the counterexample when not."""
        head = f"{'ok  ' if self.passed else 'FAIL'} {self.kind} {self.name!r} ({self.where})"
        if self.passed:
            return head + "\n"
        lines = [head, *(f"  - {p}" for p in self.problems)]
        if self.application:
            what = "the application" if self.kind == "example" else "counterexample (shrunk)"
            lines += [f"  {what}, ready to paste:", _indent(self.application, 4)]
        if self.decision:
            lines += ["  it got:", _indent(self.decision, 4)]
        return "\n".join(lines) + "\n"


def _indent(text: str, width: int) -> str:
    return "\n".join(" " * width + line if line else line for line in text.rstrip().splitlines())


@dataclass
class Report:
    """Every outcome of a run, and the coverage it reached."""

    pack: Pack
    outcomes: list[Outcome] = field(default_factory=list)
    coverage: Coverage | None = None

    @property
    def failed(self) -> list[Outcome]:
        """The outcomes that failed."""
        return [o for o in self.outcomes if not o.passed]

    def text(self) -> str:
        """Return the whole report as text for people."""
        pack = self.pack
        text = (
            f"{printable(f'pack {pack.name} {pack.version}', one_line=True)}: "
            f"{len(pack.rules)} rules, "
            f"{len(pack.examples)} examples, {len(pack.invariants)} invariants\n"
        )
        text += "".join(o.text() for o in self.outcomes)
        if self.coverage is not None:
            text += self.coverage.text()
        passed = len(self.outcomes) - len(self.failed)
        text += f"{len(self.failed)} failed, {passed} passed\n"
        return text


def _where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


def run_example(pack: Pack, example: Example, coverage: Coverage | None = None) -> Outcome:
    """Run one of *pack*'s examples."""
    if coverage is not None:
        coverage.record(example.application, example.today)
    problems = example_problems(pack, example)
    where = _where(example.file, example.line)
    if not problems:
        return Outcome("example", example.name, where)
    decision = decide(pack, example.application, example.today)
    return Outcome(
        "example",
        example.name,
        where,
        tuple(problems),
        application_yaml(example.application, example.today),
        decision_summary(decision),
    )


def run_invariant(
    pack: Pack,
    invariant: Invariant,
    *,
    max_examples: int = DEFAULT_EXAMPLES,
    coverage: Coverage | None = None,
) -> Outcome:
    """Check one of *pack*'s invariants on applications aimed at breaking it."""
    from . import checks, strategies

    found = checks.find_counterexample(
        strategies.applications_against(pack, invariant.id),
        checks.invariant_problems(pack, invariant),
        max_examples=max_examples,
        seen=None if coverage is None else _recorder(coverage),
    )
    return _outcome("invariant", invariant.id, _where(invariant.file, invariant.line), pack, found)


def run_universal(
    pack: Pack, *, max_examples: int = DEFAULT_EXAMPLES, coverage: Coverage | None = None
) -> Outcome:
    """Check the properties every pack must have (see :func:`~.checks.check_pack`)."""
    from . import checks, strategies

    found = checks.find_counterexample(
        strategies.applications_for(pack),
        checks.universal_problems(pack),
        max_examples=max_examples,
        seen=None if coverage is None else _recorder(coverage),
    )
    return _outcome("pack", "every pack's properties", pack.files[-1], pack, found)


def _recorder(coverage: Coverage) -> Callable[[Application], None]:
    def record(app: Application) -> None:
        if app.as_of is not None:
            coverage.record(app, app.as_of)

    return record


def _outcome(
    kind: Literal["invariant", "pack"],
    name: str,
    where: str,
    pack: Pack,
    found: Counterexample | None,
) -> Outcome:
    if found is None:
        return Outcome(kind, name, where)
    return Outcome(
        kind,
        name,
        where,
        found.problems,
        application_yaml(found.application, found.today),
        decision_summary(decide(pack, found.application, found.today)),
    )


def run_pack(pack: Pack, *, max_examples: int = DEFAULT_EXAMPLES) -> Report:
    """Run *pack*'s examples, then its invariants and every pack's properties; measure coverage.

    *max_examples* bounds the applications each generated check tries.
    """
    report = Report(pack, coverage=Coverage(pack))
    coverage = report.coverage
    report.outcomes += [run_example(pack, e, coverage) for e in pack.examples]
    report.outcomes += [
        run_invariant(pack, i, max_examples=max_examples, coverage=coverage)
        for i in pack.invariants
    ]
    report.outcomes.append(run_universal(pack, max_examples=max_examples, coverage=coverage))
    return report
