"""decide_many: streaming, in input order, across processes, errors as results."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import pickle
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.builders import example_applications, minimal_app
from support.packs import NO_RECRUITER_CALLS, public_sector_pack
from support.paths import ROOT

from outreach_rules import (
    ApplicationError,
    BatchResult,
    Decision,
    PackError,
    decide_many,
    default_pack,
    load_pack,
    load_pack_text,
    next_action,
)
from outreach_rules.batch import pool
from outreach_rules.batch.api import Run, decide_one, worker_context
from outreach_rules.batch.jsonl import decide_lines
from outreach_rules.model.application import validate_application

APPS = example_applications()


def _dump(decision: Decision | None) -> dict[str, Any]:
    assert decision is not None
    return decision.model_dump(mode="json")


@pytest.mark.parametrize(("workers", "chunk_size"), [(1, 64), (1, 1), (2, 2)])
def test_decide_many_gives_next_action_decisions_in_input_order(
    workers: int, chunk_size: int
) -> None:
    """Results come in input order, index by index, each the decision next_action gives."""
    results = list(decide_many(APPS, workers=workers, chunk_size=chunk_size))
    assert [r.index for r in results] == list(range(len(APPS)))
    assert all(r.ok for r in results)
    assert [_dump(r.decision) for r in results] == [
        next_action(app).model_dump(mode="json") for app in APPS
    ]


def test_decide_many_bad_applications_are_results_and_the_run_goes_on() -> None:
    """Invalid items, items with no day, non-mappings: errors at their index; the rest decide."""
    no_day = {k: v for k, v in APPS[0].items() if k != "as_of"}
    items: list[Any] = [APPS[0], {"candidate": {}}, no_day, [1, 2], APPS[1]]
    for workers in (1, 2):
        results = list(decide_many(items, workers=workers, chunk_size=1))
        assert [r.ok for r in results] == [True, False, False, False, True]
        errors = [r.error for r in results if r.error is not None]
        assert all(isinstance(e, ApplicationError) for e in errors)
        invalid, missing_day, not_a_mapping = errors
        assert isinstance(invalid, ApplicationError)
        assert "company" in invalid.paths  # the problems survive the trip from a worker
        assert isinstance(missing_day, ApplicationError)
        assert missing_day.paths == ("as_of",)
        assert "no day to advise for" in str(missing_day)
        assert "must be a mapping" in str(not_a_mapping)


def test_decide_many_today_applies_to_every_application() -> None:
    """today= overrides each as_of, and an application without as_of is then decided."""
    no_day = {k: v for k, v in APPS[0].items() if k != "as_of"}
    day = date.fromisoformat(APPS[0]["as_of"])
    (result,) = decide_many([no_day], today=day.isoformat())
    assert result.decision is not None
    assert result.decision.today == day
    with pytest.raises(ApplicationError, match="today"):
        decide_many([no_day], today="soon")  # checked at the call, before any result


def test_decide_many_checks_its_arguments_at_the_call() -> None:
    """Bad counts raise when decide_many is called, not when the first result is asked for."""
    with pytest.raises(ValueError, match="workers must be a whole number"):
        decide_many(APPS, workers=0)
    with pytest.raises(ValueError, match="chunk_size must be a whole number"):
        decide_many(APPS, chunk_size=0)


def _endless(pulled: list[int]) -> Iterator[dict[str, Any]]:
    for count in itertools.count(1):
        pulled.append(count)
        yield APPS[count % len(APPS)]


@pytest.mark.parametrize("workers", [1, 2])
def test_decide_many_streams_an_endless_input(workers: int) -> None:
    """Over an endless input the first results come, and input is read a bounded way ahead."""
    pulled: list[int] = []
    chunk_size = 4
    results = decide_many(_endless(pulled), workers=workers, chunk_size=chunk_size)
    first = next(results)
    assert first.index == 0
    ahead = len(pulled)
    assert ahead <= pool.CHUNKS_PER_WORKER * workers * chunk_size
    taken = list(itertools.islice(results, 50))
    assert [r.index for r in taken] == list(range(1, 51))
    assert len(pulled) <= 51 + pool.CHUNKS_PER_WORKER * workers * chunk_size
    results.close()  # stops the pool: the test returns


def test_decide_many_sends_a_pack_object_to_workers_as_its_recipe() -> None:
    """A Pack from load_pack_text reaches spawned workers (pickled, loaded again there)."""
    pack = load_pack_text(NO_RECRUITER_CALLS)
    context = multiprocessing.get_context("forkserver")
    results = list(decide_many(APPS[:12], pack=pack, workers=2, chunk_size=3, mp_context=context))
    assert [_dump(r.decision) for r in results] == [
        next_action(app, pack=pack).model_dump(mode="json") for app in APPS[:12]
    ]
    assert {r.decision.pack for r in results if r.decision} == {"no-recruiter-calls"}


def test_decide_many_refuses_a_pack_it_cannot_send() -> None:
    """A pack with no recipe cannot go to spawned workers: a clear error, no hang."""
    pack = replace(default_pack(), _recipe=None)
    context = multiprocessing.get_context("spawn")
    with pytest.raises(TypeError, match="not made by load_pack or load_pack_text"):
        next(decide_many(APPS, pack=pack, workers=2, chunk_size=1, mp_context=context))
    assert next(decide_many(APPS, pack=pack)).ok  # in this process it needs no pickling


class _KillsItsWorker:
    """Unpickling it ends the process at once, as a crash (or the OOM killer) would."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (os._exit, (3,))


def test_decide_many_reports_a_dead_worker() -> None:
    """A worker that dies makes the iteration raise BrokenProcessPool, never hang."""
    from concurrent.futures.process import BrokenProcessPool

    items: list[Any] = [APPS[0], _KillsItsWorker(), APPS[1]]
    with pytest.raises(BrokenProcessPool):
        list(decide_many(items, workers=2, chunk_size=1))


def test_batch_result_is_frozen() -> None:
    """A BatchResult cannot be changed, and says whether it holds a decision."""
    result = BatchResult(0, error=ApplicationError([]))
    assert not result.ok
    with pytest.raises(AttributeError):
        result.index = 1  # type: ignore[misc]


def test_decide_many_takes_applications_and_a_pack_by_name() -> None:
    """Application objects and mappings alike; pack= may name a shipped pack."""
    items: list[Any] = [validate_application(APPS[0]), APPS[1]]
    results = list(decide_many(items, pack="default"))
    assert [r.ok for r in results] == [True, True]
    assert [_dump(r.decision) for r in results] == [
        next_action(app).model_dump(mode="json") for app in APPS[:2]
    ]


@pytest.mark.parametrize("bad", [True, 1.5, "2"])
def test_decide_many_refuses_counts_that_are_not_whole_numbers(bad: object) -> None:
    """workers and chunk_size take whole numbers: not booleans, floats or text."""
    with pytest.raises(ValueError, match="workers must be a whole number of at least 1"):
        decide_many(APPS, workers=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="chunk_size must be a whole number of at least 1"):
        decide_many(APPS, chunk_size=bad)  # type: ignore[arg-type]


def test_decide_one_reports_an_application_s_own_problems_before_its_missing_day() -> None:
    """Without a day for the batch, an invalid application gets its problems, not 'no day'."""
    settings = Run(default_pack(), None, "native")
    with pytest.raises(ApplicationError) as caught:
        decide_one(settings, {"candidate": {}})
    assert "company" in caught.value.paths
    with pytest.raises(ApplicationError) as caught:
        decide_one(settings, validate_application(minimal_app()))
    assert caught.value.paths == ("as_of",)
    assert decide_one(settings, APPS[0]) == next_action(APPS[0])


@pytest.mark.parametrize("engine", ["native", "durable"])
def test_decide_many_with_settings_on_workers_decides_as_in_process(engine: str) -> None:
    """settings= reach the workers (the bound pack travels as its pack and values, to
    forkserver workers that load it again): the decisions are next_action's with them."""
    pack = public_sector_pack()
    settings = {"follow_up_after_days": 9, "call_window_days": 13}
    apps = [
        {**app, "custom": {"sector": sector}}
        for app, sector in zip(APPS[:12], itertools.cycle(["public", "private"]), strict=False)
    ]
    context = multiprocessing.get_context("forkserver")
    results = list(
        decide_many(
            apps,
            pack=pack,
            settings=settings,
            engine=engine,
            workers=2,
            chunk_size=3,
            mp_context=context,
        )
    )
    expected = [next_action(app, pack=pack, settings=settings) for app in apps]
    assert [r.decision for r in results] == expected
    assert {r.decision.settings["follow_up_after_days"] for r in results if r.decision} == {9}
    unbound = [next_action(app, pack=pack) for app in apps]
    assert expected != unbound  # the settings changed some decisions


def test_decide_many_results_give_back_each_application_s_id_and_meta() -> None:
    """Each result carries its application's id and meta, decided or not (when they can be
    read), from this process and from workers."""
    meta = {"user": 42}
    apps: list[Any] = [
        {**APPS[0], "id": "row-1", "meta": meta},
        {**APPS[1], "id": "row-2", "meta": meta, "custom": {"secotr": "public"}},
        {"id": "row-3", "meta": meta, "candidate": {"name": "Ann"}},  # no company, no day
        {**APPS[2], "id": "r" * 201, "meta": meta},
        {**APPS[3], "id": "row-5", "meta": {"blob": "x" * 5000}},
        APPS[4],
    ]
    for workers in (1, 2):
        results = list(decide_many(apps, pack=public_sector_pack(), workers=workers, chunk_size=2))
        assert [r.ok for r in results] == [True, False, False, False, False, True]
        assert [r.application_id for r in results] == [
            "row-1",
            "row-2",
            "row-3",
            None,
            "row-5",
            None,
        ]
        assert [r.meta for r in results] == [meta, meta, meta, meta, None, None]
        first = results[0].decision
        assert first is not None
        assert (first.application_id, first.meta) == ("row-1", meta)
        error = results[1].error
        assert isinstance(error, ApplicationError)
        assert error.paths == ("custom.secotr",)


# --- worker counts (a fork bomb), the durable engine's workers, the pack they use -------


@pytest.mark.parametrize("workers", [0, -2, 2.0, "4", 10**6])
def test_decide_many_refuses_a_bad_worker_count_before_starting_anything(workers: Any) -> None:
    """A bad count is a ValueError at the call, before any process starts."""
    with pytest.raises(ValueError, match="workers must be"):
        decide_many(APPS[:1], workers=workers)
    assert multiprocessing.active_children() == []


def test_decide_many_starts_no_workers_for_one_chunk() -> None:
    """workers=50 for a single application: it is decided here, no process is started."""
    results = decide_many(APPS[:1], workers=50)
    assert next(results).ok
    assert multiprocessing.active_children() == []


def test_durable_workers_are_not_forked_while_another_thread_holds_its_lock(
    tmp_path: Path,
) -> None:
    """decide_many(engine="durable", workers=2) while another thread is mid-decision (holds
    the durable runtime's lock): forked workers would copy the lock held and wait forever;
    they start from forkserver and decide. (A real process, so a regression cannot hang.)"""
    script = tmp_path / "durable_threads.py"
    script.write_text(
        textwrap.dedent(
            """
            import json, sys, threading
            from outreach_rules import decide_many, next_action
            from outreach_rules.engine.durable import session

            if __name__ == "__main__":  # workers start from forkserver: it imports this
                apps = json.loads(sys.stdin.read())
                next_action(apps[0], engine="durable")  # the runtime exists, with its lock
                held, release = threading.Event(), threading.Event()

                def decide_in_a_thread():
                    with session._runtime().lock:  # another thread, mid-decision
                        held.set()
                        release.wait()

                thread = threading.Thread(target=decide_in_a_thread)
                thread.start()
                held.wait()
                results = decide_many(apps, engine="durable", workers=2, chunk_size=2)
                first = next(results)
                release.set()
                print(sum(r.ok for r in [first, *results]))
                thread.join()
            """
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)],
        input=json.dumps(APPS[:6]),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (done.returncode, done.stdout) == (0, "6\n"), done.stderr


def test_durable_workers_refuse_a_forking_context() -> None:
    """Asking for forked durable workers is a clear ValueError, at the call."""
    fork = multiprocessing.get_context("fork")
    with pytest.raises(ValueError, match="durable engine cannot decide in forked workers"):
        decide_many(APPS, engine="durable", workers=2, mp_context=fork)
    context = worker_context("durable", None)
    assert context is not None
    assert context.get_start_method() == "forkserver"
    assert worker_context("native", fork) is fork


_PACK_A = NO_RECRUITER_CALLS
_PACK_B = "name: replacement\nversion: '9'\nextends: default\ndisable: [heard-back]\n"


def test_a_pack_file_replaced_before_the_workers_start_changes_no_decision(
    tmp_path: Path,
) -> None:
    """The pack is checked here; the file is then replaced before any worker has started:
    the workers decide with the pack that was checked (its text travels to them)."""
    path = tmp_path / "pack.yaml"
    path.write_text(_PACK_A, encoding="utf-8")
    context = multiprocessing.get_context("forkserver")
    results = decide_many(APPS[:8], pack=path, workers=2, chunk_size=2, mp_context=context)
    path.write_text(_PACK_B, encoding="utf-8")
    decisions = [_dump(r.decision) for r in results]
    assert {d["pack"] for d in decisions} == {"no-recruiter-calls"}
    original = load_pack_text(_PACK_A)
    assert decisions == [_dump(next_action(a, pack=original)) for a in APPS[:8]]


def test_a_pickled_pack_is_its_files_as_first_read(tmp_path: Path) -> None:
    """A pack pickles as the text of every file it read (extends too): loaded again after
    its files changed, or were deleted, it is the same pack (same digest)."""
    (tmp_path / "base.yaml").write_text(_PACK_A.replace("no-recruiter-calls", "base"), "utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("name: child\nextends: ./base.yaml\n", encoding="utf-8")
    pack = load_pack(child)
    data = pickle.dumps(pack)
    (tmp_path / "base.yaml").write_text(_PACK_B, encoding="utf-8")
    child.unlink()
    again = pickle.loads(data)
    assert (again.digest, again.name, again.rule_ids) == (pack.digest, "child", pack.rule_ids)
    assert load_pack(tmp_path / "base.yaml").digest != pack.digest


def test_a_run_whose_pack_came_out_different_decides_nothing() -> None:
    """Where a run arrives (a worker), its pack must be the one it was made with: else every
    chunk fails with PackError (code 'changed'), never a decision from another pack."""
    run = Run(default_pack(), date(2026, 11, 26), "native")
    arrived = pickle.loads(pickle.dumps(run))
    assert arrived.expected == (run.pack.digest, "default", run.pack.version)
    arrived.check_pack()
    wrong = replace(arrived, pack=load_pack_text(_PACK_A))
    with pytest.raises(PackError, match="its files changed during the run") as error:
        wrong.check_pack()
    assert error.value.code == "changed"
    with pytest.raises(PackError):
        decide_lines(wrong, (1, [json.dumps(APPS[0]).encode()]))
