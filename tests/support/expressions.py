"""Expressions of derived facts written as YAML text, parsed and evaluated as a pack's would be.

* :func:`expression`: the text parsed and checked, as the value of a derived fact ``x``.
* :func:`evaluate`: its value for an application on a day.
* :func:`expression_error`: the PackError the text gives.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from outreach_rules import PackError, default_pack
from outreach_rules._yaml.reader import parse_yaml
from outreach_rules.errors import Site
from outreach_rules.language.expressions import Expression, parse_expression
from outreach_rules.model.application import validate_application

from .builders import TODAY, minimal_app

__all__ = ["SITE", "evaluate", "expression", "expression_error"]

SITE = Site("test.yaml")
"""Where the expressions come from, for errors."""


def expression(text: str, own: str = "x") -> Expression:
    """The expression in the YAML *text*, parsed and checked as derived fact *own*.

    Against the default pack's vocabulary: the built-in facts and the standard
    settings and derived facts every pack reads.
    """
    return parse_expression(parse_yaml(text), SITE, None, default_pack().facts, own)


def evaluate(text: str, app: dict[str, Any] | None = None, today: date = TODAY) -> Any:
    """The value of the expression in *text* for *app* (a minimal one by default) on *today*."""
    pack = default_pack()
    facts = pack.facts_for(validate_application(app or minimal_app(), today=today), today)
    return expression(text).value(facts)


def expression_error(text: str) -> PackError:
    """The PackError that checking the expression in *text* raises."""
    with pytest.raises(PackError) as info:
        expression(text)
    return info.value
