"""Reading a pack or application file: regular files only, never more than the limit.

A path may name a FIFO (reading it waits for a writer, for ever), a device
(``/dev/zero`` never ends), a directory, a symlink loop, or hold a NUL or an
over-long name. Each is refused here with a sentence for people, before
anything is read; a regular file is read up to its limit and one byte more,
so a file that grows while it is read cannot make the read unbounded either.

This module imports nothing from the rest of the package.
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = ["Unreadable", "check_path", "os_problem", "read_limited"]

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class Unreadable(Exception):
    """A file that cannot be read as a document.

    Attributes:
        problem: what is wrong, for people.
        special: the path names something other than a regular file.
        size: the file's size when it is over the limit, else ``None``.
    """

    def __init__(self, problem: str, *, special: bool = False, size: int | None = None) -> None:
        self.problem = problem
        self.special = special
        self.size = size
        super().__init__(problem)


def os_problem(exc: OSError) -> str:
    """What an error of the file system means, in words for people."""
    if exc.errno == errno.ELOOP:
        return "the path goes round a loop of symbolic links"
    if exc.errno == errno.ENAMETOOLONG:
        return "the path, or a name in it, is too long for the file system"
    if exc.errno == errno.ENOENT:
        return "file not found"
    return f"cannot read it: {exc.strerror or exc}"


def check_path(name: str) -> None:
    """Refuse a path no file can have (a NUL in it) before the file system sees it."""
    if "\x00" in name:
        raise Unreadable("the path contains a NUL character, which no file name can hold")


def read_limited(name: str, limit: int) -> bytes:
    """The bytes of the regular file at *name*, refused past *limit* bytes.

    Raises:
        Unreadable: a NUL in the path, no such file, a symlink loop, an over-long
            name, not a regular file (``special``), or over *limit* (``size``).
    """
    check_path(name)
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        raise Unreadable(os_problem(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((word for test, word in _KINDS if test(mode)), "not a regular file")
            raise Unreadable(f"it is {kind}, not a regular file", special=True)
        chunks: list[bytes] = []
        read = 0
        while read <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - read))
            if not chunk:
                break
            chunks.append(chunk)
            read += len(chunk)
    except OSError as exc:
        raise Unreadable(os_problem(exc)) from None
    finally:
        os.close(fd)
    if read > limit:
        size = max(read, _size(name))
        raise Unreadable(f"it is over the limit of {limit:,} bytes", size=size)
    return b"".join(chunks)


def _size(name: str) -> int:
    try:
        return os.stat(name).st_size
    except OSError:
        return 0
