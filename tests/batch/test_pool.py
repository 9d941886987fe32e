"""Chunks of work on worker processes: results in input order, a bounded window in flight."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator

import pytest

from outreach_rules.batch.pool import (
    CHUNKS_PER_WORKER,
    MAX_WORKERS_ASKED,
    WORKERS_PER_CPU,
    check_workers,
    in_order,
    max_workers,
    pool_context,
)


def _slow_square(offset: int, chunk: int) -> tuple[int, int, int]:
    """The chunk squared plus *offset*, and the process that did it; early chunks take longest."""
    time.sleep(0.02 * max(0, 4 - chunk))
    return chunk, chunk * chunk + offset, os.getpid()


def _fail_on_three(offset: int, chunk: int) -> int:
    """A task that fails on chunk 3."""
    if chunk == 3:
        raise ValueError("chunk 3 is bad")
    return chunk + offset


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_input_order(workers: int) -> None:
    """Whatever finishes first, results come in the order of the chunks, each from the settings."""
    results = list(in_order(_slow_square, 100, range(8), workers))
    assert [(chunk, value) for chunk, value, _ in results] == [(n, n * n + 100) for n in range(8)]
    pids = {pid for _, _, pid in results}
    if workers == 1:
        assert pids == {os.getpid()}, "one worker is this process, with no pool"
    else:
        assert os.getpid() not in pids


@pytest.mark.parametrize("workers", [1, 2])
def test_chunks_are_read_only_a_bounded_way_ahead(workers: int) -> None:
    """The next chunk is read only when the oldest result is taken: at most two a worker ahead."""
    pulled: list[int] = []

    def chunks() -> Iterator[int]:
        for n in range(100):
            pulled.append(n)
            yield n

    results = in_order(_slow_square, 0, chunks(), workers)
    assert pulled == [], "nothing is read before the first result is asked for"
    assert next(results)[0] == 0
    assert len(pulled) <= (1 if workers == 1 else CHUNKS_PER_WORKER * workers)
    results.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_task_fails_the_iteration(workers: int) -> None:
    """An error in a task reaches the caller at that chunk's result, after the ones before it."""
    results = in_order(_fail_on_three, 10, range(6), workers)
    assert [next(results) for _ in range(3)] == [10, 11, 12]
    with pytest.raises(ValueError, match="chunk 3 is bad"):
        next(results)


def test_the_context_is_the_one_given_or_python_s_default() -> None:
    """Workers start in the multiprocessing context passed, else in Python's default one."""
    spawn = multiprocessing.get_context("spawn")
    assert pool_context(spawn) is spawn
    assert pool_context(None) is multiprocessing.get_context()


@pytest.mark.parametrize("workers", [0, -1, 1.5, True, "2", None, MAX_WORKERS_ASKED + 1, 10**6])
def test_a_worker_count_must_be_a_sane_whole_number(workers: object) -> None:
    """0, negatives, non-integers and absurd counts are refused, naming the argument."""
    with pytest.raises(ValueError, match=r"^workers "):
        check_workers(workers)


def test_a_worker_count_is_capped_at_four_a_cpu() -> None:
    """Up to four a usable CPU are started; more is lowered to that (a script for a bigger
    machine still runs)."""
    cap = max_workers()
    assert cap == WORKERS_PER_CPU * len(os.sched_getaffinity(0))
    assert check_workers(1) == 1
    assert check_workers(cap) == cap
    assert check_workers(MAX_WORKERS_ASKED) == min(cap, MAX_WORKERS_ASKED)


def _worker_pid(_settings: int, chunk: int) -> tuple[int, int]:
    return chunk, os.getpid()


@pytest.mark.parametrize(("chunks", "started"), [(1, 0), (3, 3)])
def test_never_more_workers_than_chunks(chunks: int, started: int) -> None:
    """Asked for 50 workers, a run of one chunk starts none (it runs here) and of three, three."""
    results = in_order(_worker_pid, 0, range(chunks), 50)
    first = next(results)
    assert len(multiprocessing.active_children()) == started
    pids = {pid for _, pid in [first, *results]}
    assert (pids == {os.getpid()}) if started == 0 else (os.getpid() not in pids)
