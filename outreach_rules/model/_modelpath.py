"""Find the pydantic model at an error location, to suggest the keys it allows."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["field_keys", "model_at"]


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
