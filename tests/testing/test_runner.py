"""`outreach-rules test`: examples, invariants with shrunk counterexamples, coverage."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from support.packs import CHILD, PLANTED
from support.paths import CUSTOM_FACTS

import outreach_rules
from outreach_rules import load_pack, load_pack_text, next_action, parse_application
from outreach_rules.cli import main
from outreach_rules.testing.runner import Outcome, Report, run_example, run_pack
from outreach_rules.testing.verify import Coverage


def _write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _counterexample(output: str) -> str:
    """The YAML block the runner printed after 'ready to paste:'."""
    lines = output.split("ready to paste:\n", 1)[1].splitlines()
    block = []
    for line in lines:
        if not line.startswith("    "):
            break
        block.append(line[4:])
    return "\n".join(block) + "\n"


def test_the_default_pack_passes_its_own_tests(capsys: pytest.CaptureFixture[str]) -> None:
    """`outreach-rules test default` runs every example and invariant, all pass, coverage 100%."""
    assert main(["test", "default", "--examples", "60", "--fail-under", "100"]) == 0
    out = capsys.readouterr().out
    assert "ok   example 'day 8, a recruiter with a phone: call'" in out
    assert "ok   invariant 'no-calls-when-posting-says-so'" in out
    assert "coverage: 100.0%" in out
    assert out.endswith("\n0 failed, 35 passed\n")


def test_a_planted_wrong_rule_is_found_with_a_shrunk_counterexample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The runner breaks the no-calls invariant and prints a minimal, pasteable application."""
    pack_path = _write(tmp_path, PLANTED)
    assert main(["test", str(pack_path), "--examples", "100"]) == 1
    out = capsys.readouterr().out
    assert "FAIL invariant 'no-calls-when-posting-says-so'" in out
    assert "  - recommended call_" in out
    text = _counterexample(out)
    app = parse_application(text)
    assert app.posting is not None
    assert app.posting.no_calls
    assert app.company.size != "large"
    # Shrunk: nothing the failure does not need.
    assert app.contacts == ()
    assert app.interview is None
    assert app.history == ()
    assert app.candidate.email is None
    # Pasted back, it reproduces the failure, and the printed decision is what it gets.
    assert app.as_of is not None
    decision = next_action(app, pack=load_pack(pack_path))
    assert {"call_recruiter", "call_main_office"} & set(decision.action_ids)
    assert decision.primary is not None
    assert f"recommends {decision.primary.action}" in out
    assert "it got:" in out


def test_fixing_the_rule_makes_the_run_pass(tmp_path: Path) -> None:
    """With the planted condition removed the same pack passes."""
    fixed = PLANTED.replace("      company.size: large\n", "")
    report = run_pack(load_pack(_write(tmp_path, fixed)), max_examples=60)
    assert report.failed == []


def test_coverage_reports_rules_that_never_fire_and_fail_under(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rule that can never fire is reported with its line; --fail-under turns it into exit 1."""
    text = """\
name: dead
extends: default
rules:
  - id: dead-rule
    when: {days_since_submission: {"<": 7, ">=": 10}}
    then: {action: wait}
    because: Never shown.
    source: {house_default: a test}
    blocks:
      - {action: visit_in_person, reason: Never shown either.}
"""
    path = _write(tmp_path, text)
    assert main(["test", str(path), "--examples", "40"]) == 0
    out = capsys.readouterr().out
    assert f"never fired: dead-rule ({path}:4)" in out
    assert f"block never applied: dead-rule blocks visit_in_person ({path}:4)" in out
    assert "never failed to fire" not in out
    assert main(["test", str(path), "--examples", "40", "--fail-under", "99.5"]) == 1
    assert "is under --fail-under 99.5%" in capsys.readouterr().out


def test_a_failing_example_fails_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An example the pack gets wrong exits 1 and shows the expectation it missed."""
    text = PLANTED + yaml.safe_dump(
        {
            "examples": [
                {
                    "name": "no calls at a small firm",
                    "today": "2026-11-26",
                    "application": {
                        "candidate": {"name": "Martha Owens"},
                        "company": {"name": "Acme Corp", "size": "small"},
                        "posting": {
                            "title": "clerk",
                            "no_calls": True,
                            "recruiter": {"phone": "+1 555 0123"},
                        },
                        "materials": {"complete": True},
                        "submitted_on": "2026-11-18",
                    },
                    "excludes": ["call_recruiter"],
                }
            ]
        },
        sort_keys=False,
    )
    path = _write(tmp_path, text)
    assert main(["test", str(path), "--examples", "30"]) == 1
    out = capsys.readouterr().out
    assert "FAIL example 'no calls at a small firm'" in out
    assert "call_recruiter is recommended but must not be" in out


def test_bad_arguments_and_missing_hypothesis_are_clear_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--examples 0 is a usage error; without hypothesis the error names the 'testing' extra."""
    with pytest.raises(SystemExit):
        main(["test", "default", "--examples", "0"])
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    for module in ("_hypothesis", "strategies", "checks"):
        monkeypatch.delitem(sys.modules, f"outreach_rules.testing.{module}", raising=False)
        monkeypatch.delattr(outreach_rules.testing, module, raising=False)
    assert main(["test", "default"]) == 2
    assert "pip install 'outreach-rules[testing]'" in capsys.readouterr().err


def test_today_of_a_counterexample_is_its_as_of() -> None:
    """Counterexamples carry their day as as_of, so the pasted file needs no --today."""
    app = parse_application("as_of: 2026-11-26\ncandidate: {name: a}\ncompany: {name: b}\n")
    assert app.as_of == date(2026, 11, 26)


def test_a_failing_example_shows_its_application_and_decision() -> None:
    """An example whose expectation is wrong reports the difference, the YAML and the decision."""
    pack = load_pack_text(CHILD.replace("primary: call_recruiter", "primary: email_follow_up"))
    outcome = run_example(pack, pack.examples[0])
    assert not outcome.passed
    assert outcome.problems[0] == "expected primary email_follow_up, got call_recruiter"
    text = outcome.text()
    assert "title: clerk" in text
    assert "recommends call_recruiter (rule call-recruiter)" in text


def test_an_outcome_is_one_line_when_it_passed_and_a_counterexample_when_not() -> None:
    """A passing check reads 'ok'; a failing one lists its problems, application and decision."""
    passed = Outcome("example", "day 3", "p.yaml:4")
    assert passed.passed
    assert passed.text() == "ok   example 'day 3' (p.yaml:4)\n"
    failed = Outcome(
        "invariant", "no-calls", "p.yaml:9", ("recommended call_recruiter",), "a: 1\n", "x\n"
    )
    assert not failed.passed
    assert failed.text().splitlines() == [
        "FAIL invariant 'no-calls' (p.yaml:9)",
        "  - recommended call_recruiter",
        "  counterexample (shrunk), ready to paste:",
        "    a: 1",
        "  it got:",
        "    x",
    ]


def test_a_report_counts_what_failed_and_passed() -> None:
    """A report opens with the pack's size and ends with how many checks failed and passed."""
    pack = load_pack_text(CHILD)
    report = Report(pack, [Outcome("example", "a", "f"), Outcome("pack", "b", "f", ("bad",))])
    assert [o.name for o in report.failed] == ["b"]
    lines = report.text().splitlines()
    assert lines[0] == (
        f"pack child 0: {len(pack.rules)} rules, 1 examples, {len(pack.invariants)} invariants"
    )
    assert lines[-1] == "1 failed, 1 passed"


def test_run_example_records_coverage_and_shows_a_failure() -> None:
    """run_example counts the example in the coverage, and a failure shows the decision got."""
    pack = load_pack_text(CHILD.replace("primary: call_recruiter", "primary: email_follow_up"))
    coverage = Coverage(pack)
    outcome = run_example(pack, pack.examples[0], coverage)
    assert coverage.cases == 1
    assert outcome.where == "<string>:4"
    assert outcome.problems == ("expected primary email_follow_up, got call_recruiter",)
    assert outcome.decision.startswith("decision on 2026-11-26 (pack child):")


def test_a_pack_reading_custom_facts_passes_with_full_coverage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`outreach-rules test` on a pack of custom facts: its example, invariant and the
    generated checks pass, and every rule fires and fails to fire (100% coverage)."""
    assert main(["test", str(CUSTOM_FACTS), "--examples", "60", "--fail-under", "100"]) == 0
    out = capsys.readouterr().out
    assert "ok   example 'a large ministry on day 9 is written to, not visited'" in out
    assert "ok   invariant 'never-visit-a-large-public-employer'" in out
    assert "coverage: 100.0%" in out
    assert out.endswith("\n0 failed, 3 passed\n")
