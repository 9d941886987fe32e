"""Conditions written as YAML text, parsed and evaluated as a pack's ``when`` would be."""

from __future__ import annotations

from typing import Any

from outreach_rules import default_pack
from outreach_rules._yaml.reader import parse_yaml
from outreach_rules.errors import Site
from outreach_rules.language.compile import compile_condition
from outreach_rules.language.conditions import Condition, parse_condition

__all__ = ["SITE", "holds", "parse"]

SITE = Site("test.yaml", "r")
"""Where the conditions come from, for errors."""


def parse(text: str) -> Condition:
    """The condition written in the YAML *text*, parsed and checked.

    Against the default pack's vocabulary: the built-in facts and the standard
    settings and derived facts every pack reads.
    """
    return parse_condition(parse_yaml(text), SITE, None, default_pack().facts)


def holds(text: str, **facts: Any) -> bool:
    """Evaluate the condition in *text* over *facts* (dotted paths given with '__')."""
    values = {k.replace("__", "."): v for k, v in facts.items()}
    return compile_condition(parse(text))(values)
