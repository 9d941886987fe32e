"""End-to-end speed and memory of `outreach-rules batch` (a benchmark, not a test).

Generates N JSON Lines from the example applications (as_of moved over a
month so that decisions differ, about 1% bad lines), runs the command line
in a subprocess with --workers 2, and prints applications per second (median
of a few runs) and the peak memory of the main process and of the workers,
sampled from /proc while it runs. Flat memory from 100,000 to 1,000,000
lines shows the run streams.

    .venv/bin/python bench/batch.py                       # 100,000 and 1,000,000 lines
    .venv/bin/python bench/batch.py --lines 20000 --quick
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from outreach_rules import load_application

ROOT = Path(__file__).resolve().parent.parent
BAD = ["not json", "[1, 2]", '{"candidate": {}}', ""]


def generate(path: Path, count: int, seed: int = 6) -> None:
    """Write *count* lines: example applications on varied days, about 1% bad or blank."""
    rng = random.Random(seed)
    apps = [
        load_application(p).model_dump(mode="json", exclude_none=True)
        for p in sorted((ROOT / "examples").glob("*.yaml"))
    ]
    variants = []
    for app in apps:
        for days in range(0, 30, 3):
            as_of = date.fromisoformat(app["as_of"]) + timedelta(days=days)
            variants.append(json.dumps({**app, "as_of": as_of.isoformat()}))
    with path.open("w", encoding="utf-8") as file:
        for _ in range(count):
            line = rng.choice(BAD) if rng.random() < 0.01 else rng.choice(variants)
            file.write(line + "\n")


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as file:
            return [int(c) for c in file.read().split()]
    except OSError:
        return []


def run_once(source: Path, out: Path, workers: int, chunk: int) -> tuple[float, int, int, str]:
    """Run the command once; return seconds, peak RSS (KiB) of main and of one worker, summary."""
    command = [
        sys.executable, "-m", "outreach_rules", "batch", str(source), "--out", str(out),
        "--workers", str(workers), "--chunk-size", str(chunk),
    ]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    main_peak = worker_peak = 0
    while proc.poll() is None:
        main_peak = max(main_peak, _rss_kib(proc.pid))
        for child in _children(proc.pid):
            worker_peak = max(worker_peak, _rss_kib(child))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    _, err = proc.communicate()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"batch failed ({proc.returncode}):\n{err}")
    return seconds, main_peak, worker_peak, err.splitlines()[0]


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--quick", action="store_true", help="one run of 20,000 lines")
    args = parser.parse_args()
    sizes, runs = ([20_000], 1) if args.quick else (args.lines, args.runs)
    print(f"outreach-rules batch, --workers {args.workers}, --chunk-size {args.chunk_size};")
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, median of {runs} run(s)\n")
    print(f"{'lines':>10}  {'apps/s':>8}  {'seconds':>8}  {'main MiB':>8}  {'worker MiB':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            source = Path(folder) / f"apps-{size}.jsonl"
            generate(source, size)
            results = [
                run_once(source, Path(folder) / "out.jsonl", args.workers, args.chunk_size)
                for _ in range(runs)
            ]
            seconds = statistics.median(r[0] for r in results)
            main_mib = max(r[1] for r in results) / 1024
            worker_mib = max(r[2] for r in results) / 1024
            print(
                f"{size:>10,}  {size / seconds:>8,.0f}  {seconds:>8.1f}  {main_mib:>8.1f}"
                f"  {worker_mib:>10.1f}   ({results[0][3].split(': ', 1)[1]})"
            )
            for name in ("out.jsonl", "out.errors.jsonl"):
                (Path(folder) / name).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
