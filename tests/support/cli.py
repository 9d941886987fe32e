"""Running the command line in-process, and reading what it printed."""

from __future__ import annotations

import pytest

from outreach_rules.cli import main

__all__ = ["assert_bad_input", "flat", "run"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse: --help, --version and usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def flat(text: str) -> str:
    """Collapse wrapping whitespace so assertions do not depend on terminal width."""
    return " ".join(text.split())


def assert_bad_input(code: int, out: str, err: str) -> None:
    """Assert a run failed on bad input: exit 2, nothing on stdout, a message, no traceback."""
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.strip()
