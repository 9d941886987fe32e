"""Pack-embedded examples and invariants: checked at load time, inherited as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_rules import PackError, default_pack, load_pack, load_pack_text
from outreach_rules.testing.runner import run_example
from outreach_rules.testing.verify import Coverage, example_problems

CHILD = """\
name: child
extends: default
examples:
  - name: day 8 with a recruiter
    today: 2026-11-26
    application:
      candidate: {name: Martha Owens}
      company: {name: Acme Corp}
      posting: {title: clerk, recruiter: {phone: "+1 555 0123"}}
      materials: {complete: true}
      submitted_on: 2026-11-18
    primary: call_recruiter
    includes: [email_follow_up]
    excludes: [wait]
invariants:
  - id: never-visit
    never: visit_in_person
    when: {company.size: large}
"""


def _error(text: str) -> PackError:
    with pytest.raises(PackError) as caught:
        load_pack_text(text, filename="p.yaml")
    return caught.value


def test_examples_and_invariants_load_and_run() -> None:
    """A pack's examples are compiled with their expectations, and they pass."""
    pack = load_pack_text(CHILD)
    [example] = pack.examples
    assert example.primary == "call_recruiter"
    assert example.application.posting is not None
    assert example.line == 4
    assert example_problems(pack, example) == []


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


def test_an_example_with_an_invalid_application_names_the_line() -> None:
    """An example whose application does not validate is a bad-example error at its line."""
    err = _error(CHILD.replace("submitted_on: 2026-11-18", "submitted_on: 2026-12-18"))
    assert err.code == "bad-example"
    assert err.line == 11
    assert "submitted_on" in err.problem


def test_an_example_needs_a_day_and_an_expectation() -> None:
    """No today and no as_of, or nothing expected: bad-example."""
    assert _error(CHILD.replace("    today: 2026-11-26\n", "")).code == "bad-example"
    text = CHILD.replace("    primary: call_recruiter\n    includes: [email_follow_up]\n", "")
    text = text.replace("    excludes: [wait]\n", "")
    err = _error(text)
    assert err.code == "bad-example"
    assert "expects nothing" in err.problem


def test_unknown_actions_in_examples_and_invariants_get_a_suggestion() -> None:
    """A misspelt action id is unknown-action with a did-you-mean, at its line."""
    err = _error(CHILD.replace("primary: call_recruiter", "primary: call_recruter"))
    assert err.code == "unknown-action"
    assert err.hint == "did you mean 'call_recruiter'?"
    assert err.line == 12
    assert _error(CHILD.replace("never: visit_in_person", "never: visit")).code == "unknown-action"


def test_an_invariant_needs_exactly_one_of_never_and_always() -> None:
    """Both never and always, or neither: bad-invariant."""
    both = CHILD.replace("never: visit_in_person", "never: visit_in_person\n    always: wait")
    assert _error(both).code == "bad-invariant"
    assert _error(CHILD.replace("    never: visit_in_person\n", "")).code == "bad-invariant"


def test_invariant_ids_are_unique_and_conditions_checked() -> None:
    """A reused invariant id, or a bad condition, is an error with file and line."""
    err = _error(CHILD.replace("id: never-visit", "id: no-calls-when-posting-says-so"))
    assert err.code == "duplicate-invariant"
    err = _error(CHILD.replace("company.size: large", "company.sise: large"))
    assert err.code == "unknown-fact"
    assert err.line == 18


def test_unknown_keys_in_examples_are_errors() -> None:
    """A typo in an example's keys is unknown-key with a suggestion, never ignored."""
    err = _error(CHILD.replace("includes:", "include:"))
    assert err.code == "unknown-key"
    assert err.hint == "did you mean 'includes'?"


def test_a_failing_example_shows_its_application_and_decision() -> None:
    """An example whose expectation is wrong reports the difference, the YAML and the decision."""
    pack = load_pack_text(CHILD.replace("primary: call_recruiter", "primary: email_follow_up"))
    outcome = run_example(pack, pack.examples[0])
    assert not outcome.passed
    assert outcome.problems[0] == "expected primary email_follow_up, got call_recruiter"
    text = outcome.text()
    assert "title: clerk" in text
    assert "recommends call_recruiter (rule call-recruiter)" in text


def test_the_default_pack_has_an_example_for_every_rule() -> None:
    """Every rule of the default pack fires on at least one of its examples, and all pass."""
    pack = default_pack()
    coverage = Coverage(pack)
    for example in pack.examples:
        coverage.record(example.application, example.today)
        assert example_problems(pack, example) == [], example.name
    assert coverage.never_fired == ()


def test_pack_files_in_docs_still_load(tmp_path: Path) -> None:
    """A pack file on disk with examples loads through load_pack, with its own file name."""
    path = tmp_path / "child.yaml"
    path.write_text(CHILD, encoding="utf-8")
    assert load_pack(path).examples[0].file == str(path)
