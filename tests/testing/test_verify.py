"""Checking decisions against what a pack promises, one decision at a time, with no generation."""

from __future__ import annotations

from datetime import date

from support.builders import TODAY, make_app, minimal_app

from outreach_rules import default_pack, load_pack_text, next_action, parse_application
from outreach_rules.model.application import validate_application
from outreach_rules.testing.verify import (
    Coverage,
    application_yaml,
    decision_problems,
    decision_summary,
    example_problems,
    invariant_problem,
)

PROMISES = """\
name: promises
rules:
  - {id: visit, then: {action: visit_in_person}, because: Go., source: s}
  - {id: wait, then: {action: wait}, because: Wait., source: s}
  - id: replied
    when: {heard_back: true}
    source: s
    blocks: [{action: wait, reason: They replied.}]
invariants:
  - {id: no-visit-at-large-firms, never: visit_in_person, when: {company.size: large}}
  - {id: wait-after-a-reply, always: [wait], when: {heard_back: true}}
examples:
  - name: everything wrong
    today: 2026-11-26
    application: {candidate: {name: M}, company: {name: A}, heard_back: true}
    primary: research_company
    includes: [call_recruiter]
    excludes: [visit_in_person]
    blocked: [email_follow_up]
"""


def test_a_sound_decision_has_no_problems() -> None:
    """The default pack's decisions on a realistic application keep every promise."""
    app = validate_application(make_app())
    for offset in (0, 3, 8, 12):
        assert decision_problems(default_pack(), app, date(2026, 11, 18 + offset)) == []


def test_text_left_looking_like_a_placeholder_is_a_problem() -> None:
    """A recommendation whose text still shows {a.path} is reported as unfilled."""
    pack = load_pack_text(
        "name: braces\nrules:\n  - id: r\n    then: {action: wait}\n"
        '    because: "Hello {{candidate.name}}."\n    source: s\n'
    )
    app = validate_application(minimal_app())
    assert decision_problems(pack, app, TODAY) == [
        "wait (rule r): unfilled placeholder {candidate.name}"
    ]


def test_dates_out_of_order_are_a_problem() -> None:
    """A recommendation whose not_before lies after its due_by is reported with both days."""
    pack = load_pack_text(
        "name: dates\nrules:\n  - id: r\n    when: {submitted: true}\n"
        "    then: {action: wait, not_before: follow_up_window_ends_on, due_by: follow_up_due_on}\n"
        "    because: x\n    source: s\n"
    )
    app = validate_application(minimal_app(submitted_on="2026-11-18"))
    assert decision_problems(pack, app, TODAY) == [
        "wait (rule r): not_before 2026-11-28 is after due_by 2026-11-25"
    ]


def test_each_invariant_is_kept_or_broken_with_what_broke_it() -> None:
    """never: the actions recommended; always: the actions missing, and those ruled out."""
    pack = load_pack_text(PROMISES)
    never, always = pack.invariants
    large = validate_application(minimal_app(company={"name": "A", "size": "large"}))
    decision = next_action(large, today=TODAY, pack=pack)
    assert invariant_problem(never, large, decision) == "recommended visit_in_person"
    assert invariant_problem(always, large, decision) is None
    replied = validate_application(minimal_app(heard_back=True))
    decision = next_action(replied, today=TODAY, pack=pack)
    assert invariant_problem(never, replied, decision) is None
    assert (
        invariant_problem(always, replied, decision) == "did not recommend wait (ruled out: wait)"
    )


def test_an_example_reports_every_expectation_it_misses() -> None:
    """Primary, includes, excludes and blocked: each miss is one problem, in that order."""
    pack = load_pack_text(PROMISES)
    assert example_problems(pack, pack.examples[0]) == [
        "expected primary research_company, got visit_in_person",
        "expected call_recruiter among the actions",
        "visit_in_person is recommended but must not be",
        "expected email_follow_up to be ruled out",
    ]


def test_coverage_counts_rules_fired_and_not_and_blocks_applied() -> None:
    """Coverage counts each rule firing and failing to fire, and each block applying."""
    pack = load_pack_text(PROMISES)
    coverage = Coverage(pack)
    assert coverage.percent == 0.0
    coverage.record(validate_application(minimal_app()), TODAY)
    assert (coverage.cases, coverage.fired, coverage.not_fired) == (
        1,
        {"visit": 1, "wait": 1},
        {"replied": 1},
    )
    assert coverage.never_fired == ("replied",)
    assert coverage.always_fired == ("visit", "wait")
    assert coverage.blocks_never_applied == (("replied", "wait"),)
    assert coverage.percent == 100.0 * (2 * 3 + 1 - 4) / (2 * 3 + 1)
    coverage.record(validate_application(minimal_app(heard_back=True)), TODAY)
    assert (coverage.never_fired, coverage.blocks_never_applied) == ((), ())
    assert coverage.text().splitlines() == [
        "coverage: 71.4% over 2 cases (3 rules)",
        "  never failed to fire: visit (<string>:3)",
        "  never failed to fire: wait (<string>:4)",
    ]


def test_an_application_as_yaml_reads_back_as_itself_on_its_day() -> None:
    """application_yaml writes what differs from the defaults, as_of first; it parses back."""
    app = validate_application(make_app())
    text = application_yaml(app, TODAY)
    assert text.startswith("as_of: 2026-11-26\n")
    assert "heard_back" not in text, "defaults are left out"
    back = parse_application(text)
    assert back == app.model_copy(update={"as_of": TODAY})
    assert parse_application(application_yaml(app)) == app


def test_a_decision_summary_says_what_it_recommends_and_rules_out() -> None:
    """One line per recommendation and per ruled-out action, with their rules."""
    decision = next_action(make_app(posting={"no_calls": True}), today=TODAY)
    assert decision_summary(decision).splitlines() == [
        "decision on 2026-11-26 (pack default):",
        "  recommends email_follow_up (rule email-follow-up)",
        "  rules out call_recruiter (rule posting-says-no-calls)",
        "  rules out call_main_office (rule posting-says-no-calls)",
    ]
    quiet = decision.model_copy(update={"actions": (), "blocked": ()})
    assert decision_summary(quiet).splitlines()[1:] == ["  recommends nothing"]
