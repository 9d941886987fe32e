"""Finding the model at an error's location, to name the keys it allows."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from outreach_rules.language.document import PackFile, RuleDoc, ThenDoc
from outreach_rules.model._modelpath import field_keys, model_at
from outreach_rules.model.application import (
    Application,
    Contact,
    CoverLetter,
    HistoryEntry,
    Interview,
    Person,
    Recruiter,
)


@pytest.mark.parametrize(
    ("root", "loc", "expected"),
    [
        (Application, (), Application),
        (Application, ("posting", "recruiter"), Recruiter),
        (Application, ("materials", "cover_letter"), CoverLetter),
        (Application, ("contacts", 0), Contact),
        (Application, ("history", 2), HistoryEntry),
        (Application, ("interview", "with", 0), Person),
        (Application, ("heard_back",), None),
        (Application, ("heard_back", "more"), None),
        (PackFile, ("rules", 3, "then"), ThenDoc),
        (PackFile, ("rules", 0), RuleDoc),
    ],
)
def test_model_at_follows_fields_aliases_and_indexes(
    root: type[BaseModel], loc: tuple[int | str, ...], expected: type[BaseModel] | None
) -> None:
    """A location of fields (by name or alias) and list indexes leads to the model there."""
    assert model_at(root, loc) is expected


def test_an_unknown_key_in_a_location_is_stepped_over() -> None:
    """Parts that are no field (a dict's key, a union branch) leave the model where it was."""
    assert model_at(Application, ("posting", "function-after[...]", "recruiter")) is Recruiter


def test_field_keys_are_the_keys_a_document_uses() -> None:
    """field_keys lists the keys in the model's order, by alias where there is one."""
    assert field_keys(Person) == ["name", "role"]
    assert field_keys(Interview) == ["kind", "on", "with", "questions_prepared"]
