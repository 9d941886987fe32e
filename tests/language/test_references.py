"""References in a condition: ``{setting: NAME}`` checked where a value is wanted, and FactRef."""

from __future__ import annotations

import pytest

from outreach_rules import PackError, default_pack
from outreach_rules.errors import Mark, Site
from outreach_rules.language.references import FactRef, SettingRef, setting_ref
from outreach_rules.model.vocabulary import BUILT_IN

SITE = Site("pack.yaml", "r")
MARK = Mark(3, 5)


def check(operand: object, kind: str, **options: object) -> SettingRef:
    return setting_ref(operand, kind, SITE, MARK, default_pack().facts, **options)  # type: ignore[arg-type]


def test_a_known_setting_of_the_wanted_type_is_its_reference() -> None:
    """A setting of the type wanted here gives a reference by name."""
    assert check({"setting": "follow_up_after_days"}, "int") == SettingRef("follow_up_after_days")


def test_a_misspelt_setting_names_the_place_and_suggests_the_right_one() -> None:
    """unknown-setting carries the file, line, rule and a did-you-mean."""
    with pytest.raises(PackError) as info:
        check({"setting": "follow_up_after_dys"}, "int")
    error = info.value
    assert (error.code, error.file, error.line, error.rule_id) == (
        "unknown-setting",
        "pack.yaml",
        3,
        "r",
    )
    assert "unknown setting 'follow_up_after_dys'" in str(error)
    assert error.hint == "did you mean 'follow_up_after_days'?"


def test_an_unknown_setting_nothing_like_lists_the_settings_there_are() -> None:
    """With no close name, the hint lists the pack's settings."""
    with pytest.raises(PackError) as info:
        check({"setting": "zzz"}, "int")
    assert info.value.hint is not None
    assert info.value.hint.startswith("settings: follow_up_after_days, call_window_days")


def test_without_settings_the_hint_says_where_to_declare_one() -> None:
    """A vocabulary with no settings says to declare one under settings:."""
    with pytest.raises(PackError) as info:
        setting_ref({"setting": "wait"}, "int", SITE, MARK, BUILT_IN)
    assert info.value.hint == "declare it under 'settings:'"


@pytest.mark.parametrize(
    "operand", [{"setting": 7}, {"setting": "call_window_days", "days": 1}, {"settings": "x"}]
)
def test_a_reference_is_written_with_one_key_and_a_name(operand: object) -> None:
    """Anything but {setting: NAME} is a bad-value saying how it is written."""
    with pytest.raises(PackError) as info:
        check(operand, "int")
    assert info.value.code == "bad-value"
    assert "a setting is written {setting: NAME}" in str(info.value)


def test_a_setting_of_another_type_says_what_it_is_and_what_is_wanted() -> None:
    """An int setting where a date is wanted names both types."""
    with pytest.raises(PackError) as info:
        check({"setting": "follow_up_after_days"}, "date")
    assert info.value.code == "bad-value"
    assert str(info.value) == (
        "pack.yaml:3:5: rule 'r': setting 'follow_up_after_days' is a whole number, "
        "but a date (YYYY-MM-DD) is wanted here"
    )


def test_a_list_setting_fits_where_its_items_fit() -> None:
    """reply_outcomes (a list of outcomes) fits `in` over outcomes, not over whole numbers."""
    outcomes = default_pack().facts["last_outcome"].choices
    ref = check({"setting": "reply_outcomes"}, "list", item="enum", choices=outcomes)
    assert ref == SettingRef("reply_outcomes")
    with pytest.raises(PackError, match="is wanted here"):
        check({"setting": "reply_outcomes"}, "list", item="int")


def test_a_list_setting_with_choices_outside_the_facts_does_not_fit() -> None:
    """Every choice the setting allows must be a value the fact can take."""
    with pytest.raises(PackError, match="is wanted here"):
        check({"setting": "reply_outcomes"}, "list", item="enum", choices=("reviewed",))


def test_a_fact_reference_shift_is_known_only_once_bound() -> None:
    """FactRef.shift is the days; a reference to a setting is refused until bound."""
    assert FactRef("submitted_on", 7).shift == 7
    assert FactRef("submitted_on").shift == 0
    with pytest.raises(TypeError, match="'call_window_days' is not bound yet"):
        _ = FactRef("submitted_on", SettingRef("call_window_days")).shift
