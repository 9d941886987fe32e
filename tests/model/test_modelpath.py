"""Pydantic's errors as field problems: the model at a location, the keys it allows."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from outreach_rules import ApplicationError, next_action
from outreach_rules.language.document import PackFile, RuleDoc, ThenDoc
from outreach_rules.model._modelpath import (
    field_keys,
    model_at,
    problems_from_validation_error,
)
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


def _problems(root: type[BaseModel], data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        root.model_validate(data)
    return {p.path: p.message for p in problems_from_validation_error(info.value, root)}


def test_an_unknown_key_is_named_with_a_did_you_mean_from_the_model_it_is_in() -> None:
    """A misspelt key gets the closest key of the model at its location, from any root."""
    found = _problems(Application, {"candidate": {"name": "A"}, "company": {"nmae": "B"}})
    assert found["company.nmae"] == "unknown key 'nmae'; did you mean 'name'?"
    found = _problems(RuleDoc, {"id": "r", "then": {"actoin": "wait"}})
    assert found["then.actoin"] == "unknown key 'actoin'; did you mean 'action'?"


def test_an_unknown_key_nothing_like_lists_the_keys_allowed() -> None:
    """With no close key, the message lists the keys the model allows."""
    found = _problems(Recruiter, {"zzz": 1})
    assert found == {"zzz": "unknown key 'zzz' (expected one of: name, phone, email)"}


def test_a_missing_field_and_a_misspelt_choice_are_said_in_words() -> None:
    """Required fields say so; a choice close to a valid one gets a did-you-mean."""
    found = _problems(
        Application, {"candidate": {"name": "A"}, "company": {"name": "B", "size": "smal"}}
    )
    assert found["company.size"].endswith("(got 'smal'); did you mean 'small'?")
    assert _problems(Application, {"company": {"name": "B"}}) == {
        "candidate": "this field is required"
    }


def test_a_key_read_as_true_where_on_belongs_says_so() -> None:
    """PyYAML reads `{on: 2026-11-25}` as `{True: ...}`: the problem says exactly that, once,
    at the entry, and how to fix it (issue 16, point 19)."""
    data = yaml.safe_load(
        "candidate: {name: Tom}\ncompany: {name: Summit}\n"
        "history:\n  - {on: 2026-11-25, channel: call}\n"
        "interview: {kind: job, on: 2026-12-01}\n"
    )
    with pytest.raises(ApplicationError) as caught:
        next_action(data, today=date(2026, 11, 26))
    problems = [(p.path, p.message) for p in caught.value.problems]
    assert sorted(path for path, _ in problems) == ["history.0", "interview"]
    for _, message in problems:
        assert message.startswith("the key on was read as true")
        assert '"on":' in message
        assert "load_application" in message


def test_another_boolean_key_is_named_as_one() -> None:
    """`yes:` read as true elsewhere is named as a boolean key, not as "1"."""
    data = {"candidate": {"name": "Tom", True: 1}, "company": {"name": "S"}}
    with pytest.raises(ApplicationError) as caught:
        next_action(data, today=date(2026, 11, 26))
    (problem,) = caught.value.problems
    assert problem.path == "candidate"
    assert problem.message.startswith("a key was read as true")
