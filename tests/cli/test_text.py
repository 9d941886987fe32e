"""Plain text for people: decisions rendered and wrapped, terminal controls shown as escapes."""

from __future__ import annotations

from datetime import date

import pytest
from support.paths import MARTHA

from outreach_rules import load_application, load_pack_text, next_action
from outreach_rules.cli.text import printable, printable_model, render_decision

QUIET = (
    "name: q\nrules:\n  - id: r\n    when: {heard_back: true}\n"
    "    then: {action: wait}\n    because: x\n    source: s\n"
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text", "plain text"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("\x1b[2J\x9b31m\x7f", "\\x1b[2J\\x9b31m\\x7f"),
        ("\x00\r", "\\x00\\x0d"),
        ("Zoë “Q” ✓", "Zoë “Q” ✓"),
    ],
)
def test_terminal_controls_are_shown_as_escapes(text: str, shown: str) -> None:
    """Every control character but newline and tab, C1 controls too, prints as a visible escape."""
    assert printable(text) == shown


def test_printable_model_cleans_every_text_of_a_model() -> None:
    """printable_model returns the same model with each text, keys included, made printable."""
    app = load_application(MARTHA)
    decision = next_action(app)
    hostile = decision.model_copy(update={"pack": "p\x1b[31m"})
    clean = printable_model(hostile)
    assert clean.pack == "p\\x1b[31m"
    assert clean.actions == decision.actions
    assert printable_model(decision) == decision


def test_the_next_action_comes_first_then_the_others_and_what_is_ruled_out() -> None:
    """NEXT with why, who, when, script and guidance; ALSO numbered from 2; RULED OUT last."""
    app = load_application(MARTHA)
    text = render_decision(next_action(app, today=date(2026, 11, 20)), app)
    lines = text.splitlines()
    assert lines[:3] == [
        "Martha Owens, program manager at Acme Corp: advice for 2026-11-20",
        "",
        "NEXT: Wait before following up [wait]",
    ]
    assert "    When: until 2026-11-25" in lines
    assert text.index("NEXT:") < text.index("RULED OUT:")
    assert "  - Call the recruiter [call_recruiter]" in lines
    assert text.endswith("\n")


def test_dates_and_scripts_are_shown_as_asked() -> None:
    """When says from/to; only the next action's script shows unless all scripts are asked for."""
    app = load_application(MARTHA)
    decision = next_action(app)
    text = render_decision(decision)
    assert text.startswith("Advice for 2026-11-26\n")
    assert "    When: from 2026-11-25 to 2026-11-28" in text
    assert "    When: from 2026-11-25\n" in text
    assert text.count("    Script:") == 1
    assert render_decision(decision, all_scripts=True).count("    Script:") == 2


def test_lines_are_wrapped_to_the_width_and_rule_ids_stay_whole() -> None:
    """Explanations, scripts and guidance wrap within the width; rule ids are never broken."""
    decision = next_action(load_application(MARTHA))
    for width in (40, 60, 88):
        text = render_decision(decision, width=width)
        details = [line for line in text.splitlines() if line.startswith("    ")]
        assert details
        assert max(len(line) for line in details) <= width
        assert "email-follow-up)" in text
        assert "call-recruiter)" in text


def test_nothing_to_do_says_so() -> None:
    """A decision with no action says there is nothing to do."""
    decision = next_action(load_application(MARTHA), pack=load_pack_text(QUIET))
    assert render_decision(decision) == (
        "Advice for 2026-11-26\n\nNothing to do: no rule applies to this application today.\n"
    )
