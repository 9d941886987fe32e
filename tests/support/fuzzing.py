"""Strategies and checks shared by the fuzz tests and the long fuzz run (tests/fuzz/).

The application they start from is :data:`support.builders.VALID_APPLICATION`.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import yaml
from hypothesis import strategies as st

from outreach_rules import (
    ApplicationError,
    Decision,
    Pack,
    PackError,
    load_pack_text,
    next_action,
    parse_application,
)
from outreach_rules.errors import PACK_ERROR_CODES

from .builders import TODAY
from .paths import ROOT

__all__ = [
    "DEFAULT_PACK_DATA",
    "EXTREMES",
    "HUGE",
    "decide_or_documented_error",
    "dump",
    "json_like",
    "load_or_documented_error",
    "mutated",
    "parse_or_documented_error",
    "scalars",
]

DEFAULT_PACK_DATA: dict[str, Any] = yaml.safe_load(
    (ROOT / "rulesets" / "default.yaml").read_text(encoding="utf-8")
)

HUGE = "9" * 5_000
"""A whole number of more digits than Python reads (4,300): put in a document's text."""

EXTREMES: tuple[Any, ...] = (
    # days at and past the ends of what an application may give (1000-01-01..8999-12-31)
    "9999-12-31",
    "9995-01-01",
    "8999-12-31",
    "1000-01-01",
    "0999-12-31",
    "0001-01-01",
    # other ISO forms date.fromisoformat reads, which are not YYYY-MM-DD
    "20261118",
    "2026-W47-3",
    # numbers at the edges of timedelta and of C integers
    999_999_999,
    1_000_000_000,
    -(10**30),
    2**63,
    # control characters, direction overrides, a long text
    "a\nb",
    "a\rb",
    "\x1b[31mred",
    "\u202eevil",
    "\x00",
    "z" * 5_000,
)
"""Values the hardening of issue 16 is about, mixed into the fuzzers' scalars."""

# Scalars a JSON or YAML document can hold, with the awkward ones well represented.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["2026-11-18", "2026-13-01", "small", "call", "{candidate.name}", ""])
    | st.dates().map(date.isoformat)
    | st.sampled_from(EXTREMES)
)
json_like = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """*document* with one to three random parts replaced, deleted or renamed."""
    doc = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        how = draw(st.sampled_from(["replace", "delete", "rename"]))
        if how == "replace" or not isinstance(parent, dict):
            parent[last] = draw(json_like)
        elif how == "delete":
            del parent[last]
        else:
            parent[draw(st.text(max_size=12))] = parent.pop(last)
    return doc


def decide_or_documented_error(data: Any, pack: Pack | None = None) -> Decision | ApplicationError:
    """Decide for *data* (with *pack*); the only acceptable failure is an ApplicationError."""
    try:
        return next_action(data, today=TODAY, pack=pack)
    except ApplicationError as error:
        failure = error
    assert failure.problems, "an ApplicationError names at least one problem"
    return failure


def load_or_documented_error(text: str) -> Pack | PackError:
    """Load a pack from *text*; the only acceptable failure is a PackError."""
    try:
        return load_pack_text(text)
    except PackError as error:
        failure = error
    assert failure.code in PACK_ERROR_CODES, failure.code
    return failure


def parse_or_documented_error(text: str) -> object:
    """Parse an application from *text*; the only acceptable failure is an ApplicationError."""
    try:
        return parse_application(text)
    except ApplicationError as error:
        return error


def dump(document: Any) -> str:
    """YAML text for a document (any JSON-like value)."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
