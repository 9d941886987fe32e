"""`outreach-rules lint`: contradictions, rules that never win, unused actions, overlaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_rules import Limits, PackError, default_pack, load_pack, load_pack_text
from outreach_rules.cli import main
from outreach_rules.packs.lint import Finding, can_hold, lint_pack

HEAD = "name: linted\nextends: default\nactions:\n  note: {title: Make a note}\nrules:\n"


def _rule(rule_id: str, when: str, action: str = "note", priority: int = 50) -> str:
    return (
        f"  - id: {rule_id}\n    when: {when}\n    then: {{action: {action}}}\n"
        f"    priority: {priority}\n    because: Because.\n    source: {{house_default: test}}\n"
    )


def _findings(text: str) -> list[Finding]:
    """Findings, leaving out the helper action 'note' that most packs here do not use."""
    found = lint_pack(load_pack_text(text, filename="p.yaml"))
    return [f for f in found if f.message != "no rule recommends 'note'"]


def _codes(text: str) -> list[tuple[str, str | None]]:
    return [(f.code, f.rule_id) for f in _findings(text)]


def test_the_default_pack_is_clean() -> None:
    """The default pack has no lint finding."""
    assert lint_pack(default_pack()) == []


@pytest.mark.parametrize(
    "when",
    [
        '{days_since_submission: {"<": 7, ">=": 10}}',
        "{all: [{company.size: small}, {company.size: large}]}",
        "{all: [{heard_back: true}, {not: {heard_back: true}}]}",
        "{materials.cover_letter: {present: false}, materials.cover_letter.tailored: true}",
        '{company.size: {in: [small, medium], "not in": [small, medium]}}',
        '{any: [{days_since_submission: {">": 3, "<": 4}}, {replied: {"==": true, "!=": true}}]}',
    ],
)
def test_contradictions_are_found(when: str) -> None:
    """A condition that contradicts itself is never-holds, naming the rule."""
    assert _codes(HEAD + _rule("impossible", when)) == [("never-holds", "impossible")]


@pytest.mark.parametrize(
    "when",
    [
        '{days_since_submission: {">=": 7, "<=": 7}}',
        '{any: [{company.size: small}, {days_since_submission: {"<": 7, ">=": 10}}]}',
        "{not: {all: [{company.size: small}, {company.size: large}]}}",
        '{all: [{not: {days_since_submission: {"<": 7}}}, {submitted: false}]}',
        "{submitted_on: {fact: today}}",
    ],
)
def test_satisfiable_conditions_are_not_flagged(when: str) -> None:
    """Conditions that can hold (one day, one branch, an absent fact) are not findings."""
    assert _codes(HEAD + _rule("possible", when)) == []


def test_a_rule_whose_action_is_always_blocked_never_wins() -> None:
    """A call rule inside a posting that forbids calls is never-wins, naming the blocker."""
    text = HEAD + _rule("call-anyway", "{posting.no_calls: true}", "call_recruiter", 80)
    findings = _findings(text)
    assert [(f.code, f.rule_id) for f in findings] == [("never-wins", "call-anyway")]
    assert "rule 'posting-says-no-calls' blocks call_recruiter" in findings[0].message
    assert str(findings[0]).startswith("p.yaml:6: rule 'call-anyway': ")


def test_overlapping_rules_at_different_priorities_are_found() -> None:
    """Two rules that can fire together with the same action at different priorities: overlap."""
    text = HEAD + _rule("connect-early", "{research.values_fit: false}", "connect_values", 90)
    assert _codes(text) == [("overlap", "connect-early")]


def test_actions_no_rule_recommends_are_found() -> None:
    """A declared action that no rule produces is unused-action."""
    text = "name: tiny\nactions:\n  send_flowers: {title: Send flowers}\nrules:\n" + _rule(
        "w", "{heard_back: true}", "await_response"
    )
    codes = _codes(text)
    assert ("unused-action", None) in codes
    assert (
        len([c for c in codes if c[0] == "unused-action"]) == len(load_pack_text(text).actions) - 1
    )


def test_can_hold_sees_through_not() -> None:
    """can_hold treats 'not' by pushing it inwards, absent facts included."""
    pack = load_pack_text(HEAD + _rule("x", '{not: {days_since_submission: {"<": 7}}}'))
    assert can_hold(pack.rule("x").when)


def test_lint_command_prints_findings_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`outreach-rules lint` prints each finding as FILE:LINE: rule 'ID': ... and exits 1."""
    path = tmp_path / "p.yaml"
    path.write_text(HEAD + _rule("impossible", '{days_since_submission: {"<": 7, ">=": 10}}'))
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:6: rule 'impossible': its condition contradicts itself" in out
    assert out.endswith("1 finding in pack linted 0\n")
    assert main(["lint", "default"]) == 0
    assert capsys.readouterr().out == "ok: no findings in pack default 1.0.0\n"
    assert load_pack(path).rule("impossible").line == 6


# --- custom facts -------------------------------------------------------------------

CUSTOM_HEAD = HEAD.replace(
    "rules:\n",
    "facts:\n"
    "  sector: {type: enum, choices: [public, private], optional: true}\n"
    "  headcount: {type: int, default: 1}\n"
    "  referred: {type: bool, default: false}\n"
    "rules:\n",
)


@pytest.mark.parametrize(
    "when",
    [
        # present, and none of the values it can have
        '{custom.sector: {"not in": [public, private], present: true}}',
        "{all: [{custom.sector: public}, {custom.sector: private}]}",
        '{custom.headcount: {">=": 500, "<": 100}}',
        "{all: [{custom.referred: true}, {custom.referred: false}]}",
    ],
)
def test_a_condition_on_custom_facts_that_never_holds_is_found(when: str) -> None:
    """Lint reads custom facts like any other: a contradiction on one is never-holds."""
    assert _codes(CUSTOM_HEAD + _rule("impossible", when)) == [("never-holds", "impossible")]
    fine = load_pack_text(CUSTOM_HEAD + _rule("fine", "{custom.sector: public}"))
    assert can_hold(fine.rule("fine").when, fine.facts)


@pytest.mark.parametrize(
    ("when", "words", "hint"),
    [
        ("{custom.sector: publik}", "'publik' is not a value of 'custom.sector'", "'public'"),
        ("{custom.sector: {in: [public, federal]}}", "'federal' is not a value of", None),
        ('{custom.sector: {"!=": federal}}', "'federal' is not a value of", None),
    ],
)
def test_a_custom_enum_compared_with_a_value_it_cannot_have_does_not_load(
    when: str, words: str, hint: str | None
) -> None:
    """Comparing a custom enum with a value outside its choices is refused when the pack
    loads (bad-value, at its line, with a did-you-mean), as for a built-in enum: a test
    that can never hold, or always holds, is a mistake to fix, not a finding to read."""
    with pytest.raises(PackError) as caught:
        load_pack_text(CUSTOM_HEAD + _rule("r", when), filename="p.yaml")
    error = caught.value
    assert (error.code, error.file, error.line, error.rule_id) == ("bad-value", "p.yaml", 11, "r")
    assert words in error.problem
    assert "(expected one of: public, private)" in error.problem
    if hint is not None:
        assert error.hint == f"did you mean {hint}?"


# --- bounded work (issue 16) -------------------------------------------------


def _wide(width: int) -> str:
    return "{any: [" + ", ".join(f"{{days_since_submission: {i}}}" for i in range(width)) + "]}"


def test_a_wide_any_reused_by_aliases_is_too_complex_not_a_hang() -> None:
    """Regression (issue 16): a 256-way any reused by YAML aliases made lint run for minutes.

    The product of the alternatives was built in full, then cut. Now a
    condition with more alternatives than can be listed is reported as
    ``too-complex`` after a few steps; the other checks leave it out.
    """
    text = "name: wide\nrules:\n" + _rule("base", "&A " + _wide(256), "wait", 10)
    for index in range(6):
        text += _rule(
            f"reused{index}", "{all: [*A, *A, *A, *A, *A, *A, *A, *A]}", "wait", 20 + index
        )
    pack = load_pack_text(text)
    found = lint_pack(pack, limits=Limits(max_lint_work=200_000))
    assert [(f.code, f.rule_id) for f in found] == [
        ("too-complex", f"reused{i}") for i in range(6)
    ] + [(f.code, None) for f in found[6:]]
    assert "more than 256 alternatives" in found[0].message
    assert all(f.code == "unused-action" for f in found[6:])


def test_lint_stops_with_a_finding_when_its_budget_is_spent() -> None:
    """Past Limits.max_lint_work, lint stops: the findings so far, then one 'too-complex'."""
    text = "name: many\nactions:\n  note: {title: Make a note}\nrules:\n" + "".join(
        _rule(f"r{i}", f"{{days_since_submission: {{'>=': {i}}}}}", "note", i) for i in range(60)
    )
    pack = load_pack_text(text, filename="p.yaml")
    everything = lint_pack(pack)
    assert len([f for f in everything if f.code == "overlap"]) == 60 * 59 // 2
    stopped = lint_pack(pack, limits=Limits(max_lint_work=2_000))
    last = [f for f in stopped if f.code != "unused-action"][-1]
    assert last.code == "too-complex"
    assert (last.file, last.line, last.rule_id) == ("p.yaml", None, None)
    assert "Limits.max_lint_work" in last.message
    assert 0 < len([f for f in stopped if f.code == "overlap"]) < 60 * 59 // 2


def test_an_alternative_past_the_cap_is_not_called_impossible() -> None:
    """Regression (issue 16): alternatives past the cap were dropped, so lint said never-holds.

    Of 300 alternatives, the first 256 contradict themselves and the last ones
    can hold: lint cannot list them all, and says so instead of never-holds.
    """
    impossible = "{days_since_submission: {'<': 1, '>': 2}}"
    possible = "{days_since_submission: 5}"
    when = "{any: [" + ", ".join([impossible] * 256 + [possible] * 44) + "]}"
    assert _codes(HEAD + _rule("wide", when)) == [("too-complex", "wide")]
    assert can_hold(load_pack_text(HEAD + _rule("wide", when)).rule("wide").when)
