"""The command line's arguments: every command's help and examples, dates, the version."""

from __future__ import annotations

import argparse
import re

import pytest
from support.cli import assert_bad_input, run
from support.paths import EXAMPLES

from outreach_rules import __version__
from outreach_rules.cli.parser import build_parser

MARTHA = str(EXAMPLES / "martha_day8.yaml")


def test_bad_today_date(capsys: pytest.CaptureFixture[str]) -> None:
    """A `--today` that is not a real YYYY-MM-DD date exits 2, quoting the value."""
    code, out, err = run(capsys, "next", MARTHA, "--today", "2026-13-01")
    assert_bad_input(code, out, err)
    assert "--today" in err
    assert "2026-13-01" in err


def test_next_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """`next --help` exits 0 and shows usage examples."""
    code, out, _ = run(capsys, "next", "--help")
    assert code == 0
    assert "examples:" in out
    assert "outreach-rules next examples/martha_day8.yaml" in out
    for option in ("--today", "--pack", "--json"):
        assert option in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`--version` exits 0 and prints the package version."""
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"outreach-rules {__version__}"


def test_schema_of_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`schema rule` exits 2 and lists the kinds there are."""
    code, out, err = run(capsys, "schema", "rule")
    assert_bad_input(code, out, err)
    assert "application" in err
    assert "pack" in err


def _commands() -> list[str]:
    (sub,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(sub.choices)


def test_commands_are_found() -> None:
    """The command list the help test walks holds the documented commands."""
    assert {"next", "validate", "facts", "schema"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_every_command_help_shows_examples(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """`COMMAND --help` exits 0 and ends with example command lines for that command."""
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    epilog = out[out.index("\nexample") :]
    assert re.search(rf"^  outreach-rules {command}\b", epilog, re.MULTILINE), out
