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
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        ctx = err.get("ctx") or {}
        path = ".".join(short_text(str(p)) for p in loc)
        given = err.get("input")
        kind = err["type"]
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


def _literal_choices(expected: object) -> list[str]:
    return re.findall(r"'([^']*)'", str(expected))
