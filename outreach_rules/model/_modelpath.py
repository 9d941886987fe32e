"""Pydantic's errors as field problems: dotted paths, the keys a model allows, did-you-means."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import FieldProblem, did_you_mean, short_repr, short_text

__all__ = ["field_keys", "model_at", "problems_from_validation_error"]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """Return the model class reached from *root* by the pydantic error location *loc*."""
    model: type[BaseModel] | None = root
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        if field is None:
            # Dict values and union branches show up as extra location parts.
            continue
        model = _inner_model(field.annotation)
    return model


def field_keys(model: type[BaseModel]) -> list[str]:
    """Return the keys *model* accepts in a document (aliases where set)."""
    return [f.alias or name for name, f in model.model_fields.items()]


def problems_from_validation_error(
    exc: ValidationError, root: type[BaseModel]
) -> list[FieldProblem]:
    """Translate pydantic's errors on *root* into :class:`FieldProblem` s with dotted paths."""
    problems: list[FieldProblem] = []
    errors = exc.errors(include_url=False)
    # Where a boolean key stands for `on` (YAML 1.1 reads a bare `on:` as true), the
    # "on is missing" error there says the same thing again: leave it out.
    read_as_on = {
        tuple(e["loc"][:-1]) for e in errors if e["type"] == "invalid_key" and _boolean_on(root, e)
    }
    for err in errors:
        loc = tuple(err["loc"])
        ctx = err.get("ctx") or {}
        path = ".".join(short_text(str(p)) for p in loc)
        given = err.get("input")
        kind = err["type"]
        if kind == "missing" and loc[:-1] in read_as_on and loc[-1] == "on":
            continue
        if kind == "invalid_key" and isinstance(given, bool):
            problems.append(_boolean_key(root, err))
            continue
        if kind == "date_after_today":
            problems.append(FieldProblem(str(ctx["path"]), str(ctx["message"])))
            continue
        if kind == "extra_forbidden":
            parent = model_at(root, loc[:-1])
            allowed = field_keys(parent) if parent else []
            message = f"unknown key {short_repr(loc[-1])}"
            guess = did_you_mean(str(loc[-1]), allowed) if len(str(loc[-1])) <= 200 else None
            if guess:
                message += f"; did you mean {guess!r}?"
            elif allowed:
                message += f" (expected one of: {', '.join(allowed)})"
            problems.append(FieldProblem(path, message, given))
            continue
        if kind == "missing":
            problems.append(FieldProblem(path, "this field is required"))
            continue
        message = err["msg"]
        if kind == "literal_error":
            # Only text can be misspelt; str() of a deep value would also recurse.
            choices = _literal_choices(ctx.get("expected", ""))
            guess = did_you_mean(given, choices) if isinstance(given, str) else None
            message = f"{message} (got {short_repr(given)})"
            if guess:
                message += f"; did you mean {guess!r}?"
        elif kind not in ("iso_date",) and "got" not in message:
            message = f"{message} (got {short_repr(given)})"
        problems.append(FieldProblem(path, message, given))
    return problems


def _boolean_on(root: type[BaseModel], err: Any) -> bool:
    """Whether *err* is a key ``true`` where the model has a field ``on``."""
    parent = model_at(root, tuple(err["loc"][:-1]))
    return err["input"] is True and parent is not None and "on" in field_keys(parent)


def _boolean_key(root: type[BaseModel], err: Any) -> FieldProblem:
    """The problem of a key read as true or false, and how to fix it.

    YAML 1.1 readers (PyYAML's ``yaml.safe_load``) read a bare ``on``, ``off``,
    ``yes``, ``no``, ``y`` or ``n`` as a boolean.
    """
    path = ".".join(str(p) for p in err["loc"][:-1])
    fix = 'quote the key ("on":), or read the file with load_application, which reads it as text'
    if _boolean_on(root, err):
        return FieldProblem(
            path,
            "the key on was read as true, as YAML 1.1 readers (PyYAML's yaml.safe_load) "
            f"read a bare on; {fix}",
        )
    return FieldProblem(
        path,
        f"a key was read as {str(err['input']).lower()}, as YAML 1.1 readers read a bare "
        "yes, no, on, off, y or n; quote the key, or read the file with load_application",
    )


def _literal_choices(expected: object) -> list[str]:
    return re.findall(r"'([^']*)'", str(expected))
