"""The errors: OutreachRulesErrors and ValueErrors, rendered for people, pickled from parts."""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from pathlib import Path

import pytest
from support.builders import day, make_app
from support.packs import pack_error

from outreach_rules import (
    ApplicationError,
    EngineError,
    FieldProblem,
    OutreachRulesError,
    PackError,
    SettingsError,
    UnknownActionError,
    UnknownRuleError,
    load_application,
    load_pack,
    next_action,
)
from outreach_rules.errors import PACK_ERROR_CODES, Mark, Site, did_you_mean, short_repr


def test_errors_are_value_errors() -> None:
    """PackError is an OutreachRulesError and a ValueError."""
    err = pack_error("name: x\nrule: []\n")
    assert isinstance(err, OutreachRulesError)
    assert isinstance(err, ValueError)


def test_errors_pickle_from_their_parts() -> None:
    """ApplicationError, PackError and EngineError come back from pickle equal, problems intact."""
    from outreach_rules import EngineError, FieldProblem, PackError

    errors = [
        ApplicationError([FieldProblem("company", "this field is required")], source="a.jsonl:3"),
        PackError("bad", file="p.yaml", line=3, column=1, rule_id="r", hint="h", code="bad-value"),
        EngineError("unknown engine 'x'", engine="x", hint="engines: native, durable"),
    ]
    for error in errors:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert str(back) == str(error)
        assert vars(back) == vars(error)


def test_pack_error_renders_file_line_column_rule_and_hint() -> None:
    """A PackError reads FILE:LINE:COLUMN: rule 'ID': PROBLEM, then the hint on its own line."""
    err = PackError(
        "unknown fact 'x'", file="p.yaml", line=5, column=7, rule_id="r1", hint="see", code="c"
    )
    assert str(err) == "p.yaml:5:7: rule 'r1': unknown fact 'x'\n  hint: see"
    assert (err.problem, err.file, err.line, err.column) == ("unknown fact 'x'", "p.yaml", 5, 7)
    assert (err.rule_id, err.hint, err.code) == ("r1", "see", "c")


def test_pack_error_leaves_out_what_it_does_not_know() -> None:
    """Without a column, a line, a rule, a hint or even a file, the message says only the rest."""
    assert str(PackError("p", file="f.yaml", line=3, code="c")) == "f.yaml:3: p"
    assert str(PackError("p", file="f.yaml", column=3, code="c")) == "f.yaml: p"
    assert str(PackError("p", rule_id="r", hint="", code="c")) == "<pack>: rule 'r': p"


def test_unknown_rule_error_is_a_key_error_shown_unquoted() -> None:
    """UnknownRuleError is a KeyError whose text is the sentence itself, with or without a guess."""
    err = UnknownRuleError("x", "mine", None)
    assert isinstance(err, KeyError)
    assert str(err) == "no rule 'x' in pack 'mine'"
    guessed = UnknownRuleError("call-recruter", "default", "call-recruiter")
    assert str(guessed).endswith("; did you mean 'call-recruiter'?")
    assert guessed.suggestion == "call-recruiter"


def test_unknown_action_error_guesses_or_points_at_the_reference() -> None:
    """UnknownActionError suggests the closest action, or points at the action reference."""
    close = UnknownActionError("wiat", ["wait", "visit_in_person"], pack="p")
    assert (close.action, close.pack, close.suggestion) == ("wiat", "p", "wait")
    assert str(close) == "unknown action 'wiat' in pack 'p'; did you mean 'wait'?"
    far = UnknownActionError("zzz", ["wait"], pack="p")
    assert far.suggestion is None
    assert "docs/reference/actions.md" in str(far)


def test_application_error_counts_and_lists_its_problems() -> None:
    """ApplicationError says how many problems, from which source, one line each, with paths."""
    one = ApplicationError([FieldProblem("", "not a mapping")])
    assert str(one) == "invalid application (1 problem)\n  - (application): not a mapping"
    two = ApplicationError(
        [FieldProblem("company", "this field is required"), FieldProblem("history.0.on", "bad")],
        source="a.yaml",
    )
    assert str(two).splitlines() == [
        "a.yaml: invalid application (2 problems)",
        "  - company: this field is required",
        "  - history.0.on: bad",
    ]
    assert two.paths == ("company", "history.0.on")


def test_engine_error_carries_its_engine_and_hint() -> None:
    """EngineError names the engine, and adds the hint on its own line only when there is one."""
    assert str(EngineError("no such engine", engine="x")) == "no such engine"
    err = EngineError("no such engine", engine="x", hint="engines: native")
    assert str(err) == "no such engine\n  hint: engines: native"
    assert (err.engine, err.hint, err.problem) == ("x", "engines: native", "no such engine")


def test_site_makes_pack_errors_at_a_mark() -> None:
    """Site.error puts the file, the rule and the mark's line and column into the PackError."""
    err = Site("p.yaml", "r").error("bad", Mark(4, 9), code="bad-value", hint="h")
    assert (err.file, err.rule_id, err.code) == ("p.yaml", "r", "bad-value")
    assert (err.line, err.column) == (4, 9)
    assert str(err) == "p.yaml:4:9: rule 'r': bad\n  hint: h"
    unplaced = Site("p.yaml").error("bad", None, code="bad-value")
    assert (unplaced.line, unplaced.column, unplaced.rule_id) == (None, None, None)


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("days_since_submision", ["days_since_submission", "submitted"], "days_since_submission"),
        ("recrutier", iter(["recruiter", "contact"]), "recruiter"),
        ("zzzz", ["wait", "call_recruiter"], None),
        ("wait", [], None),
    ],
)
def test_did_you_mean(word: str, choices: Iterable[str], expected: str | None) -> None:
    """did_you_mean gives the close choice from any iterable, and nothing when none is close."""
    assert did_you_mean(word, choices) == expected


def test_short_repr_stays_short_for_long_deep_or_wide_values() -> None:
    """short_repr bounds text, nesting and collections, so a hostile value gives a short message."""
    assert short_repr("abc") == "'abc'"
    assert len(short_repr("x" * 1_000_000)) <= 82
    deep: object = "x"
    for _ in range(10_000):
        deep = [deep]
    assert short_repr(deep) == "[[[[...]]]]"
    assert short_repr(list(range(1_000))) == "[0, 1, 2, 3, 4, 5, ...]"
    assert len(short_repr({str(i): "v" * 500 for i in range(500)})) < 600


def test_every_error_code_is_described_and_read_only() -> None:
    """PACK_ERROR_CODES describes each code in words, and cannot be changed."""
    assert all(code == code.lower() and text for code, text in PACK_ERROR_CODES.items())
    with pytest.raises(TypeError):
        PACK_ERROR_CODES["new"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(
    "error",
    [
        PackError("p", code="bad-value"),
        UnknownRuleError("x", "p", None),
        ApplicationError([]),
        UnknownActionError("x", [], pack="p"),
        EngineError("e", engine="x"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_error_is_an_outreach_rules_error_and_a_value_error(error: Exception) -> None:
    """Callers may catch any error of the library as OutreachRulesError or as ValueError."""
    assert isinstance(error, OutreachRulesError)
    assert isinstance(error, ValueError)


def test_unknown_rule_and_action_errors_pickle() -> None:
    """Regression: UnknownRuleError and UnknownActionError come back from pickle, parts intact.

    They are raised inside worker processes too; without their own __reduce__,
    unpickling called their constructors with the message alone and failed.
    """
    from outreach_rules import UnknownActionError, UnknownRuleError

    errors = [
        UnknownRuleError("call-recruter", "default", "call-recruiter"),
        UnknownActionError("call_recruter", ["call_recruiter", "wait"], pack="default"),
    ]
    for error in errors:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert str(back) == str(error)
        assert vars(back) == vars(error)


# --- planted misspellings: a setting, a custom fact in a pack, a custom key in an application
#
# Each is caught where it is written, named with its place (file:line:column for a pack,
# the field's path for an application or a call) and the right name suggested.

SECTOR_PACK = """\
name: ministries
extends: default
settings:
  follow_up_after_days: 10
facts:
  sector:
    type: enum
    choices: [public, private, nonprofit]
    optional: true
rules:
  - id: no-visits
    when:
      custom.sector: public
      days_since_submission: {">=": {setting: follow_up_after_days}}
    priority: 100
    source: {house_default: ministries take no walk-ins}
    blocks:
      - {action: visit_in_person, reason: "{company.name} takes no walk-ins."}
"""


def planted(tmp_path: Path, right: str, wrong: str) -> PackError:
    """The PackError loading SECTOR_PACK from a file, with *right* misspelt as *wrong*."""
    assert right in SECTOR_PACK
    path = tmp_path / "ministries.yaml"
    path.write_text(SECTOR_PACK.replace(right, wrong, 1), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    return caught.value


def test_the_unplanted_pack_loads_and_decides(tmp_path: Path) -> None:
    """Without a misspelling the pack loads: each error below comes from the one planted."""
    path = tmp_path / "ministries.yaml"
    path.write_text(SECTOR_PACK, encoding="utf-8")
    pack = load_pack(path)
    app = make_app(company={"name": "Ministry of Transport"}, custom={"sector": "public"})
    assert "visit_in_person" in next_action(app, today=day(10), pack=pack).blocked_ids


@pytest.mark.parametrize(
    ("right", "wrong", "line", "column", "rule_id"),
    [
        # a setting read by a condition
        ("{setting: follow_up_after_days}", "{setting: follow_up_after_dys}", 14, 31, "no-visits"),
        # a new default for an inherited setting
        ("  follow_up_after_days: 10", "  follow_up_after_dys: 10", 4, 3, None),
    ],
)
def test_a_misspelt_setting_in_a_pack_is_named_at_its_line_with_a_did_you_mean(
    tmp_path: Path, right: str, wrong: str, line: int, column: int, rule_id: str | None
) -> None:
    """unknown-setting, at the file, line and column of the misspelling, suggesting the name."""
    error = planted(tmp_path, right, wrong)
    assert error.code == "unknown-setting"
    assert (error.file, error.line, error.column) == (
        str(tmp_path / "ministries.yaml"),
        line,
        column,
    )
    assert error.rule_id == rule_id
    assert error.hint is not None
    assert error.hint.startswith("did you mean 'follow_up_after_days'?")
    assert str(error).startswith(f"{tmp_path / 'ministries.yaml'}:{line}:{column}: ")
    assert "'follow_up_after_dys'" in error.problem


def test_a_misspelt_setting_in_a_call_is_named_at_settings_dot_name(tmp_path: Path) -> None:
    """settings={...} (and --set) with a misspelt name: SettingsError at settings.NAME."""
    path = tmp_path / "ministries.yaml"
    path.write_text(SECTOR_PACK, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        next_action(
            make_app(), today=day(8), pack=load_pack(path), settings={"follow_up_after_dys": 3}
        )
    [problem] = caught.value.problems
    assert problem.path == "settings.follow_up_after_dys"
    assert problem.message == (
        "pack 'ministries' has no setting 'follow_up_after_dys'; "
        "did you mean 'follow_up_after_days'?"
    )


@pytest.mark.parametrize(
    ("right", "wrong", "line", "column"),
    [
        ("      custom.sector: public", "      custom.sectr: public", 13, 7),  # a condition
        ("{company.name} takes", "{custom.sectr|A ministry} at {company.name} takes", 18, 9),
    ],
)
def test_a_misspelt_custom_fact_in_a_pack_is_named_at_its_line_with_a_did_you_mean(
    tmp_path: Path, right: str, wrong: str, line: int, column: int
) -> None:
    """unknown-fact, at the file, line and column of custom.sectr, suggesting custom.sector."""
    error = planted(tmp_path, right, wrong)
    assert error.code == "unknown-fact"
    assert (error.file, error.line, error.column) == (
        str(tmp_path / "ministries.yaml"),
        line,
        column,
    )
    assert (error.rule_id, error.problem) == ("no-visits", "unknown fact 'custom.sectr'")
    assert error.hint == "did you mean 'custom.sector'?"


def test_a_misspelt_custom_key_in_an_application_is_named_with_a_did_you_mean(
    tmp_path: Path,
) -> None:
    """custom: {secotr: ...} in an application: an ApplicationError at custom.secotr naming
    the pack and suggesting 'sector' (the command line adds the file: tests/cli)."""
    path = tmp_path / "ministries.yaml"
    path.write_text(SECTOR_PACK, encoding="utf-8")
    app = tmp_path / "app.yaml"
    app.write_text(
        "candidate: {name: Martha Owens}\ncompany: {name: Ministry of Transport}\n"
        "custom: {secotr: public}\n",
        encoding="utf-8",
    )
    with pytest.raises(ApplicationError) as caught:
        next_action(load_application(app), today=day(8), pack=load_pack(path))
    [problem] = caught.value.problems
    assert problem.path == "custom.secotr"
    assert problem.message == (
        "pack 'ministries' declares no custom fact 'secotr'; did you mean 'sector'?"
    )
    assert str(caught.value) == (
        "invalid application (1 problem)\n  - custom.secotr: pack 'ministries' declares no "
        "custom fact 'secotr'; did you mean 'sector'?"
    )
