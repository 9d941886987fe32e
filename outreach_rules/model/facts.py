"""The facts of one application on one day: resolved lazily, each at most once."""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from datetime import date
from typing import Any

from .application import Application
from .vocabulary import RESOLVERS, to_json_value

__all__ = ["Facts", "facts_of"]

_RESOLVERS = RESOLVERS


class Facts(dict[str, Any]):
    """The facts of one application on one day, resolved lazily and at most once.

    It behaves as a read-only mapping of every path in :data:`FACT_SPECS`
    (iteration, ``len``, ``in``, ``get``, ``keys`` cover the whole vocabulary).
    It is a ``dict`` underneath, holding the values resolved so far, so that
    reading a resolved fact costs one dictionary lookup: rules read facts
    hundreds of times per decision. A ``Facts`` belongs to one decision: it
    is not shared between threads, so its cache needs no lock. Reading a path
    that is not in the vocabulary raises ``KeyError``.
    """

    __slots__ = ("app", "today")

    app: Application
    today: date

    def __init__(self, app: Application, today: date) -> None:
        # No dict.__init__: the mapping starts empty, and this runs once per decision.
        self.app = app
        self.today = today

    def __missing__(self, path: str) -> Any:
        # Called by dict lookup for a fact not resolved yet (KeyError if unknown).
        value = _RESOLVERS[path](self)
        if not value and isinstance(value, str | tuple):
            value = None  # an empty string or list states nothing: read it as absent
        self[path] = value
        return value

    def get(self, path: str, default: Any = None) -> Any:
        """The value of *path*, or *default* if *path* is not a fact."""
        return self[path] if path in _RESOLVERS else default

    def __contains__(self, path: object) -> bool:
        return path in _RESOLVERS

    def __iter__(self) -> Iterator[str]:
        return iter(_RESOLVERS)

    def __len__(self) -> int:
        return len(_RESOLVERS)

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        """Every fact path of the vocabulary."""
        return KeysView(self)

    def values(self) -> ValuesView[Any]:  # type: ignore[override]
        """Every fact's value (resolving them all)."""
        return ValuesView(self)

    def items(self) -> ItemsView[str, Any]:  # type: ignore[override]
        """Every fact path with its value (resolving them all)."""
        return ItemsView(self)


def facts_of(app: Application, today: date) -> dict[str, Any]:
    """Return every fact of *app* on *today* as plain JSON data, for inspection and debugging."""
    facts = Facts(app, today)
    return {path: to_json_value(facts[path]) for path in _RESOLVERS}
