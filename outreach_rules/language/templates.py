"""Text templates in packs: fact values substituted into text, and nothing else.

A template is plain text with placeholders:

* ``{candidate.name}`` inserts a fact's value;
* ``{posting.recruiter.name|the recruiter}`` inserts the value, or the text
  after ``|`` when the fact is absent;
* ``{{`` and ``}}`` are literal braces.

There are no expressions, attribute lookups, filters or loops: a placeholder
names a fact path from the vocabulary, checked when the pack loads, and its
value is rendered as text (dates as ``YYYY-MM-DD``, lists as ``a, b and c``,
booleans as ``yes``/``no``). This is what makes a pack from a stranger safe to
render.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["Placeholder", "Template", "TemplateSyntaxError", "parse_template", "render_value"]

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


class TemplateSyntaxError(ValueError):
    """A template is malformed; ``offset`` is the 0-based position in the text."""

    def __init__(self, message: str, offset: int) -> None:
        self.offset = offset
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Placeholder:
    """``{path}`` or ``{path|fallback}`` in a template."""

    path: str
    fallback: str | None = None


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template: literal text and placeholders, in order."""

    text: str
    parts: tuple[str | Placeholder, ...]
    # The parts as (literal, path or None, fallback) steps, made once: render is on the hot path.
    _steps: tuple[tuple[str, str | None, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        steps: list[tuple[str, str | None, str]] = []
        literal = ""
        for part in self.parts:
            if isinstance(part, str):
                literal += part
            else:
                steps.append((literal, part.path, part.fallback or ""))
                literal = ""
        if literal or not steps:
            steps.append((literal, None, ""))
        object.__setattr__(self, "_steps", tuple(steps))

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        """The placeholders, in order of appearance."""
        return tuple(p for p in self.parts if isinstance(p, Placeholder))

    def render(self, facts: Mapping[str, Any]) -> str:
        """Return the text with every placeholder filled from *facts*."""
        steps = self._steps
        if len(steps) == 1 and steps[0][1] is None:
            return steps[0][0].rstrip()  # no placeholder: the text itself
        out: list[str] = []
        for literal, path, fallback in steps:
            out.append(literal)
            if path is not None:
                value = facts[path]
                if value is None:
                    out.append(fallback)
                else:
                    out.append(value if type(value) is str else render_value(value))
        # An absent fact at the very end (a last line left empty) leaves no trailing space.
        return "".join(out).rstrip()


def render_value(value: Any) -> str:
    """Render one fact value as text for people."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        items = [render_value(v) for v in value]
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} and {items[-1]}"
    return str(value)


def parse_template(text: str) -> Template:
    """Parse *text* into a :class:`Template`; raise :class:`TemplateSyntaxError` if malformed."""
    parts: list[str | Placeholder] = []
    literal: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        literal.append(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token == "{{":
            literal.append("{")
        elif token == "}}":
            literal.append("}")
        elif token in ("{", "}"):
            raise TemplateSyntaxError(
                f"unmatched {token!r}; write {token * 2!r} for a literal brace", match.start()
            )
        else:
            inner = match.group(1)
            path, bar, fallback = inner.partition("|")
            path = path.strip()
            if not _PATH.fullmatch(path):
                raise TemplateSyntaxError(
                    f"{{{inner}}} is not a placeholder: write {{fact.path}} or "
                    "{fact.path|text if absent}",
                    match.start(),
                )
            if "".join(literal):
                parts.append("".join(literal))
            literal = []
            parts.append(Placeholder(path, fallback if bar else None))
    literal.append(text[position:])
    if "".join(literal):
        parts.append("".join(literal))
    return Template(text, tuple(parts))
