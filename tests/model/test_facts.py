"""Facts: one application on one day, as a read-only mapping of the whole vocabulary."""

from __future__ import annotations

import json
from datetime import date

import pytest
from support.builders import TODAY, make_app, minimal_app

from outreach_rules import FACT_SPECS
from outreach_rules.model.application import validate_application
from outreach_rules.model.facts import Facts, facts_of


def facts(**extra: object) -> Facts:
    """The facts of a minimal application, with *extra*, on TODAY."""
    return Facts(validate_application(minimal_app(**extra)), TODAY)


def test_facts_are_a_mapping_of_every_path_of_the_vocabulary() -> None:
    """len, iteration, in and keys cover the whole vocabulary, in its order, before any read."""
    found = facts()
    assert len(found) == len(FACT_SPECS)
    assert list(found) == list(FACT_SPECS)
    assert list(found.keys()) == list(FACT_SPECS)
    assert "days_since_submission" in found
    assert "no.such.fact" not in found
    assert dict(found.items())["candidate.name"] == "Martha Owens"
    assert len(list(found.values())) == len(FACT_SPECS)


def test_an_unknown_path_is_a_key_error_or_the_default() -> None:
    """Reading a path the vocabulary does not have raises KeyError; get gives the default."""
    found = facts()
    with pytest.raises(KeyError):
        found["candidate.nmae"]
    assert found.get("candidate.nmae") is None
    assert found.get("candidate.nmae", "nothing") == "nothing"
    assert found.get("candidate.name", "nothing") == "Martha Owens"


def test_empty_text_and_empty_lists_read_as_absent() -> None:
    """An empty string or an empty list states nothing: the fact reads as None."""
    found = facts(candidate={"name": "M", "email": "", "schools": []}, company={"name": "A"})
    assert found["candidate.email"] is None
    assert found["candidate.schools"] is None
    assert found["contacts"] is None
    assert found["company.family_run"] is False, "false is a value, not an absence"
    assert found["contact_count"] == 0, "so is zero"


def test_each_fact_is_resolved_once_and_kept() -> None:
    """A fact is computed on first read and kept: later reads give the very same value."""
    found = Facts(validate_application(make_app(contacts=[{"name": "Lee"}])), TODAY)
    assert not dict.__contains__(found, "interviewer_names")
    first = found["missing_contact_details"]
    assert dict.__contains__(found, "missing_contact_details")
    assert found["missing_contact_details"] is first
    # Only the day is there from the start (it is known): reading one fact resolved no other.
    assert set(dict.keys(found)) == {"today", "missing_contact_details"}


def test_known_facts_are_there_from_the_start() -> None:
    """*known* values (a pack's settings) are read without resolving; the day is known too."""
    app = validate_application(make_app())
    found = Facts(app, TODAY, known={"settings.wait": 7})
    assert dict.__contains__(found, "settings.wait")
    assert dict.__getitem__(found, "today") == TODAY


def test_facts_of_gives_every_fact_as_plain_json() -> None:
    """facts_of resolves the whole vocabulary into JSON values: dates as text, lists as lists."""
    app = validate_application(make_app())
    values = facts_of(app, date(2026, 11, 26))
    assert list(values) == list(FACT_SPECS)
    assert json.loads(json.dumps(values)) == values
    assert values["submitted_on"] == "2026-11-18"
    assert values["candidate.schools"] == ["State University"]
    assert values["posting.recruiter"] == {
        "name": "Dana Reyes",
        "phone": "+1 555 0123",
        "email": "dana@acme.example",
    }
