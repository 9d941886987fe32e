"""Packs written to be slow: how long loading and lint take on them (a benchmark, not a test).

Issue 16 found a 1.99 MB one-rule pack that had not loaded after 300 s, 4,000
rules that took 78 s, and an 11 KB pack (a 256-way ``any`` reused by YAML
aliases) that lint ran on for minutes. This builds packs of those shapes, at
the default limits, and prints how long each load and lint takes and what it
gave: loaded, or refused with its error code (a load must end in under 5 s,
lint in under 10 s). Timings are wall-clock on whatever else the machine runs.

    .venv/bin/python bench/hostile.py
    .venv/bin/python bench/hostile.py --only one-rule
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from outreach_rules import DEFAULT_LIMITS, PackError, load_pack_text
from outreach_rules.packs.lint import lint_pack

LOAD_TARGET, LINT_TARGET = 5.0, 10.0
FACT = "days_since_submission"


def _rule(index: int, when: str, priority: int = 50) -> list[str]:
    return [
        f"  - id: r{index}",
        f"    priority: {priority}",
        "    source: {house_default: hostile}",
        "    then: {action: wait}",
        "    because: Hostile.",
        f"    when: {when}",
    ]


def _fill(make: Callable[[int], str], limit: int = DEFAULT_LIMITS.max_pack_bytes) -> str:
    """The largest text *make* gives (for a count) that is still within *limit* bytes."""
    low, high = 1, 1
    while len(make(high).encode()) <= limit:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if len(make(middle).encode()) <= limit else (low, middle)
    return make(low)


def one_rule_many_tests(n: int) -> str:
    """One rule whose 'all' tests one fact against n literals, one test each."""
    tests = "\n".join(f"        - {{{FACT}: {{'!=': {i}}}}}" for i in range(n))
    return "name: one-rule\nrules:\n" + "\n".join(_rule(0, "")) + "\n      all:\n" + tests + "\n"


def one_rule_in_list(n: int) -> str:
    """One rule testing one fact against a list of n literals."""
    when = f"{{{FACT}: {{in: [{', '.join(map(str, range(n)))}]}}}}"
    return "name: in-list\nrules:\n" + "\n".join(_rule(0, when)) + "\n"


def many_rules(n: int) -> str:
    """n rules, each testing the same fact against its own literal."""
    lines = ["name: many-rules", "rules:"]
    for i in range(n):
        lines += _rule(i, f"{{{FACT}: {{'>=': {i}}}}}")
    return "\n".join(lines) + "\n"


def rules_by_literals(n: int) -> str:
    """The most rules allowed, each testing the fact against n literals of its own."""
    lines = ["name: rules-by-literals", "rules:"]
    for i in range(DEFAULT_LIMITS.max_rules):
        values = ", ".join(str(i * n + j) for j in range(n))
        lines += _rule(i, f"{{{FACT}: {{in: [{values}]}}}}")
    return "\n".join(lines) + "\n"


def nested(depth: int, n: int) -> str:
    """Conditions nested as deep as the YAML limit allows, n literals at the bottom."""
    inner = f"{{{FACT}: {{in: [{', '.join(map(str, range(n)))}]}}}}"
    for d in range(depth):
        below = f"{{{FACT}: {{'<': {d}}}}}"
        other = f"{{{FACT}: {{'!=': {d + 1}}}}}"
        inner = f"{{any: [{below}, {{all: [{other}, {inner}]}}]}}"
    return "name: nested\nrules:\n" + "\n".join(_rule(0, inner)) + "\n"


def wide_any_reused(rules: int, reuse: int = 8) -> str:
    """A 256-way 'any', then rules that reuse it by YAML aliases (the lint attack)."""
    wide = "{any: [" + ", ".join(f"{{{FACT}: {i}}}" for i in range(256)) + "]}"
    lines = ["name: wide-any", "rules:", *_rule(0, "&A " + wide, 10)]
    for i in range(1, rules + 1):
        lines += _rule(i, "{all: [" + ", ".join(["*A"] * reuse) + "]}", 10 + i)
    return "\n".join(lines) + "\n"


def same_action_rules(n: int) -> str:
    """n rules with the same action at different priorities: n * (n - 1) / 2 overlap checks."""
    lines = ["name: same-action", "rules:"]
    for i in range(n):
        lines += _rule(i, f"{{{FACT}: {{'>=': {i}}}}}", i)
    return "\n".join(lines) + "\n"


CASES: dict[str, Callable[[], str]] = {
    "one-rule": lambda: _fill(one_rule_many_tests),
    "in-list": lambda: _fill(one_rule_in_list),
    "4000-rules": lambda: many_rules(4_000),
    "10000-rules": lambda: many_rules(10_000),
    "rules-by-literals": lambda: _fill(rules_by_literals, DEFAULT_LIMITS.max_pack_bytes),
    "nested": lambda: _fill(lambda n: nested(14, n)),
    "wide-any": lambda: wide_any_reused(40),
    "same-action": lambda: same_action_rules(3_000),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    args = parser.parse_args()
    print(
        f"{'pack':<18} {'bytes':>10} {'load s':>7}  {'loaded or refused':<24} {'lint s':>7}  lint"
    )
    for name in args.only or CASES:
        try:
            text = CASES[name]()
        except Exception:  # rules-by-literals may not fit at all: say so
            print(f"{name:<18} does not fit the default limits")
            continue
        start = time.perf_counter()
        try:
            pack = load_pack_text(text, filename=f"<{name}>")
            outcome = f"loaded, {len(pack.rules):,} rules"
        except PackError as error:
            pack, outcome = None, f"refused: {error.code}"
        load = time.perf_counter() - start
        lint, said = "", ""
        if pack is not None:
            start = time.perf_counter()
            findings = lint_pack(pack)
            lint = f"{time.perf_counter() - start:7.2f}"
            codes: dict[str, int] = {}
            for finding in findings:
                codes[finding.code] = codes.get(finding.code, 0) + 1
            said = ", ".join(f"{count} {code}" for code, count in codes.items()) or "clean"
        over = " OVER" if load > LOAD_TARGET or (lint and float(lint) > LINT_TARGET) else ""
        size = len(text.encode())
        print(f"{name:<18} {size:>10,} {load:7.2f}  {outcome:<24} {lint:>7}  {said}{over}")


if __name__ == "__main__":
    main()
