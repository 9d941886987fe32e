"""Decide many applications: streaming, in input order, across processes if asked.

:func:`decide_many` is the API; the ``batch`` command line reads JSON Lines
through the same machinery (:func:`decide_lines` and :func:`in_order`).

Work travels to worker processes in chunks, and only a bounded window of
chunks is ever in flight (two a worker), so memory stays flat whatever the
input's length, and an endless input works. Results come back in input order.
Each worker gets the pack once, when it starts (a :class:`Pack` pickles as the
recipe that loaded it, and is loaded again there), never once a chunk.

A bad application never stops a run: its error is a result like a decision.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from itertools import islice
from multiprocessing.context import BaseContext
from typing import Any, NamedTuple, TypeVar

from .decision import Decision
from .engine import check_engine, day_of, decide, resolve_pack, validated
from .errors import ApplicationError, FieldProblem, OutreachRulesError
from .facts import Application, validate_application
from .limits import DEFAULT_LIMITS
from .packs import Pack

__all__ = ["BatchResult", "ChunkOutput", "Settings", "decide_lines", "decide_many", "in_order"]

_Chunk = TypeVar("_Chunk")
_Result = TypeVar("_Result")

CHUNKS_PER_WORKER = 2
"""Chunks in flight for each worker: one it works on, one waiting, so it never idles."""


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The outcome for one application of :func:`decide_many`: a decision or an error.

    Attributes:
        index: the application's 0-based position in the input.
        decision: the decision, or ``None`` when the application could not be decided.
        error: why it could not be decided (an :class:`ApplicationError` for an
            invalid application or one with no day), or ``None``.
    """

    index: int
    decision: Decision | None = None
    error: OutreachRulesError | None = None

    @property
    def ok(self) -> bool:
        """Whether the application was decided."""
        return self.error is None


@dataclass(frozen=True, slots=True)
class Settings:
    """What every application of one batch is decided with (sent once to each worker).

    ``source`` names the input in error messages (``applications.jsonl``);
    ``max_line_bytes`` bounds one line of JSON Lines input.
    """

    pack: Pack
    today: date | None
    engine: str
    source: str = "<input>"
    max_line_bytes: int = DEFAULT_LIMITS.max_application_bytes


_NO_DAY = "no day to advise for: set as_of in the application, or give the day for the whole batch"


def _decide_one(settings: Settings, application: Application | Mapping[str, Any]) -> Decision:
    if settings.today is None and _without_as_of(application):
        validate_application(application)  # report its other problems first, if it has any
        raise ApplicationError([FieldProblem("as_of", _NO_DAY)])
    app, day = validated(application, settings.today)
    return decide(settings.pack, app, day, engine=settings.engine)


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
            to and from the workers.
        chunk_size: applications sent to a worker at a time.
        mp_context: the :mod:`multiprocessing` context that starts workers;
            Python's default when omitted. Pass
            ``multiprocessing.get_context("forkserver")`` if your program runs
            threads (``fork`` copies a process with threads unsafely).

    Returns:
        A generator of results. Close it (or let it go) to stop early: the
        workers finish their chunks in flight and exit.

    Raises:
        ApplicationError: *today* is not a date.
        PackError: *pack* cannot be loaded.
        EngineError: *engine* is unknown.
        ValueError: *workers* or *chunk_size* is under 1.

    A pack not made by :func:`load_pack` or :func:`load_pack_text` cannot be
    sent to workers that are not forked: then the first result raises
    ``TypeError``.
    """
    day = None if today is None else day_of(today)
    settings = Settings(resolve_pack(pack), day, check_engine(engine))
    _check_counts(workers=workers, chunk_size=chunk_size)
    return _decide_many(applications, settings, workers, chunk_size, mp_context)


def _decide_many(
    applications: Iterable[Application | Mapping[str, Any]],
    settings: Settings,
    workers: int,
    chunk_size: int,
    mp_context: BaseContext | None,
) -> Iterator[BatchResult]:
    items = iter(applications)
    chunks = iter(lambda: list(islice(items, chunk_size)), [])
    numbered = ((index * chunk_size, chunk) for index, chunk in enumerate(chunks))
    for results in in_order(_decide_chunk, settings, numbered, workers, mp_context):
        yield from results


def _decide_chunk(
    settings: Settings, chunk: tuple[int, list[Application | Mapping[str, Any]]]
) -> list[BatchResult]:
    first, applications = chunk
    results = []
    for index, application in enumerate(applications, first):
        try:
            results.append(BatchResult(index, decision=_decide_one(settings, application)))
        except OutreachRulesError as exc:
            results.append(BatchResult(index, error=exc))
    return results


def _check_counts(**counts: int) -> None:
    for name, value in counts.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1 (got {value!r})")


# --- JSON Lines ------------------------------------------------------------------


class ChunkOutput(NamedTuple):
    """What a worker sends back for a chunk of lines: counts and the text to write."""

    lines: int
    bytes_read: int
    decided: int
    failed: int
    blank: int
    decisions: bytes
    errors: bytes


def decide_lines(settings: Settings, chunk: tuple[int, list[bytes]]) -> ChunkOutput:
    """Decide a chunk of JSON Lines: *chunk* is the first line's 1-based number and the lines.

    Each decided line gives ``{"line": N, "decision": {...}}`` and each bad
    line ``{"line": N, "error": "...", "problems": [...], "input": "..."}``,
    one JSON object a line; blank lines are counted and skipped.
    """
    first, lines = chunk
    decisions: list[str] = []
    errors: list[str] = []
    blank = size = 0
    for number, raw in enumerate(lines, first):
        size += len(raw)
        if not raw.strip():
            blank += 1
            continue
        try:
            # The careful way (json, then validation) says what is wrong, as `next` would.
            application: Application | Mapping[str, Any] = _straight_from_json(
                raw, settings.max_line_bytes
            ) or _parse_line(raw, settings.max_line_bytes)
            decision = _decide_one(settings, application)
        except OutreachRulesError as exc:
            errors.append(_error_line(settings.source, number, raw, exc, settings.max_line_bytes))
            continue
        # The decision's own JSON is pasted in, not parsed and dumped again: it is valid JSON.
        decisions.append(f'{{"line":{number},"decision":{decision.model_dump_json()}}}\n')
    return ChunkOutput(
        len(lines),
        size,
        len(decisions),
        len(errors),
        blank,
        "".join(decisions).encode(),
        "".join(errors).encode(),
    )


def _straight_from_json(raw: bytes, limit: int) -> Application | None:
    """The line's application, validated by pydantic straight from its JSON; ``None`` if not.

    This skips building the line as Python data first (a fifth of a line's
    time). Anything it does not accept goes the careful way, which gives the
    messages; a test checks that both ways accept exactly the same lines.
    """
    if len(raw) > limit:
        return None
    try:
        return Application.model_validate_json(raw)
    except ValueError:  # pydantic's ValidationError, bad JSON or bad UTF-8 alike
        return None


_JSON_KINDS = {dict: "an object", list: "an array", str: "a string", bool: "true or false"}


def _parse_line(raw: bytes, limit: int) -> dict[str, Any]:
    text = raw.rstrip(b"\r\n")
    if len(text) > limit:
        raise _line_problem(f"the line is over {limit:,} bytes, the limit for an application")
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise _line_problem("the line is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _line_problem(f"invalid JSON at column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise _line_problem("the JSON is nested too deeply to read") from None
    if not isinstance(data, dict):
        kind = "null" if data is None else _JSON_KINDS.get(type(data), "a number")
        raise _line_problem(f"each line must be one JSON object, an application (got {kind})")
    return data


def _line_problem(message: str) -> ApplicationError:
    return ApplicationError([FieldProblem("", message)])


def _error_line(source: str, number: int, raw: bytes, exc: OutreachRulesError, limit: int) -> str:
    where = f"{source}:{number}"
    if isinstance(exc, ApplicationError):
        message = str(ApplicationError(exc.problems, source=where))  # as `next` prints it
        problems = [{"path": p.path, "message": p.message} for p in exc.problems]
    else:
        message = f"{where}: {exc}"
        problems = []
    record: dict[str, Any] = {"line": number, "error": message, "problems": problems}
    text = raw.rstrip(b"\r\n")
    if len(text) <= limit:  # a longer line was cut short while reading: not worth keeping
        record["input"] = text.decode("utf-8", "replace")
    return json.dumps(record, ensure_ascii=False) + "\n"


# --- the pool ----------------------------------------------------------------------

_worker_settings: Settings | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_settings
    # Ctrl-C is for the main process to handle: it stops the pool in order.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_settings = settings


def _run_in_worker(task: Callable[[Settings, _Chunk], _Result], chunk: _Chunk) -> _Result:
    if _worker_settings is None:  # pragma: no cover - the initializer always ran
        raise RuntimeError("worker started without settings")
    return task(_worker_settings, chunk)


def pool_context(mp_context: BaseContext | None) -> BaseContext:
    """The multiprocessing context to start workers with: *mp_context*, else Python's default."""
    return mp_context if mp_context is not None else multiprocessing.get_context()


def in_order(
    task: Callable[[Settings, _Chunk], _Result],
    settings: Settings,
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
