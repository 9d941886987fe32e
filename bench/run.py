"""The performance bench of issue 6: every table in one run (``make bench``).

Run it with ``make bench`` or ``.venv/bin/python bench/run.py [--quick] [--rounds N]``.
The applications are every example advised on each day from its submission to
three weeks after (:func:`synthetic.cases`). Before anything is timed, every
contender's answer is checked against ``Pack.match`` on every case: a
comparison with an engine that answers differently would mean nothing.

Rates are decisions per second, the median of several rounds; within a round
the contenders take turns (in a rotating order), so that they share the
machine's noise, and each ratio is to a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from importlib import metadata
from math import ceil
from pathlib import Path
from typing import Any

from baseline import default_rules, generated_matcher
from peers import NotTranslatable, durable_available, zen_input, zen_matcher
from synthetic import (
    ROOT,
    SIZES,
    cases,
    flat_facts,
    load_synthetic,
    observed_values,
    synthetic_pack_text,
)

from outreach_rules import Application, Pack, PackError, default_pack, load_pack_text, next_action
from outreach_rules.engine.durable.session import fired_rule_ids
from outreach_rules.model.facts import Facts

Case = tuple[Application, date]
ROUND_SECONDS = 0.02  # a round repeats a contender's pass until it lasts this long


# --- measuring -------------------------------------------------------------------


def race(contenders: dict[str, Callable[[], Any]], count: int, rounds: int) -> dict[str, float]:
    """Median seconds per decision of each contender (a pass decides *count* cases).

    Rounds alternate the contenders in a rotating order; within a round each
    runs its pass enough times to last about ``ROUND_SECONDS``, after a full
    collection of the garbage the others left.
    """
    names = list(contenders)
    repeats = {}
    for name in names:  # calibrate on one pass (it also warms caches)
        start = time.perf_counter()
        contenders[name]()
        once = time.perf_counter() - start
        repeats[name] = max(1, ceil(ROUND_SECONDS / max(once, 1e-9)))
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            run, n = contenders[name], repeats[name]
            # Untimed: no contender pays for the garbage the one before it left.
            gc.collect()
            start = time.perf_counter()
            for _ in range(n):
                run()
            times[name].append((time.perf_counter() - start) / (n * count))
    return {name: statistics.median(t) for name, t in times.items()}


def median_ms(run: Callable[[], Any], rounds: int) -> float:
    """Median wall time of *run* in milliseconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain text table: the first column left-aligned, the rest right-aligned."""
    cells = [list(map(str, headers))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        parts = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def per_s(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{1 / seconds:,.0f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --- the machine -------------------------------------------------------------------


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, where there is one."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def print_machine() -> None:
    print("# Machine")
    print(f"platform: {platform.platform()}")
    print(f"cpu: {cpu_model()}, {os.cpu_count()} cores")
    print(f"python: {platform.python_implementation()} {platform.python_version()}")
    print(
        f"outreach-rules {version_of('outreach-rules')}, zen-engine {version_of('zen-engine')}, "
        f"durable-rules {version_of('durable-rules')}"
    )


# --- the checks --------------------------------------------------------------------


def expected(pack: Pack, flats: Sequence[dict[str, Any]]) -> list[list[str]]:
    return [[rule.id for rule in pack.match(f)] for f in flats]


def check(name: str, got: Sequence[Any], want: Sequence[Any]) -> None:
    """Stop the bench when a contender disagrees with ``Pack.match`` on any case."""
    for index, (g, w) in enumerate(zip(got, want, strict=True)):
        if g != w:
            raise SystemExit(f"{name} disagrees with Pack.match on case {index}: {g} != {w}")


def durable_matcher(pack: Pack, sample: Case) -> Callable[[Facts], frozenset[str]] | None:
    """fired_rule_ids for *pack*, or None when durable_rules refuses it or is absent."""
    if not durable_available():
        return None
    try:
        fired_rule_ids(pack, pack.facts_for(*sample))
    except PackError as exc:
        if exc.code == "engine-limit":
            return None
        raise
    return lambda facts: fired_rule_ids(pack, facts)


# --- the tables ----------------------------------------------------------------------


def matching_default(work: list[Case], flats: list[dict[str, Any]], rounds: int) -> None:
    pack = default_pack()
    want = expected(pack, flats)
    check("the hand-written baseline (dict)", [default_rules(f) for f in flats], want)
    check(
        "the hand-written baseline (Facts)",
        [default_rules(pack.facts_for(a, d)) for a, d in work],
        want,
    )
    check(
        "Pack.match (Facts)",
        [[r.id for r in pack.match(pack.facts_for(a, d))] for a, d in work],
        want,
    )
    generated = generated_matcher(pack)
    check("the generated-if baseline", [generated(f) for f in flats], want)
    contenders: dict[str, Callable[[], Any]] = {
        "baseline: hand-written ifs, fresh Facts": lambda: [
            default_rules(pack.facts_for(a, d)) for a, d in work
        ],
        "baseline: hand-written ifs, facts dict": lambda: [default_rules(f) for f in flats],
        "generated ifs, facts dict": lambda: [generated(f) for f in flats],
        "ours: pack.match(Facts(app, day))": lambda: [
            pack.match(pack.facts_for(a, d)) for a, d in work
        ],
        "ours: pack.match(facts dict)": lambda: [pack.match(f) for f in flats],
    }
    versus = dict.fromkeys(contenders, "baseline: hand-written ifs, facts dict")
    versus["ours: pack.match(Facts(app, day))"] = "baseline: hand-written ifs, fresh Facts"
    durable = durable_matcher(pack, work[0])
    if durable is not None:
        check(
            "durable",
            [durable(pack.facts_for(a, d)) for a, d in work],
            [frozenset(w) for w in want],
        )
        contenders["durable: fired_rule_ids(Facts)"] = lambda: [
            durable(pack.facts_for(a, d)) for a, d in work
        ]
        versus["durable: fired_rule_ids(Facts)"] = "baseline: hand-written ifs, fresh Facts"
    zen_note = ""
    try:
        zen, fields = zen_matcher(pack)
    except ImportError:
        zen_note = "zen-engine: not installed (make bench installs it)"
    else:
        contexts = [zen_input(f, fields) for f in flats]
        check("zen-engine", [zen(c) for c in contexts], want)
        contenders["zen-engine: collect table, flat input"] = lambda: [zen(c) for c in contexts]
    result = race(contenders, len(work), rounds)
    rows = []
    for name, seconds in result.items():
        base = result[versus.get(name, "baseline: hand-written ifs, facts dict")]
        target = ""
        if name.startswith("ours"):
            target = f"<= 2.0x  {verdict(seconds / base <= 2.0)}"
        rows.append(
            [name, per_s(seconds), f"{seconds * 1e6:.2f}", f"{seconds / base:.2f}x", target]
        )
    print(f"\n# Matching, default pack ({len(pack.rules)} rules), {len(work)} cases")
    print("time vs baseline: against the hand-written ifs on the same input (Facts or dict)")
    print(table(["contender", "decisions/s", "us each", "time vs baseline", "target"], rows))
    if zen_note:
        print(zen_note)


def whole_decision(work: list[Case], rounds: int) -> None:
    pack = default_pack()
    plain = [(a.model_dump(mode="json", by_alias=True, exclude_none=True), d) for a, d in work]
    for (app, day), (data, _) in zip(work, plain, strict=True):
        assert next_action(data, today=day, pack=pack) == next_action(app, today=day, pack=pack)

    def each(cases: list[tuple[Any, date]], engine: str = "native") -> Callable[[], None]:
        # Each decision is dropped once made, as a server answering requests does.
        def run() -> None:
            for application, day in cases:
                next_action(application, today=day, pack=pack, engine=engine)

        return run

    contenders: dict[str, Callable[[], Any]] = {
        "next_action(validated app)": each(work),
        "next_action(plain dict), validating": each(plain),
        # Keeping every decision alive makes the cycle collector walk them all, again and again.
        "next_action(validated app), all kept": lambda: [
            next_action(a, today=d, pack=pack) for a, d in work
        ],
    }
    targets = {"next_action(validated app)": 50_000, "next_action(plain dict), validating": 20_000}
    if durable_available():
        for app, day in work:  # the engines give equal decisions (also a test of the suite)
            assert next_action(app, today=day, pack=pack, engine="durable") == next_action(
                app, today=day, pack=pack
            )
        contenders["next_action(validated app, engine='durable')"] = each(work, "durable")
    result = race(contenders, len(work), rounds)
    rows = []
    for name, seconds in result.items():
        target = targets.get(name)
        mark = f">= {target:,}/s  {verdict(1 / seconds >= target)}" if target else ""
        rows.append([name, per_s(seconds), f"{seconds * 1e6:.1f}", mark])
    print(f"\n# Whole decision, default pack, {len(work)} cases, one core")
    print(table(["call", "decisions/s", "us each", "target"], rows))


def load_times(texts: dict[int, str], rounds: int) -> None:
    text = (ROOT / "rulesets" / "default.yaml").read_text(encoding="utf-8")
    # load_pack_text, not default_pack(): the process cache would hide the cost.
    rows = []
    ms = median_ms(lambda: load_pack_text(text, filename="rulesets/default.yaml"), rounds * 2)
    rows.append(["default pack (27 rules)", f"{ms:,.1f}", f"< 20 ms  {verdict(ms < 20)}"])
    for n, pack_text in texts.items():
        # The largest packs take seconds each: fewer rounds there.
        times = rounds if n <= 256 else (min(rounds, 3) if n <= 2_048 else 1)
        ms = median_ms(lambda t=pack_text, n=n: load_synthetic(t, n), times)
        target = f"< 200 ms  {verdict(ms < 200)}" if n == 2_048 else ""
        rows.append([f"synthetic, {n:,} rules", f"{ms:,.1f}", target])
    print("\n# Load and compile (load_pack_text, median)")
    print(table(["pack", "ms", "target"], rows))


def scale(
    work: list[Case],
    flats: list[dict[str, Any]],
    values: dict[str, list[Any]],
    texts: dict[int, str],
    rounds: int,
) -> None:
    rows = []
    growth: dict[str, dict[int, float]] = {}
    columns = ("ours, Facts", "ours, dict", "generated ifs", "zen-engine", "durable")
    for n, text in texts.items():
        # The largest pack decides a quarter of the cases, in fewer rounds, to keep the
        # whole run within minutes; rates are per decision all the same.
        step = 4 if n >= 10_000 else 1
        some_work, some_flats = work[::step], flats[::step]
        pack = load_synthetic(text, n)
        want = expected(pack, some_flats)
        fired = sum(map(len, want)) / len(want)
        generated = generated_matcher(pack)
        check(f"the generated-if baseline ({n} rules)", [generated(f) for f in some_flats], want)
        check(
            f"Pack.match on Facts ({n} rules)",
            [[r.id for r in pack.match(pack.facts_for(a, d))] for a, d in some_work],
            want,
        )
        contenders: dict[str, Callable[[], Any]] = {
            "ours, Facts": lambda p=pack, w=some_work: [p.match(p.facts_for(a, d)) for a, d in w],
            "ours, dict": lambda p=pack, fl=some_flats: [p.match(f) for f in fl],
            "generated ifs": lambda g=generated, fl=some_flats: [g(f) for f in fl],
        }
        try:
            zen, fields = zen_matcher(pack)
        except (ImportError, NotTranslatable):
            pass
        else:
            contexts = [zen_input(f, fields) for f in some_flats]
            check(f"zen-engine ({n} rules)", [zen(c) for c in contexts], want)
            contenders["zen-engine"] = lambda z=zen, cs=contexts: [z(c) for c in cs]
        durable = durable_matcher(pack, work[0])
        if durable is not None:
            check(
                f"durable ({n} rules)",
                [durable(pack.facts_for(a, d)) for a, d in some_work],
                [frozenset(w) for w in want],
            )
            contenders["durable"] = lambda m=durable, p=pack, w=some_work: [
                m(p.facts_for(a, d)) for a, d in w
            ]
        result = race(contenders, len(some_work), rounds if n < 10_000 else min(rounds, 3))
        for name, seconds in result.items():
            growth.setdefault(name, {})[n] = seconds
        ours = result["ours, dict"]  # on flat facts, as the issue's own figures were taken
        cells = [per_s(result.get(c)) if c in result else "n/a (limit)" for c in columns[:-1]]
        cells.append(per_s(result["durable"]) if "durable" in result else "n/a (limit)")
        target = f">= 20,000/s  {verdict(1 / ours >= 20_000)}" if n == 2_048 else ""
        ratio = f"{result['ours, dict'] / result['generated ifs']:.1f}x"
        rows.append([f"{n:,}", f"{fired:.1f}", len(some_work), *cells, ratio, target])
    print("\n# Scale in rules: matching, synthetic packs (3 comparisons a rule), decisions/s")
    print("ours vs ifs: the time of ours over the generated ifs', both on the facts dict")
    print("target: ours on the facts dict (flat facts, as the issue measured its baselines)")
    print(
        table(
            ["rules", "fired/decision", "cases", *columns, "ours vs ifs", "target"],
            rows,
        )
    )
    first = min(texts)
    rows = []
    for n in texts:
        cells = []
        for name in columns:
            times = growth.get(name, {})
            cells.append(f"{times[n] / times[first]:.1f}x" if n in times and first in times else "")
        rows.append([f"{n:,}", f"{n / first:,.0f}x", *cells])
    print(f"\n# How the cost grows: time per decision vs the {first}-rule pack")
    print("sub-linear means each column grows clearly slower than the rules column")
    print(table(["rules", "rules x", *columns], rows))


def import_time(runs: int) -> None:
    env = dict(os.environ)
    # Time imports from cached bytecode, as an installed wheel has it; this
    # environment may ask Python not to write any.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    probes = {
        "python -c pass": "pass",
        "import pydantic; from pydantic import BaseModel": (
            "import pydantic; from pydantic import BaseModel"
        ),
        "import outreach_rules": "import outreach_rules",
    }
    for code in probes.values():  # warm up: write the bytecode caches
        subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
    times: dict[str, list[float]] = {name: [] for name in probes}
    for _ in range(runs):
        for name, code in probes.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
            times[name].append((time.perf_counter() - start) * 1000)
    start_ms = statistics.median(times["python -c pass"])
    rows = []
    for name, values in times.items():
        total = statistics.median(values)
        net = total - start_ms
        target = f"< 150 ms  {verdict(net < 150)}" if name == "import outreach_rules" else ""
        rows.append([name, f"{total:,.1f}", f"{net:,.1f}", target])
    print(f"\n# Import time: fresh processes, median of {runs}")
    print("net: minus the interpreter's own start (python -c pass)")
    print(table(["process", "ms", "net ms", "target"], rows))


def main(argv: Sequence[str] | None = None) -> None:
    """Print every table of the bench."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds, no 10,000-rule pack")
    parser.add_argument("--rounds", type=int, help="rounds per contender (default 5; quick 3)")
    args = parser.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 5)
    sizes = [n for n in SIZES if not (args.quick and n >= 10_000)]
    began = time.perf_counter()
    print_machine()
    work = cases()
    flats = [flat_facts(app, day) for app, day in work]
    print(f"cases: {len(work)} (application, day) pairs; {rounds} rounds; median rates")
    matching_default(work, flats, rounds)
    whole_decision(work, rounds)
    values = observed_values(flats)
    texts = {n: synthetic_pack_text(n, values) for n in sizes}
    load_times(texts, rounds)
    scale(work, flats, values, texts, rounds)
    import_time(5 if args.quick else 10)
    print(f"\nbench took {time.perf_counter() - began:,.0f} s")


if __name__ == "__main__":
    main()
