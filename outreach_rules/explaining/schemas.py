"""JSON Schemas of what ``explain --json``, ``explain --action --json`` and ``plan --json`` print.

The schemas of applications, packs and decisions depend on a pack's facts and
live with packs (:mod:`outreach_rules.packs.schema`); these three come straight
from the explanation and plan models, the same for every pack.
``outreach-rules schema explanation|why-not|plan`` prints them, and
``docs/gen_reference.py`` writes the same text to ``docs/schemas/``.
"""

from __future__ import annotations

import json
from typing import Literal

__all__ = ["EXPLAINING_SCHEMA_KINDS", "ExplainingSchemaKind", "explaining_schema_text"]

ExplainingSchemaKind = Literal["explanation", "why-not", "plan"]
EXPLAINING_SCHEMA_KINDS: tuple[ExplainingSchemaKind, ...] = ("explanation", "why-not", "plan")
"""The documents of explanations there is a schema for."""


def explaining_schema_text(kind: ExplainingSchemaKind) -> str:
    """The JSON Schema (draft 2020-12) of *kind*, as indented JSON text ending in a newline."""
    # Imported here: the parser names the kinds without loading the models.
    from pydantic import BaseModel

    from .explanations import ActionExplanation, Explanation
    from .planning import Plan

    models: dict[str, type[BaseModel]] = {
        "explanation": Explanation,
        "why-not": ActionExplanation,
        "plan": Plan,
    }
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **models[kind].model_json_schema(mode="serialization"),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
