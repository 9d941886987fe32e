"""The fact vocabulary: every path a rule may read, with its type and who can change it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from support.builders import TODAY, minimal_app

from outreach_rules import FACT_SPECS, Application, default_pack, facts_of
from outreach_rules.model.application import validate_application
from outreach_rules.model.derived import DERIVED
from outreach_rules.model.vocabulary import RESOLVERS, fact_specs, to_json_value


def derived(data: dict[str, Any], today: date = TODAY) -> dict[str, Any]:
    return facts_of(Application.model_validate(data), today)


def test_vocabulary_lists_every_fact_with_a_description() -> None:
    """Every fact facts_of returns is in the default pack's vocabulary, with a type and words.

    That vocabulary is FACT_SPECS (the built-in facts) with the standard settings
    and the facts the default pack derives.
    """
    facts = derived(minimal_app())
    vocabulary = default_pack().facts
    assert set(facts) == set(vocabulary)
    assert set(FACT_SPECS) <= set(vocabulary)
    for spec in vocabulary.values():
        assert spec.description, spec.path
        assert spec.type in {"bool", "int", "date", "str", "enum", "list", "object"}
    assert FACT_SPECS["company.size"].choices == ("small", "medium", "large")
    assert FACT_SPECS["days_since_submission"].derived
    assert not FACT_SPECS["posting.no_calls"].derived
    assert FACT_SPECS["research.company"].changeable_by == "candidate"
    assert FACT_SPECS["posting.no_calls"].changeable_by == "employer"


# Every field of the application: its type, and the presence keys that must hold for it
# to be there (each optional part it sits in, and itself when it is optional or a list).
RECRUITER = ("posting", "posting.recruiter")
APPLICATION_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "as_of": ("date", ("as_of",)),
    "candidate": ("object", ()),
    "candidate.name": ("str", ()),
    **{f"candidate.{k}": ("str", (f"candidate.{k}",)) for k in ("email", "phone", "skype")},
    "candidate.availability": ("str", ("candidate.availability",)),
    **{f"candidate.{k}": ("list", (f"candidate.{k}",)) for k in ("schools", "interests")},
    "company": ("object", ()),
    "company.name": ("str", ()),
    "company.size": ("enum", ("company.size",)),
    "company.family_run": ("bool", ()),
    **{
        f"company.{k}": ("str", (f"company.{k}",))
        for k in ("main_office_phone", "website", "industry")
    },
    "posting": ("object", ("posting",)),
    "posting.title": ("str", ("posting",)),
    "posting.no_calls": ("bool", ("posting",)),
    "posting.recruiter": ("object", RECRUITER),
    **{
        f"posting.recruiter.{k}": ("str", (*RECRUITER, f"posting.recruiter.{k}"))
        for k in ("name", "phone", "email")
    },
    "posting.contact_email": ("str", ("posting", "posting.contact_email")),
    "materials": ("object", ()),
    "materials.complete": ("bool", ()),
    "materials.resume_lists_contact_info": ("bool", ()),
    "materials.cover_letter": ("object", ("materials.cover_letter",)),
    **{
        f"materials.cover_letter.{flag}": ("bool", ("materials.cover_letter",))
        for flag in (
            "tailored",
            "asks_for_interview",
            "names_specific_date",
            "lists_contact_info",
            "thanks_reader",
        )
    },
    "submitted_on": ("date", ("submitted_on",)),
    "heard_back": ("bool", ()),
    "contacts": ("list", ("contacts",)),
    "research": ("object", ()),
    "research.company": ("bool", ()),
    "research.interviewers": ("bool", ()),
    "research.values_fit": ("bool", ()),
    "interview": ("object", ("interview",)),
    "interview.kind": ("enum", ("interview",)),
    "interview.on": ("date", ("interview", "interview.on")),
    "interview.with": ("list", ("interview", "interview.with")),
    "interview.questions_prepared": ("bool", ("interview",)),
    "history": ("list", ("history",)),
}


def test_every_application_field_has_a_fact_with_its_type_and_presence() -> None:
    """Each field of the application is a fact of the right type, absent exactly when optional."""
    given = {path: spec for path, spec in FACT_SPECS.items() if not spec.derived}
    assert set(given) == set(APPLICATION_FIELDS)
    for path, (kind, presence) in APPLICATION_FIELDS.items():
        spec = given[path]
        assert (spec.type, spec.presence) == (kind, presence), path
        assert spec.nullable == bool(presence), path
        assert spec.description, path
    assert list(FACT_SPECS)[: len(given)] == list(given), "application fields come first"


def test_lists_and_enums_say_what_their_values_are() -> None:
    """Lists name the type of their items, enums their choices, in the order the model lists."""
    assert FACT_SPECS["candidate.schools"].item_type == "str"
    assert FACT_SPECS["contacts"].item_type == "object"
    assert FACT_SPECS["interview.with"].item_type == "object"
    assert FACT_SPECS["history"].item_type == "object"
    assert FACT_SPECS["interview.kind"].choices == ("informational", "job")
    assert FACT_SPECS["heard_back"].item_type is None
    assert FACT_SPECS["heard_back"].choices == ()


@pytest.mark.parametrize(
    ("path", "owner"),
    [
        ("as_of", "time"),
        ("candidate.phone", "candidate"),
        ("company.size", "employer"),
        ("posting.recruiter.phone", "employer"),
        ("materials.cover_letter.tailored", "candidate"),
        ("submitted_on", "candidate"),
        ("heard_back", "employer"),
        ("contacts", "candidate"),
        ("research.values_fit", "candidate"),
        ("interview.on", "employer"),
        ("interview.questions_prepared", "candidate"),
        ("history", "candidate"),
    ],
)
def test_each_field_says_who_can_change_it(path: str, owner: str) -> None:
    """The candidate's own work is theirs to change; the posting, the firm and replies are not."""
    assert FACT_SPECS[path].changeable_by == owner


def test_derived_facts_are_in_the_vocabulary_as_defined() -> None:
    """Each derived fact is a fact with its table's type, presence, choices and owner."""
    for derived_fact in DERIVED:
        spec = FACT_SPECS[derived_fact.path]
        assert spec.derived
        assert (spec.type, spec.presence, spec.establishes, spec.choices) == (
            derived_fact.type,
            derived_fact.presence,
            derived_fact.establishes,
            derived_fact.choices,
        )
        assert spec.changeable_by == derived_fact.changeable_by
        assert spec.nullable == bool(derived_fact.presence)
        assert spec.item_type == ("str" if derived_fact.type == "list" else None)


def test_every_fact_has_a_resolver_and_the_table_is_read_only() -> None:
    """RESOLVERS and FACT_SPECS have the same paths, and neither can be changed."""
    assert list(RESOLVERS) == list(FACT_SPECS)
    assert fact_specs() is FACT_SPECS
    with pytest.raises(TypeError):
        FACT_SPECS["new"] = FACT_SPECS["heard_back"]  # type: ignore[index]


def test_values_become_plain_json() -> None:
    """Dates become ISO text, models dicts by alias, tuples lists; the rest stays as it is."""
    app = validate_application(
        minimal_app(interview={"kind": "job", "on": "2026-12-01", "with": [{"name": "Pat"}]})
    )
    assert to_json_value(date(2026, 11, 26)) == "2026-11-26"
    assert to_json_value(app.interview) == {
        "kind": "job",
        "on": "2026-12-01",
        "with": [{"name": "Pat", "role": None}],
        "questions_prepared": False,
    }
    assert to_json_value(("a", date(2026, 1, 2), ("b",))) == ["a", "2026-01-02", ["b"]]
    assert to_json_value(None) is None
    assert to_json_value(7) == 7
