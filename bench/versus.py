"""This tree against an earlier commit, in one process: matching and whole decisions.

Run it with ``.venv/bin/python bench/versus.py REV [--rounds N] [--runs N]``
(``make bench-versus REV=...`` does the same). The package as it was at ``REV``
is exported with ``git archive`` into a temporary folder and imported under
another name (``outreach_rules_then``), so that both versions take turns in
the same process, round after round: they share the machine's noise, which
between two processes on a busy machine is larger than the difference being
measured. The work is the bench's (every example advised on each day from
submission to three weeks after, :func:`synthetic.cases`), each version with
its own default pack; both must fire the same rules on every case.

It prints, for each run, the median time per decision of each version and
the ratios now/then; then the median ratio over the runs.
"""

from __future__ import annotations

import argparse
import importlib
import io
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from run import race
from synthetic import ROOT, cases

import outreach_rules as now

THEN = "outreach_rules_then"


def export(rev: str, into: Path) -> ModuleType:
    """The package as it was at *rev*, imported as :data:`THEN` from *into*."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "outreach_rules", "rulesets"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    package = into / THEN
    (into / "outreach_rules").rename(package)
    if (into / "rulesets").is_dir():  # the packs it ships, where its loader looks for them
        (into / "rulesets").rename(package / "rulesets")
    for source in package.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        source.write_text(re.sub(r"\boutreach_rules\b", THEN, text), encoding="utf-8")
    sys.path.insert(0, str(into))
    return importlib.import_module(THEN)


def contenders(then: ModuleType) -> dict[str, Callable[[], Any]]:
    """Matching and deciding on the bench's cases, by each version."""
    work = cases()
    plain = [(a.model_dump(mode="json", by_alias=True, exclude_none=True), d) for a, d in work]
    known = set(then.Application.model_fields) | {
        f.alias for f in then.Application.model_fields.values() if f.alias
    }
    mine = [(now.Application.model_validate(p), d) for p, d in plain]
    theirs = [
        (then.Application.model_validate({k: v for k, v in p.items() if k in known}), d)
        for p, d in plain
    ]
    pack_now, pack_then = now.default_pack(), then.default_pack()
    facts_then = _facts_maker(then, pack_then)
    fired_now = [[r.id for r in pack_now.match(pack_now.facts_for(a, d))] for a, d in mine]
    fired_then = [[r.id for r in pack_then.match(facts_then(a, d))] for a, d in theirs]
    if fired_now != fired_then:
        raise SystemExit("the two versions fire different rules: a comparison would mean nothing")
    # Each decision is dropped once made, as a server answering requests does.
    return {
        "then: match": lambda: [pack_then.match(facts_then(a, d)) for a, d in theirs],
        "now: match": lambda: [pack_now.match(pack_now.facts_for(a, d)) for a, d in mine],
        "then: decide": lambda: [
            then.next_action(a, today=d, pack=pack_then) and None for a, d in theirs
        ],
        "now: decide": lambda: [
            now.next_action(a, today=d, pack=pack_now) and None for a, d in mine
        ],
    }


def _facts_maker(then: ModuleType, pack: Any) -> Callable[[Any, Any], Any]:
    if hasattr(pack, "facts_for"):
        return pack.facts_for  # type: ignore[no-any-return]
    facts = importlib.import_module(f"{THEN}.model.facts").Facts
    return lambda app, day: facts(app, day)


def main(argv: Sequence[str] | None = None) -> None:
    """Race this tree against REV; print each run and the median ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the commit to compare with (for example HEAD~3)")
    parser.add_argument("--rounds", type=int, default=31, help="rounds per run (default 31)")
    parser.add_argument("--runs", type=int, default=5, help="runs (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        then = export(args.rev, Path(folder))
        racers = contenders(then)
        count = len(cases())
        ratios: dict[str, list[float]] = {"match": [], "decide": []}
        print(f"now: this tree; then: {args.rev}; {count} cases; {args.rounds} rounds a run")
        for run in range(1, args.runs + 1):
            result = race(racers, count, args.rounds)
            line = []
            for kind in ratios:
                ratio = result[f"now: {kind}"] / result[f"then: {kind}"]
                ratios[kind].append(ratio)
                line.append(
                    f"{kind}: then {result[f'then: {kind}'] * 1e6:.1f} us, "
                    f"now {result[f'now: {kind}'] * 1e6:.1f} us, now/then {ratio:.3f}"
                )
            print(f"run {run}: " + "; ".join(line))
        print(
            "median now/then: "
            + ", ".join(f"{kind} {statistics.median(r):.3f}" for kind, r in ratios.items())
        )


if __name__ == "__main__":
    main()
