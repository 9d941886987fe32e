"""The fact vocabulary: every path a rule may read, with its type and who can change it."""

from __future__ import annotations

from datetime import date
from typing import Any

from support.builders import TODAY, minimal_app

from outreach_rules import FACT_SPECS, Application, facts_of


def derived(data: dict[str, Any], today: date = TODAY) -> dict[str, Any]:
    return facts_of(Application.model_validate(data), today)


def test_vocabulary_lists_every_fact_with_a_description() -> None:
    """Every fact facts_of returns is in FACT_SPECS with a type and a description."""
    facts = derived(minimal_app())
    assert set(facts) == set(FACT_SPECS)
    for spec in FACT_SPECS.values():
        assert spec.description, spec.path
        assert spec.type in {"bool", "int", "date", "str", "enum", "list", "object"}
    assert FACT_SPECS["company.size"].choices == ("small", "medium", "large")
    assert FACT_SPECS["days_since_submission"].derived
    assert not FACT_SPECS["posting.no_calls"].derived
    assert FACT_SPECS["research.company"].changeable_by == "candidate"
    assert FACT_SPECS["posting.no_calls"].changeable_by == "employer"
