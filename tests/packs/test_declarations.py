"""What packs declare down an extends chain: settings and new defaults, custom and derived facts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from support.builders import TODAY, make_app
from support.packs import pack_error, write

from outreach_rules import PackError, default_pack, load_pack, load_pack_text, next_action
from outreach_rules.language.custom import CustomFact
from outreach_rules.language.derived_facts import DerivedEntry
from outreach_rules.language.settings import SettingSpec
from outreach_rules.limits import DEFAULT_LIMITS
from outreach_rules.packs.declarations import STANDARD, add_custom, add_derived, add_settings
from outreach_rules.packs.extends import standard_parts
from outreach_rules.packs.reading import Source, parse_document


def source(text: str, file: str = "p.yaml") -> Source:
    """The (dedented) pack *text* as read from *file*."""
    return parse_document(textwrap.dedent(text), file, None, False, DEFAULT_LIMITS)


# --- settings ------------------------------------------------------------------------


def test_the_standard_settings_come_from_the_default_pack_file() -> None:
    """Every pack reads the default pack's settings; they say they come from its file."""
    settings, derived = standard_parts()
    assert {"follow_up_after_days", "call_window_days", "reply_outcomes"} <= set(settings)
    assert {s.file for s in settings.values()} == {STANDARD}
    assert {e.file for e in derived.values()} == {STANDARD}


def test_an_extending_pack_changes_a_default_and_every_rule_follows() -> None:
    """follow_up_after_days: 10 moves the inherited follow-up rules; the bounds stay."""
    pack = load_pack_text("name: slower\nextends: default\nsettings:\n  follow_up_after_days: 10\n")
    spec = pack.settings["follow_up_after_days"]
    assert (spec.default, spec.value.minimum, spec.value.maximum) == (10, 1, 60)
    assert pack.setting_values["follow_up_after_days"] == 10
    app = make_app()
    assert "email_follow_up" in next_action(app, today=TODAY).action_ids
    assert "email_follow_up" not in next_action(app, today=TODAY, pack=pack).action_ids


def test_a_new_default_may_be_written_as_a_mapping_of_default_alone() -> None:
    """NAME: {default: VALUE} is the same as NAME: VALUE."""
    pack = load_pack_text(
        "name: slower\nextends: default\nsettings:\n  follow_up_after_days: {default: 12}\n"
    )
    assert pack.setting_values["follow_up_after_days"] == 12


@pytest.mark.parametrize(
    ("value", "problem", "hint"),
    [
        (
            "90",
            "setting 'follow_up_after_days': expected a whole number from 1 to 60 (got 90)",
            None,
        ),
        (
            "ten",
            "setting 'follow_up_after_days': expected a whole number from 1 to 60 (got 'ten')",
            None,
        ),
        (
            "{type: int, default: 10}",
            "setting 'follow_up_after_days' is declared by <shipped>/default.yaml: an extending "
            "pack only gives it a new default (got keys: type, default)",
            "follow_up_after_days: VALUE",
        ),
    ],
)
def test_a_new_default_must_fit_the_inherited_declaration(
    value: str, problem: str, hint: str | None
) -> None:
    """A new default outside the type or bounds, or a declaration again, is bad-setting."""
    error = pack_error(
        f"name: mine\nextends: default\nsettings:\n  follow_up_after_days: {value}\n"
    )
    assert (error.code, error.problem, error.hint) == ("bad-setting", problem, hint)
    assert (error.file, error.line) == ("mine.yaml", 4)


@pytest.mark.parametrize("extends", ["extends: default\n", ""])
def test_a_new_default_for_a_misspelt_setting_suggests_the_right_one(extends: str) -> None:
    """follow_up_after_dys: 10 is not declared anywhere: did you mean follow_up_after_days?"""
    error = pack_error(f"name: mine\n{extends}settings:\n  follow_up_after_dys: 10\n")
    assert error.code == "unknown-setting"
    assert error.problem == "setting 'follow_up_after_dys' is not declared by any pack it extends"
    assert error.hint == "did you mean 'follow_up_after_days'? (declared by <shipped>/default.yaml)"


def test_a_new_value_far_from_every_setting_asks_for_a_declaration() -> None:
    """weekly_hours: 40 with nothing close: declare it with its type and default."""
    error = pack_error("name: mine\nsettings:\n  weekly_hours: 40\n")
    assert error.code == "bad-setting"
    assert error.hint == "weekly_hours: {type: int, default: 7, description: ...}"


def test_a_pack_that_extends_nothing_may_declare_a_standard_setting_again() -> None:
    """Of the same type, with its own bounds and default; the standard facts read it."""
    pack = load_pack_text("""\
name: mine
settings:
  follow_up_after_days: {type: int, default: 3, min: 2, max: 5}
""")
    spec = pack.settings["follow_up_after_days"]
    assert (spec.default, spec.value.minimum, spec.value.maximum, spec.file) == (
        3,
        2,
        5,
        "<string>",
    )
    assert pack.facts["follow_up_due_on"].type == "date"


def test_a_standard_setting_declared_again_keeps_its_type() -> None:
    """Declared as text, it would break the standard derived facts in the default pack's file."""
    error = pack_error("name: mine\nsettings:\n  follow_up_after_days: {type: str, default: x}\n")
    assert error.code == "bad-setting"
    assert error.problem == (
        "setting 'follow_up_after_days' is int in <shipped>/default.yaml, where derived facts "
        "every pack reads use it: it cannot become str"
    )
    assert (error.file, error.line) == ("mine.yaml", 3)


def test_a_setting_declared_in_a_chain_gets_a_new_default_further_down(tmp_path: Path) -> None:
    """A grandchild changes the default of a setting its parent declared; bounds still apply."""
    write(
        tmp_path / "base.yaml",
        """\
        name: base
        extends: default
        settings:
          weekly_hours: {type: int, default: 40, min: 1, max: 80}
        """,
    )
    write(
        tmp_path / "child.yaml",
        "name: child\nextends: ./base.yaml\nsettings:\n  weekly_hours: 20\n",
    )
    pack = load_pack(tmp_path / "child.yaml")
    assert pack.settings["weekly_hours"].default == 20
    assert pack.settings["weekly_hours"].file == str(tmp_path / "base.yaml")
    write(tmp_path / "bad.yaml", "name: bad\nextends: ./base.yaml\nsettings:\n  weekly_hours: 99\n")
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "bad.yaml")
    assert "expected a whole number from 1 to 80 (got 99)" in info.value.problem


def test_add_settings_checks_each_against_what_is_inherited() -> None:
    """add_settings declares new settings and gives inherited ones their new default."""
    settings: dict[str, SettingSpec] = dict(standard_parts()[0])
    add_settings(
        source("""\
        name: p
        extends: default
        settings:
          call_window_days: 12
          label: {type: str, default: hi}
        """),
        settings,
    )
    assert (settings["call_window_days"].default, settings["label"].default) == (12, "hi")
    assert settings["label"].file == "p.yaml"
    assert standard_parts()[0]["call_window_days"].default == 10  # the standard is left alone


# --- custom facts --------------------------------------------------------------------


def test_custom_facts_are_gathered_down_the_chain(tmp_path: Path) -> None:
    """A child reads its parent's custom facts and adds its own."""
    write(tmp_path / "base.yaml", "name: base\nfacts:\n  sector: {type: str, optional: true}\n")
    write(
        tmp_path / "child.yaml",
        "name: child\nextends: ./base.yaml\nfacts:\n  seats: {type: int, default: 3}\n",
    )
    assert list(load_pack(tmp_path / "child.yaml").custom) == ["sector", "seats"]


def test_a_custom_fact_is_declared_once_in_a_chain() -> None:
    """add_custom refuses a name declared by a pack further up: duplicate-fact, with a hint."""
    custom: dict[str, CustomFact] = {}
    add_custom(source("name: base\nfacts:\n  sector: {type: str}\n", "base.yaml"), custom)
    with pytest.raises(PackError) as info:
        add_custom(source("name: p\nfacts:\n  sector: {type: int}\n"), custom)
    error = info.value
    assert (error.code, error.file, error.line) == ("duplicate-fact", "p.yaml", 3)
    assert error.problem == "custom fact 'sector' is declared already, by base.yaml"
    assert error.hint == "an extending pack reads it as it is; give a new fact another name"


# --- derived facts -------------------------------------------------------------------


def test_a_derived_fact_defined_again_keeps_its_place_and_takes_the_new_definition() -> None:
    """add_derived replaces an inherited definition where it was."""
    derived: dict[str, DerivedEntry] = dict(standard_parts()[1])
    before = list(derived)
    add_derived(
        source("name: p\nderived:\n  replied: {type: bool, when: {heard_back: true}}\n"), derived
    )
    assert list(derived) == before
    assert (derived["replied"].file, derived["replied"].doc.when) == (
        "p.yaml",
        {"heard_back": True},
    )
    assert derived["replied"].mark is not None


def test_a_derived_fact_defined_again_must_keep_its_type() -> None:
    """replied as a number would change what every inherited rule reads: bad-derived."""
    error = pack_error("name: mine\nextends: default\nderived:\n  replied: {type: int, value: 1}\n")
    assert (error.code, error.line) == ("bad-derived", 4)
    assert error.problem == (
        "derived fact 'replied' is bool in <shipped>/default.yaml: a pack that defines it again "
        "must keep its type (got int)"
    )
    assert error.hint == "inherited rules read it as it was; give a new fact another name"


def test_the_default_pack_declares_what_every_pack_reads() -> None:
    """A pack that extends nothing has the default pack's settings and derived facts."""
    pack = load_pack_text("name: alone\n")
    assert set(pack.settings) == set(default_pack().settings)
    assert pack.facts["follow_up_due_on"].origin == "pack"
