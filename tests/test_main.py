"""`python -m outreach_rules`: the command line as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support.paths import EXAMPLES

from outreach_rules import Decision
from outreach_rules.packs.schema import shipped_schema_text

MARTHA = str(EXAMPLES / "martha_day8.yaml")


def python_m(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "outreach_rules", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_python_m_next_json() -> None:
    """`python -m outreach_rules next --json` exits 0 and prints a Decision as JSON."""
    proc = python_m("next", MARTHA, "--json")
    assert proc.returncode == 0, proc.stderr
    decision = Decision.model_validate(json.loads(proc.stdout))
    assert decision.primary is not None
    assert decision.primary.action == "call_recruiter"


def test_python_m_bad_input_exit_code(tmp_path: Path) -> None:
    """`python -m outreach_rules` exits with status 2 and no traceback on a missing file."""
    proc = python_m("next", str(tmp_path / "missing.yaml"))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert "missing.yaml" in proc.stderr


def test_python_m_schema_matches_the_command() -> None:
    """`python -m outreach_rules schema pack` prints the same schema as the command."""
    proc = python_m("schema", "pack")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == shipped_schema_text("pack")
