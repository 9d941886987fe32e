"""JSON Lines in, JSON Lines out: what a worker does with a chunk of the ``batch`` command's lines.

Each decided line gives ``{"line": N, "decision": {...}}`` and each bad line
``{"line": N, "error": "...", "problems": [...], "input": "..."}``; a line is
validated straight from its JSON when it can be, and the careful way (which
words the error) when not.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NamedTuple

from ..errors import ApplicationError, FieldProblem, OutreachRulesError
from ..model.application import Application
from ..model.reading import read_json, repeated_json_key
from .api import Run, decide_one, given_id, given_meta

__all__ = ["ChunkOutput", "decide_lines"]


class ChunkOutput(NamedTuple):
    """What a worker sends back for a chunk of lines: counts and the text to write."""

    lines: int
    bytes_read: int
    decided: int
    failed: int
    blank: int
    decisions: bytes
    errors: bytes


def decide_lines(run: Run, chunk: tuple[int, list[bytes]]) -> ChunkOutput:
    """Decide a chunk of JSON Lines: *chunk* is the first line's 1-based number and the lines.

    Each decided line gives ``{"line": N, "decision": {...}}`` and each bad
    line ``{"line": N, "error": "...", "problems": [...], "input": "..."}``,
    one JSON object a line; blank lines are counted and skipped. A line whose
    application has an ``id`` carries it too, after the line number (decided
    or not, when the id can be read); an error line also carries the
    application's ``meta`` when it can be read (a decision holds its own).
    """
    first, lines = chunk
    run.check_pack()
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
            application: Application | Mapping[str, Any] | None = None
            application = _straight_from_json(raw, run.max_line_bytes) or _parse_line(
                raw, run.max_line_bytes
            )
            decision = decide_one(run, application)
        except OutreachRulesError as exc:
            errors.append(
                _error_line(
                    run.source,
                    number,
                    raw,
                    exc,
                    run.max_line_bytes,
                    given_id(application),
                    given_meta(application),
                )
            )
            continue
        # The decision's own JSON is pasted in, not parsed and dumped again: it is valid JSON.
        head = f'{{"line":{number},'
        if decision.application_id is not None:
            head += f'"id":{json.dumps(decision.application_id)},'
        decisions.append(f'{head}"decision":{decision.model_dump_json()}}}\n')
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
        application = Application.model_validate_json(raw)
    except ValueError:  # pydantic's ValidationError, bad JSON or bad UTF-8 alike
        return None
    # pydantic keeps the last of a repeated key, as json does; an application refuses it.
    return None if repeated_json_key(raw) is not None else application


_JSON_KINDS = {dict: "an object", list: "an array", str: "a string", bool: "true or false"}


def _parse_line(raw: bytes, limit: int) -> dict[str, Any]:
    text = raw.rstrip(b"\r\n")
    if len(text) > limit:
        raise _line_problem(f"the line is over {limit:,} bytes, the limit for an application")
    try:
        data = read_json(text)  # json.loads, refusing repeated keys and unreadable numbers
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


def _error_line(
    source: str,
    number: int,
    raw: bytes,
    exc: OutreachRulesError,
    limit: int,
    application_id: str | None = None,
    meta: dict[str, Any] | None = None,
) -> str:
    where = f"{source}:{number}"
    if isinstance(exc, ApplicationError):
        message = str(ApplicationError(exc.problems, source=where))  # as `next` prints it
        problems = [{"path": p.path, "message": p.message} for p in exc.problems]
    else:
        message = f"{where}: {exc}"
        problems = []
    record: dict[str, Any] = {"line": number}
    if application_id is not None:
        record["id"] = application_id
    if meta is not None:
        record["meta"] = meta
    record.update(error=message, problems=problems)
    text = raw.rstrip(b"\r\n")
    if len(text) <= limit:  # a longer line was cut short while reading: not worth keeping
        record["input"] = text.decode("utf-8", "replace")
    return json.dumps(record, ensure_ascii=False) + "\n"
