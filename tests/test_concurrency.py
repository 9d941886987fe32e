"""Deciding from many threads at once gives exactly the decisions of a serial run."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from outreach_rules import (
    Application,
    Decision,
    Pack,
    default_pack,
    load_application,
    load_pack,
    load_pack_text,
    next_action,
)

ROOT = Path(__file__).resolve().parent.parent

STRICT = """\
name: strict-agency
extends: default
disable: [visit-in-person]
rules:
  - id: agency-never-calls
    source: {house_default: this agency handles all calls itself}
    blocks:
      - {action: call_recruiter, reason: The agency calls for you.}
      - {action: call_main_office, reason: The agency calls for you.}
  - id: wait-a-week
    when: {submitted: true, replied: false, days_since_submission: {"<": 10}}
    then: {action: wait, due_by: {fact: submitted_on, days: 10}}
    because: This agency asks for ten days.
    source: {house_default: agency timing}
"""


def workload() -> list[tuple[Application, date, Pack]]:
    """10,000 decisions: every example, on many days, under three packs."""
    apps = [load_application(p) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    packs = [
        default_pack(),
        load_pack(ROOT / "docs" / "examples" / "coaching.yaml"),
        load_pack_text(STRICT),
    ]
    cases = []
    for app, offset, pack in itertools.product(apps, range(-5, 30), packs):
        assert app.as_of is not None
        cases.append((app, app.as_of + timedelta(days=offset), pack))
    while len(cases) < 10_000:
        cases.extend(cases[: 10_000 - len(cases)])
    return cases


def decide(case: tuple[Application, date, Pack]) -> Decision:
    app, day, pack = case
    # Days before as_of can fall before a submission: use a day no earlier than the facts.
    return next_action(app, today=max(day, latest_date(app)), pack=pack)


def latest_date(app: Application) -> date:
    days = [app.submitted_on, *(entry.on for entry in app.history)]
    return max((d for d in days if d is not None), default=date.min)


def test_eight_threads_match_a_serial_run() -> None:
    """8 threads deciding 10,000 mixed applications with three packs match the serial run."""
    cases = workload()
    assert len(cases) == 10_000
    serial = [decide(case) for case in cases]
    assert len({d.pack for d in serial}) == 3
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(decide, cases, chunksize=16))
    mismatches = [i for i, (a, b) in enumerate(zip(serial, threaded, strict=True)) if a != b]
    assert not mismatches
