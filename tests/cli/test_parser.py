"""The command line's arguments: every command's help and examples, dates, the version."""

from __future__ import annotations

import argparse
import re
from datetime import date

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


@pytest.mark.parametrize("value", ["101", "-1", "lots", "nan"])
def test_fail_under_is_a_percentage(capsys: pytest.CaptureFixture[str], value: str) -> None:
    """--fail-under takes a number from 0 to 100; anything else is a usage error naming it."""
    code, out, err = run(capsys, "test", "default", "--fail-under", value)
    assert_bad_input(code, out, err)
    assert f"{value!r} is not a percentage from 0 to 100" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["test", "default", "--examples", "x"],
        ["batch", "in.jsonl", "--out", "o.jsonl", "--chunk-size", "0"],
        ["batch", "in.jsonl", "--out", "o.jsonl", "--workers", "-2"],
    ],
)
def test_counts_are_whole_numbers_of_1_or_more(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """--examples, --workers and --chunk-size refuse 0, negatives and words."""
    code, out, err = run(capsys, *argv)
    assert_bad_input(code, out, err)
    assert "is not a whole number of 1 or more" in err


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a command the usage is shown and the exit code is 2."""
    code, out, err = run(capsys)
    assert_bad_input(code, out, err)
    assert "usage: outreach-rules" in err


def test_options_are_parsed_into_their_types() -> None:
    """Dates become dates, counts ints, percentages floats; the defaults are the documented ones."""
    args = build_parser().parse_args(["next", "app.yaml", "--today", "2026-11-26"])
    assert (args.command, args.applications, args.today) == (
        "next",
        ["app.yaml"],
        date(2026, 11, 26),
    )
    assert (args.engine, args.pack, args.json, args.all_scripts) == ("native", None, False, False)
    args = build_parser().parse_args(["test", "p.yaml", "--fail-under", "92.5"])
    assert (args.examples, args.fail_under) == (200, 92.5)
    args = build_parser().parse_args(["batch", "-", "--out", "o.jsonl"])
    assert (args.workers, args.chunk_size, args.errors) == (1, 500, None)
    assert build_parser().parse_args(["plan", "a.yaml"]).days == 21


# --- --set NAME=VALUE ----------------------------------------------------------------


def test_set_reads_each_value_as_yaml_and_repeats() -> None:
    """--set NAME=VALUE reads the value as YAML (a number, a list, a date, true, quoted text);
    it repeats, in order; every command that decides takes it."""
    args = build_parser().parse_args(
        [
            "next",
            "app.yaml",
            "--set",
            "follow_up_after_days=10",
            "--set",
            "reply_outcomes=[rejected, reviewed]",
            "--set",
            " start = 2026-11-20",
            "--set",
            "quiet=true",
            "--set",
            "word='10'",
            "--set",
            "empty=",
            "--set",
            "follow_up_after_days=12",
        ]
    )
    assert args.settings == [
        ("follow_up_after_days", 10),
        ("reply_outcomes", ["rejected", "reviewed"]),
        ("start", date(2026, 11, 20)),
        ("quiet", True),
        ("word", "10"),
        ("empty", ""),
        ("follow_up_after_days", 12),
    ]
    for command in ("facts", "explain", "plan"):
        args = build_parser().parse_args([command, "a.yaml", "--set", "x=1"])
        assert args.settings == [("x", 1)]
    args = build_parser().parse_args(["batch", "-", "--out", "o.jsonl", "--set", "x=1"])
    assert args.settings == [("x", 1)]
    assert build_parser().parse_args(["next", "a.yaml"]).settings == []


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("follow_up_after_days", "'follow_up_after_days' is not NAME=VALUE"),
        ("=10", "'=10' is not NAME=VALUE"),
        ("follow_up_after_days=[1", "the value is not valid: invalid YAML"),
        ("x=!!python/object:os.system ls", "the value is not valid"),
    ],
)
def test_a_malformed_set_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], given: str, words: str
) -> None:
    """--set without NAME=, with no name, or a value that is not YAML: a usage error, exit 2."""
    code, out, err = run(capsys, "next", MARTHA, "--set", given)
    assert_bad_input(code, out, err)
    assert "usage: outreach-rules next" in err
    assert "argument --set" in err
    assert words in err
