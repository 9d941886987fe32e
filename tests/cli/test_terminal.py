"""Colour and tables at a terminal; the plain text everywhere else."""

from __future__ import annotations

import io
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from support.paths import MARTHA, NO_CALLS

from outreach_rules import load_application, load_pack_text, next_action
from outreach_rules.cli import main
from outreach_rules.cli.terminal import (
    batch_progress,
    colour_wanted,
    print_decision,
    write_decision,
)
from outreach_rules.cli.text import render_decision

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Terminal(io.StringIO):
    """An output stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def flat(text: str) -> str:
    """Drop colour codes, box drawing and wrapping, to look for text."""
    return " ".join(re.sub(r"[│┃╭╮╰╯─━┏┓┗┛┡┩┣┫╇┳┻┼├┤┬┴└┘┌┐╋]", " ", ANSI.sub("", text)).split())


def rich_text(path: Path, today: date | None = None, **options: bool) -> str:
    app = load_application(path)
    decision = next_action(app, today=today or app.as_of)
    out = io.StringIO()
    console = Console(file=out, width=100, force_terminal=True, color_system="standard")
    print_decision(decision, app, console, **options)
    return out.getvalue()


# --- when colour is on -----------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # no-color.org: only a non-empty value counts
        ({"TERM": "dumb"}, True, False),
    ],
)
def test_colour_only_at_a_terminal_without_no_color(
    env: dict[str, str], tty: bool, expected: bool
) -> None:
    """Colour is wanted at a terminal, unless NO_COLOR is set or TERM is dumb."""
    out = Terminal() if tty else io.StringIO()
    assert colour_wanted(out, env) is expected


def test_cli_plain_when_not_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Piped, `next` prints exactly the plain rendering, with no escape codes."""
    monkeypatch.setenv("COLUMNS", "88")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["next", str(MARTHA)]) == 0
    out = capsys.readouterr().out
    app = load_application(MARTHA)
    assert out == render_decision(next_action(app, today=app.as_of), app, width=86)
    assert "\x1b[" not in out


def test_cli_colour_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """At a terminal, `next` prints colour and a panel for the next action."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["next", str(MARTHA)]) == 0
    out = terminal.getvalue()
    assert "\x1b[" in out
    assert "╭─ NEXT" in ANSI.sub("", out)
    assert "Call the recruiter call_recruiter" in flat(out)


def test_cli_no_color_gives_the_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """With NO_COLOR set, a terminal gets the plain rendering."""
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["next", str(MARTHA)]) == 0
    assert terminal.getvalue().startswith("Martha Owens, program manager at Acme Corp")
    assert "NEXT: Call the recruiter [call_recruiter]" in terminal.getvalue()
    assert "\x1b[" not in terminal.getvalue()


def test_without_rich_the_plain_text_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """If rich cannot be imported, write_decision declines and the CLI prints plain text."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for name in [m for m in sys.modules if m == "rich" or m.startswith("rich.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "rich", None)  # makes `import rich...` raise ImportError
    app = load_application(MARTHA)
    assert write_decision(next_action(app, today=app.as_of), app, Terminal()) is False
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["next", str(MARTHA)]) == 0
    assert "NEXT: Call the recruiter [call_recruiter]" in terminal.getvalue()


# --- what the tables show ----------------------------------------------------------


def test_rich_output_shows_next_also_and_guidance() -> None:
    """The panel has why, who, when, script and guidance; ALSO lists the alternative."""
    text = flat(rich_text(MARTHA))
    assert text.startswith("Martha Owens, program manager at Acme Corp: advice for 2026-11-26")
    assert "NEXT Call the recruiter call_recruiter" in text
    for part in (
        "Why You applied 8 days ago (2026-11-18)",
        "Who Dana Reyes at +1 555 0123",
        "When 2026-11-25 to 2026-11-28",
        "Hello, my name is Martha Owens.",
        "rule call-recruiter",
    ):
        assert part in text
    also = text[text.index("ALSO") :]
    assert "email_follow_up" in also
    assert "Who: dana@acme.example" in also
    assert "Hello, my name" not in also, "other scripts only with all_scripts"
    assert "RULED OUT" not in text


def test_rich_output_lists_what_is_ruled_out_with_reasons() -> None:
    """RULED OUT has each blocked action with its reason and rule."""
    text = flat(rich_text(NO_CALLS))
    ruled_out = text[text.index("RULED OUT") :]
    for part in ("Call the recruiter", "call_recruiter", "call_main_office", "Why not"):
        assert part in ruled_out
    assert ruled_out.count("The graphic designer posting says applicants should not call.") == 2
    assert "posting-says-no-calls" in ruled_out


def test_rich_output_all_scripts_and_wait() -> None:
    """all_scripts adds the alternatives' scripts; waiting shows until when."""
    assert "Martha Owens" in flat(rich_text(MARTHA, all_scripts=True)).split("ALSO")[1]
    assert "When until 2026-11-25" in flat(rich_text(MARTHA, today=date(2026, 11, 20)))


def test_pack_text_is_not_read_as_markup() -> None:
    """Square brackets in a pack's text print as written, never as rich styles."""
    pack = load_pack_text(
        """
name: brackets
rules:
  - id: r
    then: {action: research_company}
    because: "[bold red]Read[/] the [link=x]site[/link]."
    source: {house_default: a test}
"""
    )
    decision = next_action(
        {"candidate": {"name": "Ann"}, "company": {"name": "Acme"}},
        today=date(2026, 11, 26),
        pack=pack,
    )
    out = io.StringIO()
    print_decision(decision, None, Console(file=out, width=100, force_terminal=True))
    assert "[bold red]Read[/] the [link=x]site[/link]." in flat(out.getvalue())


# --- batch progress ---------------------------------------------------------------


def test_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """No progress display for a pipe or file; at a terminal a line redrawn in place."""
    assert batch_progress(io.StringIO(), 100) is None

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("NO_COLOR", "1")  # plain text, not rich
    monkeypatch.setenv("TERM", "xterm")
    screen = Terminal()
    progress = batch_progress(screen, 100)
    assert progress is not None
    progress.advance(10, 50)
    progress.close()
    assert screen.getvalue().startswith("\rdeciding:  50% 10 lines")
    assert screen.getvalue().endswith("\n")
