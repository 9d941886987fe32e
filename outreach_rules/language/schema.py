"""JSON Schemas for applications, packs and decisions, generated from the models.

``application`` and ``decision`` come straight from the pydantic models.
``pack`` starts from the pack-file models (:mod:`outreach_rules.language.document`) and
spells out what the pack language takes where those models say ``Any``: a
``when`` condition whose keys are the known fact paths, each with only the
operators that apply to its type; a ``source``; the dates of ``then``. An
editor using the schema flags an unknown fact path or operator as it is typed.
The pack loader stays the authority: it also checks what a schema cannot, such
as templates, ``extends`` and a pack's own actions.

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

from ..model.actions import ACTIONS
from ..model.application import Application
from ..model.decision import Decision
from ..model.vocabulary import FACT_SPECS, FactSpec
from .document import PackFile
from .operators import OPERATOR_TABLE, Operand, operators_for

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
        "value": {"anyOf": [value, _ref("FactRef")]},
        "values": {"type": "array", "minItems": 1, "items": value},
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
    return {"anyOf": [value, _ref("FactRef"), mapping]}


def _shared_test_defs() -> dict[str, Any]:
    """The tests of the types whose facts all take the same values, one def each."""
    samples: dict[str, FactSpec] = {}
    for spec in FACT_SPECS.values():
        if spec.type in _SHARED_TESTS:
            samples.setdefault(spec.type, spec)
    return {_SHARED_TESTS[kind]: _test(spec) for kind, spec in samples.items()}


def _fact_test(spec: FactSpec) -> dict[str, Any]:
    shared = _SHARED_TESTS.get(spec.type)
    schema = _ref(shared) if shared else _test(spec)
    return {**schema, "description": spec.description}


def _condition_defs() -> dict[str, Any]:
    """The $defs that describe a ``when`` condition, from the fact vocabulary."""
    conditions = {"type": "array", "minItems": 1, "items": _ref("Condition")}
    date_paths = [path for path, spec in FACT_SPECS.items() if spec.type == "date"]
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
        "FactTests": {
            "description": "Tests of facts, by fact path; every test holds.",
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {path: _fact_test(spec) for path, spec in FACT_SPECS.items()},
        },
        **_shared_test_defs(),
        "FactPath": {"description": "A fact path.", "enum": list(FACT_SPECS)},
        "FactRef": {
            "description": "Another fact of the same type; for dates, shifted by whole days.",
            "type": "object",
            "properties": {"fact": _ref("FactPath"), "days": {"type": "integer"}},
            "required": ["fact"],
            "additionalProperties": False,
        },
        "DateFact": {"description": "A date fact.", "enum": date_paths},
        "DateRef": {
            "description": "A date fact, or {fact: DATE_FACT, days: N} to shift it.",
            "anyOf": [
                _ref("DateFact"),
                {
                    "type": "object",
                    "properties": {"fact": _ref("DateFact"), "days": {"type": "integer"}},
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


def _pack_schema() -> dict[str, Any]:
    schema = PackFile.model_json_schema()
    defs = schema["$defs"]
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
    defs.update(_condition_defs())
    return schema


def json_schema(kind: SchemaKind) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of an ``application``, ``pack`` or ``decision``."""
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        "application": lambda: Application.model_json_schema(by_alias=True),
        "pack": _pack_schema,
        "decision": lambda: Decision.model_json_schema(mode="serialization"),
    }
    if kind not in builders:
        raise ValueError(f"no schema for {kind!r}; choose from {', '.join(SCHEMA_KINDS)}")
    return {"$schema": DIALECT, **builders[kind]()}


def schema_text(kind: SchemaKind) -> str:
    """Return :func:`json_schema` as the indented JSON text that ships with the package."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def shipped_schema_text(kind: SchemaKind) -> str:
    """Return the schema shipped in the installed package, read with importlib.resources."""
    if kind not in SCHEMA_KINDS:
        raise ValueError(f"no schema for {kind!r}; choose from {', '.join(SCHEMA_KINDS)}")
    folder = resources.files("outreach_rules").joinpath("schemas")
    return folder.joinpath(f"{kind}.schema.json").read_text(encoding="utf-8")
