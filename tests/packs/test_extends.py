"""Composing packs: extends followed, disable applied, overrides kept in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.packs import CHILD, GOOD_RULE, pack_error, write

from outreach_rules import PackError, default_pack, load_pack, load_pack_text


def test_extends_default_inherits_overrides_and_disables(tmp_path: Path) -> None:
    """A child pack keeps inherited rules, replaces one by id in place, disables one, adds one."""
    child = write(
        tmp_path / "child.yaml",
        """\
        name: child
        extends: default
        disable: [find-contacts]
        rules:
          - id: call-recruiter
            when: {recruiter_has_phone: true}
            then: {action: call_recruiter}
            because: Always call.
            source: {house_default: test override}
          - id: my-own
            then: {action: wait}
            because: Mine.
            source: {house_default: test}
        """,
    )
    pack = load_pack(child)
    base = default_pack()
    assert "find-contacts" not in pack.rule_ids
    assert pack.rule_ids[-1] == "my-own"
    assert pack.rule_ids.index("call-recruiter") == base.rule_ids.index("call-recruiter")
    assert pack.rule("call-recruiter").source == "house default: test override"
    assert pack.rule("call-recruiter").file == str(child.resolve())
    assert pack.rule("heard-back").file == "<shipped>/default.yaml"
    assert len(pack.rules) == len(base.rules) + 1 - 1
    assert pack.name == "child"


def test_disable_unknown_rule_did_you_mean(tmp_path: Path) -> None:
    """Disabling a rule id that is not inherited is an error with a suggestion."""
    path = write(tmp_path / "c.yaml", "name: c\nextends: default\ndisable: [call-recrutier]\n")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert info.value.code == "unknown-rule"
    assert info.value.hint == "did you mean 'call-recruiter'?"
    assert info.value.line == 3


def test_disable_without_extends() -> None:
    """'disable' without 'extends' has nothing to disable: refused."""
    assert pack_error("name: x\ndisable: [a]\n").code == "disable-without-extends"


def test_extends_relative_file_and_chain(tmp_path: Path) -> None:
    """A pack can extend a file next to it, which itself extends the default pack."""
    write(
        tmp_path / "base.yaml",
        """\
        name: base
        extends: default
        rules:
          - id: base-rule
            then: {action: wait}
            because: Base.
            source: {house_default: t}
        """,
    )
    child = write(tmp_path / "child.yaml", "name: child\nextends: ./base.yaml\n")
    pack = load_pack(child)
    assert "base-rule" in pack.rule_ids
    assert "call-recruiter" in pack.rule_ids
    assert len(pack.files) == 2


def test_extends_cycle_detected(tmp_path: Path) -> None:
    """Packs extending each other are refused with the cycle spelled out."""
    write(tmp_path / "a.yaml", "name: a\nextends: ./b.yaml\n")
    write(tmp_path / "b.yaml", "name: b\nextends: ./a.yaml\n")
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "a.yaml")
    assert info.value.code == "extends-cycle"
    assert "->" in info.value.problem


def test_extends_cannot_escape_the_pack_folder(tmp_path: Path) -> None:
    """A relative extends may not climb out of the pack's folder unless base_dir allows it."""
    (tmp_path / "packs").mkdir()
    write(tmp_path / "secret.yaml", GOOD_RULE)
    child = write(tmp_path / "packs" / "c.yaml", "name: c\nextends: ../secret.yaml\n")
    with pytest.raises(PackError) as info:
        load_pack(child)
    assert info.value.code == "extends-path"
    assert load_pack(child, base_dir=tmp_path).rule_ids == ("r1",)


def test_text_pack_extends_only_shipped_without_base_dir(tmp_path: Path) -> None:
    """A pack given as text has no folder: relative extends needs an explicit base_dir."""
    write(tmp_path / "base.yaml", GOOD_RULE)
    with pytest.raises(PackError) as info:
        load_pack_text("name: t\nextends: ./base.yaml\n")
    assert info.value.code == "extends-path"
    pack = load_pack_text("name: t\nextends: ./base.yaml\n", base_dir=tmp_path)
    assert pack.rule_ids == ("r1",)


def test_extends_unknown_shipped_pack() -> None:
    """Extending a shipped pack that does not exist suggests the right name."""
    err = pack_error("name: t\nextends: defualt\n")
    assert err.code == "unknown-pack"
    assert err.hint == "did you mean 'default'?"


def test_error_in_parent_names_parent_file(tmp_path: Path) -> None:
    """A mistake inside an extended pack is reported in that pack's file."""
    write(tmp_path / "base.yaml", GOOD_RULE.replace("heard_back", "heard_bak"))
    child = write(tmp_path / "child.yaml", "name: c\nextends: ./base.yaml\n")
    with pytest.raises(PackError) as info:
        load_pack(child)
    assert info.value.file is not None
    assert info.value.file.endswith("base.yaml")


def test_duplicate_rule_ids() -> None:
    """Two rules with one id in one file are refused, pointing at the second."""
    err = pack_error(
        GOOD_RULE
        + """\
  - id: r1
    then: {action: wait}
    because: Again.
    source: {house_default: t}
"""
    )
    assert err.code == "duplicate-rule"
    assert err.rule_id == "r1"
    assert err.line == 8


def test_custom_actions() -> None:
    """A pack may add its own actions; redefining a built-in one is refused."""
    pack = load_pack_text(
        """\
name: mine
actions:
  send_thank_you:
    title: Send a thank-you note
rules:
  - id: r
    then: {action: send_thank_you}
    because: Be polite.
    source: {house_default: t}
"""
    )
    assert pack.actions["send_thank_you"].title == "Send a thank-you note"
    assert "call_recruiter" in pack.actions
    err = pack_error("name: m\nactions:\n  wait: {title: W}\n")
    assert err.code == "duplicate-action"


def test_invariants_are_inherited_and_examples_are_not() -> None:
    """A child keeps its parent's invariants (first) and adds its own; examples stay with a file."""
    parent = default_pack()
    child = load_pack_text(CHILD)
    assert [i.id for i in child.invariants] == [
        *(i.id for i in parent.invariants),
        "never-visit",
    ]
    assert len(child.examples) == 1
    assert len(parent.examples) >= len(parent.rules)


def test_disable_leaves_out_an_inherited_invariant() -> None:
    """'disable' names an inherited invariant to drop it, like a rule."""
    text = CHILD.replace(
        "extends: default\n", "extends: default\ndisable: [no-follow-up-after-a-reply]\n"
    )
    ids = [i.id for i in load_pack_text(text).invariants]
    assert "no-follow-up-after-a-reply" not in ids
    assert "no-calls-when-posting-says-so" in ids


def test_a_disabled_rule_given_again_goes_to_the_end(tmp_path: Path) -> None:
    """Disabling an inherited rule and defining its id anew adds the new rule last."""
    child = write(
        tmp_path / "child.yaml",
        """\
        name: child
        extends: default
        disable: [call-recruiter]
        rules:
          - id: call-recruiter
            then: {action: call_recruiter}
            because: Mine.
            source: {house_default: test}
        """,
    )
    pack = load_pack(child)
    assert pack.rule_ids[-1] == "call-recruiter"
    assert pack.rule("call-recruiter").source == "house default: test"
    assert len(pack.rules) == len(default_pack().rules)


def test_actions_are_inherited_down_a_chain(tmp_path: Path) -> None:
    """An action a parent declares may be recommended by its children's rules."""
    write(
        tmp_path / "base.yaml",
        """\
        name: base
        actions:
          send_flowers: {title: Send flowers}
        rules: []
        """,
    )
    write(tmp_path / "middle.yaml", "name: middle\nextends: ./base.yaml\n")
    child = write(
        tmp_path / "child.yaml",
        """\
        name: child
        extends: ./middle.yaml
        rules:
          - id: flowers
            then: {action: send_flowers}
            because: Be kind.
            source: {house_default: test}
        """,
    )
    pack = load_pack(child)
    assert pack.actions["send_flowers"].title == "Send flowers"
    assert [Path(f).name for f in pack.files] == ["child.yaml"]


def test_extends_names_the_whole_chain_in_a_cycle(tmp_path: Path) -> None:
    """A pack that extends itself is a cycle of one, shown from the first file."""
    path = write(tmp_path / "self.yaml", "name: s\nextends: ./self.yaml\n")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert caught.value.code == "extends-cycle"
    assert caught.value.problem.endswith(f"{path} -> {path}")
    assert caught.value.line == 2
