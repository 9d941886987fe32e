"""Reading applications from JSON or YAML files."""

from __future__ import annotations

import json
import os
from typing import Any

from .._files import Unreadable, read_limited
from .._yaml.reader import parse_yaml
from ..errors import ApplicationError, FieldProblem, PackError
from ..limits import DEFAULT_LIMITS, Limits
from .application import Application, validate_application

__all__ = ["load_application", "parse_application"]


def _problem(message: str, source: str) -> ApplicationError:
    return ApplicationError([FieldProblem("", message)], source=source)


def parse_application(
    text: str, *, filename: str = "<string>", limits: Limits = DEFAULT_LIMITS
) -> Application:
    """Validate an application given as JSON or YAML *text*.

    JSON is read as JSON when *filename* ends in ``.json``, otherwise as YAML
    (of which JSON is a subset). *limits* bound its size and nesting.

    Raises:
        ApplicationError: the text is not valid JSON/YAML, or not a valid application.
    """
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

    Only a regular file is read, and never past ``limits.max_application_bytes``:
    a FIFO, a device or a directory, a symlink loop, a NUL or an over-long name
    is an ApplicationError that says so, without waiting on the file.

    Raises:
        ApplicationError: the file cannot be read, or holds an invalid application.
    """
    name = os.fspath(path)
    try:
        raw = read_limited(name, limits.max_application_bytes)
    except Unreadable as exc:
        shown = name.replace("\x00", "\\x00")
        shown = shown if len(shown) <= 200 else shown[:100] + "..." + shown[-50:]
        if exc.size is not None:
            message = (
                f"the file is {exc.size:,} bytes or more; the limit is "
                f"{limits.max_application_bytes:,}"
            )
        else:
            message = f"cannot read the file: {exc.problem}"
        raise _problem(message, shown) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApplicationError(
            [FieldProblem("", "the file is not UTF-8 text")], source=name
        ) from None
    return parse_application(text, filename=name, limits=limits)
