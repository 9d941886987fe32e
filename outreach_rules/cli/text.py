"""Plain-text rendering of decisions, for people reading a terminal."""

from __future__ import annotations

import textwrap
from typing import Any, TypeVar

from pydantic import BaseModel

from .._printable import printable
from ..model.application import Application
from ..model.decision import Decision, Recommendation

__all__ = ["printable", "printable_model", "render_decision"]

M = TypeVar("M", bound=BaseModel)


def _printable_data(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(k): _printable_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable_data(v) for v in value]
    return value


def printable_model(model: M) -> M:
    """Return a copy of *model* whose every text is :func:`printable`, for showing to people."""
    data = _printable_data(model.model_dump(mode="json", by_alias=True))
    return type(model).model_validate(data)


def _wrap(text: str, indent: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        if not paragraph.strip():
            lines.append("")
            continue
        lead = paragraph[: len(paragraph) - len(paragraph.lstrip())]
        lines.extend(
            textwrap.wrap(
                paragraph.strip(),
                width=width,
                break_on_hyphens=False,  # keep rule ids whole, ready to copy
                initial_indent=indent + lead,
                subsequent_indent=indent
                + lead
                + ("  " if paragraph.lstrip().startswith("- ") else ""),
            )
        )
    return lines


def _when(rec: Recommendation) -> str | None:
    if rec.action == "wait" and rec.due_by:
        return f"until {rec.due_by.isoformat()}"
    if rec.not_before and rec.due_by:
        return f"from {rec.not_before.isoformat()} to {rec.due_by.isoformat()}"
    if rec.due_by:
        return f"by {rec.due_by.isoformat()}"
    if rec.not_before:
        return f"from {rec.not_before.isoformat()}"
    return None


def _details(rec: Recommendation, width: int, *, script: bool) -> list[str]:
    lines = _wrap(f"Why: {rec.explanation}", "    ", width)
    if rec.contact:
        lines += _wrap(f"Who: {rec.contact}", "    ", width)
    when = _when(rec)
    if when:
        lines.append(f"    When: {when}")
    if script and rec.script:
        lines.append("    Script:")
        lines += _wrap(rec.script, "      ", width)
    rules = ", ".join(r.rule_id for r in rec.reasons)
    lines += _wrap(f'Guidance: "{rec.source}" (rule {rules})', "    ", width)
    return lines


def render_decision(
    decision: Decision,
    app: Application | None = None,
    *,
    width: int = 88,
    all_scripts: bool = False,
) -> str:
    """Render *decision* as text: the next action first, then alternatives and what is ruled out.

    With *all_scripts*, every recommendation's script is shown, not only the next action's.
    """
    head = f"Advice for {decision.today.isoformat()}"
    if app is not None:
        target = app.posting.title + " at " if app.posting else ""
        head = (
            f"{app.candidate.name}, {target}{app.company.name}: advice for "
            f"{decision.today.isoformat()}"
        )
    lines = [head, ""]
    primary = decision.primary
    if primary is None:
        lines.append("Nothing to do: no rule applies to this application today.")
    else:
        lines.append(f"NEXT: {primary.title} [{primary.action}]")
        lines += _details(primary, width, script=True)
    if len(decision.actions) > 1:
        lines += ["", "ALSO:"]
        for rank, rec in enumerate(decision.actions[1:], start=2):
            lines.append(f"  {rank}. {rec.title} [{rec.action}]")
            lines += _details(rec, width, script=all_scripts)
    if decision.blocked:
        lines += ["", "RULED OUT:"]
        for blocked in decision.blocked:
            lines.append(f"  - {blocked.title} [{blocked.action}]")
            for reason in blocked.reasons:
                lines += _wrap(f"{reason.reason} (rule {reason.rule_id})", "      ", width)
    return "\n".join(lines) + "\n"
