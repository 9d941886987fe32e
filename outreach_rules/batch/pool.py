"""Chunks of work on worker processes, results in input order, a bounded window in flight.

Work travels to worker processes in chunks, and only a bounded window of
chunks is ever in flight (two a worker), so memory stays flat whatever the
input's length, and an endless input works. Each worker gets the settings of
the run once, when it starts, never once a chunk.

A run never starts more workers than :func:`max_workers` (four a CPU) nor
more than it has chunks to give them, and its workers die with it, even when
it is killed by ``SIGKILL`` (on Linux: see :func:`_die_with`).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import select
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

__all__ = [
    "CHUNKS_PER_WORKER",
    "MAX_WORKERS_ASKED",
    "WORKERS_PER_CPU",
    "check_workers",
    "in_order",
    "max_workers",
    "pool_context",
]

_Settings = TypeVar("_Settings")
_Chunk = TypeVar("_Chunk")
_Result = TypeVar("_Result")

CHUNKS_PER_WORKER = 2
"""Chunks in flight for each worker: one it works on, one waiting, so it never idles."""


WORKERS_PER_CPU = 4
"""Workers a run may start for each CPU it may use: more only add memory and switching."""

MAX_WORKERS_ASKED = 1024
"""The most workers one may ask for: more is a mistake (``--workers 1000000``), refused."""


def max_workers() -> int:
    """The most worker processes a run starts here: :data:`WORKERS_PER_CPU` a usable CPU."""
    try:
        cpus = len(os.sched_getaffinity(0))  # the CPUs this process may run on
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return WORKERS_PER_CPU * max(1, cpus)


def check_workers(workers: object, name: str = "workers") -> int:
    """*workers* checked (a whole number from 1 to :data:`MAX_WORKERS_ASKED`), capped.

    Above :func:`max_workers` it is lowered to that (a script written for a
    bigger machine still runs); 0, negatives, non-integers and absurd counts
    raise ``ValueError`` naming *name*.
    """
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"{name} must be a whole number of at least 1 (got {workers!r})")
    if workers > MAX_WORKERS_ASKED:
        raise ValueError(
            f"{name} must be at most {MAX_WORKERS_ASKED:,} (got {workers:,}); "
            f"at most {max_workers()} are started here, {WORKERS_PER_CPU} a CPU"
        )
    return min(workers, max_workers())


_worker_settings: Any = None  # set once in each worker, by its initializer

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with(main: int) -> None:
    """End this worker as soon as the process *main* that runs the pool ends, however it ends.

    A worker the main process started itself asks the kernel to kill it when
    its parent ends (``PR_SET_PDEATHSIG``). One started by a forkserver has
    the forkserver as its parent, which outlives the main process while the
    workers live: a thread waits on the main process (a pidfd) instead.
    """
    if not sys.platform.startswith("linux"):  # pragma: no cover - Linux only
        return
    if os.getppid() == main:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != main:  # it ended before the request was made
            os._exit(1)
        return
    try:
        handle = os.pidfd_open(main)
    except ProcessLookupError:
        os._exit(1)
    except OSError:  # pragma: no cover - a kernel before 5.3: no watch
        return
    threading.Thread(target=_exit_when_readable, args=(handle,), daemon=True).start()


def _exit_when_readable(handle: int) -> None:
    select.select([handle], [], [])  # a pidfd becomes readable when its process ends
    os._exit(1)


def _start_worker(settings: Any, main: int) -> None:
    global _worker_settings
    _die_with(main)
    # Ctrl-C and a hangup reach the whole process group: they are the main
    # process's to handle (it stops the pool in order, and removes its files).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler, if forked
    _worker_settings = settings


def _run_in_worker(task: Callable[[_Settings, _Chunk], _Result], chunk: _Chunk) -> _Result:
    if _worker_settings is None:  # pragma: no cover - the initializer always ran
        raise RuntimeError("worker started without settings")
    return task(_worker_settings, chunk)


def pool_context(mp_context: BaseContext | None) -> BaseContext:
    """The multiprocessing context to start workers with: *mp_context*, else Python's default."""
    return mp_context if mp_context is not None else multiprocessing.get_context()


def in_order(
    task: Callable[[_Settings, _Chunk], _Result],
    settings: _Settings,
    chunks: Iterable[_Chunk],
    workers: int,
    mp_context: BaseContext | None = None,
) -> Iterator[_Result]:
    """Yield ``task(settings, chunk)`` for each of *chunks*, in order, on *workers* processes.

    With one worker, in this process. Otherwise at most ``2 * workers`` chunks
    are in flight: the next chunk is read only when the oldest result is taken.
    *workers* is checked and capped by :func:`check_workers`, and lowered to
    the number of chunks when there are fewer (one chunk: this process).
    """
    workers = check_workers(workers)
    chunks = iter(chunks)
    first = list(islice(chunks, workers)) if workers > 1 else []
    workers = min(workers, len(first)) if workers > 1 else 1
    if workers <= 1:
        for chunk in chain(first, chunks):
            yield task(settings, chunk)
        return
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=pool_context(mp_context),
        initializer=_start_worker,
        initargs=(settings, os.getpid()),
    )
    try:
        pending: deque[Future[_Result]] = deque(
            executor.submit(_run_in_worker, task, chunk) for chunk in first
        )
        for chunk in chunks:
            pending.append(executor.submit(_run_in_worker, task, chunk))
            if len(pending) >= CHUNKS_PER_WORKER * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # Stopped early, failed, or done: drop what has not started, wait for the rest.
        executor.shutdown(wait=True, cancel_futures=True)
