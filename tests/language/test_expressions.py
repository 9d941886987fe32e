"""The expression language of derived facts: its face, the table of forms, and how it dispatches.

The forms themselves are tested beside their modules, in tests/language/expressions/.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from support.builders import TODAY, minimal_app
from support.expressions import expression, expression_error
from support.packs import pack_error
from support.paths import ROOT

import outreach_rules.language.expressions as expressions
from outreach_rules import Limits, PackError, load_pack_text, next_action
from outreach_rules.language.expressions import Typed, compile_expression
from outreach_rules.model.application import validate_application


@pytest.mark.parametrize(
    ("text", "typed", "value"),
    [
        ("7", Typed("int"), 7),
        ("-2", Typed("int"), -2),
        ("true", Typed("bool"), True),
        ("2026-11-18", Typed("date"), date(2026, 11, 18)),
        ("a week", Typed("str", ("a week",)), "a week"),
        ('"2026-11-18"', Typed("str", ("2026-11-18",)), "2026-11-18"),
    ],
)
def test_a_literal_is_its_own_value_always_there(text: str, typed: Typed, value: object) -> None:
    """A number, true/false, a date or a text is a value of its type, reading no fact."""
    parsed = expression(text)
    assert (parsed.typed, parsed.reads) == (typed, ())
    assert compile_expression(parsed)({}) == value


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1.5", "an expression is a value or a mapping such as {fact: PATH} (got 1.5)"),
        ("null", "(got None)"),
        ("[1, 2]", "(got [1, 2])"),
        ("{}", "(got {})"),
    ],
)
def test_anything_else_than_a_value_or_a_form_is_refused(text: str, problem: str) -> None:
    """A float, null, a list or an empty mapping is not an expression (bad-derived)."""
    error = expression_error(text)
    assert error.code == "bad-derived"
    assert problem in error.problem


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("{fcat: submitted_on}", "did you mean 'fact'?"),
        ("{plusdays: [2026-11-18, 1]}", "did you mean 'plus_days'?"),
        ("{firstpresent: [1]}", "did you mean 'first_present'?"),
        ("{zzz: 1}", "expressions: fact, setting, item, plus_days"),
    ],
)
def test_an_unknown_form_gets_a_suggestion_or_the_list(text: str, hint: str) -> None:
    """A misspelt form is suggested; with nothing close, the forms are listed."""
    error = expression_error(text)
    assert error.code == "bad-derived"
    assert error.problem.startswith("unknown expression [")
    assert error.hint is not None
    assert error.hint.startswith(hint)


def test_a_form_with_a_key_of_another_says_which_form_it_is() -> None:
    """{value: 3, when: ...} is read as 'when': the stray key is named, not the first one."""
    error = expression_error("{value: 3, when: {heard_back: true}}")
    assert error.problem == "['value'] does not belong in {when: ...}"
    assert error.hint == "its keys: when"
    misspelt = expression_error("{if: {heard_back: true}, then: 1, esle: 2}")
    assert misspelt.problem == "['esle'] does not belong in {if: ...}"
    assert misspelt.hint == "did you mean 'else'?"


def test_every_form_is_in_the_reference_tables() -> None:
    """Each form of the table is in the module's docstring and in the pack language page."""
    forms = list(expressions._FORMS)
    assert forms[:3] == ["fact", "setting", "item"]
    assert expressions.__doc__ is not None
    page = (ROOT / "docs" / "pack-language.md").read_text(encoding="utf-8")
    section = page.split("## Derived facts")[1].split("\n## ")[0]
    for form in forms:
        assert re.search(rf"[{{`]{form}[:`]", expressions.__doc__), form
        assert re.search(rf"[{{`]{form}[:`]", section), form


DERIVED = """\
name: mine
extends: default
derived:
  calls_since_applying:
    type: int
    description: Calls since submitting.
    value:
      count: history
      where:
        item.channel: call
        item.on: {">=": {fact: submitted_on}}
  called_twice:
    type: bool
    when: {calls_since_applying: {">=": 2}}
rules:
  - id: stop-calling
    when: {called_twice: true}
    priority: 100
    source: {house_default: two calls are enough}
    blocks:
      - action: call_recruiter
        reason: You have called {calls_since_applying} times already; write instead.
"""


def test_a_pack_decides_with_its_expressions() -> None:
    """The pack language page's example: two calls since applying block a third."""
    pack = load_pack_text(DERIVED)
    calls = [
        {"on": "2026-11-10", "channel": "call"},
        {"on": "2026-11-20", "channel": "call", "outcome": "no_answer"},
        {"on": "2026-11-24", "channel": "call", "outcome": "no_answer"},
        {"on": "2026-11-25", "channel": "email"},
    ]
    app = minimal_app(submitted_on="2026-11-18", history=calls, posting={"title": "x"})
    decision = next_action(app, today=TODAY, pack=pack)
    (blocked,) = [b for b in decision.blocked if b.action == "call_recruiter"]
    reasons = {reason.rule_id: reason.reason for reason in blocked.reasons}
    assert reasons["stop-calling"] == "You have called 2 times already; write instead."


def test_an_expression_error_in_a_pack_names_file_line_and_fact() -> None:
    """A wrong expression is reported at its own line in the pack, naming the derived fact."""
    error = pack_error("""\
        name: mine
        derived:
          due:
            type: date
            value:
              plus_days: [{fact: submitted_on}, {fact: company.name}]
        """)
    assert error.code == "bad-derived"
    assert (error.file, error.line) == ("mine.yaml", 6)
    assert error.problem == "the second value of plus_days must be int (got str)"


def test_a_misspelt_fact_in_an_expression_gets_a_suggestion_at_its_line() -> None:
    """{fact: submited_on} is unknown-fact, with a did-you-mean, at the line it is on."""
    error = pack_error("""\
        name: mine
        derived:
          due:
            type: date
            value: {first_present: [{fact: submited_on}, 2026-01-01]}
        """)
    assert (error.code, error.line) == ("unknown-fact", 5)
    assert error.hint == "did you mean 'submitted_on'?"


def test_expressions_nest_no_deeper_than_the_yaml_limit() -> None:
    """A deeply nested expression is refused as the document is read (yaml-depth)."""
    nested = "1"
    for _ in range(40):
        nested = f"{{add: [{nested}, 1]}}"
    text = f"name: mine\nderived:\n  deep:\n    type: int\n    value: {nested}\n"
    with pytest.raises(PackError) as info:
        load_pack_text(text, limits=Limits(max_depth=64))
    assert info.value.code == "yaml-depth"
    allowed = load_pack_text(text, limits=Limits(max_depth=90))
    facts = allowed.facts_for(validate_application(minimal_app()), TODAY)
    assert facts["deep"] == 41
