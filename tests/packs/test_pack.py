"""A loaded pack: frozen, its rules looked up by id."""

from __future__ import annotations

import dataclasses

import pytest

from outreach_rules import OutreachRulesError, UnknownRuleError
from outreach_rules.packs.loading import default_pack


def test_pack_is_immutable() -> None:
    """A loaded pack, its rules and its catalogue cannot be changed."""
    pack = default_pack()
    with pytest.raises(dataclasses.FrozenInstanceError):
        pack.name = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pack.rules[0].priority = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        pack.actions["x"] = pack.actions["wait"]  # type: ignore[index]
    assert isinstance(pack.rules, tuple)


def test_rule_lookup_suggests() -> None:
    """Pack.rule raises UnknownRuleError (OutreachRulesError and KeyError) with a suggestion."""
    with pytest.raises(UnknownRuleError) as info:
        default_pack().rule("call-recruter")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, OutreachRulesError)
    assert info.value.suggestion == "call-recruiter"
    assert str(info.value) == (
        "no rule 'call-recruter' in pack 'default'; did you mean 'call-recruiter'?"
    )
