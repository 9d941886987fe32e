"""The facts of one application on one day: resolved lazily, each at most once."""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from datetime import date
from types import MappingProxyType
from typing import Any

from .application import Application
from .vocabulary import BUILT_IN, Resolver, Vocabulary, to_json_value

__all__ = ["Facts", "facts_of"]

_NONE: Mapping[str, Any] = MappingProxyType({})


class Facts(dict[str, Any]):
    """The facts of one application on one day, resolved lazily and at most once.

    It behaves as a read-only mapping of every path of its *vocabulary* (the
    built-in one unless a pack's is given; iteration, ``len``, ``in``, ``get``,
    ``keys`` cover the whole vocabulary). *settings* are the values of the
    pack's settings, *custom* the application's custom facts as the pack's
    declarations read them. *known* are facts already resolved (a pack
    passes its settings' values, ``settings.NAME``, the same for every decision).
    It is a ``dict`` underneath, holding the values resolved so far, so that
    reading a resolved fact costs one dictionary lookup: rules read facts
    hundreds of times per decision. A ``Facts`` belongs to one decision: it
    is not shared between threads, so its cache needs no lock. Reading a path
    that is not in the vocabulary raises ``KeyError``.
    """

    __slots__ = ("_resolve", "app", "custom", "resolvers", "settings", "today")

    app: Application
    today: date
    resolvers: Mapping[str, Resolver]
    settings: Mapping[str, Any]
    custom: Mapping[str, Any]

    def __init__(
        self,
        app: Application,
        today: date,
        vocabulary: Vocabulary = BUILT_IN,
        settings: Mapping[str, Any] = _NONE,
        custom: Mapping[str, Any] = _NONE,
        known: Mapping[str, Any] = _NONE,
    ) -> None:
        # No dict.__init__: this runs once per decision. *known* holds facts whose
        # values are the same for every application (a pack's settings, already
        # read as facts are: empty is None), so that no rule pays to resolve them.
        if known:
            self.update(known)
        self["today"] = today
        self.app = app
        self.today = today
        self.resolvers = vocabulary.resolvers
        self._resolve = vocabulary._table  # the same, as a plain dict: read on every miss
        self.settings = settings
        self.custom = custom

    def __missing__(self, path: str) -> Any:
        # Called by dict lookup for a fact not resolved yet (KeyError if unknown).
        value = self._resolve[path](self)
        if not value and isinstance(value, str | tuple):
            value = None  # an empty string or list states nothing: read it as absent
        self[path] = value
        return value

    def get(self, path: str, default: Any = None) -> Any:
        """The value of *path*, or *default* if *path* is not a fact."""
        return self[path] if path in self.resolvers else default

    def __contains__(self, path: object) -> bool:
        return path in self.resolvers

    def __iter__(self) -> Iterator[str]:
        return iter(self.resolvers)

    def __len__(self) -> int:
        return len(self.resolvers)

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
    """Return every fact of *app* on *today* as plain JSON data, for inspection and debugging.

    These are the facts of the built-in vocabulary; ``Pack.facts_of`` gives a
    pack's own (its settings, custom facts and the facts it derives too).
    """
    facts = Facts(app, today)
    return {path: to_json_value(facts[path]) for path in facts.resolvers}
