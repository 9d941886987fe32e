"""Decide many applications: streaming, in input order, across processes if asked.

:func:`decide_many` is the API; the ``batch`` command line reads JSON Lines
through the same machinery (:func:`~.jsonl.decide_lines` and
:func:`~.pool.in_order`; the files are :mod:`.files`).

Work travels to worker processes in chunks, and only a bounded window of
chunks is ever in flight (two a worker), so memory stays flat whatever the
input's length, and an endless input works. Results come back in input order.
Each worker gets the pack once, when it starts, never once a chunk: a forked
worker has the very pack of the main process; any other gets it as the text
of its files as they were read in the main process (a :class:`Pack` pickles
so) and checks that what it compiled has the main process's digest, name and
version, so a pack file changed on disk during a run changes nothing.

A bad application never stops a run: its error is a result like a decision.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import islice
from multiprocessing.context import BaseContext
from typing import Any

from ..engine.decide import check_engine, day_of, decide, resolve_pack, validated
from ..errors import ApplicationError, FieldProblem, OutreachRulesError, PackError
from ..limits import DEFAULT_LIMITS
from ..model.application import MAX_ID_LENGTH, Application, validate_application
from ..model.decision import Decision
from ..packs.pack import Pack
from .pool import check_workers, in_order

__all__ = [
    "BatchResult",
    "Run",
    "decide_many",
    "decide_one",
    "given_id",
    "given_meta",
    "worker_context",
]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The outcome for one application of :func:`decide_many`: a decision or an error.

    Attributes:
        index: the application's 0-based position in the input.
        decision: the decision, or ``None`` when the application could not be decided.
        error: why it could not be decided (an :class:`ApplicationError` for an
            invalid application or one with no day), or ``None``.
        application_id: the application's own ``id``, when it has one (even when
            it could not be decided, if the id could be read).
        meta: the application's own ``meta``, likewise.
    """

    index: int
    decision: Decision | None = None
    error: OutreachRulesError | None = None
    application_id: str | None = None
    meta: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """Whether the application was decided."""
        return self.error is None


@dataclass(frozen=True, slots=True)
class Run:
    """What every application of one batch is decided with (sent once to each worker).

    ``source`` names the input in error messages (``applications.jsonl``);
    ``max_line_bytes`` bounds one line of JSON Lines input.
    """

    pack: Pack
    today: date | None
    engine: str
    source: str = "<input>"
    max_line_bytes: int = DEFAULT_LIMITS.max_application_bytes
    # The pack's identity in the process that made the run, checked where it arrives.
    expected: tuple[str, str, str] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent to a worker: the pack travels as its files' text (see Pack) and
        # its identity here travels with it, for check_pack to compare there.
        fields = (self.pack, self.today, self.engine, self.source, self.max_line_bytes)
        return (Run, (*fields, _identity(self.pack)))

    def check_pack(self) -> None:
        """Raise :class:`PackError` unless the pack is the one the run was made with.

        A run that crossed to another process compiled its pack again there:
        the digest, name and version must be those of the original.
        """
        if self.expected is not None and _identity(self.pack) != self.expected:
            raise PackError(
                f"pack {self.expected[1]} {self.expected[2]} came out different in a worker "
                f"process ({self.pack.name} {self.pack.version}, digest "
                f"{self.pack.digest[:12]} instead of {self.expected[0][:12]}): "
                "its files changed during the run; nothing was decided with it",
                code="changed",
            )


def _identity(pack: Pack) -> tuple[str, str, str]:
    return (pack.digest, pack.name, pack.version)


_NO_DAY = "no day to advise for: set as_of in the application, or give the day for the whole batch"


def decide_one(run: Run, application: Application | Mapping[str, Any]) -> Decision:
    """Decide one application of a batch: the batch's day, else its own ``as_of``."""
    if run.today is None and _without_as_of(application):
        validate_application(application)  # report its other problems first, if it has any
        raise ApplicationError([FieldProblem("as_of", _NO_DAY)])
    app, day = validated(application, run.today)
    return decide(run.pack, app, day, engine=run.engine)


def given_id(application: object) -> str | None:
    """The ``id`` an application carries, if it can be read (for results that are errors)."""
    if isinstance(application, Application):
        return application.id
    if isinstance(application, Mapping):
        found = application.get("id")
        if isinstance(found, str) and 0 < len(found) <= MAX_ID_LENGTH:
            return found
    return None


def given_meta(application: object) -> dict[str, Any] | None:
    """The ``meta`` an application carries, if it is a JSON object within the limit."""
    if isinstance(application, Application):
        return application.meta
    if isinstance(application, Mapping):
        found = application.get("meta")
        if isinstance(found, dict):
            try:
                text = json.dumps(found, allow_nan=False, separators=(",", ":"))
            except (TypeError, ValueError, RecursionError):
                return None
            if len(text.encode()) <= DEFAULT_LIMITS.max_meta_bytes:
                return found
    return None


def _without_as_of(application: object) -> bool:
    if isinstance(application, Application):
        return application.as_of is None
    return isinstance(application, Mapping) and application.get("as_of") is None


# --- decide_many -----------------------------------------------------------------


def decide_many(
    applications: Iterable[Application | Mapping[str, Any]],
    *,
    today: date | str | None = None,
    pack: Pack | str | os.PathLike[str] | None = None,
    engine: str = "native",
    workers: int = 1,
    chunk_size: int = 64,
    mp_context: BaseContext | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Iterator[BatchResult]:
    """Decide each of *applications*, yielding one :class:`BatchResult` each, in input order.

    It streams: *applications* may be any iterable, even an endless one, and
    is read only as far as results are taken, at most
    ``2 * workers * chunk_size`` applications ahead of the last result
    yielded. An invalid application gives a result with an ``error`` and the
    run goes on; the decisions are those :func:`next_action` gives.

    Args:
        applications: :class:`Application` objects or mappings of facts.
        today: the day the advice is for, for every application; defaults
            to each application's ``as_of`` (one without is an error result).
        pack: a compiled :class:`Pack`, a shipped pack's name, or a pack
            file's path; the default pack when omitted. It is loaded once,
            here, and once in each worker.
        engine: ``"native"`` or ``"durable"``, as for :func:`next_action`.
        workers: processes to decide in; ``1`` decides in this process, with
            no pool. With more, the applications and decisions are pickled
            to and from the workers. At most four a CPU are started (more
            is lowered to that), and never more than there are chunks;
            over 1,024 is refused.
        chunk_size: applications sent to a worker at a time.
        mp_context: the :mod:`multiprocessing` context that starts workers;
            Python's default when omitted, except for the durable engine,
            whose workers start from ``forkserver`` (``fork`` would copy its
            locks mid-use from other threads, and deadlock). Pass
            ``multiprocessing.get_context("forkserver")`` if your program runs
            threads (``fork`` copies a process with threads unsafely).
        settings: values of the pack's settings for every application, as for
            :func:`next_action`.

    Returns:
        A generator of results. Close it (or let it go) to stop early: the
        workers finish their chunks in flight and exit.

    Raises:
        ApplicationError: *today* is not a date, or *settings* do not fit the pack.
        PackError: *pack* cannot be loaded.
        EngineError: *engine* is unknown.
        ValueError: *workers* or *chunk_size* is under 1, *workers* over 1,024,
            or *mp_context* forks for the durable engine.

    A pack not made by :func:`load_pack` or :func:`load_pack_text` cannot be
    sent to workers that are not forked: then the first result raises
    ``TypeError``.
    """
    day = None if today is None else day_of(today)
    run = Run(resolve_pack(pack, settings), day, check_engine(engine))
    _check_counts(chunk_size=chunk_size)
    workers = check_workers(workers)
    context = worker_context(run.engine, mp_context) if workers > 1 else None
    return _decide_many(applications, run, workers, chunk_size, context)


def worker_context(engine: str, mp_context: BaseContext | None) -> BaseContext | None:
    """The context to start *engine*'s workers from: *mp_context*, else a safe default.

    The durable engine's runtime holds locks other threads may hold at any
    moment, and ``fork`` copies them held (the workers then wait forever):
    its workers start from ``forkserver`` (``spawn`` where there is none),
    and a forking *mp_context* is refused with ``ValueError``.
    """
    if engine != "durable":
        return mp_context
    if mp_context is None:
        methods = multiprocessing.get_all_start_methods()
        return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if mp_context.get_start_method() == "fork":
        raise ValueError(
            "the durable engine cannot decide in forked workers (they can copy its locks "
            "held by another thread, and wait forever): pass "
            'multiprocessing.get_context("forkserver") or ("spawn"), or none'
        )
    return mp_context


def _decide_many(
    applications: Iterable[Application | Mapping[str, Any]],
    run: Run,
    workers: int,
    chunk_size: int,
    mp_context: BaseContext | None,
) -> Iterator[BatchResult]:
    items = iter(applications)
    chunks = iter(lambda: list(islice(items, chunk_size)), [])
    numbered = ((index * chunk_size, chunk) for index, chunk in enumerate(chunks))
    for results in in_order(_decide_chunk, run, numbered, workers, mp_context):
        yield from results


def _decide_chunk(
    run: Run, chunk: tuple[int, list[Application | Mapping[str, Any]]]
) -> list[BatchResult]:
    first, applications = chunk
    run.check_pack()
    results = []
    for index, application in enumerate(applications, first):
        try:
            decision = decide_one(run, application)
            results.append(
                BatchResult(
                    index, decision, application_id=decision.application_id, meta=decision.meta
                )
            )
        except OutreachRulesError as exc:
            results.append(
                BatchResult(
                    index,
                    error=exc,
                    application_id=given_id(application),
                    meta=given_meta(application),
                )
            )
    return results


def _check_counts(**counts: int) -> None:
    for name, value in counts.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1 (got {value!r})")
