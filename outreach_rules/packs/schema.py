"""JSON Schemas for applications, packs and decisions, generated from the models.

``application`` and ``decision`` come straight from the pydantic models (an
application's ``custom:`` spelled out for a pack's custom facts). ``pack``
starts from the pack-file models (:mod:`outreach_rules.language.document`)
and spells out what the pack language takes where those models say ``Any``:
a ``when`` condition whose keys are the known fact paths, each with only the
operators that apply to its type; a ``source``; the dates of ``then``. An
editor using the schema flags an unknown fact path or operator as it is typed.
The pack loader stays the authority: it also checks what a schema cannot, such
as templates, ``extends`` and a pack's own actions.

The facts come from a pack's vocabulary: the shipped schemas from the default
pack's (the built-in facts and the standard settings and derived facts), and
``outreach-rules schema pack --pack P`` from the pack P's, so that its custom
and derived facts are known too. That is why this module lives with packs.

The schemas ship inside the package as ``outreach_rules/schemas/KIND.schema.json``
(and in ``docs/schemas/``), written by ``docs/gen_reference.py`` from
:func:`schema_text`; :func:`shipped_schema_text` reads the shipped copy, which
a test keeps equal to the generated one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any, Literal

from ..language.custom import CustomFact
from ..language.document import PackFile
from ..language.operators import OPERATOR_TABLE, Operand, operators_for
from ..language.values import MAX_ITEMS, MAX_TEXT
from ..model.actions import ACTIONS
from ..model.application import Application
from ..model.decision import Decision
from ..model.vocabulary import FactSpec, Vocabulary
from .loading import default_pack
from .pack import Pack

__all__ = ["SCHEMA_KINDS", "SchemaKind", "json_schema", "schema_text", "shipped_schema_text"]

SchemaKind = Literal["application", "pack", "decision"]
SCHEMA_KINDS: tuple[SchemaKind, ...] = ("application", "pack", "decision")
"""The documents there is a schema for."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_REF = "#/$defs/"
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_LITERALS: Mapping[str, dict[str, Any]] = {
    "bool": {"type": "boolean"},
    "int": {"type": "integer"},
    "date": _DATE,
    "str": {"type": "string"},
}
# The $defs name of the test of each type whose values are the same for every fact.
_SHARED_TESTS: Mapping[str, str] = {
    "bool": "BoolTest",
    "int": "IntTest",
    "date": "DateTest",
    "str": "TextTest",
    "object": "GroupTest",
}


def _ref(name: str, **extra: Any) -> dict[str, Any]:
    return {"$ref": _REF + name, **extra}


def _literal(spec: FactSpec, kind: str) -> dict[str, Any]:
    """The schema of one value of a fact (or of one item of a list fact)."""
    if kind == "enum":
        return {"enum": list(spec.choices)}
    return dict(_LITERALS.get(kind, _LITERALS["str"]))


def _test(spec: FactSpec) -> dict[str, Any]:
    """What a condition may say about *spec*: a value, a fact, or a mapping of operators."""
    value = _literal(spec, spec.type)
    operand: dict[Operand, dict[str, Any]] = {  # by what each operator takes
        "value": {"anyOf": [value, _ref("FactRef"), _ref("SettingRef")]},
        "values": {"anyOf": [{"type": "array", "minItems": 1, "items": value}, _ref("SettingRef")]},
        "item": _literal(spec, spec.item_type or "str"),
        "flag": {"type": "boolean"},
    }
    operators = operators_for(spec.type, spec.item_type)
    mapping = {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            op: {
                **operand[OPERATOR_TABLE[op].operand],
                "description": f"the fact {OPERATOR_TABLE[op].words}",
            }
            for op in operators
        },
    }
    if "==" not in operators:
        return mapping
    return {"anyOf": [value, _ref("FactRef"), _ref("SettingRef"), mapping]}


def _shared_test_defs(vocabulary: Vocabulary) -> dict[str, Any]:
    """The tests of the types whose facts all take the same values, one def each."""
    samples: dict[str, FactSpec] = {}
    for spec in vocabulary.values():
        if spec.type in _SHARED_TESTS:
            samples.setdefault(spec.type, spec)
    return {_SHARED_TESTS[kind]: _test(spec) for kind, spec in samples.items()}


def _fact_test(spec: FactSpec) -> dict[str, Any]:
    shared = _SHARED_TESTS.get(spec.type)
    schema = _ref(shared) if shared else _test(spec)
    return {**schema, "description": spec.description}


# In the shipped schema, which no pack's declarations are known to.
_OPEN_CUSTOM = r"^custom\.[A-Za-z_][A-Za-z0-9_]*$"
_OPEN_SETTING = r"^settings\.[A-Za-z_][A-Za-z0-9_]*$"


def _condition_defs(vocabulary: Vocabulary, open_custom: bool) -> dict[str, Any]:
    """The $defs that describe a ``when`` condition, from the fact vocabulary.

    With *open_custom*, any ``custom.NAME``, ``settings.NAME`` and ``{setting:
    NAME}`` is accepted (the shipped schema cannot know the custom facts and
    settings a pack declares; ``schema pack --pack P`` gives one that does).
    """
    conditions = {"type": "array", "minItems": 1, "items": _ref("Condition")}
    date_paths = [path for path, spec in vocabulary.items() if spec.type == "date"]
    settings = [p.removeprefix("settings.") for p, f in vocabulary.items() if f.origin == "setting"]
    tests: dict[str, Any] = {
        "description": "Tests of facts, by fact path; every test holds.",
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {path: _fact_test(spec) for path, spec in vocabulary.items()},
    }
    if open_custom:
        tests["patternProperties"] = {
            _OPEN_CUSTOM: {"description": "A custom fact the pack declares (under facts:)."},
            _OPEN_SETTING: {"description": "A setting the pack declares (under settings:)."},
        }
    return {
        "Condition": {
            "description": "A condition on facts: {fact: test, ...}, a list (all hold), "
            "{all: [...]}, {any: [...]} or {not: condition}.",
            "anyOf": [
                _ref("FactTests"),
                {**conditions, "description": "Every condition holds."},
                {
                    "type": "object",
                    "properties": {"all": {**conditions, "description": "Every one holds."}},
                    "required": ["all"],
                    "additionalProperties": False,
                },
                {
                    "type": "object",
                    "properties": {"any": {**conditions, "description": "At least one holds."}},
                    "required": ["any"],
                    "additionalProperties": False,
                },
                {
                    "type": "object",
                    "properties": {"not": _ref("Condition", description="It does not hold.")},
                    "required": ["not"],
                    "additionalProperties": False,
                },
            ],
        },
        "FactTests": tests,
        **_shared_test_defs(vocabulary),
        "FactPath": {
            "description": "A fact path.",
            "anyOf": [
                {"enum": list(vocabulary)},
                *(
                    [{"type": "string", "pattern": f"{_OPEN_CUSTOM}|{_OPEN_SETTING}"}]
                    if open_custom
                    else []
                ),
            ],
        },
        "SettingRef": {
            "description": "The value of one of the pack's settings.",
            "type": "object",
            "properties": {
                "setting": {"description": "The setting's name.", "enum": settings}
                if settings and not open_custom
                else {"description": "The setting's name.", "type": "string", "minLength": 1}
            },
            "required": ["setting"],
            "additionalProperties": False,
        },
        "FactRef": {
            "description": "Another fact of the same type; for dates, shifted by whole days.",
            "type": "object",
            "properties": {"fact": _ref("FactPath"), "days": _ref("Days")},
            "required": ["fact"],
            "additionalProperties": False,
        },
        "Days": {
            "description": "Whole days, or a setting that holds them.",
            "anyOf": [{"type": "integer"}, _ref("SettingRef")],
        },
        "DateFact": {"description": "A date fact.", "enum": date_paths},
        "DateRef": {
            "description": "A date fact, or {fact: DATE_FACT, days: N} to shift it.",
            "anyOf": [
                _ref("DateFact"),
                {
                    "type": "object",
                    "properties": {"fact": _ref("DateFact"), "days": _ref("Days")},
                    "required": ["fact"],
                    "additionalProperties": False,
                },
            ],
        },
    }


def _action_id(description: str) -> dict[str, Any]:
    # A built-in id, offered for completion; a pack may add ids of its own.
    return {
        "description": description,
        "anyOf": [{"enum": list(ACTIONS)}, {"type": "string", "minLength": 1}],
    }


def _pack_schema(pack: Pack, open_custom: bool) -> dict[str, Any]:
    schema = PackFile.model_json_schema()
    defs = schema["$defs"]
    derived = defs["DerivedDoc"]["properties"]
    derived["when"] = {
        "description": derived["when"]["description"],
        "anyOf": [_ref("Condition"), {"type": "null"}],
        "default": None,
    }
    rule, then, block = (defs[name]["properties"] for name in ("RuleDoc", "ThenDoc", "BlockDoc"))
    rule["when"] = {
        "description": rule["when"]["description"],
        "anyOf": [_ref("Condition"), {"type": "null"}],
        "default": None,
    }
    rule["source"] = {
        "description": rule["source"]["description"],
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "properties": {"house_default": {"type": "string", "minLength": 1}},
                "required": ["house_default"],
                "additionalProperties": False,
            },
        ],
    }
    for key in ("not_before", "due_by"):
        then[key] = {
            "description": then[key]["description"],
            "anyOf": [_ref("DateRef"), {"type": "null"}],
            "default": None,
        }
    then["action"] = _action_id(then["action"]["description"])
    block["action"] = _action_id(block["action"]["description"])
    defs.update(_condition_defs(pack.facts, open_custom))
    return schema


def _application_schema(custom: Mapping[str, CustomFact] | None) -> dict[str, Any]:
    """The application's schema; with a pack's *custom* facts, ``custom:`` spelled out."""
    schema = Application.model_json_schema(by_alias=True)
    if custom is None:
        return schema
    properties: dict[str, Any] = {}
    text = {"type": "string", "maxLength": MAX_TEXT}  # as long as the loader takes
    for name, fact in custom.items():
        value = fact.value
        if value.type == "list":
            item: dict[str, Any] = {"enum": list(value.choices)} if value.choices else text
            shown: dict[str, Any] = {"type": "array", "items": item, "maxItems": MAX_ITEMS}
        elif value.type == "enum":
            shown = {"enum": list(value.choices)}
        elif value.type == "str":
            shown = dict(text)
        else:
            shown = dict(_LITERALS[value.type])
        if fact.optional or fact.default is not None:
            shown = {"anyOf": [shown, {"type": "null"}]}
        properties[name] = {**shown, "description": fact.description}
    required = [n for n, f in custom.items() if not f.optional and f.default is None]
    schema["properties"]["custom"] = {
        "description": schema["properties"]["custom"]["description"],
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        **({"required": required} if required else {}),
    }
    return schema


def json_schema(kind: SchemaKind, pack: Pack | None = None) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of an ``application``, ``pack`` or ``decision``.

    With *pack*, the schema knows that pack's facts: its custom facts (in an
    application's ``custom:`` and in conditions) and the facts it derives.
    Without, the default pack's, with any custom fact allowed.
    """
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        "application": lambda: _application_schema(None if pack is None else pack.custom),
        "pack": lambda: _pack_schema(pack or default_pack(), pack is None),
        "decision": lambda: Decision.model_json_schema(mode="serialization"),
    }
    if kind not in builders:
        raise ValueError(f"no schema for {kind!r}; choose from {', '.join(SCHEMA_KINDS)}")
    return {"$schema": DIALECT, **builders[kind]()}


def schema_text(kind: SchemaKind, pack: Pack | None = None) -> str:
    """Return :func:`json_schema` as the indented JSON text that ships with the package."""
    return json.dumps(json_schema(kind, pack), indent=2, ensure_ascii=False) + "\n"


def shipped_schema_text(kind: SchemaKind) -> str:
    """Return the schema shipped in the installed package, read with importlib.resources."""
    if kind not in SCHEMA_KINDS:
        raise ValueError(f"no schema for {kind!r}; choose from {', '.join(SCHEMA_KINDS)}")
    folder = resources.files("outreach_rules").joinpath("schemas")
    return folder.joinpath(f"{kind}.schema.json").read_text(encoding="utf-8")
