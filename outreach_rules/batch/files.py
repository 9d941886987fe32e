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
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from typing import BinaryIO, Protocol

from ..errors import OutreachRulesError
from .api import Run, worker_context
from .jsonl import decide_lines
from .pool import in_order

__all__ = [
    "STOP_SIGNALS",
    "AtomicFile",
    "Output",
    "Progress",
    "Stopped",
    "StreamedFile",
    "Summary",
    "check_output",
    "default_errors_path",
    "open_output",
    "run_batch",
    "stopping_on_signals",
]

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


class Output(Protocol):
    """Where one of a batch's files goes: written in order, then committed or discarded."""

    path: str

    def write(self, data: bytes) -> None:
        """Append *data*."""

    def flush(self) -> None:
        """Make what was written durable (before any output is committed)."""

    def commit(self) -> None:
        """The run succeeded: put the output in place."""

    def discard(self) -> None:
        """The run failed: leave the final name as it was (if that can be done)."""


def _cannot_write(path: str, exc: OSError) -> OutreachRulesError:
    return OutreachRulesError(f"cannot write {path}: {exc.strerror or exc}")


class AtomicFile:
    """A file written under a temporary name in its folder, renamed to *path* by :meth:`commit`.

    Until then *path* is untouched; :meth:`discard` removes the temporary file.
    A new file is created readable by its owner only (``0600``: decisions hold
    names, phones and emails); a regular file already at *path* is replaced
    keeping its permissions and its owner (*mode* and *owner*, from
    :func:`open_output`).
    """

    def __init__(self, path: str, mode: int = 0o600, owner: tuple[int, int] | None = None) -> None:
        self.path = path
        folder, name = os.path.split(os.path.abspath(path))
        # Hidden, and unique to this run, so that two runs never share one.
        self.temp = os.path.join(folder, f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        self.file: BinaryIO = os.fdopen(fd, "wb")
        try:
            # Set on the temporary file, so the final name never shows other permissions.
            os.fchmod(fd, mode)
            if owner is not None and owner != (os.geteuid(), os.getegid()):
                os.fchown(fd, *owner)
        except OSError as exc:
            self.discard()
            raise OutreachRulesError(
                f"cannot replace {path} keeping its owner and permissions "
                f"({exc.strerror or exc}): write to another file"
            ) from None

    def write(self, data: bytes) -> None:
        """Append *data*."""
        try:
            self.file.write(data)
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None

    def flush(self) -> None:
        """Flush to disk (before the rename makes it visible)."""
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None

    def commit(self) -> None:
        """Flush to disk and put the file under its final name."""
        self.flush()
        self.file.close()
        try:
            os.replace(self.temp, self.path)
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None

    def discard(self) -> None:
        """Close and remove the temporary file; the final name keeps what it had."""
        with contextlib.suppress(OSError):  # a full disk may fail the close's flush
            self.file.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.temp)


class StreamedFile:
    """Output written straight to a device, a FIFO or standard output (``-``).

    Such an output cannot be replaced atomically (and must not be: replacing
    ``/dev/null`` would make it a regular file), so what a failed run wrote
    before it failed has been written.
    """

    def __init__(self, path: str, fd: int) -> None:
        self.path = path
        self.file: BinaryIO = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        """Write *data* through."""
        try:
            self.file.write(data)
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None

    def flush(self) -> None:
        """Write out what is buffered."""
        try:
            self.file.flush()
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None

    def commit(self) -> None:
        """Write out what is buffered and close."""
        self.flush()
        self.file.close()

    def discard(self) -> None:
        """Close (what was written is gone to the device)."""
        with contextlib.suppress(OSError):
            self.file.close()


def check_output(path: str, option: str = "--out") -> os.stat_result | None:
    """Check that *path* may be written by a batch: what is there now (``None``: nothing).

    The rule: ``-`` is standard output; a device or a FIFO is written
    through; a regular file is replaced atomically, keeping its permissions
    and owner; a new file is created ``0600``. A folder, a symbolic link to a
    regular file (resolve it yourself: the link is not replaced, nor written
    through), and a name that cannot be a file are refused, naming *option*.
    """
    if path == STDIN:
        return None
    if not path:
        raise OutreachRulesError(f"{option} is empty: give a file name, or - for standard output")
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise OutreachRulesError(f"cannot write {path!r} ({option}): {_reason(exc)}") from None
    try:
        found = os.stat(path)
    except FileNotFoundError:
        found = None  # a link to nothing
    except (OSError, ValueError) as exc:
        raise OutreachRulesError(f"cannot write {path!r} ({option}): {_reason(exc)}") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise OutreachRulesError(
            f"{option} {path} is a folder: give a file name, "
            f"such as {os.path.join(path, 'decisions.jsonl')}"
        )
    if stat.S_ISLNK(link.st_mode) and (found is None or stat.S_ISREG(found.st_mode)):
        raise OutreachRulesError(
            f"{option} {path} is a symbolic link (to {os.path.realpath(path)}): "
            "it would be replaced, not written through; give the file it points to"
        )
    return found


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ValueError):
        return "the name holds a NUL character"
    assert isinstance(exc, OSError)
    return str(exc.strerror or exc)


def open_output(path: str, option: str = "--out") -> Output:
    """Open *path* for a batch's output, by the rule of :func:`check_output`."""
    found = check_output(path, option)
    if path == STDIN:
        return StreamedFile("<stdout>", os.dup(sys.stdout.fileno()))
    if found is None:
        return AtomicFile(path)
    if stat.S_ISREG(found.st_mode):
        return AtomicFile(path, stat.S_IMODE(found.st_mode), (found.st_uid, found.st_gid))
    try:
        # A device, a FIFO (waits for its reader, as a shell's > does) or a socket.
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    return StreamedFile(path, fd)


class Stopped(BaseException):
    """The run was stopped by a signal (``SIGTERM``, ``SIGHUP``): its files were cleaned up.

    A ``BaseException``, as :class:`KeyboardInterrupt` is, so that no
    ``except Exception`` on the way out swallows it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        """The signal's name: ``SIGTERM``."""
        return signal.Signals(self.signum).name


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that stop a batch cleanly, as Ctrl-C (``SIGINT``) does."""


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """Turn ``SIGTERM`` and ``SIGHUP`` into :class:`Stopped` while the block runs.

    So a signalled run unwinds like a failed one: workers stop and temporary
    files are removed. A second signal while unwinding is ignored. Outside
    the main thread (where Python cannot set handlers) it does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        for number in STOP_SIGNALS:
            signal.signal(number, signal.SIG_IGN)  # once is enough: let the cleanup finish
        raise Stopped(signum)

    before = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


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

    Decisions go to *out* and bad lines to *errors*, in input order (``-``:
    standard output), each by the rule of :func:`check_output`. Raises
    :class:`OutreachRulesError` when a file cannot be read or written, or
    names the same file twice, and :class:`Stopped` on ``SIGTERM`` or
    ``SIGHUP``; then neither file was replaced.
    """
    check_output(out, "--out")
    check_output(errors, "--errors")  # both checked before either is created
    if "\0" in source:
        raise OutreachRulesError(f"cannot read {source!r}: the name holds a NUL character")
    _check_paths(source, out, errors)
    with stopping_on_signals(), _open_input(source) as reader:
        decisions = open_output(out, "--out")
        try:
            failures = open_output(errors, "--errors")
        except BaseException:
            decisions.discard()
            raise
        try:
            lines = decided = failed = blank = 0
            chunks = _read_chunks(reader, source, chunk_size, run.max_line_bytes)
            context = worker_context(run.engine, mp_context)
            for done in in_order(decide_lines, run, chunks, workers, context):
                decisions.write(done.decisions)
                failures.write(done.errors)
                lines += done.lines
                decided += done.decided
                failed += done.failed
                blank += done.blank
                if progress is not None:
                    progress.advance(done.lines, done.bytes_read)
            # Both on disk before either is renamed: a full disk fails the run, not one file.
            decisions.flush()
            failures.flush()
            failures.commit()
            decisions.commit()
        except BaseException:
            decisions.discard()
            failures.discard()
            raise
    return Summary(lines, decided, failed, blank)


def _check_paths(source: str, out: str, errors: str) -> None:
    if out == errors == STDIN:
        raise OutreachRulesError("--out and --errors are both standard output: give --errors FILE")
    if STDIN not in (out, errors) and os.path.realpath(out) == os.path.realpath(errors):
        raise OutreachRulesError(f"--out and --errors are the same file ({out}): give two names")
    files = {os.path.realpath(name) for name in (out, errors) if name != STDIN}
    if source != STDIN and os.path.realpath(source) in files:
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
