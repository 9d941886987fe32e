"""Reading applications from YAML or JSON text and files."""

from __future__ import annotations

from datetime import date

from outreach_rules import parse_application


def test_yaml_text_keeps_on_as_a_key_and_yes_as_text() -> None:
    """YAML 1.2 booleans: 'on:' is a key (history dates), 'yes' is text, not True."""
    app = parse_application(
        "candidate: {name: M, availability: yes}\n"
        "company: {name: A}\n"
        "submitted_on: 2026-11-18\n"
        "history:\n  - {on: 2026-11-20, channel: call}\n"
    )
    assert app.history[0].on == date(2026, 11, 20)
    assert app.candidate.availability == "yes"
