"""A loaded pack: frozen, its rules looked up by id, bound to other settings once."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date

import pytest
from support.builders import TODAY, minimal_app

from outreach_rules import (
    OutreachRulesError,
    SettingsError,
    UnknownRuleError,
    load_pack_text,
    next_action,
)
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


# --- a pack bound to other settings -------------------------------------------------------


def test_with_settings_binds_a_pack_once_for_the_same_values() -> None:
    """Pack.with_settings gives one pack per set of values: the same object again for the
    same values (in any order, a list or a tuple), the pack itself for its own values."""
    pack = default_pack()
    slower = pack.with_settings({"follow_up_after_days": 10, "reply_outcomes": ["rejected"]})
    again = pack.with_settings({"reply_outcomes": ("rejected",), "follow_up_after_days": 10})
    assert again is slower
    assert pack.with_settings({"follow_up_after_days": 7}) is pack
    assert pack.with_settings({}) is pack
    assert slower is not pack
    assert pack.with_settings({"follow_up_after_days": 11}) is not slower
    assert slower.setting_values["follow_up_after_days"] == 10
    assert pack.setting_values["follow_up_after_days"] == 7  # the pack itself is unchanged
    assert slower.settings_json["reply_outcomes"] == ["rejected"]
    assert slower.digest != pack.digest
    assert pack.with_settings({"follow_up_after_days": 11}).digest != slower.digest
    # Its conditions hold the new value: the rule that waits holds until day 10.
    rule = slower.rule("wait-a-week")
    app = validate_application(minimal_app(submitted_on="2026-11-18"))
    assert rule.test(slower.facts_for(app, TODAY))
    assert not pack.rule("wait-a-week").test(pack.facts_for(app, TODAY))


def test_a_bound_pack_pickles_as_its_pack_and_values() -> None:
    """A bound pack pickles (for worker processes) and comes back bound to the same values."""
    pack = load_pack_text(
        "name: bound\nrules:\n  - id: wait\n"
        "    when: {days_since_submission: {'<': {setting: follow_up_after_days}}}\n"
        "    then: {action: wait, due_by: follow_up_due_on}\n"
        "    because: Until {follow_up_due_on}.\n    source: {house_default: t}\n"
    )
    bound = pack.with_settings({"follow_up_after_days": 12})
    back = pickle.loads(pickle.dumps(bound))
    assert back.setting_values == bound.setting_values
    assert back.digest == bound.digest
    app = minimal_app(submitted_on="2026-11-18")
    decision = next_action(app, today=TODAY, pack=back)
    assert decision == next_action(app, today=TODAY, pack=bound)
    assert decision.primary is not None
    assert decision.primary.due_by == date(2026, 11, 30)


def test_with_settings_refuses_what_the_pack_does_not_take() -> None:
    """An unknown setting or a value that does not fit: SettingsError, and nothing is kept."""
    pack = default_pack()
    with pytest.raises(SettingsError, match="did you mean 'call_window_days'"):
        pack.with_settings({"call_windows_days": 12})
    with pytest.raises(SettingsError, match=r"settings\.call_window_days: expected a whole"):
        pack.with_settings({"call_window_days": 91})
