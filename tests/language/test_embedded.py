"""Pack-embedded examples and invariants: checked at load time, with file and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from support.packs import CHILD, load_error

from outreach_rules import load_pack, load_pack_text
from outreach_rules.language.conditions import ALWAYS
from outreach_rules.testing.verify import example_problems


def test_examples_and_invariants_load_and_run() -> None:
    """A pack's examples are compiled with their expectations, and they pass."""
    pack = load_pack_text(CHILD)
    [example] = pack.examples
    assert example.primary == "call_recruiter"
    assert example.application.posting is not None
    assert example.line == 4
    assert example_problems(pack, example) == []


def test_an_example_with_an_invalid_application_names_the_line() -> None:
    """An example whose application does not validate is a bad-example error at its line."""
    err = load_error(CHILD.replace("submitted_on: 2026-11-18", "submitted_on: 2026-12-18"))
    assert err.code == "bad-example"
    assert err.line == 11
    assert "submitted_on" in err.problem


def test_an_example_needs_a_day_and_an_expectation() -> None:
    """No today and no as_of, or nothing expected: bad-example."""
    assert load_error(CHILD.replace("    today: 2026-11-26\n", "")).code == "bad-example"
    text = CHILD.replace("    primary: call_recruiter\n    includes: [email_follow_up]\n", "")
    text = text.replace("    excludes: [wait]\n", "")
    err = load_error(text)
    assert err.code == "bad-example"
    assert "expects nothing" in err.problem


def test_unknown_actions_in_examples_and_invariants_get_a_suggestion() -> None:
    """A misspelt action id is unknown-action with a did-you-mean, at its line."""
    err = load_error(CHILD.replace("primary: call_recruiter", "primary: call_recruter"))
    assert err.code == "unknown-action"
    assert err.hint == "did you mean 'call_recruiter'?"
    assert err.line == 12
    assert (
        load_error(CHILD.replace("never: visit_in_person", "never: visit")).code == "unknown-action"
    )


def test_an_invariant_needs_exactly_one_of_never_and_always() -> None:
    """Both never and always, or neither: bad-invariant."""
    both = CHILD.replace("never: visit_in_person", "never: visit_in_person\n    always: wait")
    assert load_error(both).code == "bad-invariant"
    assert load_error(CHILD.replace("    never: visit_in_person\n", "")).code == "bad-invariant"


def test_invariant_ids_are_unique_and_conditions_checked() -> None:
    """A reused invariant id, or a bad condition, is an error with file and line."""
    err = load_error(CHILD.replace("id: never-visit", "id: no-calls-when-posting-says-so"))
    assert err.code == "duplicate-invariant"
    err = load_error(CHILD.replace("company.size: large", "company.sise: large"))
    assert err.code == "unknown-fact"
    assert err.line == 18


def test_pack_files_in_docs_still_load(tmp_path: Path) -> None:
    """A pack file on disk with examples loads through load_pack, with its own file name."""
    path = tmp_path / "child.yaml"
    path.write_text(CHILD, encoding="utf-8")
    assert load_pack(path).examples[0].file == str(path)


def test_an_example_without_today_is_for_its_application_s_as_of() -> None:
    """With no 'today', an example is decided on its application's as_of."""
    text = CHILD.replace("    today: 2026-11-26\n", "").replace(
        "      candidate: {name: Martha Owens}\n",
        "      as_of: 2026-11-27\n      candidate: {name: Martha Owens}\n",
    )
    [example] = load_pack_text(text).examples
    assert example.today == date(2026, 11, 27)


def test_an_example_s_day_must_be_a_date() -> None:
    """A 'today' that is not a date is a bad-example error naming the example."""
    err = load_error(CHILD.replace("today: 2026-11-26", "today: tomorrow"))
    assert err.code == "bad-example"
    assert err.problem == (
        "example 'day 8 with a recruiter': 'today' must be a date as YYYY-MM-DD (got 'tomorrow')"
    )


def test_an_example_may_not_expect_and_exclude_one_action() -> None:
    """An action both expected (primary or includes) and excluded is a bad-example error."""
    err = load_error(CHILD.replace("excludes: [wait]", "excludes: [wait, email_follow_up]"))
    assert err.code == "bad-example"
    assert "email_follow_up is both expected and excluded" in err.problem


def test_an_invariant_compiles_its_actions_and_condition() -> None:
    """'always' takes one action or a list; without 'when' it holds on every application."""
    text = CHILD.replace(
        "    never: visit_in_person\n    when: {company.size: large}\n",
        "    always: [wait, research_company]\n",
    )
    invariant = load_pack_text(text).invariants[-1]
    assert (invariant.id, invariant.kind) == ("never-visit", "always")
    assert invariant.actions == ("wait", "research_company")
    assert invariant.when == ALWAYS
    assert invariant.test({}) is True
    never = load_pack_text(CHILD).invariants[-1]
    assert (never.kind, never.actions, never.line) == ("never", ("visit_in_person",), 16)
    assert never.test({"company.size": "large"}) is True
    assert never.test({"company.size": "small"}) is False
