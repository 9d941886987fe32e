"""A loaded pack: frozen, its rules looked up by id."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from support.builders import TODAY, minimal_app

from outreach_rules import OutreachRulesError, UnknownRuleError, load_pack_text
from outreach_rules.model.application import validate_application
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


def test_a_pack_lists_its_rule_ids_and_shows_its_size() -> None:
    """rule_ids are in pack order; the repr names the pack, its version and how many rules."""
    pack = default_pack()
    assert pack.rule_ids == tuple(rule.id for rule in pack.rules)
    assert repr(pack) == f"<Pack default {pack.version}: {len(pack.rules)} rules>"
    assert set(pack.ranked) == set(pack.rules)


def test_match_gives_the_rules_that_hold_best_ranked_first() -> None:
    """match returns the rules whose condition holds on the facts, in ranked order."""
    pack = load_pack_text(
        "name: m\nrules:\n"
        "  - {id: low, priority: 1, when: {heard_back: true}, source: s,"
        " then: {action: wait}, because: x}\n"
        "  - {id: high, priority: 9, when: {heard_back: true}, source: s,"
        " then: {action: wait}, because: x}\n"
        "  - {id: other, when: {heard_back: false}, source: s, then: {action: wait}, because: x}\n"
    )
    app = validate_application(minimal_app(heard_back=True))
    assert [rule.id for rule in pack.match(pack.facts_for(app, TODAY))] == ["high", "low"]


def test_a_pack_not_made_by_loading_does_not_pickle() -> None:
    """Only a loaded pack knows how to load itself again: any other refuses to pickle, clearly."""
    made = dataclasses.replace(default_pack(), _recipe=None)
    with pytest.raises(TypeError, match="was not made by load_pack or load_pack_text"):
        pickle.dumps(made)
