"""Decisions per second of the native and durable engines, on the same applications, in one run.

Run it with ``make bench`` or ``.venv/bin/python bench/engines.py [--rounds N]``.
Every example application is advised for each day from its submission to three
weeks after; each engine decides all of them, ``--rounds`` times, alternating
engines, and the median round is reported. "match" times step 1 alone (which
rules fire, on fresh facts); "decide" times the whole ``next_action``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from outreach_rules import Application, default_pack, load_application, next_action
from outreach_rules.backends.durable_session import fired_rule_ids
from outreach_rules.facts import validate_application
from outreach_rules.vocabulary import Facts

ROOT = Path(__file__).resolve().parent.parent


def cases() -> list[tuple[Application, date]]:
    """Every example application, on every day from 2026-11-18 to 2026-12-09 it is valid for."""
    out = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        app = load_application(path)
        for n in range(22):
            day = date(2026, 11, 18) + timedelta(days=n)
            try:
                validate_application(app, today=day)
            except ValueError:
                continue
            out.append((app, day))
    return out


def rate(run: Callable[[], None], count: int, rounds: int) -> float:
    """Median decisions per second over *rounds* runs of *count* decisions."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return count / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds per engine (default 7)")
    args = parser.parse_args()
    pack = default_pack()
    work = cases()
    for app, day in work:  # warm up: compile, register the ruleset, check the engines agree
        assert next_action(app, today=day, engine="durable") == next_action(app, today=day)

    def decide(engine: str) -> Callable[[], None]:
        def run() -> None:
            for app, day in work:
                next_action(app, today=day, pack=pack, engine=engine)

        return run

    def match_native() -> None:
        for app, day in work:
            facts = Facts(app, day)
            pack.match(facts)

    def match_durable() -> None:
        for app, day in work:
            fired_rule_ids(pack, Facts(app, day))

    results = {}
    for name, native, durable in (
        ("decide", decide("native"), decide("durable")),
        ("match", match_native, match_durable),
    ):
        results[name] = (
            rate(native, len(work), args.rounds),
            rate(durable, len(work), args.rounds),
        )
    print(
        f"{len(work)} decisions of the default pack ({len(pack.rules)} rules) per round, "
        f"median of {args.rounds} rounds; Python {platform.python_version()}"
    )
    print(f"{'':8}{'native/s':>12}{'durable/s':>12}{'native/durable':>16}")
    for name, (native_rate, durable_rate) in results.items():
        print(
            f"{name:8}{native_rate:12,.0f}{durable_rate:12,.0f}{native_rate / durable_rate:15.1f}x"
        )


if __name__ == "__main__":
    main()
