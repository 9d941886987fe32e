"""Checking decisions against what a pack promises, without generating anything.

This module needs no hypothesis: it checks one decision at a time.

* :func:`decision_problems`: the properties every pack must have on every valid
  application (evaluation does not raise, is deterministic, every
  recommendation has a rule id, a filled-in explanation and a source, nothing
  is both recommended and ruled out, ``primary`` is the first action, dates are
  in order).
* :func:`example_problems` and :func:`invariant_problem`: a pack's own
  embedded examples and invariants (see :mod:`outreach_rules.language.embedded`).
* :class:`Coverage`: which rules fired, failed to fire, and which blocks applied.
* :func:`application_yaml`: an application as ready-to-paste YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from ..engine.decide import decide
from ..language.embedded import Example, Invariant
from ..model.application import Application
from ..model.decision import Decision
from ..packs.loading import default_pack
from ..packs.pack import Pack

__all__ = [
    "Coverage",
    "application_yaml",
    "decision_problems",
    "decision_summary",
    "example_problems",
    "invariant_problem",
]

# A placeholder left in rendered text: {fact.path} or {fact.path|fallback}.
_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_.]*(\|[^{}]*)?\}")


def decision_problems(pack: Pack, app: Application, today: date) -> list[str]:
    """Return what is wrong with *pack*'s decision on *app* (empty when nothing is).

    Checks the properties every pack must have: evaluation does not raise and
    is deterministic; every recommendation has a rule id, an explanation with
    no unfilled placeholder, and a source; no action is both recommended and
    ruled out; ``primary`` is the first action; ``not_before <= due_by``.
    """
    try:
        decision = decide(pack, app, today)
        again = decide(pack, app, today)
    except Exception as exc:  # the property under test: evaluation never raises
        return [f"evaluation raised {type(exc).__name__}: {exc}"]
    problems: list[str] = []
    if again != decision:
        problems.append("two evaluations of the same input gave different decisions")
    for rec in decision.actions:
        where = f"{rec.action} (rule {rec.rule_id or '?'})"
        if not rec.rule_id:
            problems.append(f"{where}: no rule id")
        if not rec.source.strip():
            problems.append(f"{where}: no source")
        if not rec.explanation.strip():
            problems.append(f"{where}: no explanation")
        for text in (rec.explanation, rec.script or "", rec.contact or ""):
            found = _PLACEHOLDER.search(text)
            if found:
                problems.append(f"{where}: unfilled placeholder {found.group(0)}")
        if rec.not_before and rec.due_by and rec.not_before > rec.due_by:
            problems.append(
                f"{where}: not_before {rec.not_before.isoformat()} is after due_by "
                f"{rec.due_by.isoformat()}"
            )
    both = sorted(set(decision.action_ids) & set(decision.blocked_ids))
    if both:
        problems.append(f"both recommended and ruled out: {', '.join(both)}")
    if decision.primary != (decision.actions[0] if decision.actions else None):
        problems.append("primary is not the first action")
    return problems


def example_problems(pack: Pack, example: Example) -> list[str]:
    """Return how *pack*'s decision on *example* differs from what the example expects."""
    decision = decide(pack, example.application, example.today)
    got = decision.action_ids
    problems: list[str] = []
    primary = decision.primary.action if decision.primary else None
    if example.primary is not None and primary != example.primary:
        problems.append(f"expected primary {example.primary}, got {primary or 'nothing'}")
    problems += [f"expected {a} among the actions" for a in example.includes if a not in got]
    problems += [f"{a} is recommended but must not be" for a in example.excludes if a in got]
    problems += [
        f"expected {a} to be ruled out" for a in example.blocked if a not in decision.blocked_ids
    ]
    return problems


def invariant_problem(
    invariant: Invariant, app: Application, decision: Decision, pack: Pack | None = None
) -> str | None:
    """Return how *decision* on *app* breaks *invariant*, or ``None`` when it keeps it.

    *pack* is the pack that made the decision, whose facts the invariant reads
    (its settings, custom and derived facts); by default, the default pack's.
    """
    facts = (pack or default_pack()).facts_for(app, decision.today)
    if not invariant.test(facts):
        return None
    got = decision.action_ids
    if invariant.kind == "never":
        bad = [a for a in invariant.actions if a in got]
        return f"recommended {', '.join(bad)}" if bad else None
    missing = [a for a in invariant.actions if a not in got]
    if not missing:
        return None
    ruled_out = [a for a in missing if a in decision.blocked_ids]
    why = f" (ruled out: {', '.join(ruled_out)})" if ruled_out else ""
    return f"did not recommend {', '.join(missing)}{why}"


@dataclass
class Coverage:
    """Which rules of a pack fired and failed to fire, and which blocks applied, over many cases.

    A block *applied* when its rule fired; ``record`` one case at a time.
    """

    pack: Pack
    cases: int = 0
    fired: dict[str, int] = field(default_factory=dict)
    not_fired: dict[str, int] = field(default_factory=dict)
    blocks: dict[tuple[str, str], int] = field(default_factory=dict)

    def record(self, app: Application, today: date) -> None:
        """Count which rules fire on *app* on *today*."""
        facts = self.pack.facts_for(app, today)
        self.cases += 1
        for rule in self.pack.rules:
            if rule.test(facts):
                self.fired[rule.id] = self.fired.get(rule.id, 0) + 1
                for block in rule.blocks:
                    key = (rule.id, block.action)
                    self.blocks[key] = self.blocks.get(key, 0) + 1
            else:
                self.not_fired[rule.id] = self.not_fired.get(rule.id, 0) + 1

    @property
    def never_fired(self) -> tuple[str, ...]:
        """Rules that did not fire on any case, in pack order."""
        return tuple(r.id for r in self.pack.rules if r.id not in self.fired)

    @property
    def always_fired(self) -> tuple[str, ...]:
        """Rules that fired on every case (never failed to fire), in pack order."""
        return tuple(r.id for r in self.pack.rules if r.id not in self.not_fired)

    @property
    def blocks_never_applied(self) -> tuple[tuple[str, str], ...]:
        """(rule id, action) of the blocks that never applied."""
        return tuple(
            (r.id, b.action)
            for r in self.pack.rules
            for b in r.blocks
            if (r.id, b.action) not in self.blocks
        )

    @property
    def percent(self) -> float:
        """The share, in percent, of the things counted that were reached.

        Counted: each rule firing, each rule failing to fire, and each block applying.
        """
        total = 2 * len(self.pack.rules) + sum(len(r.blocks) for r in self.pack.rules)
        missed = len(self.never_fired) + len(self.always_fired) + len(self.blocks_never_applied)
        return 100.0 if total == 0 else 100.0 * (total - missed) / total

    def text(self) -> str:
        """Return the coverage as text for people."""
        lines = [
            f"coverage: {self.percent:.1f}% over {self.cases} cases ({len(self.pack.rules)} rules)"
        ]
        lines += [f"  never fired: {r} ({self._where(r)})" for r in self.never_fired]
        lines += [f"  never failed to fire: {r} ({self._where(r)})" for r in self.always_fired]
        lines += [
            f"  block never applied: {r} blocks {a} ({self._where(r)})"
            for r, a in self.blocks_never_applied
        ]
        return "\n".join(lines) + "\n"

    def _where(self, rule_id: str) -> str:
        rule = self.pack.rule(rule_id)
        return f"{rule.file}:{rule.line}" if rule.line else rule.file


def application_yaml(app: Application, today: date | None = None) -> str:
    """Return *app* as YAML to paste into a file or an example (``as_of`` set to *today*)."""
    data: dict[str, Any] = _lists(app.model_dump(by_alias=True, exclude_defaults=True))
    if today is not None:
        data = {"as_of": today, **{k: v for k, v in data.items() if k != "as_of"}}
    text: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
    return text


def _lists(value: Any) -> Any:
    """Plain data for YAML: tuples as lists (dates stay dates, written unquoted)."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


def decision_summary(decision: Decision) -> str:
    """Return the gist of *decision* on a few lines: the actions with their rules, what is out."""
    lines = [f"decision on {decision.today.isoformat()} (pack {decision.pack}):"]
    lines += [f"  recommends {r.action} (rule {r.rule_id})" for r in decision.actions] or [
        "  recommends nothing"
    ]
    lines += [
        f"  rules out {b.action} (rule {', '.join(r.rule_id for r in b.reasons)})"
        for b in decision.blocked
    ]
    return "\n".join(lines) + "\n"
