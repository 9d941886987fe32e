"""The JSON Schemas: generated, shipped, named by every example, and agreeing with the loader."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from support.packs import custom_facts_pack
from support.paths import CUSTOM_FACTS, ROOT

from outreach_rules import (
    FACT_SPECS,
    ApplicationError,
    Pack,
    PackError,
    default_pack,
    load_pack_text,
    next_action,
)
from outreach_rules._yaml.reader import parse_yaml
from outreach_rules.language.operators import OPERATORS, OPERATORS_BY_TYPE
from outreach_rules.packs.schema import (
    SCHEMA_KINDS,
    json_schema,
    schema_text,
    shipped_schema_text,
)

APPLICATIONS = sorted((ROOT / "examples").glob("*.yaml"))
PACKS = sorted([*(ROOT / "rulesets").glob("*.yaml"), *(ROOT / "docs" / "examples").glob("*.yaml")])
BROKEN = ROOT / "docs" / "examples" / "broken.yaml"
SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$")


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(
        json_schema(kind),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def as_json(text: str, name: str = "<test>") -> Any:
    """Read YAML as the pack loader does (YAML 1.2 booleans), then as an editor sees it: JSON."""
    return json.loads(json.dumps(parse_yaml(text, filename=name), default=str))


def messages(errors: Iterator[ValidationError]) -> list[str]:
    """Every message, including those of the alternatives of an anyOf."""
    found: list[str] = []
    for error in errors:
        found.append(error.message)
        found += messages(iter(error.context or ()))
    return found


def kind_of(path: Path) -> str:
    return "application" if path in APPLICATIONS else "pack"


# --- generated and shipped ---------------------------------------------------


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    """Each schema is itself a valid draft 2020-12 JSON Schema."""
    schema = json_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_shipped_and_documented_schemas_are_current(kind: str) -> None:
    """The schema in the package and the one in docs/schemas equal what the models give now."""
    fresh = schema_text(kind)
    assert shipped_schema_text(kind) == fresh
    assert (ROOT / "docs" / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == fresh


def test_unknown_kind_is_refused() -> None:
    """Asking for a schema that does not exist is a ValueError naming the choices."""
    with pytest.raises(ValueError, match="application, pack, decision"):
        json_schema("rule")
    with pytest.raises(ValueError, match="application, pack, decision"):
        shipped_schema_text("rule")


# --- every example and pack --------------------------------------------------


@pytest.mark.parametrize("path", [*APPLICATIONS, *PACKS], ids=lambda p: p.name)
def test_file_names_its_schema_on_the_first_line(path: Path) -> None:
    """Each example and pack starts with a yaml-language-server comment naming its schema file."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    found = SCHEMA_COMMENT.match(first)
    assert found, f"{path.relative_to(ROOT)}: first line is {first!r}"
    target = (path.parent / found.group("path")).resolve()
    assert target == ROOT / "docs" / "schemas" / f"{kind_of(path)}.schema.json"


@pytest.mark.parametrize(
    "path", [p for p in [*APPLICATIONS, *PACKS] if p != BROKEN], ids=lambda p: p.name
)
def test_file_validates_against_its_schema(path: Path) -> None:
    """Every example application and every shipped or documented pack is valid for its schema."""
    data = as_json(path.read_text(encoding="utf-8"), str(path))
    errors = messages(validator(kind_of(path)).iter_errors(data))
    assert errors == []


def test_broken_example_is_flagged_at_the_misspelt_fact() -> None:
    """docs/examples/broken.yaml, which the loader refuses, fails the schema at its typo too."""
    data = as_json(BROKEN.read_text(encoding="utf-8"))
    found = messages(validator("pack").iter_errors(data))
    assert any("'days_since_submision' was unexpected" in m for m in found), found


# --- what the pack schema catches --------------------------------------------

RULE = """\
name: schema-test
rules:
  - id: a-rule
    when: {when}
    then: {{action: email_follow_up, due_by: {due_by}}}
    because: Write.
    source: {{house_default: a test}}
"""


def pack(when: str, due_by: str = "follow_up_due_on") -> str:
    return RULE.format(when=when, due_by=due_by)


GOOD = [
    "{submitted: true}",
    '{days_since_submission: {">=": 7, "<=": 10}}',
    "{company.size: {in: [small, medium]}}",
    "{interview.on: {fact: today, days: 3}}",
    '{interview.on: {"<=": {fact: today, days: 7}}}',
    "{posting: {present: true}}",
    "{contacts: {present: false}}",
    "{candidate.schools: {contains: State University}}",
    "[{submitted: true}, {not: {heard_back: true}}]",
    "{any: [{company.size: small}, {all: [{company.family_run: true}]}]}",
    "{submitted_on: 2026-11-18}",
]

BAD = [
    # (when, a message the schema gives)
    ('{days_since_submision: {">=": 7}}', "'days_since_submision' was unexpected"),
    ('{days_since_submission: {"=>": 7}}', "'=>' was unexpected"),
    ('{submitted: {">": 1}}', "'>' was unexpected"),  # no ordering on true/false
    ("{company.size: smal}", "'smal' is not one of"),
    ("{submitted: yes}", "'yes' is not of type 'boolean'"),  # YAML 1.2: yes is text
    ("{days_since_submission: {in: []}}", "should be non-empty"),
    # a combinator beside a fact test: 'all' is neither a fact nor custom.NAME
    ("{submitted: true, all: [{replied: false}]}", "'all' does not match any of the regexes"),
    ("{posting: {==: true}}", "'==' was unexpected"),  # a group only has 'present'
    ("{interview.on: {fact: todya}}", "'todya' is not one of"),
]


@pytest.mark.parametrize("when", GOOD)
def test_pack_schema_accepts_what_the_loader_accepts(when: str) -> None:
    """Conditions the loader accepts are valid for the pack schema."""
    text = pack(when)
    load_pack_text(text)
    assert messages(validator("pack").iter_errors(as_json(text))) == []


@pytest.mark.parametrize(("when", "message"), BAD)
def test_pack_schema_flags_what_the_loader_refuses(when: str, message: str) -> None:
    """An unknown fact or operator, a wrong value or a misplaced combinator fails both ways."""
    text = pack(when)
    with pytest.raises(PackError):
        load_pack_text(text)
    found = messages(validator("pack").iter_errors(as_json(text)))
    assert any(message in m for m in found), found


@pytest.mark.parametrize(
    ("due_by", "message"),
    [("submited_on", "'submited_on' is not valid"), ("days_since_submission", "is not valid")],
)
def test_pack_schema_checks_then_dates(due_by: str, message: str) -> None:
    """`then.due_by` must name a date fact: a misspelt or non-date fact fails the schema."""
    text = pack("{submitted: true}", due_by=due_by)
    with pytest.raises(PackError):
        load_pack_text(text)
    found = messages(validator("pack").iter_errors(as_json(text)))
    assert any(message in m for m in found), found


def test_pack_schema_knows_every_fact_with_its_operators() -> None:
    """The schema's fact paths are the standard vocabulary, each with the operators its type allows.

    The standard vocabulary is the built-in facts plus the default pack's settings and derived
    facts, which any pack may use; custom facts and settings are open (``custom.NAME``,
    ``settings.NAME``) until a pack is named.
    """
    schema = json_schema("pack")
    defs = schema["$defs"]
    tests = defs["FactTests"]["properties"]
    facts = default_pack().facts
    assert list(tests) == list(facts)
    assert set(FACT_SPECS) < set(tests)
    assert list(defs["FactTests"]["patternProperties"]) == [
        r"^custom\.[A-Za-z_][A-Za-z0-9_]*$",
        r"^settings\.[A-Za-z_][A-Za-z0-9_]*$",
    ]
    seen: set[str] = set()
    for path, spec in facts.items():
        test = tests[path]
        if "$ref" in test:
            test = defs[test["$ref"].rsplit("/", 1)[-1]]
        mapping = next(s for s in test.get("anyOf", [test]) if s.get("type") == "object")
        ops = set(mapping["properties"])
        expected = (
            {"present"}
            if spec.type == "list" and spec.item_type == "object"
            else set(OPERATORS_BY_TYPE[spec.type])
        )
        assert ops == expected, path
        seen |= ops
    assert seen == set(OPERATORS)


# --- applications and decisions ----------------------------------------------


def test_application_schema_flags_a_misspelt_key() -> None:
    """A misspelt application key fails the application schema, as it fails validation."""
    data = as_json("candidate: {name: Ann}\ncompany: {name: Acme}\nsubmited_on: 2026-11-18\n")
    found = messages(validator("application").iter_errors(data))
    assert any("'submited_on' was unexpected" in m for m in found), found


def test_decision_json_validates_against_the_decision_schema() -> None:
    """A real decision, dumped as JSON, is valid for the decision schema."""
    decision = next_action(
        {
            "candidate": {"name": "Martha Owens"},
            "company": {"name": "Acme Corp", "size": "small"},
            "posting": {"title": "clerk", "no_calls": True},
            "materials": {"complete": True},
            "submitted_on": "2026-11-18",
        },
        today=date(2026, 11, 20),
    )
    assert decision.blocked, "the example exercises blocked actions too"
    data = decision.model_dump(mode="json")
    assert messages(validator("decision").iter_errors(data)) == []


# --- a pack's own settings and facts ------------------------------------------


def pack_validator(kind: str, pack: Pack) -> Draft202012Validator:
    return Draft202012Validator(
        json_schema(kind, pack), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


CUSTOM_OK: dict[str, Any] = {
    "sector": "public",
    "headcount": 2000,
    "referred": True,
    "closes_on": "2026-11-28",
    "languages": ["en", "fr"],
    "agency": "Ministry",
}


@pytest.mark.parametrize(
    ("custom", "schema_says"),
    [
        ({}, None),
        (CUSTOM_OK, None),
        ({"sector": None, "languages": []}, None),
        ({"secotr": "public"}, "'secotr' was unexpected"),
        ({"sector": "publik"}, "'publik' is not"),
        ({"headcount": "2000"}, "'2000' is not"),
        ({"headcount": True}, "True is not"),
        ({"referred": 1}, "1 is not"),
        ({"closes_on": "28 November"}, "'28 November' is not"),
        ({"closes_on": "2026-02-30"}, "'2026-02-30' is not"),
        ({"languages": ["fr", "nl"]}, "'nl' is not one of"),
        ({"languages": "fr"}, "'fr' is not"),
        ({"agency": "x" * 2001}, "is too long"),
        ({"languages": ["en"] * 101}, "is too long"),
    ],
)
def test_the_application_schema_of_a_pack_knows_its_custom_facts(
    custom: dict[str, Any], schema_says: str | None
) -> None:
    """json_schema("application", pack) spells out the pack's custom facts: an application
    is valid for it exactly when the pack accepts it, a misspelt key and a wrong type fail."""
    pack = custom_facts_pack()
    data = {"candidate": {"name": "Ann"}, "company": {"name": "Acme"}, "custom": custom}
    found = messages(pack_validator("application", pack).iter_errors(data))
    if schema_says is None:
        assert found == []
        next_action(data, today=date(2026, 11, 26), pack=pack)
    else:
        assert any(schema_says in m for m in found), found
        with pytest.raises(ApplicationError) as caught:
            next_action(data, today=date(2026, 11, 26), pack=pack)
        assert all(path.startswith("custom") for path in caught.value.paths)
    # The shipped schema knows no pack: any custom fact of any plain value passes it.
    assert messages(validator("application").iter_errors({**data, "custom": {"x": 1}})) == []


def test_a_required_custom_fact_is_required_by_the_schema() -> None:
    """A custom fact with neither a default nor optional: true is required, both ways."""
    pack = load_pack_text(
        "name: needs\nfacts:\n  grade: {type: int, description: The civil-service grade.}\n"
    )
    schema = json_schema("application", pack)["properties"]["custom"]
    assert schema["required"] == ["grade"]
    assert schema["properties"]["grade"] == {
        "type": "integer",
        "description": "The civil-service grade.",
    }
    data = {"candidate": {"name": "Ann"}, "company": {"name": "Acme"}, "custom": {}}
    assert any(
        "'grade' is a required property" in m
        for m in messages(pack_validator("application", pack).iter_errors(data))
    )
    with pytest.raises(ApplicationError, match=r"custom\.grade: pack 'needs' needs custom\.grade"):
        next_action(data, today=date(2026, 11, 26), pack=pack)


def test_the_pack_schema_of_a_pack_knows_its_settings_and_facts() -> None:
    """json_schema("pack", pack) knows the pack's settings ({setting: NAME} and
    settings.NAME), its custom facts (closed: a misspelt one fails) and its derived facts;
    the pack's own file is valid for it, and not for the shipped schema."""
    pack = custom_facts_pack()
    schema = json_schema("pack", pack)
    defs = schema["$defs"]
    assert set(defs["SettingRef"]["properties"]["setting"]["enum"]) == set(pack.settings)
    assert "large_headcount" in pack.settings
    tests = defs["FactTests"]["properties"]
    for path in ("custom.sector", "settings.large_headcount", "mission_driven", "replied"):
        assert path in tests, path
    assert "patternProperties" not in defs["FactTests"]
    assert tests["custom.sector"]["anyOf"][0] == {"enum": ["public", "private", "nonprofit"]}
    own = pack_validator("pack", pack)
    text = CUSTOM_FACTS.read_text(encoding="utf-8")
    assert messages(own.iter_errors(as_json(text))) == []
    # The shipped schema cannot know a pack's own settings and derived facts.
    assert messages(validator("pack").iter_errors(as_json(text))) != []
    for when, message in [
        ("{custom.sectr: public}", "'custom.sectr' was unexpected"),
        ("{custom.sector: publik}", "'publik' is not one of"),
        ("{custom.headcount: {'>=': {setting: large_headcont}}}", "'large_headcont' is not"),
        ("{mission_driven: {'>': 1}}", "'>' was unexpected"),
    ]:
        bad = text.replace("      mission_driven: true\n", "", 1).replace(
            "    when:\n      custom.agency: {not in: [Ministry, Council]}",
            f"    when:\n      all: [{when}]",
        )
        assert bad != text
        found = messages(own.iter_errors(as_json(bad)))
        assert any(message in m for m in found), (when, found)
        with pytest.raises(PackError):
            load_pack_text(bad)


def test_the_shipped_pack_schema_accepts_a_packs_own_settings() -> None:
    """A pack that declares a setting and reads it ({setting: NAME} and settings.NAME) is
    valid for the shipped schema too, which cannot know its settings; a misspelt fact
    still is not."""
    text = textwrap.dedent(
        """\
        name: public-sector
        extends: default
        settings:
          committee_days: {type: int, default: 10, min: 1, max: 60, description: Wait.}
        rules:
          - id: committee-wait
            when:
              days_since_submission: {"<": {setting: committee_days}}
              settings.committee_days: {">": 7}
            then: {action: wait}
            because: Hiring committees take {settings.committee_days} days.
            source: {house_default: committees}
        """
    )
    load_pack_text(text)
    assert messages(validator("pack").iter_errors(as_json(text))) == []
    typo = text.replace("days_since_submission", "days_since_submision")
    found = messages(validator("pack").iter_errors(as_json(typo)))
    assert any("'days_since_submision' does not match any of the regexes" in m for m in found)
