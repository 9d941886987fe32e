"""The ``batch`` command's files: JSON Lines in; decisions and errors out, written atomically.

The main process only reads lines and writes what comes back: the workers
parse, validate, decide and serialise (:func:`~.jsonl.decide_lines`).
Each output file is written to a temporary file in its own folder and renamed
over the final name once the run is complete, so a crash or Ctrl-C never
leaves a half-written file under that name (and an older file there stays
as it was).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from typing import BinaryIO, Protocol

from ..errors import OutreachRulesError
from .api import Run
from .jsonl import decide_lines
from .pool import in_order

__all__ = ["AtomicFile", "Progress", "Summary", "default_errors_path", "run_batch"]

STDIN = "-"


class Progress(Protocol):
    """Something that shows how far a run is: lines done and bytes of input read."""

    def advance(self, lines: int, bytes_read: int) -> None:
        """Count *lines* more lines done, *bytes_read* more bytes of input read."""

    def close(self) -> None:
        """The run is over: leave the terminal clean."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What a batch run did: every line read is a decision, an error or blank."""

    lines: int
    decided: int
    failed: int
    blank: int

    def text(self) -> str:
        """``N lines in = D decisions out + E errors`` (``+ B blank`` when there are any)."""
        text = (
            f"{_count(self.lines, 'line')} in = {_count(self.decided, 'decision')} out"
            f" + {_count(self.failed, 'error')}"
        )
        return text + (f" + {self.blank} blank" if self.blank else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def default_errors_path(out: str) -> str:
    """The errors file that goes with *out*: ``decisions.jsonl`` -> ``decisions.errors.jsonl``."""
    return out.removesuffix(".jsonl") + ".errors.jsonl"


class AtomicFile:
    """A file written under a temporary name in its folder, renamed to *path* by :meth:`commit`.

    Until then *path* is untouched; :meth:`discard` removes the temporary file.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        folder, name = os.path.split(os.path.abspath(path))
        # Hidden, and unique to this run, so that two runs never share one.
        self.temp = os.path.join(folder, f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as exc:
            raise OutreachRulesError(f"cannot write {path}: {exc.strerror or exc}") from None
        self.file: BinaryIO = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        """Append *data*."""
        self.file.write(data)

    def commit(self) -> None:
        """Flush to disk and put the file under its final name."""
        self.file.flush()
        os.fsync(self.file.fileno())  # on disk before the rename makes it visible
        self.file.close()
        os.replace(self.temp, self.path)

    def discard(self) -> None:
        """Close and remove the temporary file; the final name keeps what it had."""
        self.file.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.temp)


def run_batch(
    source: str,
    out: str,
    errors: str,
    run: Run,
    *,
    workers: int,
    chunk_size: int,
    progress: Progress | None = None,
    mp_context: BaseContext | None = None,
) -> Summary:
    """Decide every line of the JSON Lines file *source* (``-``: standard input).

    Decisions go to *out* and bad lines to *errors*, in input order, each file
    written atomically. Raises :class:`OutreachRulesError` when a file cannot
    be read or written, or names the same file twice.
    """
    _check_paths(source, out, errors)
    with _open_input(source) as reader:
        decisions = AtomicFile(out)
        try:
            failures = AtomicFile(errors)
        except BaseException:
            decisions.discard()
            raise
        try:
            lines = decided = failed = blank = 0
            chunks = _read_chunks(reader, source, chunk_size, run.max_line_bytes)
            for done in in_order(decide_lines, run, chunks, workers, mp_context):
                decisions.write(done.decisions)
                failures.write(done.errors)
                lines += done.lines
                decided += done.decided
                failed += done.failed
                blank += done.blank
                if progress is not None:
                    progress.advance(done.lines, done.bytes_read)
            failures.commit()
            decisions.commit()
        except BaseException:
            decisions.discard()
            failures.discard()
            raise
    return Summary(lines, decided, failed, blank)


def _check_paths(source: str, out: str, errors: str) -> None:
    if os.path.realpath(out) == os.path.realpath(errors):
        raise OutreachRulesError(f"--out and --errors are the same file ({out}): give two names")
    if source != STDIN and os.path.realpath(source) in {
        os.path.realpath(out),
        os.path.realpath(errors),
    }:
        raise OutreachRulesError(
            f"{source} is both the input and an output: write the results to another file"
        )


def _open_input(source: str) -> BinaryIO:
    if source == STDIN:
        # Closing the batch's reader must not close the process's standard input.
        return os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    try:
        return open(source, "rb")
    except OSError as exc:
        raise OutreachRulesError(f"cannot read {source}: {exc.strerror or exc}") from None


def input_size(source: str) -> int | None:
    """The size in bytes of *source* if it is a regular file (for progress), else ``None``."""
    try:
        return None if source == STDIN else os.path.getsize(source)
    except OSError:
        return None


def _read_chunks(
    reader: BinaryIO, source: str, size: int, limit: int
) -> Iterator[tuple[int, list[bytes]]]:
    """Chunks of *size* raw lines, each with its first line's 1-based number."""
    number = 1
    while True:
        lines = []
        try:
            for _ in range(size):
                # Read at most one byte over the limit: a longer line is cut short here
                # (the worker reports it as too long) so that memory stays bounded.
                raw = reader.readline(limit + 1)
                if not raw:
                    break
                if len(raw) > limit and not raw.endswith(b"\n"):
                    _skip_line(reader)
                lines.append(raw)
        except OSError as exc:
            raise OutreachRulesError(f"cannot read {source}: {exc.strerror or exc}") from None
        if not lines:
            return
        yield number, lines
        number += len(lines)


def _skip_line(reader: BinaryIO) -> None:
    while True:
        rest = reader.readline(1 << 16)
        if not rest or rest.endswith(b"\n"):
            return
