"""Chunks of work on worker processes, results in input order, a bounded window in flight.

Work travels to worker processes in chunks, and only a bounded window of
chunks is ever in flight (two a worker), so memory stays flat whatever the
input's length, and an endless input works. Each worker gets the settings of
the run once, when it starts, never once a chunk.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

__all__ = ["CHUNKS_PER_WORKER", "in_order", "pool_context"]

_Settings = TypeVar("_Settings")
_Chunk = TypeVar("_Chunk")
_Result = TypeVar("_Result")

CHUNKS_PER_WORKER = 2
"""Chunks in flight for each worker: one it works on, one waiting, so it never idles."""


_worker_settings: Any = None  # set once in each worker, by its initializer


def _start_worker(settings: Any) -> None:
    global _worker_settings
    # Ctrl-C is for the main process to handle: it stops the pool in order.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
    """
    if workers == 1:
        for chunk in chunks:
            yield task(settings, chunk)
        return
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=pool_context(mp_context),
        initializer=_start_worker,
        initargs=(settings,),
    )
    try:
        pending: deque[Future[_Result]] = deque()
        for chunk in chunks:
            pending.append(executor.submit(_run_in_worker, task, chunk))
            if len(pending) >= CHUNKS_PER_WORKER * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # Stopped early, failed, or done: drop what has not started, wait for the rest.
        executor.shutdown(wait=True, cancel_futures=True)
