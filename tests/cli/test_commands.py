"""The commands: their output, their options and clean errors with exit code 2."""

from __future__ import annotations

import argparse
import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.builders import MINIMAL_APP_YAML, example_applications
from support.cli import assert_bad_input, flat, run
from support.packs import NO_RECRUITER_CALLS, custom_facts_pack, many_rules
from support.paths import CUSTOM_FACTS, EXAMPLES, PUBLIC_SECTOR, ROOT

import outreach_rules.engine.durable.compiler as backend
from outreach_rules import Decision, load_application, next_action
from outreach_rules._printable import UNPRINTABLE
from outreach_rules.cli import main
from outreach_rules.cli.commands import COMMANDS
from outreach_rules.cli.parser import build_parser
from outreach_rules.packs.schema import json_schema, shipped_schema_text

MARTHA = str(EXAMPLES / "martha_day8.yaml")
NO_CALLS = str(EXAMPLES / "no_calls_posting.yaml")
DAY3 = str(EXAMPLES / "day3_waiting.yaml")


UNKNOWN_FACT_PACK = """\
name: mine
extends: default
rules:
  - id: my-rule
    when:
      days_since_submision: {">=": 3}
    then:
      action: wait
    source: {house_default: a test rule}
"""


# --- next ----------------------------------------------------------------------------


def test_next_text_puts_next_action_first_with_why_script_and_dates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`next` prints the next action first, then its explanation, script, dates and ALSO."""
    code, out, err = run(capsys, "next", MARTHA)
    assert code == 0
    assert err == ""
    text = flat(out)
    assert "Martha Owens" in out.splitlines()[0]
    first_action = out.index("[")  # the first action id printed
    assert out.index("NEXT:") < first_action
    assert text.index("NEXT: Call the recruiter [call_recruiter]") < text.index("ALSO:")
    assert "Why: You applied 8 days ago (2026-11-18)" in text
    assert "Hello, my name is Martha Owens" in text
    assert "Who: Dana Reyes at +1 555 0123" in text
    assert "When: from 2026-11-25 to 2026-11-28" in text
    also = text[text.index("ALSO:") :]
    assert "[email_follow_up]" in also
    assert "RULED OUT:" not in text


def test_next_text_lists_what_is_ruled_out(capsys: pytest.CaptureFixture[str]) -> None:
    """For a no-calls posting, `next` recommends email and lists both calls as RULED OUT."""
    code, out, _ = run(capsys, "next", NO_CALLS)
    assert code == 0
    text = flat(out)
    assert "NEXT: Follow up by email [email_follow_up]" in text
    ruled_out = text[text.index("RULED OUT:") :]
    assert "[call_recruiter]" in ruled_out
    assert "[call_main_office]" in ruled_out
    assert "posting says applicants should not call" in ruled_out
    assert text.index("NEXT:") < text.index("RULED OUT:")


def test_next_json_is_a_decision(capsys: pytest.CaptureFixture[str]) -> None:
    """`next --json` prints JSON with primary call_recruiter that validates as a Decision."""
    code, out, err = run(capsys, "next", MARTHA, "--json")
    assert code == 0
    assert err == ""
    data = json.loads(out)
    assert data["primary"]["action"] == "call_recruiter"
    assert data["today"] == "2026-11-26"
    decision = Decision.model_validate(data)
    assert decision.primary is not None
    assert decision.primary.action == "call_recruiter"
    assert decision.action_ids == ("call_recruiter", "email_follow_up")


@pytest.mark.parametrize(
    ("today", "primary", "absent"),
    [
        ("2026-11-21", "wait", "call_recruiter"),  # day 3: too early
        ("2026-11-30", "email_follow_up", "call_recruiter"),  # day 12: call window over
    ],
)
def test_next_today_overrides_as_of(
    capsys: pytest.CaptureFixture[str], today: str, primary: str, absent: str
) -> None:
    """`--today` replaces the application's as_of as the day the advice is for."""
    code, out, _ = run(capsys, "next", MARTHA, "--today", today, "--json")
    assert code == 0
    decision = Decision.model_validate(json.loads(out))
    assert decision.today.isoformat() == today
    assert decision.primary is not None
    assert decision.primary.action == primary
    assert absent not in decision.action_ids


def test_next_custom_pack_changes_the_result(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A `--pack` that extends default and disables call-recruiter makes email the next action."""
    pack = tmp_path / "no_recruiter_calls.yaml"
    pack.write_text(NO_RECRUITER_CALLS, encoding="utf-8")
    code, out, _ = run(capsys, "next", MARTHA, "--pack", str(pack), "--json")
    assert code == 0
    decision = Decision.model_validate(json.loads(out))
    assert decision.pack == "no-recruiter-calls"
    assert decision.primary is not None
    assert decision.primary.action == "email_follow_up"
    assert "call_recruiter" not in decision.action_ids


def test_cli_next_engine_durable_prints_the_native_decision(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`next --engine durable --json` prints exactly what the native engine's run prints."""
    assert main(["next", MARTHA, "--json"]) == 0
    native = capsys.readouterr().out
    assert main(["next", MARTHA, "--json", "--engine", "durable"]) == 0
    assert capsys.readouterr().out == native


def test_cli_unknown_engine_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt --engine exits 2 with a did-you-mean, no traceback."""
    assert main(["next", MARTHA, "--engine", "durabel"]) == 2
    err = capsys.readouterr().err
    assert "unknown engine 'durabel'" in err
    assert "did you mean 'durable'?" in err
    assert "Traceback" not in err


# --- bad input: exit code 2, a clear message, no traceback ---------------------------


def test_missing_application_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A missing application file exits 2, naming the file."""
    missing = tmp_path / "nope.yaml"
    code, out, err = run(capsys, "next", str(missing))
    assert_bad_input(code, out, err)
    assert "nope.yaml" in err
    assert "cannot read" in err


def test_misspelt_key_is_named_with_suggestion(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A misspelt key exits 2, naming the key and suggesting the right one."""
    app = tmp_path / "typo.yaml"
    app.write_text(MINIMAL_APP_YAML + "submited_on: 2026-11-18\n", encoding="utf-8")
    code, out, err = run(capsys, "next", str(app))
    assert_bad_input(code, out, err)
    assert "submited_on" in err
    assert "did you mean 'submitted_on'" in err


def test_submission_after_as_of(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A submission date after as_of exits 2, naming submitted_on and both dates."""
    app = tmp_path / "future.yaml"
    app.write_text(MINIMAL_APP_YAML + "submitted_on: 2026-11-28\n", encoding="utf-8")
    code, out, err = run(capsys, "next", str(app))
    assert_bad_input(code, out, err)
    assert "submitted_on" in err
    assert "2026-11-28" in err
    assert "2026-11-26" in err


def test_pack_with_unknown_fact(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A `--pack` using an unknown fact exits 2 with file:line, the rule id and a suggestion."""
    pack = tmp_path / "bad_pack.yaml"
    pack.write_text(UNKNOWN_FACT_PACK, encoding="utf-8")
    code, out, err = run(capsys, "next", MARTHA, "--pack", str(pack))
    assert_bad_input(code, out, err)
    assert f"{pack}:6" in err
    assert "my-rule" in err
    assert "unknown fact 'days_since_submision'" in err
    assert "did you mean 'days_since_submission'" in err


# --- validate, facts, explain, plan, schema ------------------------------------------


def test_validate_shipped_default_pack(capsys: pytest.CaptureFixture[str]) -> None:
    """`validate default` reports ok for the shipped default pack."""
    code, out, err = run(capsys, "validate", "default")
    assert code == 0
    assert err == ""
    assert out.startswith("ok:")
    assert "default" in out


def test_validate_good_pack_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`validate` reports ok for a well-formed pack file."""
    pack = tmp_path / "good.yaml"
    pack.write_text("name: good\nextends: default\ndisable: [call-recruiter]\n", encoding="utf-8")
    code, out, err = run(capsys, "validate", str(pack))
    assert code == 0
    assert err == ""
    assert out.startswith("ok:")
    assert "good" in out


def test_validate_bad_pack_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`validate` exits 2 for a pack with an unknown fact, naming file:line and rule."""
    pack = tmp_path / "bad.yaml"
    pack.write_text(UNKNOWN_FACT_PACK, encoding="utf-8")
    code, out, err = run(capsys, "validate", str(pack))
    assert_bad_input(code, out, err)
    assert f"{pack}:6" in err
    assert "my-rule" in err


def test_cli_validate_checks_the_durable_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate --engine durable` refuses a pack over the limits, which plain validate accepts."""
    pack = tmp_path / "big.yaml"
    pack.write_text(many_rules(backend.MAX_RULES + 1), encoding="utf-8")
    assert main(["validate", str(pack)]) == 0
    capsys.readouterr()
    assert main(["validate", str(pack), "--engine", "durable"]) == 2
    assert "the durable engine takes at most" in capsys.readouterr().err


def test_facts_prints_json_with_derived_facts(capsys: pytest.CaptureFixture[str]) -> None:
    """`facts` prints JSON holding given and derived facts, e.g. days_since_submission."""
    code, out, _ = run(capsys, "facts", MARTHA)
    assert code == 0
    facts = json.loads(out)
    assert facts["days_since_submission"] == 8
    assert facts["submitted_on"] == "2026-11-18"
    assert facts["candidate.name"] == "Martha Owens"

    code, out, _ = run(capsys, "facts", MARTHA, "--today", "2026-11-30")
    assert code == 0
    assert json.loads(out)["days_since_submission"] == 12


def test_base_dir_lets_a_pack_extend_a_parent_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--base-dir widens where 'extends' may read; without it the parent folder is refused."""
    (tmp_path / "base.yaml").write_text("name: base\nextends: default\n", encoding="utf-8")
    (tmp_path / "team").mkdir()
    child = tmp_path / "team" / "child.yaml"
    child.write_text("name: child\nextends: ../base.yaml\n", encoding="utf-8")
    assert main(["validate", str(child)]) == 2
    assert "points outside the folder packs may be read from" in capsys.readouterr().err
    assert main(["validate", str(child), "--base-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("ok: pack child")
    assert (
        main(
            [
                "next",
                str(EXAMPLES / "martha_day8.yaml"),
                "--pack",
                str(child),
                "--base-dir",
                str(tmp_path),
                "--json",
            ]
        )
        == 0
    )


def test_closed_pipe_is_not_a_traceback() -> None:
    """Writing to a reader that has gone away (`| head`) ends quietly, without a traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write
    try:
        result = subprocess.run(
            [sys.executable, "-m", "outreach_rules", "next", str(EXAMPLES / "martha_day8.yaml")],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0


# Every command that prints to standard output, with arguments that succeed.
PRINTING_COMMANDS = {
    "--help": ["--help"],
    "next --help": ["next", "--help"],
    "next": ["next", MARTHA],
    "next --json": ["next", MARTHA, "--json"],
    "validate": ["validate", "default"],
    "lint": ["lint", "default"],
    "facts": ["facts", MARTHA],
    "explain": ["explain", MARTHA],
    "plan": ["plan", DAY3],
    "schema": ["schema", "pack"],
}


def _python_m(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "outreach_rules", *argv],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=120,
        **kwargs,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("argv", PRINTING_COMMANDS.values(), ids=PRINTING_COMMANDS.keys())
def test_a_full_disk_on_stdout_is_a_message_not_a_traceback(argv: list[str]) -> None:
    """Standard output on /dev/full (ENOSPC): a message on stderr, exit 2, no traceback."""
    with open("/dev/full", "w") as full:
        result = _python_m(argv, stdout=full)
    assert result.stderr == (
        "outreach-rules: error: cannot write to standard output: No space left on device\n"
    )
    assert result.returncode == 2


@pytest.mark.parametrize("command", ["next", "validate", "schema"])
def test_a_closed_stdout_is_a_message_not_a_traceback(command: str) -> None:
    """Started with its stdout closed (`>&-`): a message on stderr, exit 2, no traceback."""
    argv = PRINTING_COMMANDS[command]
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" "$@" >&-', sys.executable, "-m", "outreach_rules", *argv],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.stderr == "outreach-rules: error: cannot write to standard output: it is closed\n"
    assert result.returncode == 2


def test_a_failed_write_names_stdout_and_an_error_still_reaches_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process too: a failing stdout gives exit 2 and the message, whatever the command."""

    class Full:
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    assert main(["validate", "default"]) == 2
    assert "cannot write to standard output: No space left on device" in capsys.readouterr().err


def test_explain_shows_the_rules_and_conditions(capsys: pytest.CaptureFixture[str]) -> None:
    """`explain` lists each recommendation and ruled-out action with its checked conditions."""
    code, out, _ = run(capsys, "explain", MARTHA)
    assert code == 0
    assert out.startswith("Why, on 2026-11-26 (pack default):\n")
    assert "Call the recruiter [call_recruiter]: recommended" in out
    assert "      ✓ days_since_submission >= 7  (saw 8)" in out


def test_explain_action_answers_why_not(capsys: pytest.CaptureFixture[str]) -> None:
    """`explain --action` names the block, its passage, and what would change it."""
    code, out, _ = run(capsys, "explain", NO_CALLS, "--action", "call_recruiter")
    assert code == 0
    assert "posting-says-no-calls (priority 100, fired)" in out
    assert 'source: "Do not make a follow-up call' in out
    assert "nothing you can change on your own" in out


def test_explain_json_reads_back(capsys: pytest.CaptureFixture[str]) -> None:
    """`explain --json` and `explain --action --json` print models that validate back."""
    from outreach_rules import ActionExplanation, Explanation

    code, out, _ = run(capsys, "explain", DAY3, "--json")
    assert code == 0
    assert Explanation.model_validate(json.loads(out)).decision.primary.action == "wait"
    code, out, _ = run(capsys, "explain", DAY3, "--action", "call_recruiter", "--json")
    answer = ActionExplanation.model_validate(json.loads(out))
    assert answer.suggestions[0].on.isoformat() == "2026-11-30"


def test_explain_unknown_action_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt --action exits 2 with a did-you-mean and no traceback."""
    code, out, err = run(capsys, "explain", MARTHA, "--action", "email_folow_up")
    assert code == 2
    assert out == ""
    assert err == (
        "outreach-rules: error: unknown action 'email_folow_up' in pack 'default'; "
        "did you mean 'email_follow_up'?\n"
    )


def test_plan_prints_a_dated_agenda(capsys: pytest.CaptureFixture[str]) -> None:
    """`plan` prints the dated steps; --days bounds it; --json validates back into a Plan."""
    from outreach_rules import Plan

    code, out, _ = run(capsys, "plan", DAY3)
    assert code == 0
    assert "2026-11-30 (day 4):\n  NEXT: Call the recruiter [call_recruiter]" in out
    code, out, _ = run(capsys, "plan", DAY3, "--days", "2", "--json")
    agenda = Plan.model_validate(json.loads(out))
    assert agenda.last_day.isoformat() == "2026-11-28"
    code, _, err = run(capsys, "plan", DAY3, "--days", "999")
    assert code == 2
    assert "horizon_days must be a whole number from 0 to 366" in err


@pytest.mark.parametrize("kind", ["application", "pack", "decision"])
def test_schema_prints_the_shipped_json_schema(
    capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """`schema KIND` prints the JSON Schema shipped in the package, as valid JSON."""
    code, out, err = run(capsys, "schema", kind)
    assert code == 0
    assert err == ""
    assert out == shipped_schema_text(kind)
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_command_of_the_parser_has_its_function() -> None:
    """The dispatch table has one function for each command the parser knows, and no other."""
    (sub,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(COMMANDS) == set(sub.choices)
    assert all(callable(function) for function in COMMANDS.values())


def test_facts_checks_the_dates_against_the_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`facts --today` before the submission is bad input, as for `next`."""
    app = tmp_path / "app.yaml"
    app.write_text(MINIMAL_APP_YAML + "submitted_on: 2026-11-18\n", encoding="utf-8")
    code, out, err = run(capsys, "facts", str(app), "--today", "2026-11-10")
    assert_bad_input(code, out, err)
    assert "submitted_on: 2026-11-18 is after today (2026-11-10)" in err


def test_validate_says_when_a_pack_fits_the_durable_engine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`validate --engine durable` adds that the pack fits durable_rules' limits."""
    code, out, err = run(capsys, "validate", "default", "--engine", "durable")
    assert (code, err) == (0, "")
    assert out.startswith("ok: pack default ")
    assert out.endswith(" rules from 1 file; fits the durable engine\n")


# --- a pack's settings and custom facts: --set, schema --pack -------------------------


def test_next_with_set_waits_ten_days_and_records_the_settings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`next --set follow_up_after_days=10` on day 8: wait until day 10, in words and dates;
    --json records every setting; a later --set of the same name wins."""
    code, out, err = run(capsys, "next", MARTHA, "--set", "follow_up_after_days=10")
    assert (code, err) == (0, "")
    text = flat(out)
    assert "NEXT: Wait before following up [wait]" in text
    assert "Wait at least 10 days before expecting a response" in text
    assert "When: until 2026-11-28" in text
    assert "2026-11-25" not in text
    code, out, _ = run(
        capsys, "next", MARTHA, "--json",
        "--set", "follow_up_after_days=12",
        "--set", "reply_outcomes=[rejected]",
        "--set", "follow_up_after_days=10",
    )  # fmt: skip
    decision = Decision.model_validate(json.loads(out))
    assert decision.settings["follow_up_after_days"] == 10
    assert decision.settings["reply_outcomes"] == ["rejected"]
    assert decision.settings["call_window_days"] == 10  # the defaults are filled in
    assert decision.primary is not None
    assert decision.primary.due_by is not None
    assert decision.primary.due_by.isoformat() == "2026-11-28"


def test_explain_plan_and_facts_take_set(capsys: pytest.CaptureFixture[str]) -> None:
    """explain, explain --action, plan and facts all decide with the settings given."""
    slower = ("--set", "follow_up_after_days=10")
    code, out, _ = run(capsys, "explain", MARTHA, *slower)
    assert code == 0
    assert "✓ days_since_submission < 10  (saw 8)" in out
    code, out, _ = run(capsys, "explain", MARTHA, "--action", "call_recruiter", *slower)
    assert code == 0
    assert "✗ days_since_submission >= 10  (saw 8)" in out
    assert "from 2026-11-28" in flat(out)
    code, out, _ = run(capsys, "plan", MARTHA, "--json", *slower)
    assert code == 0
    steps = json.loads(out)["steps"]
    assert [(s["on"], s["action"]) for s in steps][:2] == [
        ("2026-11-26", "wait"),
        ("2026-11-28", "call_recruiter"),
    ]
    assert json.loads(out)["settings"]["follow_up_after_days"] == 10
    code, out, _ = run(capsys, "facts", MARTHA, *slower, "--set", "call_window_days=14")
    assert code == 0
    facts = json.loads(out)
    assert facts["settings.follow_up_after_days"] == 10
    assert facts["follow_up_due_on"] == "2026-11-28"
    assert facts["follow_up_window_ends_on"] == "2026-12-02"
    assert facts["follow_up_wait"] == "10 days"


def test_batch_takes_set_for_every_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`batch --set` decides every line with the settings, as next_action(settings=...) does."""
    apps = example_applications()[:6]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(app) + "\n" for app in apps), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run(
        capsys, "batch", str(source), "--out", str(out), "--set", "follow_up_after_days=10"
    )
    assert code == 0, err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["decision"] for r in records] == [
        next_action(app, settings={"follow_up_after_days": 10}).model_dump(mode="json")
        for app in apps
    ]


@pytest.mark.parametrize(
    "command",
    [
        ("next", MARTHA),
        ("facts", MARTHA),
        ("explain", MARTHA),
        ("explain", MARTHA, "--action", "wait"),
        ("plan", MARTHA),
        ("batch", MARTHA, "--out", "never-written.jsonl"),
    ],
)
def test_a_misspelt_setting_exits_2_with_a_suggestion(
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--set with a setting the pack does not have: exit 2, settings.NAME, a did-you-mean."""
    monkeypatch.chdir(tmp_path)  # batch must write nothing: it would write here
    code, out, err = run(capsys, *command, "--set", "follow_up_after_dys=10")
    assert_bad_input(code, out, err)
    assert err == (
        "outreach-rules: error: invalid settings (1 problem)\n"
        "  - settings.follow_up_after_dys: pack 'default' has no setting "
        "'follow_up_after_dys'; did you mean 'follow_up_after_days'?\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("follow_up_after_days=100", "expected a whole number from 1 to 60 (got 100)"),
        ("follow_up_after_days=0", "expected a whole number from 1 to 60 (got 0)"),
        ("follow_up_after_days='10'", "expected a whole number from 1 to 60 (got '10')"),
        ("reply_outcomes=[rejectd]", "'rejectd' is not one of: no_answer,"),
        ("reply_outcomes=rejected", "expected a list of: no_answer,"),
    ],
)
def test_a_setting_value_that_does_not_fit_exits_2_saying_why(
    capsys: pytest.CaptureFixture[str], given: str, words: str
) -> None:
    """An out-of-bounds or mistyped --set value: exit 2, naming the setting and what fits."""
    code, out, err = run(capsys, "next", MARTHA, "--set", given)
    assert_bad_input(code, out, err)
    name = given.split("=")[0]
    assert f"  - settings.{name}: {words}" in err


def test_set_reaches_the_settings_a_pack_declares(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--set works on the settings a --pack declares itself, and misspelt ones name that pack."""
    app = tmp_path / "ministry.yaml"
    app.write_text(
        MINIMAL_APP_YAML + "submitted_on: 2026-11-18\ncustom: {sector: public, headcount: 20}\n",
        encoding="utf-8",
    )
    pack = str(CUSTOM_FACTS)
    code, out, _ = run(capsys, "next", str(app), "--pack", pack, "--json")
    assert code == 0
    assert "visit_in_person" not in Decision.model_validate(json.loads(out)).blocked_ids
    code, out, _ = run(
        capsys, "next", str(app), "--pack", pack, "--json", "--set", "large_headcount=20"
    )
    assert code == 0
    assert "visit_in_person" in Decision.model_validate(json.loads(out)).blocked_ids
    code, out, err = run(capsys, "next", str(app), "--pack", pack, "--set", "large_headcont=20")
    assert_bad_input(code, out, err)
    assert "pack 'custom-facts' has no setting 'large_headcont'" in err
    assert "did you mean 'large_headcount'?" in err


def test_a_misspelt_custom_fact_in_an_application_names_its_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A custom key the pack does not declare exits 2 naming the application's file, the key
    and the right name, as for the application's other keys (so does a date after --today)."""
    app = tmp_path / "ministry.yaml"
    app.write_text(
        MINIMAL_APP_YAML + "submitted_on: 2026-11-18\ncustom: {secotr: public}\n",
        encoding="utf-8",
    )
    for command in ("next", "facts", "explain", "plan"):
        code, out, err = run(capsys, command, str(app), "--pack", str(PUBLIC_SECTOR))
        assert_bad_input(code, out, err)
        assert err == (
            f"outreach-rules: error: {app}: invalid application (1 problem)\n"
            "  - custom.secotr: pack 'public-sector' declares no custom fact 'secotr'; "
            "did you mean 'sector'?\n"
        ), command
    code, out, err = run(capsys, "next", MARTHA, "--today", "2026-11-10")
    assert_bad_input(code, out, err)
    assert err.startswith(f"outreach-rules: error: {MARTHA}: invalid application (1 problem)")


@pytest.mark.parametrize("kind", ["application", "pack"])
def test_schema_for_a_pack_knows_its_custom_facts_and_settings(
    capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """`schema KIND --pack P` prints json_schema(KIND, P): the application's custom: holds
    the pack's custom facts and no others; the pack schema knows its settings and facts."""
    code, out, err = run(capsys, "schema", kind, "--pack", str(CUSTOM_FACTS))
    assert (code, err) == (0, "")
    schema = json.loads(out)
    assert schema == json_schema(kind, custom_facts_pack())
    assert out != shipped_schema_text(kind)
    if kind == "application":
        custom = schema["properties"]["custom"]
        assert custom["additionalProperties"] is False
        assert set(custom["properties"]) == set(custom_facts_pack().custom)
    else:
        defs = schema["$defs"]
        assert "large_headcount" in defs["SettingRef"]["properties"]["setting"]["enum"]
        assert {"custom.sector", "mission_driven"} <= set(defs["FactTests"]["properties"])


# --- what is printed from user data (issue 16, point 16) ---------------------------

HOSTILE = "\x1b]0;pwned\x07\x1b[31m\u202eevil\u2066\x85\nfake line"
"""A terminal retitle, a colour, a right-to-left override, an isolate, a C1 control, a newline."""


def _assert_tame(text: str) -> None:
    """No control character but newline, no direction override: only visible escapes."""
    assert not any(ord(c) in UNPRINTABLE for c in text), repr(text)
    assert "\\x1b]0;pwned\\x07\\x1b[31m\\u202eevil\\u2066\\x85" in text


@pytest.mark.parametrize("command", ["validate", "lint", "test"])
def test_a_pack_version_is_printed_escaped(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate`, `lint` and `test` show a pack's version with its controls as escapes."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"name: mine\nversion: {json.dumps(HOSTILE)}\nextends: default\n")
    extra = ["--examples", "1"] if command == "test" else []
    code, out, _ = run(capsys, command, str(pack), *extra)
    assert code == 0
    _assert_tame(out)
    assert "\\nfake line" in out  # a version cannot start a line of its own


def test_an_application_and_a_file_name_are_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`next` text escapes the candidate's name; an error escapes the file's name."""
    app = tmp_path / "app.yaml"
    app.write_text(MINIMAL_APP_YAML.replace("Martha Owens", json.dumps(HOSTILE.replace("\n", " "))))
    code, out, _ = run(capsys, "next", str(app), "--today", "2026-11-26")
    assert code == 0
    assert "\\x1b]0;pwned\\x07\\x1b[31m\\u202eevil\\u2066\\x85" in out
    assert not any(ord(c) in UNPRINTABLE for c in out)
    missing = str(tmp_path / f"gone{HOSTILE}.yaml")
    code, out, err = run(capsys, "next", missing)
    assert_bad_input(code, out, err)
    assert not any(ord(c) in UNPRINTABLE for c in err)
    assert "gone\\x1b]0;pwned" in err


def test_usage_errors_quote_the_command_line_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse's messages echo what was typed: escaped too, still exit 2."""
    code, out, err = run(capsys, "validate", "default", f"extra{HOSTILE}")
    assert_bad_input(code, out, err)
    assert "unrecognized arguments: extra\\x1b]0;pwned" in err
    assert not any(ord(c) in UNPRINTABLE for c in err)


def test_json_output_stays_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`facts` and `next --json` escape as JSON does: the name reads back exactly, nothing raw."""
    app = tmp_path / "app.yaml"
    name = HOSTILE.replace("\n", " ")
    app.write_text(MINIMAL_APP_YAML.replace("Martha Owens", json.dumps(name)))
    code, out, _ = run(capsys, "facts", str(app))
    assert code == 0
    assert not any(ord(c) in UNPRINTABLE for c in out)
    assert json.loads(out)["candidate.name"] == name
    code, out, _ = run(capsys, "next", str(app), "--json")
    assert code == 0
    assert not any(ord(c) in UNPRINTABLE for c in out)
    assert Decision.model_validate(json.loads(out))


# --- schema of explanations and plans; several files for next (issue 16, point 21) ----


@pytest.mark.parametrize("kind", ["explanation", "why-not", "plan"])
def test_schema_prints_the_explanation_and_plan_schemas_the_docs_ship(
    kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`schema explanation|why-not|plan` prints docs/schemas/KIND.schema.json, which the
    JSON of `explain --json`, `explain --action --json` and `plan --json` fits."""
    jsonschema = pytest.importorskip("jsonschema")
    code, out, _ = run(capsys, "schema", kind)
    assert code == 0
    assert out == (ROOT / "docs" / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    argv = {"explanation": ["explain"], "why-not": ["explain", "--action", "wait"]}
    code, printed, _ = run(capsys, *argv.get(kind, ["plan"]), MARTHA, "--json")
    assert code == 0
    jsonschema.validate(json.loads(printed), json.loads(out))
    code, again, _ = run(capsys, "schema", kind, "--pack", "default")
    assert (code, again) == (0, out)


def test_a_pack_s_schema_escapes_its_controls_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A description with controls and a direction override gives a schema that is still
    JSON, with them as JSON escapes, never raw."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "name: mine\nextends: default\nfacts:\n  sector:\n    type: str\n    optional: true\n"
        f"    description: {json.dumps('The sector' + HOSTILE)}\n"
    )
    code, out, _ = run(capsys, "schema", "application", "--pack", str(pack))
    assert code == 0
    assert not any(ord(c) in UNPRINTABLE for c in out)
    assert json.dumps("The sector" + HOSTILE) in json.dumps(json.loads(out))


def test_next_decides_several_files_each_under_its_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`next A B` prints each decision under `==> FILE <==`, as `next FILE` would alone."""
    code, out, err = run(capsys, "next", MARTHA, DAY3)
    assert (code, err) == (0, "")
    _, alone, _ = run(capsys, "next", DAY3)
    first, second = out.split(f"\n==> {DAY3} <==\n")
    assert first.startswith(f"==> {MARTHA} <==\nMartha Owens")
    assert second == alone


def test_next_json_of_several_files_is_one_object_a_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With --json, several files give JSON Lines: {"file": ..., "decision": ...}."""
    code, out, _ = run(capsys, "next", MARTHA, NO_CALLS, "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["file"] for row in rows] == [MARTHA, NO_CALLS]
    assert Decision.model_validate(rows[0]["decision"]) == next_action(load_application(MARTHA))


def test_next_of_several_files_goes_on_past_a_bad_one_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that fails is named on stderr; the others are still decided; exit status 2."""
    missing = str(tmp_path / "missing.yaml")
    code, out, err = run(capsys, "next", MARTHA, missing, DAY3, "--json")
    assert code == 2
    assert [json.loads(line)["file"] for line in out.splitlines()] == [MARTHA, DAY3]
    assert err.startswith(f"outreach-rules: error: {missing}: ")
    assert "Traceback" not in err
