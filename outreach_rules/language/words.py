"""Conditions in words, on one line, as a person reads them: ``days_since_submission >= 7``."""

from __future__ import annotations

from datetime import date
from typing import Any

from .conditions import AllOf, Compare, Condition, FactRef, Not, SettingRef

__all__ = ["condition_text"]


def _literal_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(_literal_text(v) for v in value) + "]"
    if isinstance(value, SettingRef):
        return f"settings.{value.name}"
    if isinstance(value, FactRef):
        if isinstance(value.days, SettingRef):
            return f"{value.path} + settings.{value.days.name} days"
        shift = f" {'+' if value.days > 0 else '-'} {abs(value.days)} days" if value.days else ""
        return f"{value.path}{shift}"
    return str(value)


def condition_text(node: Condition) -> str:
    """Render *node* on one line as a person reads it: ``days_since_submission >= 7``."""
    if isinstance(node, Compare):
        if node.op == "present":
            return f"{node.path} is {'present' if node.value else 'absent'}"
        return f"{node.path} {node.op} {_literal_text(node.value)}"
    if isinstance(node, Not):
        return f"not ({condition_text(node.item)})"
    if not node.items:
        return "always"
    joiner = " and " if isinstance(node, AllOf) else " or "
    return "(" + joiner.join(condition_text(i) for i in node.items) + ")"
