"""Reading one YAML document safely: the fast event reader, with the node reader behind it.

Only plain data is built (PyYAML's safe constructors: no Python objects, no
tags that run code); mappings and sequences remember where each key and item
came from (:class:`~.nodes.YamlMap`, :class:`~.nodes.YamlSeq`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..limits import DEFAULT_LIMITS, Limits
from .events import parse_by_events
from .nodes import Base, check_size, parse_by_nodes

__all__ = ["gc_paused", "parse_yaml"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while a document is read and compiled.

    Reading a large pack makes hundreds of thousands of small containers, none
    of them in a reference cycle (a recursive alias is refused); each
    allocation threshold crossed made the collector walk them again, a third
    of the time a 2,048-rule pack took to load. Only when the collector is
    on is it turned off, and then back on, so a caller who disabled it keeps
    it disabled; nested uses do nothing. (A thread that disables the collector
    while another is loading a pack may find it enabled again afterwards.)
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_yaml(text: str, *, filename: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse one YAML document safely, with positions; raise :class:`PackError` on bad YAML.

    The document is measured against *limits* (nesting, text length, size
    with aliases expanded) as it is read, before any large value is built.
    """
    check_size(text, filename, limits)
    with gc_paused():
        loader = Base(text)
        try:
            return parse_by_events(loader, limits)
        except Exception:  # whatever it was, the node reader has the answer
            pass
        finally:
            loader.dispose()
        return parse_by_nodes(text, filename, limits)
