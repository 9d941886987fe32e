"""Custom facts: declared by a pack under facts:, given by an application under custom:."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from support.builders import TODAY, minimal_app
from support.packs import pack_error

from outreach_rules import ApplicationError, PackError, load_pack_text, next_action
from outreach_rules.errors import Mark, Site
from outreach_rules.language.custom import CustomFact, check_custom, custom_facts, declare_custom
from outreach_rules.language.document import CustomFactDoc

SITE = Site("p.yaml")


def declare(name: str = "sector", **doc: Any) -> CustomFact:
    """The custom fact *name* declared as *doc*."""
    return declare_custom(name, CustomFactDoc(**doc), SITE, Mark(4, 3))


SECTOR = declare(type="enum", choices=("public", "private"), optional=True)
BADGE = declare("badge", type="bool", default=False)
SEATS = declare("seats", type="int")
DECLARED = {"sector": SECTOR, "badge": BADGE, "seats": SEATS}


# --- declaring -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "default"),
    [
        ({"type": "bool", "default": True}, True),
        ({"type": "int", "default": 3}, 3),
        ({"type": "str", "default": "x"}, "x"),
        ({"type": "enum", "choices": ("a", "b"), "default": "b"}, "b"),
        ({"type": "date", "default": "2026-11-18"}, date(2026, 11, 18)),
        ({"type": "list", "default": ["a"]}, ("a",)),
        ({"type": "list", "choices": ("a", "b"), "default": ["b"]}, ("b",)),
        ({"type": "int"}, None),
    ],
)
def test_every_type_declares_with_its_default_typed(doc: dict[str, Any], default: Any) -> None:
    """A custom fact of each type declares; its default comes back as the type holds it."""
    fact = declare(**doc)
    assert (fact.value.type, fact.default, fact.file) == (doc["type"], default, "p.yaml")


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ({"type": "enum"}, "custom fact 'sector': an enum needs 'choices'"),
        ({"type": "int", "choices": ("a",)}, "'choices' is for enum and list facts only"),
        (
            {"type": "enum", "choices": ("public",), "default": "pubic"},
            "its default does not fit: 'pubic' is not one of: public; did you mean 'public'?",
        ),
        ({"type": "int", "default": "3"}, "its default does not fit: expected a whole number"),
        ({"type": "date", "default": "soon"}, "expected a date (YYYY-MM-DD) (got 'soon')"),
    ],
)
def test_a_declaration_that_does_not_fit_is_bad_custom_fact(
    doc: dict[str, Any], problem: str
) -> None:
    """An enum without choices, misplaced choices or a default of another type are refused."""
    with pytest.raises(PackError) as info:
        declare(**doc)
    assert info.value.code == "bad-custom-fact"
    assert problem in info.value.problem
    assert (info.value.file, info.value.line) == ("p.yaml", 4)


def test_a_misspelt_key_of_a_declaration_gets_a_suggestion() -> None:
    """facts: {x: {optinal: true}} is an unknown key with a did-you-mean, at its line."""
    error = pack_error("""\
        name: mine
        facts:
          sector:
            type: str
            optinal: true
        """)
    assert error.code == "unknown-key"
    assert "did you mean 'optional'?" in str(error)
    assert error.line == 5


# --- as facts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "nullable"),
    [
        ({"type": "enum", "choices": ("a",), "optional": True}, True),
        ({"type": "enum", "choices": ("a",), "optional": True, "default": "a"}, False),
        ({"type": "int"}, False),
        ({"type": "bool", "default": False}, False),
        ({"type": "str", "default": "x"}, True),  # a text may be empty: absent
        ({"type": "list"}, True),  # a list may be empty: absent
    ],
)
def test_a_custom_fact_may_be_absent_when_optional_without_default_or_empty(
    doc: dict[str, Any], nullable: bool
) -> None:
    """The fact is nullable (presence: itself) when optional without default, or text or list."""
    fact = declare(**doc).fact()
    assert fact.nullable is nullable
    assert fact.presence == (("custom.sector",) if nullable else ())


def test_a_custom_fact_is_the_fact_custom_name() -> None:
    """custom.NAME, of its type and choices, from the application, changed by the employer."""
    fact = SECTOR.fact()
    assert (SECTOR.path, fact.path, fact.type, fact.choices) == (
        "custom.sector",
        "custom.sector",
        "enum",
        ("public", "private"),
    )
    assert (fact.origin, fact.derived, fact.changeable_by) == ("custom", False, "employer")
    assert fact.description == "The custom fact sector."
    listed = declare(type="list", choices=("a",), changeable_by="candidate").fact()
    assert (listed.item_type, listed.changeable_by) == ("enum", "candidate")


def test_custom_facts_read_the_checked_values() -> None:
    """Each custom fact's resolver reads the decision's checked custom values."""
    specs, resolvers = custom_facts(DECLARED)
    assert [s.path for s in specs] == ["custom.sector", "custom.badge", "custom.seats"]
    facts = SimpleNamespace(custom={"sector": "public"})
    assert resolvers["custom.sector"](facts) == "public"
    assert resolvers["custom.seats"](facts) is None


# --- checking an application ---------------------------------------------------------


def test_given_values_are_typed_and_left_out_ones_take_their_default() -> None:
    """A given value is checked; a default fills in; an optional one is None."""
    assert check_custom(DECLARED, {"seats": 3}, pack="p") == {
        "seats": 3,
        "badge": False,
        "sector": None,
    }
    assert check_custom(DECLARED, {"seats": 3, "sector": "public", "badge": True}, pack="p") == {
        "seats": 3,
        "sector": "public",
        "badge": True,
    }
    assert check_custom({}, {}, pack="p") == {}


def test_null_counts_as_left_out() -> None:
    """custom: {sector: null} is as if sector were not given: optional, so None."""
    assert check_custom(DECLARED, {"sector": None, "seats": 1}, pack="p")["sector"] is None


@pytest.mark.parametrize(
    ("declared", "given", "path", "message"),
    [
        (
            DECLARED,
            {"seats": 1, "secotr": "public"},
            "custom.secotr",
            "pack 'p' declares no custom fact 'secotr'; did you mean 'sector'?",
        ),
        (
            DECLARED,
            {"seats": 1, "zzz": 1},
            "custom.zzz",
            "pack 'p' declares no custom fact 'zzz' (its custom facts: sector, badge, seats)",
        ),
        ({}, {"zzz": 1}, "custom.zzz", "pack 'p' declares no custom facts; remove custom.zzz"),
        (DECLARED, {"seats": "3"}, "custom.seats", "expected a whole number (got '3')"),
        (
            DECLARED,
            {"seats": 1, "sector": "pubic"},
            "custom.sector",
            "'pubic' is not one of: public, private; did you mean 'public'?",
        ),
        (
            DECLARED,
            {},
            "custom.seats",
            "pack 'p' needs custom.seats (a whole number): give it, or declare it optional "
            "or with a default",
        ),
    ],
)
def test_each_problem_of_an_application_names_custom_name(
    declared: dict[str, CustomFact], given: dict[str, Any], path: str, message: str
) -> None:
    """A misspelt, undeclared, ill-typed or missing custom fact is an ApplicationError there."""
    with pytest.raises(ApplicationError) as info:
        check_custom(declared, given, pack="p")
    (problem,) = info.value.problems
    assert (problem.path, problem.message) == (path, message)


def test_every_problem_of_custom_is_reported_at_once() -> None:
    """A wrong value, an unknown key and a missing fact are three problems, in that order."""
    with pytest.raises(ApplicationError) as info:
        check_custom(DECLARED, {"sector": 1, "badg": True}, pack="p")
    assert info.value.paths == ("custom.sector", "custom.badg", "custom.seats")


PACK = """\
name: sectors
facts:
  sector:
    type: enum
    choices: [public, private, nonprofit]
    optional: true
  seats: {type: int, default: 10}
rules:
  - id: public
    when: {custom.sector: public, custom.seats: {">": 5}}
    then: {action: research_company}
    because: "{company.name} is a {custom.sector} employer with {custom.seats} seats."
    source: {house_default: t}
"""


def test_a_pack_reads_custom_facts_as_facts() -> None:
    """A rule on custom.sector fires on an application that gives it, with its default seats."""
    pack = load_pack_text(PACK)
    decision = next_action(minimal_app(custom={"sector": "public"}), today=TODAY, pack=pack)
    assert decision.primary is not None
    assert decision.primary.explanation == "Acme Corp is a public employer with 10 seats."
    assert next_action(minimal_app(), today=TODAY, pack=pack).action_ids == ()


def test_a_misspelt_custom_key_in_an_application_is_refused_with_a_suggestion() -> None:
    """Deciding an application with custom.secotr fails naming the field and the right name."""
    pack = load_pack_text(PACK)
    with pytest.raises(ApplicationError) as info:
        next_action(minimal_app(custom={"secotr": "public"}), today=TODAY, pack=pack)
    assert info.value.paths == ("custom.secotr",)
    assert "did you mean 'sector'?" in str(info.value)


def test_a_custom_key_the_default_pack_does_not_declare_is_refused() -> None:
    """The default pack declares no custom facts: custom.anything is an error."""
    with pytest.raises(ApplicationError) as info:
        next_action(minimal_app(custom={"sector": "public"}), today=TODAY)
    assert "declares no custom facts; remove custom.sector" in str(info.value)


def test_an_optional_custom_fact_in_a_template_needs_proof_or_a_fallback() -> None:
    """{custom.sector} may be absent: refused unless the condition requires it."""
    error = pack_error(PACK.replace("custom.sector: public, ", ""))
    assert error.code == "unfilled-placeholder"
    assert "{custom.sector} may be absent" in error.problem
    assert (error.file, error.line, error.rule_id) == ("mine.yaml", 12, "public")


def test_a_custom_enum_compared_with_a_misspelt_value_gets_a_suggestion() -> None:
    """custom.sector: pubic is a bad value, suggesting public."""
    error = pack_error(PACK.replace("custom.sector: public", "custom.sector: pubic"))
    assert error.code == "bad-value"
    assert error.hint == "did you mean 'public'?"
