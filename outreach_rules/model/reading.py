"""Reading applications from JSON or YAML files."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._yaml.reader import parse_yaml
from ..errors import ApplicationError, FieldProblem, PackError
from ..limits import DEFAULT_LIMITS, Limits
from .application import Application, validate_application

__all__ = ["load_application", "parse_application"]


def _problem(message: str, source: str) -> ApplicationError:
    return ApplicationError([FieldProblem("", message)], source=source)


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
            json.loads(text)
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
    name = os.fspath(path)
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
