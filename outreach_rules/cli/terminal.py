"""Decisions in colour and tables, for a person at a terminal (with the optional ``rich``).

The command line calls :func:`write_decision` first and falls back to the plain
text of :mod:`outreach_rules.cli.text` when it returns ``False``: when the output
is not a terminal (a pipe or a file: scripts and tests see the plain text),
when the ``NO_COLOR`` environment variable is set (https://no-color.org), when
``TERM`` is ``dumb``, or when ``rich`` is not installed (it is the ``cli``
extra: ``pip install 'outreach-rules[cli]'``). This is the only module that
imports ``rich``.

Every piece of text from a pack or an application is added as plain text, never
as ``rich`` markup, so a ``[bold]`` in a template prints as written.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from ..model.application import Application
from ..model.decision import Decision, Recommendation

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

__all__ = ["BatchProgress", "batch_progress", "colour_wanted", "print_decision", "write_decision"]

MAX_WIDTH = 100


def colour_wanted(out: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether *out* should get colour: a terminal, with no ``NO_COLOR`` and ``TERM`` not dumb."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def write_decision(
    decision: Decision, app: Application | None, out: TextIO, *, all_scripts: bool = False
) -> bool:
    """Write *decision* to *out* in colour and tables if wanted and possible; say if it did."""
    if not colour_wanted(out):
        return False
    try:
        from rich.console import Console
    except ImportError:
        return False
    console = Console(file=out, highlight=False)
    console.width = min(console.width, MAX_WIDTH)
    print_decision(decision, app, console, all_scripts=all_scripts)
    return True


def _when(rec: Recommendation) -> str:
    if rec.action == "wait" and rec.due_by:
        return f"until {rec.due_by.isoformat()}"
    start = rec.not_before.isoformat() if rec.not_before else None
    end = rec.due_by.isoformat() if rec.due_by else None
    if start and end:
        return f"{start} to {end}"
    if end:
        return f"by {end}"
    return f"from {start}" if start else ""


def _action(title: str, action: str, style: str) -> Text:
    from rich.text import Text

    return Text.assemble((title, style), "  ", (action, "cyan"))


def _guidance(rec: Recommendation) -> Text:
    from rich.text import Text

    rules = ", ".join(r.rule_id for r in rec.reasons)
    return Text.assemble((f"“{rec.source}”", "italic"), (f"  rule {rules}", "dim"))


def _details(rec: Recommendation, *, script: bool) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("Why", Text(rec.explanation))
    if rec.contact:
        grid.add_row("Who", Text(rec.contact))
    when = _when(rec)
    if when:
        grid.add_row("When", Text(when, style="yellow"))
    if script and rec.script:
        grid.add_row("Script", Text(rec.script, style="green"))
    grid.add_row("Guidance", _guidance(rec))
    return grid


def print_decision(
    decision: Decision,
    app: Application | None,
    console: Console,
    *,
    all_scripts: bool = False,
) -> None:
    """Print *decision* on *console*: the next action in a panel, then tables of the rest."""
    from rich.panel import Panel
    from rich.text import Text

    head = Text.assemble(("Advice for ", "bold"), (decision.today.isoformat(), "bold yellow"))
    if app is not None:
        target = f"{app.posting.title} at " if app.posting else ""
        head = Text.assemble(
            (f"{app.candidate.name}, {target}{app.company.name}", "bold"),
            ": advice for ",
            (decision.today.isoformat(), "bold yellow"),
        )
    console.print(head)
    primary = decision.primary
    if primary is None:
        console.print(Text("Nothing to do: no rule applies to this application today.", "yellow"))
    else:
        console.print(
            Panel(
                _details(primary, script=True),
                title=Text.assemble(
                    ("NEXT  ", "bold green"), _action(primary.title, primary.action, "bold")
                ),
                title_align="left",
                border_style="green",
            )
        )
    if len(decision.actions) > 1:
        console.print()
        console.print(_also(decision, all_scripts=all_scripts))
    if decision.blocked:
        console.print()
        console.print(_ruled_out(decision))


def _also(decision: Decision, *, all_scripts: bool) -> RenderableType:
    """The recommendations after the first, in a table."""
    from rich.table import Table
    from rich.text import Text

    also = Table(title=Text("ALSO", "bold"), title_justify="left", expand=True, show_lines=True)
    also.add_column("#", justify="right", no_wrap=True)
    also.add_column("Action", ratio=1)
    also.add_column("When", style="yellow", no_wrap=True)
    also.add_column("Why", ratio=3)
    for rank, rec in enumerate(decision.actions[1:], start=2):
        why = Text(rec.explanation)
        if rec.contact:
            why.append(f"\nWho: {rec.contact}")
        if all_scripts and rec.script:
            why.append("\n\n")
            why.append(rec.script, style="green")
        why.append("\n")
        why.append_text(_guidance(rec))
        also.add_row(str(rank), _action(rec.title, rec.action, "bold"), _when(rec), why)
    return also


def _ruled_out(decision: Decision) -> RenderableType:
    """What is ruled out, with every reason, in a table."""
    from rich.table import Table
    from rich.text import Text

    out = Table(
        title=Text("RULED OUT", "bold red"), title_justify="left", expand=True, show_lines=True
    )
    out.add_column("Action", ratio=1)
    out.add_column("Why not", ratio=3)
    for blocked in decision.blocked:
        why = Text()
        for index, reason in enumerate(blocked.reasons):
            if index:
                why.append("\n")
            why.append(reason.reason)
            why.append(f"  rule {reason.rule_id}", style="dim")
        out.add_row(_action(blocked.title, blocked.action, "red"), why)
    return out


class BatchProgress:
    """How far a batch run is, on a terminal: a bar with rich, else one line redrawn in place.

    Make one with :func:`batch_progress`, which says whether the stream is a
    terminal. It never starts a thread: it redraws when told of progress, at
    most ten times a second.
    """

    def __init__(self, stream: TextIO, total_bytes: int | None, *, rich: bool) -> None:
        self._stream = stream
        self._total = total_bytes
        self._lines = self._bytes = 0
        self._drawn = 0.0
        self._started = time.monotonic()
        self._rich: Any = None
        if rich:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )

            self._rich = Progress(
                TextColumn("[bold]deciding"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[lines]:,} lines"),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=Console(file=stream),
                auto_refresh=False,  # no refresh thread: the pool may fork after this
                transient=False,
            )
            self._task = self._rich.add_task("batch", total=total_bytes, lines=0, rate="")
            self._rich.start()

    def advance(self, lines: int, bytes_read: int) -> None:
        """Count *lines* more lines done and *bytes_read* more bytes read; redraw now and then."""
        self._lines += lines
        self._bytes += bytes_read
        now = time.monotonic()
        if now - self._drawn >= 0.1:
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        rate = f"{self._lines / max(now - self._started, 1e-9):,.0f} lines/s"
        if self._rich is not None:
            self._rich.update(self._task, completed=self._bytes, lines=self._lines, rate=rate)
            self._rich.refresh()
            return
        done = f" {100 * self._bytes / self._total:3.0f}%" if self._total else ""
        self._stream.write(f"\rdeciding:{done} {self._lines:,} lines, {rate}\x1b[K")
        self._stream.flush()

    def close(self) -> None:
        """Draw the last state and end the line, so what follows starts clean."""
        self._draw(time.monotonic())
        if self._rich is not None:
            self._rich.stop()
        else:
            self._stream.write("\n")
            self._stream.flush()


def batch_progress(stream: TextIO, total_bytes: int | None) -> BatchProgress | None:
    """A progress display on *stream* if it is a terminal, else ``None`` (pipes, files, tests).

    It uses rich when it is installed and colour is wanted, else plain text.
    """
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()) or os.environ.get("TERM") == "dumb":
        return None
    try:
        import rich.progress  # noqa: F401 - only whether it is installed
    except ImportError:
        return BatchProgress(stream, total_bytes, rich=False)
    return BatchProgress(stream, total_bytes, rich=colour_wanted(stream))
