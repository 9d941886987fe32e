"""Real ``outreach-rules`` processes, and the processes they start (Linux's /proc)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .paths import ROOT

__all__ = ["alive", "children", "descendants", "start_cli", "wait_for"]


def start_cli(*argv: str, cwd: Path, **options: object) -> subprocess.Popen[bytes]:
    """Start ``python -m outreach_rules ARGV`` in *cwd*, from this checkout, stderr piped."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "outreach_rules", *argv],
        cwd=cwd,
        env=env,
        stderr=subprocess.PIPE,
        **options,  # type: ignore[call-overload]
    )


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # after "(name) ": state, ppid, ...


def children(pid: int) -> set[int]:
    """The processes whose parent is *pid*, alive now."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields is not None and fields[1] == str(pid) and fields[0] != "Z":
                found.add(int(entry))
    return found


def descendants(pid: int) -> set[int]:
    """The processes *pid* started, and those they started, and so on, alive now."""
    found, todo = set(), [pid]
    while todo:
        new = children(todo.pop()) - found
        found |= new
        todo.extend(new)
    return found


def alive(pid: int) -> bool:
    """Whether *pid* runs (a zombie, ended but not yet reaped, does not)."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll *condition* until it holds (``True``) or *timeout* seconds pass (``False``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()
