"""Loading, validating and composing rule packs."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import textwrap
from datetime import date
from pathlib import Path

import pytest

from outreach_rules import (
    OutreachRulesError,
    Pack,
    PackError,
    UnknownRuleError,
    load_pack,
    load_pack_text,
)
from outreach_rules._yaml.reader import parse_yaml
from outreach_rules.packs.loading import default_pack
from outreach_rules.packs.reading import shipped_packs

GOOD_RULE = """\
name: mine
rules:
  - id: r1
    when: {heard_back: false}
    then: {action: wait}
    because: Wait.
    source: {house_default: a test}
"""


def pack_error(text: str, **kwargs: object) -> PackError:
    with pytest.raises(PackError) as info:
        load_pack_text(textwrap.dedent(text), filename="mine.yaml", **kwargs)  # type: ignore[arg-type]
    return info.value


def one_rule(body: str) -> str:
    """A pack with one rule whose body (indented YAML under '- ') is given."""
    return "name: mine\nrules:\n  - " + textwrap.indent(textwrap.dedent(body), "    ").lstrip()


# --- validation errors: each names file, line, rule and what to do -------------


def test_unknown_fact_names_file_line_rule_and_suggestion() -> None:
    """A misspelt fact is reported with file:line:column, the rule id and a did-you-mean."""
    err = pack_error(
        one_rule("""\
        id: follow
        when:
          days_since_submision: {">=": 7}
        then: {action: wait}
        because: x
        source: {house_default: t}
        """)
    )
    assert err.code == "unknown-fact"
    assert (err.file, err.line, err.rule_id) == ("mine.yaml", 5, "follow")
    assert err.column == 7
    assert "did you mean 'days_since_submission'?" in str(err)
    assert str(err).startswith("mine.yaml:5:7: rule 'follow': unknown fact 'days_since_submision'")


def test_unknown_operator_suggests_the_right_one() -> None:
    """An unknown operator names itself and suggests the closest operator."""
    err = pack_error(
        one_rule("""\
        id: r
        when: {days_since_submission: {"=>": 7}}
        then: {action: wait}
        because: x
        source: {house_default: t}
        """)
    )
    assert err.code == "unknown-operator"
    assert "'=>'" in err.problem
    assert err.hint == "did you mean '>='?"


def test_operator_not_applicable_to_type() -> None:
    """Ordering a bool fact is refused, listing the operators it allows."""
    err = pack_error(
        one_rule("""\
        id: r
        when: {heard_back: {"<": true}}
        then: {action: wait}
        because: x
        source: {house_default: t}
        """)
    )
    assert err.code == "bad-operator"
    assert "use one of: ==, !=, present" in str(err)


@pytest.mark.parametrize(
    ("when", "fragment"),
    [
        ("{days_since_submission: seven}", "its values are a whole number"),
        ("{days_since_submission: true}", "its values are a whole number"),
        ("{heard_back: 1}", "its values are true or false"),
        ("{submitted_on: {'<': '2026-13-01'}}", "its values are a date"),
        ("{posting.title: 5}", "its values are text"),
        ("{company.size: {in: small}}", "takes a non-empty list"),
        ("{posting: null}", "comparison with null is not allowed"),
        ("{posting: {present: yes}}", "'present' takes true or false"),
    ],
)
def test_values_are_type_checked(when: str, fragment: str) -> None:
    """Each literal is checked against its fact's type when the pack loads."""
    err = pack_error(
        one_rule(f"""\
        id: r
        when: {when}
        then: {{action: wait}}
        because: x
        source: {{house_default: t}}
        """)
    )
    assert err.code == "bad-value"
    assert fragment in str(err)


def test_enum_value_did_you_mean() -> None:
    """A misspelt enum value lists the choices and suggests the closest."""
    err = pack_error(
        one_rule("""\
        id: r
        when: {company.size: smal}
        then: {action: wait}
        because: x
        source: {house_default: t}
        """)
    )
    assert "expected one of: small, medium, large" in err.problem
    assert err.hint == "did you mean 'small'?"


def test_unknown_action_did_you_mean() -> None:
    """A misspelt action id in 'then' is an error with a suggestion, at the action's line."""
    err = pack_error(
        one_rule("""\
        id: r
        then:
          action: call_recruter
        because: x
        source: {house_default: t}
        """)
    )
    assert err.code == "unknown-action"
    assert err.line == 5
    assert err.hint == "did you mean 'call_recruiter'?"


def test_unknown_blocked_action() -> None:
    """'blocks' naming an unknown action is an error."""
    err = pack_error(
        one_rule("""\
        id: r
        blocks:
          - {action: emial_follow_up, reason: no}
        source: {house_default: t}
        """)
    )
    assert err.code == "unknown-action"
    assert err.hint == "did you mean 'email_follow_up'?"


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


def test_unknown_key_in_rule_did_you_mean() -> None:
    """An unknown key in a rule names the key, the rule and suggests the right key."""
    err = pack_error(GOOD_RULE.replace("    because: Wait.", "    becuase: Wait."))
    assert err.code == "unknown-key"
    assert err.rule_id == "r1"
    assert err.line == 6
    assert err.hint == "did you mean 'because'?"


def test_unknown_top_level_key() -> None:
    """An unknown top-level key is refused with a suggestion."""
    err = pack_error("name: x\nrule: []\n")
    assert err.code == "unknown-key"
    assert err.hint == "did you mean 'rules'?"


def test_missing_source() -> None:
    """Every rule must cite its source."""
    err = pack_error(GOOD_RULE.replace("    source: {house_default: a test}\n", ""))
    assert err.code == "missing-key"
    assert "'source'" in err.problem


def test_empty_source_refused() -> None:
    """A blank source, or a house default without a reason, is refused."""
    assert pack_error(GOOD_RULE.replace("{house_default: a test}", "' '")).code == "bad-source"
    assert pack_error(GOOD_RULE.replace("{house_default: a test}", "{house_default: ''}")).code == (
        "bad-source"
    )


def test_version_must_be_text() -> None:
    """An unquoted version number is refused with a hint to quote it."""
    err = pack_error("name: x\nversion: 1.0\n")
    assert err.hint == "quote it"


def test_rule_needs_then_or_blocks() -> None:
    """A rule that neither recommends nor blocks is refused."""
    err = pack_error(one_rule("id: r\nsource: {house_default: t}\n"))
    assert err.code == "empty-rule"


def test_then_needs_because() -> None:
    """A recommendation without an explanation is refused."""
    err = pack_error(one_rule("id: r\nthen: {action: wait}\nsource: {house_default: t}\n"))
    assert err.code == "missing-key"
    assert "'because'" in err.problem


def test_because_without_then_refused() -> None:
    """'because' on a block-only rule would never be shown: refused."""
    err = pack_error(
        one_rule("""\
        id: r
        because: x
        blocks: [{action: wait, reason: no}]
        source: {house_default: t}
        """)
    )
    assert err.code == "unused-because"


@pytest.mark.parametrize(
    ("because", "code"),
    [
        ("Hi {candidate.nmae}", "unknown-fact"),
        ("Hi {candidate.name", "bad-template"),
        ("Hi {1 + 1}", "bad-template"),
        ("Hi {candidate.__class__}", "unknown-fact"),
        ("At {posting}", "bad-template"),
        ("Call {posting.recruiter.name}", "unfilled-placeholder"),
    ],
)
def test_template_errors(because: str, code: str) -> None:
    """Templates may only name known facts that are sure to be there (or have a fallback)."""
    err = pack_error(
        one_rule(f"""\
        id: r
        then: {{action: wait}}
        because: "{because}"
        source: {{house_default: t}}
        """)
    )
    assert err.code == code


def test_placeholder_allowed_when_condition_proves_presence() -> None:
    """A placeholder for an optional fact loads when 'when' requires the fact."""
    pack = load_pack_text(
        one_rule("""\
        id: r
        when:
          all:
            - recruiter_has_phone: true
            - any:
                - submitted: true
                - days_since_submission: {">": 1}
        then: {action: wait, contact: "{posting.recruiter.phone}"}
        because: "Call {posting.recruiter.phone} about {posting.title}; {submitted_on}"
        source: {house_default: t}
        """)
    )
    assert pack.rule("r").then is not None


def test_fallback_makes_optional_placeholder_loadable() -> None:
    """'{fact|text}' loads even when the fact may be absent."""
    pack = load_pack_text(
        one_rule("""\
        id: r
        then: {action: wait}
        because: "Call {posting.recruiter.name|the recruiter}"
        source: {house_default: t}
        """)
    )
    assert pack.rules[0].id == "r"


def test_yaml_syntax_error_has_position() -> None:
    """Malformed YAML is a PackError with a line number, not a YAML exception."""
    err = pack_error("name: x\nrules: [\n")
    assert err.code == "yaml-syntax"
    assert err.line is not None


def test_impossible_yaml_date_is_a_pack_error_with_position() -> None:
    """An unquoted impossible date (month 13) is reported at its line, not as a bare ValueError."""
    err = pack_error("name: x\nrules:\n  - {id: r, when: {today: 2026-13-01}}\n")
    assert err.code == "yaml-syntax"
    assert err.line == 3
    assert "'2026-13-01' is not a valid date" in err.problem


def test_duplicate_yaml_key_refused() -> None:
    """A key written twice in one mapping is refused rather than silently overwritten."""
    err = pack_error(GOOD_RULE.replace("    because: Wait.", "    because: Wait.\n    because: B."))
    assert err.code == "duplicate-key"


def test_pack_must_be_a_mapping() -> None:
    """A YAML list or scalar is not a pack."""
    assert pack_error("- a\n- b\n").code == "bad-pack"


def test_errors_are_value_errors() -> None:
    """PackError is an OutreachRulesError and a ValueError."""
    err = pack_error("name: x\nrule: []\n")
    assert isinstance(err, OutreachRulesError)
    assert isinstance(err, ValueError)


def test_unsafe_yaml_tags_refused() -> None:
    """Python object tags cannot be constructed: packs are data."""
    err = pack_error("name: !!python/object/apply:os.system ['true']\n")
    assert err.code == "yaml-syntax"


def test_missing_file() -> None:
    """Loading a file that does not exist says so, naming it."""
    with pytest.raises(PackError, match=r"no_such_pack\.yaml: pack file not found"):
        load_pack("no_such_pack.yaml")


# --- composition ----------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


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


# --- the compiled pack -----------------------------------------------------------


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


def test_shipped_packs_and_default_by_name() -> None:
    """The default pack is shipped, loads by name, and is compiled once."""
    assert "default" in shipped_packs()
    assert load_pack("default") is default_pack()
    assert isinstance(default_pack(), Pack)


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


@pytest.mark.parametrize("how", ["shipped", "shipped-limits", "path", "text"])
def test_a_pack_pickles_as_its_recipe_and_decides_the_same(how: str, tmp_path: Path) -> None:
    import pickle
    from datetime import date

    from outreach_rules import Limits, decide, load_application

    root = Path(__file__).resolve().parent.parent
    text = (root / "rulesets" / "default.yaml").read_text()
    if how == "shipped":
        pack = load_pack("default")
    elif how == "shipped-limits":
        pack = load_pack("default", limits=Limits(max_rules=500))
    elif how == "path":
        (tmp_path / "mine.yaml").write_text(text)
        pack = load_pack(tmp_path / "mine.yaml")
    else:
        pack = load_pack_text(text, filename="mine.yaml")
    again = pickle.loads(pickle.dumps(pack))
    assert (again is pack) == (how == "shipped")  # the default pack is compiled once
    assert (again.name, again.digest, again.rule_ids) == (pack.name, pack.digest, pack.rule_ids)
    assert again.rules[0].file == pack.rules[0].file
    app = load_application(root / "examples" / "martha_day8.yaml")
    day = date(2026, 11, 26)
    assert decide(again, app, day) == decide(pack, app, day)
