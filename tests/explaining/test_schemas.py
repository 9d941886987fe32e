"""The JSON Schemas of explanations, why-nots and plans, as the command and the docs give them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support.paths import ROOT

from outreach_rules.explaining.schemas import EXPLAINING_SCHEMA_KINDS, explaining_schema_text


@pytest.mark.parametrize("kind", EXPLAINING_SCHEMA_KINDS)
def test_each_schema_is_the_docs_copy(kind: str) -> None:
    """The text is docs/schemas/KIND.schema.json, a draft 2020-12 schema of one object."""
    text = explaining_schema_text(kind)  # type: ignore[arg-type]
    assert text == (ROOT / "docs" / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"


def test_the_kinds_are_named_without_loading_the_models() -> None:
    """The parser lists the kinds; the models load only when a schema is asked for."""
    assert EXPLAINING_SCHEMA_KINDS == ("explanation", "why-not", "plan")
    code = (
        "import sys, outreach_rules.explaining.schemas\n"
        "print('outreach_rules.explaining.explanations' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False"
