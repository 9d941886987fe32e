"""The open vocabulary through the tools: misspellings named, custom facts in lint and why-not.

A planted misspelling of a setting (in a pack and in a call), of a custom fact
in a pack's condition, and of a custom key in an application: each is an error
that says where, and what was meant.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.builders import minimal_app
from support.paths import MARTHA, ROOT

from outreach_rules import (
    ApplicationError,
    PackError,
    SettingsError,
    load_pack,
    load_pack_text,
    next_action,
    why_not,
)
from outreach_rules._yaml.reader import parse_yaml

PUBLIC_SECTOR = ROOT / "docs" / "examples" / "public-sector.yaml"


def _planted(tmp_path: Path, old: str, new: str) -> Path:
    """The public-sector pack with *old* replaced by *new* once, written beside its original."""
    text = PUBLIC_SECTOR.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    target = tmp_path / "public-sector.yaml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def _line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


def test_a_misspelt_setting_in_a_pack_names_file_line_and_the_setting_meant(
    tmp_path: Path,
) -> None:
    """`follow_up_after_dys: 10` under settings: is unknown-setting, with a did-you-mean."""
    path = _planted(tmp_path, "  follow_up_after_days: 10", "  follow_up_after_dys: 10")
    with pytest.raises(PackError) as info:
        load_pack(path)
    error = info.value
    assert error.code == "unknown-setting"
    assert error.file is not None
    assert error.file.endswith("public-sector.yaml")
    assert error.line == _line_of(path, "follow_up_after_dys")
    assert "follow_up_after_dys" in error.problem
    assert error.hint is not None
    assert "did you mean 'follow_up_after_days'?" in error.hint


def test_a_misspelt_setting_in_an_invariant_is_named_with_the_setting_meant(
    tmp_path: Path,
) -> None:
    """`{setting: follow_up_after_day}` in a condition is unknown-setting too."""
    path = _planted(tmp_path, "{setting: follow_up_after_days}", "{setting: follow_up_after_day}")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert info.value.code == "unknown-setting"
    assert info.value.line == _line_of(path, "follow_up_after_day}")
    assert info.value.hint == "did you mean 'follow_up_after_days'?"


def test_a_misspelt_setting_in_a_call_is_a_settings_error_naming_it() -> None:
    """settings={'follow_up_after_dys': 10} names settings.follow_up_after_dys and the right one."""
    with pytest.raises(SettingsError) as info:
        next_action(minimal_app(), today="2026-11-26", settings={"follow_up_after_dys": 10})
    assert isinstance(info.value, ApplicationError)
    [problem] = info.value.problems
    assert problem.path == "settings.follow_up_after_dys"
    assert "did you mean 'follow_up_after_days'?" in problem.message


def test_a_misspelt_custom_fact_in_a_pack_condition_is_an_unknown_fact_with_the_one_meant(
    tmp_path: Path,
) -> None:
    """`custom.sectr` in a rule's when is unknown-fact, at its line, suggesting custom.sector."""
    path = _planted(tmp_path, "      custom.sector: public", "      custom.sectr: public")
    with pytest.raises(PackError) as info:
        load_pack(path)
    error = info.value
    assert error.code == "unknown-fact"
    assert error.line == _line_of(path, "custom.sectr")
    assert error.rule_id == "no-visits-in-the-public-sector"
    assert error.hint is not None
    assert "custom.sector" in error.hint


def test_a_misspelt_custom_key_in_an_application_names_the_key_meant() -> None:
    """custom: {sectr: public} against the public-sector pack says: did you mean 'sector'?"""
    pack = load_pack(PUBLIC_SECTOR)
    with pytest.raises(ApplicationError) as info:
        next_action(minimal_app(custom={"sectr": "public"}), today="2026-11-26", pack=pack)
    [problem] = info.value.problems
    assert problem.path == "custom.sectr"
    assert "did you mean 'sector'?" in problem.message


def test_a_custom_key_no_pack_declares_is_an_error_too() -> None:
    """A custom fact the pack in use does not declare is refused, not ignored."""
    with pytest.raises(ApplicationError) as info:
        next_action(minimal_app(custom={"sector": "public"}), today="2026-11-26")
    [problem] = info.value.problems
    assert problem.path == "custom.sector"
    assert "declare" in problem.message or "no custom fact" in problem.message


def test_a_custom_fact_of_the_wrong_type_names_the_type_wanted() -> None:
    """custom: {sector: 3} says which values the fact takes."""
    pack = load_pack_text(PUBLIC_SECTOR.read_text(encoding="utf-8"), base_dir=PUBLIC_SECTOR.parent)
    with pytest.raises(ApplicationError) as info:
        next_action(minimal_app(custom={"sector": "publik"}), today="2026-11-26", pack=pack)
    [problem] = info.value.problems
    assert problem.path == "custom.sector"
    assert "did you mean 'public'?" in problem.message


_SECTOR_PACK = """\
name: sectors
extends: default
facts:
  sector: {type: enum, choices: [public, private], optional: true}
  owner_reachable: {type: bool, default: false, changeable_by: candidate}
rules:
  - id: r
    when: WHEN
    then: {action: wait}
    because: Wait.
    source: {house_default: test}
"""


def test_a_custom_value_outside_its_choices_is_refused_with_the_choice_meant() -> None:
    """custom.sector: publik in a condition names the choices and suggests public."""
    with pytest.raises(PackError) as info:
        load_pack_text(_SECTOR_PACK.replace("WHEN", "{custom.sector: publik}"))
    assert info.value.code == "bad-value"
    assert info.value.hint == "did you mean 'public'?"


def test_lint_reads_conditions_on_custom_facts() -> None:
    """A rule asking one custom enum fact for two values never holds, and lint says so."""
    from outreach_rules.packs.lint import lint_pack

    both = "{all: [{custom.sector: public}, {custom.sector: private}]}"
    findings = lint_pack(load_pack_text(_SECTOR_PACK.replace("WHEN", both)))
    assert [(f.code, f.rule_id) for f in findings] == [("never-holds", "r")]


def test_why_not_names_who_can_change_a_custom_fact() -> None:
    """A block on a custom fact the employer owns is out of the candidate's reach, and says so."""
    pack = load_pack(PUBLIC_SECTOR)
    app = dict(parse_yaml(MARTHA.read_text(encoding="utf-8")))
    app["custom"] = {"sector": "public"}
    app["company"] = {**app["company"], "size": "small", "family_run": True}
    answer = why_not(app, "visit_in_person", today="2026-11-29", pack=pack)
    assert answer.status == "blocked"
    assert [s.text for s in answer.out_of_reach] == [
        "if custom.sector were private (the employer's to change, not yours)"
    ]
