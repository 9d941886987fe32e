"""The bench's workload: the applications, and synthetic packs of any size.

:func:`cases` is every example application advised on every day from its
submission to three weeks after. :func:`synthetic_pack_text` writes a pack of
*n* random rules, each a conjunction of three comparisons over the fact
vocabulary, with literals drawn from the values those facts take on the bench
cases (so that rules do fire); the same seed always gives the same text.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from outreach_rules import (
    ACTIONS,
    Application,
    Limits,
    Pack,
    default_pack,
    load_application,
    load_pack_text,
)
from outreach_rules.language.operators import OPERATORS_BY_TYPE
from outreach_rules.model.application import validate_application

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 256, 2_048, 10_000)
SEED = 20261118
FIRST_DAY = date(2026, 11, 18)

# Which operators a synthetic rule may use on each type: the pack language's own,
# less `contains` (lists and groups of facts are only tested for presence).
_OPERATORS = {
    kind: tuple(op for op in ops if op != "contains") for kind, ops in OPERATORS_BY_TYPE.items()
}


def cases() -> list[tuple[Application, date]]:
    """Every example application, on every day from 2026-11-18 to 2026-12-09 it is valid for."""
    out = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        app = load_application(path)
        for n in range(22):
            day = FIRST_DAY + timedelta(days=n)
            try:
                validate_application(app, today=day)
            except ValueError:
                continue
            out.append((app, day))
    return out


# The facts synthetic rules read: those of every pack, the standard vocabulary included
# (settings are left out: a pack's conditions use them as values, not as facts).
FACT_SPECS = {p: s for p, s in default_pack().facts.items() if s.origin != "setting"}


def flat_facts(app: Application, day: date) -> dict[str, Any]:
    """Every fact of *app* on *day*, resolved once into a plain dict (what ``Facts`` gives)."""
    facts = default_pack().facts_for(app, day)
    return {path: facts[path] for path in FACT_SPECS}


def observed_values(flats: Iterable[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """The distinct values (absent ones left out) each scalar fact takes, in a stable order."""
    seen: dict[str, dict[Any, None]] = {}
    for facts in flats:
        for path, spec in FACT_SPECS.items():
            value = facts[path]
            if spec.type in ("list", "object") or value is None:
                continue
            seen.setdefault(path, {})[value] = None
    # Sort so the draw does not depend on the order the cases came in.
    return {path: sorted(values, key=repr) for path, values in sorted(seen.items())}


def _literal(value: Any) -> Any:
    """A value as the pack's YAML writes it: dates as ISO text."""
    return value.isoformat() if isinstance(value, date) else value


def _comparison(rng: random.Random, path: str, values: Sequence[Any]) -> dict[str, Any]:
    """One random comparison of *path*, valid for its type, against values it takes."""
    spec = FACT_SPECS[path]
    ops = _OPERATORS[spec.type] if values else ("present",)
    op = rng.choice(ops)
    if op == "present":
        return {path: {"present": rng.random() < 0.5}}
    if op in ("in", "not in"):
        picked = rng.sample(list(values), k=min(len(values), rng.randint(2, 3)))
        return {path: {op: [_literal(v) for v in picked]}}
    return {path: {op: _literal(rng.choice(values))}}


def synthetic_rules(n: int, values: Mapping[str, Sequence[Any]], seed: int = SEED) -> list[dict]:
    """*n* random rules as the dicts a pack's YAML holds (see the module's docstring)."""
    rng = random.Random(seed)
    # Facts that are lists or groups, or that no case ever gives, can still be tested
    # for presence; the rest are compared with the values they take.
    paths = sorted(p for p, s in FACT_SPECS.items() if s.type in _OPERATORS)
    actions = sorted(ACTIONS)
    rules = []
    for index in range(n):
        chosen = rng.sample(paths, k=3)
        rules.append(
            {
                "id": f"r{index:05d}",
                "priority": rng.randint(0, 100),
                "when": {"all": [_comparison(rng, p, values.get(p, ())) for p in chosen]},
                "then": {"action": rng.choice(actions)},
                "because": f"Synthetic rule {index} holds.",
                "source": {"house_default": "a synthetic rule of the benchmark"},
            }
        )
    return rules


def synthetic_pack_text(n: int, values: Mapping[str, Sequence[Any]], seed: int = SEED) -> str:
    """The YAML text of a pack of *n* synthetic rules (deterministic for one *seed*).

    Each rule is written in block style with its comparisons as JSON, which is
    YAML too, so the text is quick to write and plain to read.
    """
    lines = [
        f"name: synthetic-{n}",
        'version: "1"',
        f"description: {n} random rules of three comparisons each (seed {seed}).",
        "rules:",
    ]
    for rule in synthetic_rules(n, values, seed):
        lines += [
            f"  - id: {rule['id']}",
            f"    priority: {rule['priority']}",
            "    when:",
            "      all:",
            *(f"        - {json.dumps(item)}" for item in rule["when"]["all"]),
            f"    then: {json.dumps(rule['then'])}",
            f"    because: {json.dumps(rule['because'])}",
            f"    source: {json.dumps(rule['source'])}",
        ]
    return "\n".join(lines) + "\n"


def limits_for(text: str, n: int) -> Limits:
    """Limits large enough for a synthetic pack of *n* rules written as *text*."""
    return Limits(
        max_rules=max(n, Limits().max_rules),
        max_pack_bytes=max(len(text.encode()), Limits().max_pack_bytes),
        max_nodes=max(100 * n, Limits().max_nodes),
    )


def load_synthetic(text: str, n: int) -> Pack:
    """Load a synthetic pack's *text* with limits raised as it needs."""
    return load_pack_text(text, filename=f"<synthetic-{n}>", limits=limits_for(text, n))
