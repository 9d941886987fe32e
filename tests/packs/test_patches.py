"""Patches: parts of inherited rules changed by id; a clear error when the base changed shape."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from support.builders import TODAY, make_app
from support.packs import pack_error, write

from outreach_rules import PackError, default_pack, load_pack, load_pack_text, next_action
from outreach_rules.limits import DEFAULT_LIMITS
from outreach_rules.packs.entries import RuleEntry
from outreach_rules.packs.patches import apply_patches
from outreach_rules.packs.reading import parse_document


def patched(patches: str) -> Any:
    """The default pack with the (dedented) *patches* under ``patch:``."""
    body = textwrap.indent(textwrap.dedent(patches), "  ")
    return load_pack_text(f"name: mine\nextends: default\npatch:\n{body}", filename="mine.yaml")


def patch_error(patches: str) -> PackError:
    """The PackError the default pack with *patches* raises."""
    body = textwrap.indent(textwrap.dedent(patches), "  ")
    return pack_error(f"name: mine\nextends: default\npatch:\n{body}")


def test_a_patch_changes_priority_description_because_and_script() -> None:
    """The parts a patch names change; the rest of the rule stays as inherited."""
    pack = patched("""\
    - rule: call-recruiter
      priority: 99
      description: Ring first.
      because: Ring the recruiter.
      script: Hello.
    """)
    rule, base = pack.rule("call-recruiter"), default_pack().rule("call-recruiter")
    assert (rule.priority, rule.description) == (99, "Ring first.")
    assert rule.then is not None
    assert base.then is not None
    assert (rule.then.because.text, rule.then.script and rule.then.script.text) == (
        "Ring the recruiter.",
        "Hello.",
    )
    assert (rule.when, rule.then.action, rule.source) == (base.when, base.then.action, base.source)
    decision = next_action(make_app(), today=TODAY, pack=pack)
    assert decision.primary is not None
    assert (decision.primary.action, decision.primary.explanation) == (
        "call_recruiter",
        "Ring the recruiter.",
    )


def test_a_patch_changes_a_blocks_reason_removes_one_and_adds_one() -> None:
    """blocks: {ACTION: REASON} re-words, null removes, add_blocks adds at the end."""
    pack = patched("""\
    - rule: wait-a-week
      blocks:
        call_recruiter: Not yet, {candidate.name}.
        visit_in_person: null
      add_blocks:
        - {action: research_company, reason: Later.}
    """)
    blocks = {b.action: b.reason.text for b in pack.rule("wait-a-week").blocks}
    base = {b.action: b.reason.text for b in default_pack().rule("wait-a-week").blocks}
    assert list(blocks) == [
        "call_recruiter",
        "call_main_office",
        "email_follow_up",
        "research_company",
    ]
    assert blocks["call_recruiter"] == "Not yet, {candidate.name}."
    assert blocks["call_main_office"] == base["call_main_office"]
    assert blocks["research_company"] == "Later."


def test_a_patch_gives_a_setting_a_value_for_its_rule_only() -> None:
    """settings: on a patch change that rule's condition, not another's."""
    pack = patched("""\
    - rule: call-recruiter
      settings: {call_window_days: 14}
    """)
    assert dict(pack.rule("call-recruiter").settings) == {"call_window_days": 14}
    assert dict(pack.rule("call-main-office").settings) == {}
    late = make_app()
    day12 = TODAY.replace(day=30)
    assert "call_recruiter" not in next_action(late, today=day12).action_ids
    assert "call_recruiter" in next_action(late, today=day12, pack=pack).action_ids


def test_two_patches_of_one_rule_apply_in_order() -> None:
    """A later patch of the same rule changes what the earlier one left."""
    pack = patched("""\
    - rule: call-recruiter
      priority: 10
      because: First.
    - rule: call-recruiter
      priority: 11
    """)
    rule = pack.rule("call-recruiter")
    assert rule.priority == 11
    assert rule.then is not None
    assert rule.then.because.text == "First."


def test_apply_patches_records_where_a_rule_was_patched() -> None:
    """Each patched entry remembers file:line of every patch, for errors."""
    text = "name: mine\nrules:\n  - {id: r, then: {action: wait}, because: x, source: s}\n"
    text += "patch:\n  - {rule: r, priority: 3}\n  - {rule: r, priority: 4}\n"
    source = parse_document(text, "mine.yaml", None, False, DEFAULT_LIMITS)
    rules = [RuleEntry(source.doc.rules[0], source.raw["rules"][0], "mine.yaml")]
    apply_patches(source, rules, {})
    assert rules[0].patched == ("mine.yaml:5", "mine.yaml:6")
    assert rules[0].doc.priority == 4


# --- what cannot be patched ----------------------------------------------------------


def test_a_patch_of_no_rule_gets_a_suggestion() -> None:
    """rule: call-recruitr names no rule: unknown-rule at that line, did you mean call-recruiter?"""
    error = patch_error("- rule: call-recruitr\n  priority: 1\n")
    assert (error.code, error.line, error.rule_id) == ("unknown-rule", 4, "call-recruitr")
    assert error.problem == "patch: no rule 'call-recruitr' to patch"
    assert error.hint == "did you mean 'call-recruiter'?"


@pytest.mark.parametrize(
    ("patch", "problem", "hint"),
    [
        (
            "- rule: call-recruiter\n  blocks: {visit_in_person: null}\n",
            "patch: rule 'call-recruiter' has no block on 'visit_in_person' any more to change "
            "or remove",
            "its blocks: none; add one with add_blocks",
        ),
        (
            "- rule: wait-a-week\n  blocks: {research_company: Later.}\n",
            "has no block on 'research_company' any more",
            "its blocks: call_recruiter, call_main_office, email_follow_up, visit_in_person; "
            "add one with add_blocks",
        ),
        (
            "- rule: wait-a-week\n  add_blocks: [{action: call_recruiter, reason: No.}]\n",
            "patch: rule 'wait-a-week' blocks 'call_recruiter' already",
            "change its reason with blocks: {ACTION: REASON}",
        ),
        (
            "- rule: posting-says-no-calls\n  because: Why.\n",
            "patch: rule 'posting-says-no-calls' has no 'then' any more: there is no advice to "
            "re-explain",
            "the rule it patches changed: look at the patch again",
        ),
        (
            "- rule: posting-says-no-calls\n  script: Hello.\n",
            "has no 'then' any more: there is no script to change",
            "the rule it patches changed: look at the patch again",
        ),
    ],
)
def test_a_patch_of_a_part_the_rule_lacks_is_bad_patch(patch: str, problem: str, hint: str) -> None:
    """A block the rule does not have, one it has already, or a then it lacks: bad-patch."""
    error = patch_error(patch)
    assert error.code == "bad-patch"
    assert problem in error.problem
    assert error.hint == hint
    assert (error.file, error.line) == ("mine.yaml", 4)


def test_a_patch_fails_clearly_when_the_base_rule_changes_shape(tmp_path: Path) -> None:
    """A patch that fitted its base breaks with bad-patch, saying what the rule has now."""
    base = """\
        name: base
        rules:
          - id: slow-down
            when: {heard_back: false}
            source: {house_default: t}
            blocks:
              - {action: call_recruiter, reason: Not yet.}
        """
    write(tmp_path / "base.yaml", base)
    write(
        tmp_path / "child.yaml",
        """\
        name: child
        extends: ./base.yaml
        patch:
          - rule: slow-down
            blocks: {call_recruiter: Give them time.}
        """,
    )
    assert load_pack(tmp_path / "child.yaml").rule("slow-down").blocks[0].reason.text == (
        "Give them time."
    )
    write(tmp_path / "base.yaml", base.replace("call_recruiter", "call_main_office"))
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "child.yaml")
    error = info.value
    assert (error.code, error.file, error.line) == ("bad-patch", str(tmp_path / "child.yaml"), 4)
    assert error.problem == (
        "patch: rule 'slow-down' has no block on 'call_recruiter' any more to change or remove"
    )
    assert error.hint == "its blocks: call_main_office; add one with add_blocks"


# --- settings of a patch --------------------------------------------------------------


def test_a_misspelt_setting_in_a_patch_is_refused_at_the_patch() -> None:
    """settings: {call_window_dys: 14} is unknown-setting at the patch's line, not the base's."""
    error = patch_error("- rule: call-recruiter\n  settings: {call_window_dys: 14}\n")
    assert (error.code, error.file, error.line) == ("unknown-setting", "mine.yaml", 5)
    assert error.problem == "patch: unknown setting 'call_window_dys'"
    assert error.hint == "did you mean 'call_window_days'?"


def test_a_setting_value_out_of_bounds_in_a_patch_is_refused_at_the_patch() -> None:
    """A value outside the setting's bounds is bad-setting at the patch, naming the bounds."""
    error = patch_error("- rule: call-recruiter\n  settings: {call_window_days: 500}\n")
    assert (error.code, error.file, error.line) == ("bad-setting", "mine.yaml", 5)
    assert "expected a whole number from 1 to 90 (got 500)" in error.problem


def test_a_setting_the_rule_does_not_use_names_the_patch() -> None:
    """A setting the patched rule does not read is bad-setting; the hint names the patch."""
    error = patch_error("- rule: research-company\n  settings: {call_window_days: 14}\n")
    assert error.code == "bad-setting"
    assert "gives setting 'call_window_days' a value, but does not use it" in error.problem
    assert error.hint is not None
    assert error.hint.endswith("the rule is patched at mine.yaml:4")


def test_every_error_in_a_patched_rule_names_the_patch() -> None:
    """An unknown fact in a patched because is reported with where the rule was patched."""
    error = patch_error("- rule: call-recruiter\n  because: Call {posting.recruiter.nam}.\n")
    assert error.code == "unknown-fact"
    assert error.hint == (
        "did you mean 'posting.recruiter.name'?; the rule is patched at mine.yaml:4"
    )


def test_removing_every_block_of_a_rule_without_then_leaves_it_empty() -> None:
    """A rule of blocks only, all removed by a patch, does nothing: empty-rule, naming the patch."""
    error = patch_error(
        "- rule: posting-says-no-calls\n  blocks: {call_recruiter: null, call_main_office: null}\n"
    )
    assert error.code == "empty-rule"
    assert error.hint == "the rule is patched at mine.yaml:4"
