"""Compiling a composed pack: rules ranked once, and a digest that identifies its content."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from support.packs import GOOD_RULE

from outreach_rules import load_pack_text
from outreach_rules._yaml.reader import parse_yaml


def test_ranked_order_is_priority_then_pack_order() -> None:
    """'ranked' sorts by priority, highest first, ties in pack order."""
    pack = load_pack_text(
        """\
name: order
rules:
  - {id: low, then: {action: wait}, because: a, source: {house_default: t}, priority: 1}
  - {id: high-a, then: {action: wait}, because: a, source: {house_default: t}, priority: 9}
  - {id: high-b, then: {action: wait}, because: a, source: {house_default: t}, priority: 9}
"""
    )
    assert [r.id for r in pack.ranked] == ["high-a", "high-b", "low"]


def test_digest_identifies_content() -> None:
    """Two loads of the same text have the same digest; any rule change alters it."""
    a = load_pack_text(GOOD_RULE)
    b = load_pack_text(GOOD_RULE)
    c = load_pack_text(GOOD_RULE.replace("Wait.", "Wait!"))
    assert a.digest == b.digest != c.digest


def test_digest_is_the_hash_of_the_rules_as_plain_json() -> None:
    """The digest hashes the canonical JSON of the rules (dates as ISO text) and own actions.

    Written out here the slow way, as it was computed before the digest was made
    in one pass, so that a pack keeps its digest across versions.
    """
    text = """\
name: dated
actions:
  nudge: {title: Nudge}
rules:
  - id: r1
    when: {submitted_on: {">=": 2026-11-03}}
    then: &wait {action: wait}
    because: a
    source: &house {house_default: t}
    priority: 3
  - id: r2
    when: {today: {in: [2026-11-20, '2026-11-21']}, heard_back: false}
    then: {action: nudge}
    because: "Nudge."
    source: Wait a week.
  - {id: r3, then: *wait, because: b, source: *house}
"""

    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, date) else value

    raw = parse_yaml(text)
    expected = hashlib.sha256(
        json.dumps(
            {"rules": plain(raw["rules"]), "actions": {"nudge": ["Nudge", ""]}}, sort_keys=True
        ).encode()
    ).hexdigest()
    assert load_pack_text(text).digest == expected


_EXTENDING = """\
name: own
extends: default
"""


def test_a_pack_with_only_the_standard_vocabulary_keeps_its_old_digest() -> None:
    """Extending default without settings, facts or patches hashes rules and actions only."""
    plain = load_pack_text(_EXTENDING)
    assert plain.digest == load_pack_text(_EXTENDING).digest


@pytest.mark.parametrize(
    "extra",
    [
        "settings: {follow_up_after_days: 10}",
        "settings: {ghosted_after_days: {type: int, default: 14, min: 1}}",
        "facts: {sector: {type: enum, choices: [public, private], optional: true}}",
        "derived: {long_wait: {type: bool, when: {days_since_submission: {'>=': 30}}}}",
        "patch: [{rule: wait-a-week, priority: 95}]",
    ],
)
def test_settings_facts_derived_facts_and_patches_change_the_digest(extra: str) -> None:
    """Each kind of declaration is part of what the pack is, so of its digest."""
    assert load_pack_text(_EXTENDING + extra + "\n").digest != load_pack_text(_EXTENDING).digest
