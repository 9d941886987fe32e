"""Static checks of a pack: rules that can never fire or never win, unused actions, overlaps.

The analysis works on the condition trees (:mod:`outreach_rules.language.algebra`):
a condition is expanded into a disjunction of conjunctions of comparisons, and
a conjunction is impossible when one fact's comparisons contradict each other
(``days_since_submission < 7`` and ``>= 10``; ``company.size: small`` and
``large``; ``present: false`` and ``== true``). It is sound for what it
reports, not complete: facts are treated as independent, so a contradiction
that runs through the meaning of two facts (``submitted: false`` with
``days_since_submission >= 7``) is not found.

Codes: ``never-holds``, ``never-wins``, ``unused-action``, ``overlap``,
``too-complex``. Lint's work is bounded (``Limits.max_lint_work``): a pack
written to be slow to check gets a ``too-complex`` finding, not a hang.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..language.algebra import MAX_DISJUNCTS, disjuncts, negate
from ..language.conditions import Compare, Condition, FactRef
from ..language.operators import OPERATOR_TABLE
from ..limits import DEFAULT_LIMITS, Limits
from ..model.vocabulary import BUILT_IN, Vocabulary
from .pack import Pack, Rule

__all__ = ["LINT_CODES", "Finding", "can_hold", "lint_pack"]

LINT_CODES = {
    "never-holds": "the rule's condition contradicts itself: the rule can never fire",
    "never-wins": "whenever the rule fires, another rule blocks its action",
    "unused-action": "an action in the pack's catalogue that no rule recommends",
    "overlap": "two rules that can fire together recommend the same action at different priorities",
    "too-complex": "a rule's condition has too many alternatives to check, or the pack is too "
    "complex to check in full within Limits.max_lint_work (lint stopped there)",
}
"""Every lint finding's code, with what it means."""


def _number(value: Any) -> Any:
    return value.toordinal() if isinstance(value, date) else value


def _proves_presence(test: Compare) -> bool:
    return OPERATOR_TABLE[test.op].proves_presence(test.value)


def _fact_possible(path: str, tests: list[Compare], vocabulary: Vocabulary) -> bool:
    """Whether one fact can take a value that passes every one of *tests*."""
    spec = vocabulary[path]
    must_exist = any(_proves_presence(t) for t in tests)
    must_be_absent = any(t.op == "present" and not t.value for t in tests)
    if must_exist and must_be_absent:
        return False
    if must_be_absent:
        return spec.nullable
    if spec.type in ("list", "object"):
        return True
    low: Any = None
    high: Any = None
    allowed: set[Any] | None = None
    if spec.type == "bool":
        allowed = {True, False}
    elif spec.choices:
        allowed = set(spec.choices)
    excluded: set[Any] = set()
    for test in tests:
        value: Any = _number(test.value) if not isinstance(test.value, tuple) else None
        if test.op == "==":
            allowed = {value} if allowed is None else allowed & {value}
        elif test.op == "in":
            members = {_number(v) for v in test.value}
            allowed = members if allowed is None else allowed & members
        elif test.op == "!=":
            excluded.add(value)
        elif test.op == "not in":
            excluded.update(_number(v) for v in test.value)
        elif test.op in ("<", "<="):
            bound = value - 1 if test.op == "<" else value
            high = bound if high is None else min(high, bound)
        elif test.op in (">", ">="):
            bound = value + 1 if test.op == ">" else value
            low = bound if low is None else max(low, bound)

    def fits(candidate: Any) -> bool:
        if candidate in excluded:
            return False
        if low is not None and candidate < low:
            return False
        return high is None or candidate <= high

    if allowed is not None:
        return any(fits(c) for c in allowed)
    if low is not None and high is not None:
        if low > high:
            return False
        return bool(high - low + 1 > len([e for e in excluded if low <= e <= high]))
    return True


def _conjunction_possible(tests: Iterable[Condition], vocabulary: Vocabulary) -> bool:
    by_path: dict[str, list[Compare]] = {}
    for test in tests:
        if not isinstance(test, Compare):
            continue
        if _proves_presence(test):
            # The fact is there, so every group it sits in is there too.
            for key in vocabulary[test.path].presence:
                if key != test.path and key in vocabulary:
                    by_path.setdefault(key, []).append(Compare(key, "present", True))
        if test.op != "contains" and not isinstance(test.value, FactRef):
            by_path.setdefault(test.path, []).append(test)
    return all(_fact_possible(path, found, vocabulary) for path, found in by_path.items())


def can_hold(condition: Condition, vocabulary: Vocabulary = BUILT_IN) -> bool:
    """Whether *condition* can hold on some application, as far as the analysis sees.

    A condition with too many alternatives to list (see
    :func:`~outreach_rules.language.algebra.disjuncts`) may hold, as far as it sees.
    """
    alternatives = disjuncts(condition, vocabulary)
    if alternatives is None:
        return True
    return any(_conjunction_possible(d, vocabulary) for d in alternatives)


class _TooComplex(Exception):
    """Lint has spent its budget of steps (``Limits.max_lint_work``)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint finding: where, which rule, what (``code``, one of :data:`LINT_CODES`)."""

    code: str
    message: str
    file: str
    line: int | None
    rule_id: str | None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        rule = f"rule {self.rule_id!r}: " if self.rule_id else ""
        return f"{where}: {rule}{self.message} [{self.code}]"


def _finding(code: str, rule: Rule, message: str) -> Finding:
    return Finding(code, message, rule.file, rule.line, rule.id)


_Alternatives = list[tuple[Condition, ...]] | None

# What one check of a conjunction costs besides its comparisons, in steps: setting
# it up takes about as long as twenty comparisons (measured by bench/hostile.py).
_CHECK = 20


class _Checker:
    """The checks of one pack, sharing one budget of steps and each rule's expansion."""

    def __init__(self, pack: Pack, budget: int) -> None:
        self.facts = pack.facts
        self.left = budget
        self.alternatives = {rule.id: self.expand(rule.when) for rule in pack.rules}
        self.negated: dict[str, _Alternatives] = {}

    def spend(self, steps: int) -> None:
        self.left -= steps
        if self.left < 0:
            raise _TooComplex

    def expand(self, condition: Condition) -> _Alternatives:
        return disjuncts(condition, self.facts, self.spend)

    def possible(self, *parts: _Alternatives) -> bool | None:
        """Whether the conjunction of *parts* can hold; ``None``: too many alternatives to say."""
        count = 1
        known: list[list[tuple[Condition, ...]]] = []
        for part in parts:
            if part is None:
                return None
            count *= len(part)
            known.append(part)
        if count > MAX_DISJUNCTS:
            return None
        self.spend(_CHECK)
        for combo in itertools.product(*known):
            self.spend(sum(map(len, combo)))
            if _conjunction_possible(itertools.chain.from_iterable(combo), self.facts):
                return True
        return False

    def negation(self, rule: Rule) -> _Alternatives:
        if rule.id not in self.negated:
            self.negated[rule.id] = self.expand(negate(rule.when, self.facts))
        return self.negated[rule.id]


def lint_pack(pack: Pack, *, limits: Limits = DEFAULT_LIMITS) -> list[Finding]:
    """Return every finding for *pack*, rule by rule in pack order, then unused actions.

    Lint takes at most ``limits.max_lint_work`` steps (see
    :class:`~outreach_rules.limits.Limits`); past that it stops with a
    ``too-complex`` finding after those it had made. A rule whose condition has
    too many alternatives to list is a ``too-complex`` finding of its own, and
    is not reported by the other checks.
    """
    findings: list[Finding] = []
    file = pack.files[-1]
    try:
        _check_rules(pack, _Checker(pack, limits.max_lint_work), findings)
    except _TooComplex:
        findings.append(
            Finding(
                "too-complex",
                f"lint stopped after {limits.max_lint_work:,} steps (Limits.max_lint_work): "
                "the pack is too complex to check in full; the findings before this one are "
                "what it had checked",
                file,
                None,
                None,
            )
        )
    produced = {rule.then.action for rule in pack.rules if rule.then is not None}
    findings += [
        Finding("unused-action", f"no rule recommends {action!r}", file, None, None)
        for action in pack.actions
        if action not in produced
    ]
    return findings


def _check_rules(pack: Pack, checker: _Checker, findings: list[Finding]) -> None:
    alternatives = checker.alternatives
    possible = {rule.id: checker.possible(alternatives[rule.id]) for rule in pack.rules}
    blockers: dict[str, list[Rule]] = {}
    for other in pack.rules:
        for action in dict.fromkeys(b.action for b in other.blocks):
            blockers.setdefault(action, []).append(other)
    for rule in pack.rules:
        if possible[rule.id] is None:
            findings.append(
                _finding(
                    "too-complex",
                    rule,
                    f"its condition has more than {MAX_DISJUNCTS} alternatives when "
                    "expanded; lint cannot check it",
                )
            )
            continue
        if not possible[rule.id]:
            findings.append(
                _finding("never-holds", rule, "its condition contradicts itself; it never fires")
            )
            continue
        if rule.then is None:
            continue
        action = rule.then.action
        for other in blockers.get(action, ()):
            checker.spend(1)
            if other is rule:
                continue
            both = checker.possible(alternatives[rule.id], checker.negation(other))
            if both is False:
                findings.append(
                    _finding(
                        "never-wins",
                        rule,
                        f"whenever it fires, rule {other.id!r} blocks {action}; it never wins",
                    )
                )
                break
    for first, second in itertools.combinations(pack.rules, 2):
        checker.spend(1)
        if first.then is None or second.then is None or first.then.action != second.then.action:
            continue
        if first.priority == second.priority or not (possible[first.id] and possible[second.id]):
            continue
        if checker.possible(alternatives[first.id], alternatives[second.id]):
            findings.append(
                _finding(
                    "overlap",
                    second,
                    f"it and rule {first.id!r} can fire together and both recommend "
                    f"{first.then.action}, at priorities {second.priority} and {first.priority}",
                )
            )
