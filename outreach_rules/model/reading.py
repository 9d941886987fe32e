"""Reading applications from JSON or YAML files."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._yaml.reader import parse_yaml
from ..errors import ApplicationError, FieldProblem, PackError, short_repr, short_text
from ..limits import DEFAULT_LIMITS, Limits
from .application import Application, validate_application

__all__ = ["load_application", "parse_application"]


def _problem(message: str, source: str) -> ApplicationError:
    return ApplicationError([FieldProblem("", message)], source=source)


class _TooManyDigits:
    """Stands in for a JSON number Python will not read, until the walk names its field."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _json_int(text: str) -> int | _TooManyDigits:
    # int() refuses more than sys.get_int_max_str_digits() digits with a bare ValueError.
    try:
        return int(text)
    except ValueError:
        return _TooManyDigits(len(text.lstrip("-")))


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of a repeated key silently; YAML applications refuse it, so JSON does.
    result = dict(pairs)
    if len(result) != len(pairs):  # the common case costs one dict and one comparison
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RepeatedKey(key)
            seen.add(key)
    return result


def repeated_json_key(text: str | bytes) -> str | None:
    """The first key repeated in one object of the valid JSON *text*, or ``None``."""
    try:
        json.loads(text, object_pairs_hook=_json_object)
    except _RepeatedKey as exc:
        return exc.key
    return None


class _RepeatedKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _json_problems(data: Any, path: str = "") -> list[FieldProblem]:
    """The numbers of *data* too long to read, each named by its field."""
    problems: list[FieldProblem] = []
    stack: list[tuple[str, Any]] = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, _TooManyDigits):
            problems.append(
                FieldProblem(
                    where,
                    f"a number of {value.digits:,} digits is too long to read; "
                    "write it as text if it is meant to be this long",
                )
            )
        elif isinstance(value, dict):
            stack.extend(
                (f"{where}.{short_text(key)}" if where else short_text(key), item)
                for key, item in value.items()
            )
        elif isinstance(value, list):
            stack.extend(
                (f"{where}.{index}" if where else str(index), item)
                for index, item in enumerate(value)
            )
    return problems


def read_json(text: str | bytes, source: str | None = None) -> Any:
    """Read JSON *text* as :func:`json.loads` does, refusing what an application must not hold.

    A key repeated in one object (``json`` would keep the last silently) and a
    whole number of more digits than Python reads (``json`` would raise a bare
    ValueError) are an :class:`ApplicationError` naming the key or the field.
    Bad JSON raises :class:`json.JSONDecodeError`, as ``json.loads`` does.
    """
    try:
        data = json.loads(text, parse_int=_json_int, object_pairs_hook=_json_object)
    except _RepeatedKey as exc:
        raise ApplicationError(
            [
                FieldProblem(
                    "", f"the key {short_repr(exc.key)} appears twice in one object; keep one"
                )
            ],
            source=source,
        ) from None
    problems = _json_problems(data)
    if problems:
        raise ApplicationError(sorted(problems, key=lambda p: p.path), source=source)
    return data


def parse_application(
    text: str | Mapping[str, Any],
    *,
    filename: str = "<string>",
    limits: Limits = DEFAULT_LIMITS,
) -> Application:
    """Validate an application given as JSON or YAML *text*, or as a mapping already read.

    JSON is read as JSON when *filename* ends in ``.json``, otherwise as YAML
    (of which JSON is a subset; this reader takes a bare ``on:`` as the key
    ``on``, as YAML 1.2 does). *limits* bound its size and nesting. A mapping
    (``json.load``'s or ``yaml.safe_load``'s result) is validated as it is.
    This, not ``Application.model_validate``, is the friendly way in: every
    problem comes as an :class:`ApplicationError` with its field path, never
    as pydantic's own error.

    Raises:
        ApplicationError: the text is not valid JSON/YAML, or not a valid application.
    """
    if not isinstance(filename, str):
        raise _problem(f"filename must be a str (got {type(filename).__name__})", "<string>")
    if not isinstance(limits, Limits):
        raise _problem(f"limits must be a Limits (got {type(limits).__name__})", filename)
    if isinstance(text, Mapping):
        return validate_application(text, source=filename, limits=limits)
    if not isinstance(text, str):
        raise _problem(f"an application's text must be a str (got {type(text).__name__})", filename)
    if len(text) > limits.max_application_bytes:
        raise _problem(
            f"the application is {len(text):,} characters; the limit is "
            f"{limits.max_application_bytes:,}",
            filename,
        )
    data: Any
    try:
        data = (
            read_json(text, filename)
            if filename.endswith(".json")
            else parse_yaml(text, filename=filename, limits=limits)
        )
    except RecursionError:
        raise _problem("the document is nested too deeply to read", filename) from None
    except json.JSONDecodeError as exc:
        raise ApplicationError(
            [FieldProblem("", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")],
            source=filename,
        ) from None
    except PackError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise ApplicationError([FieldProblem("", where + exc.problem)], source=filename) from None
    if not isinstance(data, dict):
        raise ApplicationError(
            [FieldProblem("", f"an application must be a mapping (got {type(data).__name__})")],
            source=filename,
        )
    return validate_application(data, source=filename, limits=limits)


def load_application(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> Application:
    """Read and validate the application in the JSON or YAML file at *path*.

    Raises:
        ApplicationError: the file cannot be read, or holds an invalid application.
    """
    if not isinstance(path, str | os.PathLike):
        raise _problem(f"the path must be a str or a path (got {type(path).__name__})", "<file>")
    if not isinstance(limits, Limits):
        raise _problem(f"limits must be a Limits (got {type(limits).__name__})", "<file>")
    name = os.fspath(path)
    if not isinstance(name, str):  # a PathLike of bytes
        raise _problem("the path must be text, not bytes", "<file>")
    try:
        raw = Path(name).read_bytes()
    except OSError as exc:
        raise ApplicationError(
            [FieldProblem("", f"cannot read the file: {exc.strerror or exc}")], source=name
        ) from None
    if len(raw) > limits.max_application_bytes:
        raise _problem(
            f"the file is {len(raw):,} bytes; the limit is {limits.max_application_bytes:,}", name
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApplicationError(
            [FieldProblem("", "the file is not UTF-8 text")], source=name
        ) from None
    return parse_application(text, filename=name, limits=limits)
