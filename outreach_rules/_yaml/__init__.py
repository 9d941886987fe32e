"""Safe YAML with positions: knows nothing of packs or applications.

Two deliberate departures from PyYAML's YAML 1.1 defaults: only
``true``/``false`` are booleans (YAML 1.2), so ``on: 2026-11-20`` in a history
entry is a key; and a key repeated in one mapping is an error instead of
silently keeping the last.
"""

from .nodes import YamlMap, YamlSeq, mark_at
from .reader import gc_paused, parse_yaml

__all__ = ["YamlMap", "YamlSeq", "gc_paused", "mark_at", "parse_yaml"]
