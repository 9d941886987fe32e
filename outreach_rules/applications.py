"""Reading applications from JSON or YAML files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .errors import ApplicationError, FieldProblem, PackError
from .facts import Application, validate_application
from .yamlsource import parse_yaml

__all__ = ["MAX_APPLICATION_BYTES", "load_application", "parse_application"]

MAX_APPLICATION_BYTES = 1_000_000
"""The largest application file read, in bytes."""


def parse_application(text: str, *, filename: str = "<string>") -> Application:
    """Validate an application given as JSON or YAML *text*.

    Raises:
        ApplicationError: the text is not valid JSON/YAML, or not a valid application.
    """
    data: Any
    try:
        data = (
            json.loads(text) if filename.endswith(".json") else parse_yaml(text, filename=filename)
        )
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
    return validate_application(data, source=filename)


def load_application(path: str | os.PathLike[str]) -> Application:
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
    if len(raw) > MAX_APPLICATION_BYTES:
        raise ApplicationError(
            [
                FieldProblem(
                    "", f"the file is {len(raw):,} bytes; the limit is {MAX_APPLICATION_BYTES:,}"
                )
            ],
            source=name,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApplicationError(
            [FieldProblem("", "the file is not UTF-8 text")], source=name
        ) from None
    return parse_application(text, filename=name)
