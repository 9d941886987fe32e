"""A longer fuzz run of the public interfaces: the checks of tests/test_fuzz.py, many more times.

Run it from the repository root:

    .venv/bin/python tests/fuzz/long_run.py --examples 20000

It prints, for each check, how many inputs it tried and how long it took, and
exits non-zero on the first input that gives anything but a result or a
documented error (Hypothesis prints that input, shrunk). It is not part of
`make test`; its last result is noted in docs/security.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from support.builders import VALID_APPLICATION
from support.fuzzing import (
    DEFAULT_PACK_DATA,
    decide_or_documented_error,
    dump,
    json_like,
    load_or_documented_error,
    mutated,
    parse_or_documented_error,
)

from outreach_rules import Decision, Pack


def _pack_then_decide(document: Any) -> None:
    result = load_or_documented_error(dump(document))
    if isinstance(result, Pack):
        assert isinstance(decide_or_documented_error(VALID_APPLICATION, result), Decision)


CHECKS: list[tuple[str, SearchStrategy[Any], Callable[[Any], object]]] = [
    ("arbitrary values as application", json_like, decide_or_documented_error),
    ("mutated applications", mutated(VALID_APPLICATION), decide_or_documented_error),
    ("arbitrary text as application", st.text(max_size=2000), parse_or_documented_error),
    ("arbitrary text as pack", st.text(max_size=2000), load_or_documented_error),
    ("arbitrary documents as pack", json_like, lambda d: load_or_documented_error(dump(d))),
    ("mutated default pack", mutated(DEFAULT_PACK_DATA), _pack_then_decide),
]


def _run(strategy: SearchStrategy[Any], check: Callable[[Any], object], examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def prop(value: Any) -> None:
        check(value)

    prop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000, help="inputs per check")
    args = parser.parse_args()
    for name, strategy, check in CHECKS:
        started = time.perf_counter()
        _run(strategy, check, args.examples)
        print(f"{name}: {args.examples} inputs, {time.perf_counter() - started:.0f} s, ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
