"""Every application in examples/ gets the advice the guidance calls for; so do the example
packs of docs/examples/ (public-sector.yaml: ten days' wait, everywhere)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from support.builders import day, make_app
from support.packs import public_sector_pack

from outreach_rules import (
    Application,
    Decision,
    explain,
    load_application,
    next_action,
    plan,
    plan_to_ics,
    why_not,
)
from outreach_rules.testing.runner import run_pack

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
SCHEMA_LINE = "# yaml-language-server: $schema=../docs/schemas/application.schema.json"

FOLLOW_UPS = ("call_recruiter", "call_main_office", "email_follow_up", "visit_in_person")


@dataclass(frozen=True)
class Expect:
    """What the default pack must decide for one example."""

    primary: str
    included: tuple[str, ...] = ()
    blocked: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()  # neither recommended nor required to be blocked
    not_before: date | None = None  # of the primary action
    due_by: date | None = None  # of the primary action


EXPECTED: dict[str, Expect] = {
    # Day 8, a listed recruiter with a phone: call her; email is the alternative.
    "martha_day8.yaml": Expect(
        primary="call_recruiter",
        included=("email_follow_up",),
        absent=("wait", "call_main_office", "visit_in_person", "await_response"),
        not_before=date(2026, 11, 25),
        due_by=date(2026, 11, 28),
    ),
    # Day 3: too early to follow up in any way; waiting ends a week after submitting.
    "day3_waiting.yaml": Expect(
        primary="wait",
        blocked=FOLLOW_UPS,
        absent=("research_company", "connect_values"),
        due_by=date(2026, 11, 30),
    ),
    # Day 8, the posting says not to call: email, and both calls are ruled out.
    "no_calls_posting.yaml": Expect(
        primary="email_follow_up",
        blocked=("call_recruiter", "call_main_office"),
        absent=("wait",),
        not_before=date(2026, 11, 25),
    ),
    # Day 9, no recruiter listed: call the main office and ask for HR.
    "no_recruiter_main_office.yaml": Expect(
        primary="call_main_office",
        included=("email_follow_up",),
        absent=("call_recruiter", "visit_in_person"),
        not_before=date(2026, 11, 25),
        due_by=date(2026, 11, 28),
    ),
    # Day 8 at a small family-run ice cream shop: visit first, calling/emailing remain.
    "ice_cream_shop.yaml": Expect(
        primary="visit_in_person",
        included=("call_main_office", "email_follow_up"),
        absent=("call_recruiter",),
        not_before=date(2026, 11, 25),
    ),
    # No posting, an alumnus at the firm: ask him; no need to hunt for contacts.
    "informational_via_alumni.yaml": Expect(
        primary="request_informational_interview",
        included=("connect_values",),
        absent=("find_contacts", "complete_application", "wait", *FOLLOW_UPS),
    ),
    # No posting, nobody known: ask HR for a phone interview and look for contacts.
    "informational_no_contacts.yaml": Expect(
        primary="request_informational_interview",
        included=("find_contacts", "research_company", "connect_values"),
        absent=("complete_application", "wait", *FOLLOW_UPS),
    ),
    # Informational interview with Pat Smithie in 5 days: prepare questions by then.
    "informational_interview_prep.yaml": Expect(
        primary="prepare_questions",
        included=("research_interviewers",),
        absent=("request_informational_interview", "find_contacts"),
        due_by=date(2026, 12, 1),
    ),
    # Draft letter names a date, asks for nothing, lacks contact details: fix it
    # before sending it (the fixes rank above "complete and submit").
    "cover_letter_draft.yaml": Expect(
        primary="remove_specific_date",
        included=(
            "ask_for_interview_in_cover_letter",
            "add_contact_details",
            "complete_application",
        ),
        blocked=FOLLOW_UPS,
        absent=("wait",),
    ),
    # Ready to send but the letter is generic and thanks nobody: tailor it first.
    "generic_cover_letter.yaml": Expect(
        primary="tailor_cover_letter",
        included=("thank_reader_in_cover_letter", "complete_application"),
        blocked=FOLLOW_UPS,
        absent=("wait",),
    ),
    # No cover letter yet and a resume without contact details: write, fix, then submit.
    "no_cover_letter_yet.yaml": Expect(
        primary="tailor_cover_letter",
        included=("add_contact_details", "complete_application"),
        blocked=FOLLOW_UPS,
        absent=("wait", "thank_reader_in_cover_letter"),
    ),
    # The recruiter gave a timeline: nothing to chase.
    "heard_back.yaml": Expect(
        primary="await_response",
        blocked=FOLLOW_UPS,
        absent=("wait",),
    ),
    # Emailed three days ago: give them a week from the email.
    "followed_up_by_email.yaml": Expect(
        primary="await_response",
        blocked=FOLLOW_UPS,
        absent=("wait",),
        due_by=date(2026, 12, 3),
    ),
    # Day 12: the 7-10 day call window is over; email instead.
    "day12_email.yaml": Expect(
        primary="email_follow_up",
        absent=("call_recruiter", "call_main_office", "wait"),
        not_before=date(2026, 11, 25),
    ),
    # Day 2 at a large firm, nothing researched: research (annual report too) while waiting.
    "large_company_research.yaml": Expect(
        primary="research_company",
        included=("connect_values", "wait"),
        blocked=FOLLOW_UPS,
    ),
    # A job interview in four days, interviewers unknown: research them before it.
    "job_interview_research.yaml": Expect(
        primary="research_interviewers",
        blocked=FOLLOW_UPS,
        absent=("prepare_questions", "wait"),
        due_by=date(2026, 12, 4),
    ),
}


def example_names() -> list[str]:
    return sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def test_every_example_has_expectations() -> None:
    """Each example file has an EXPECTED entry, and each entry has a file."""
    names = set(example_names())
    assert len(names) >= 10
    assert names - EXPECTED.keys() == set(), "add these examples to EXPECTED"
    assert EXPECTED.keys() - names == set(), "these EXPECTED entries have no example file"


@pytest.mark.parametrize("name", example_names())
def test_example_header(name: str) -> None:
    """Each example starts with the schema line and a comment describing the situation."""
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
    assert lines[0] == SCHEMA_LINE
    assert lines[1].startswith("# ")
    assert len(lines[1]) > 10


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_decision(name: str) -> None:
    """The default pack gives each example its expected primary, alternatives and blocks."""
    expect = EXPECTED[name]
    app = load_application(EXAMPLES / name)
    assert app.as_of is not None, "examples must carry as_of"
    decision = next_action(app)

    assert decision.today == app.as_of
    assert decision.primary is not None
    assert decision.primary.action == expect.primary, decision.action_ids
    for action in expect.included:
        assert action in decision.action_ids, f"{action} not recommended: {decision.action_ids}"
    for action in expect.blocked:
        assert action in decision.blocked_ids, f"{action} not blocked: {decision.blocked_ids}"
        assert action not in decision.action_ids
        blocked = decision.blocked_action(action)
        assert blocked is not None
        assert blocked.reason
    for action in expect.absent:
        assert action not in decision.action_ids, f"{action} recommended: {decision.action_ids}"
    if expect.not_before is not None:
        assert decision.primary.not_before == expect.not_before
    if expect.due_by is not None:
        assert decision.primary.due_by == expect.due_by
    for rec in decision.actions:
        assert rec.explanation
        assert rec.source
        assert rec.reasons


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_decision_json_round_trip(name: str) -> None:
    """Each example's decision survives model_dump(mode='json') -> JSON text -> model_validate."""
    decision = next_action(load_application(EXAMPLES / name))
    dumped = decision.model_dump(mode="json")
    assert dumped["primary"] == dumped["actions"][0]
    again = Decision.model_validate(json.loads(json.dumps(dumped)))
    assert again == decision
    assert again.model_dump(mode="json") == dumped


# --- the example packs of docs/examples/ -----------------------------------------------
#
# docs/examples/public-sector.yaml extends the default pack with follow_up_after_days 10,
# a custom fact (sector) and a rule that blocks visits to public employers.

DAY_7 = date(2026, 11, 25)  # a week after Martha applied: the default pack's due day
DAY_10 = date(2026, 11, 28)  # ten days after: the public-sector pack's


def test_the_public_sector_pack_passes_its_examples_and_invariants() -> None:
    """Its two examples, its invariants (the default pack's with its own two) all pass."""
    pack = public_sector_pack()
    assert pack.setting_values["follow_up_after_days"] == 10
    assert {"nothing-before-the-tenth-day", "never-a-visit-to-a-public-employer"} <= {
        invariant.id for invariant in pack.invariants
    }
    report = run_pack(pack, max_examples=30)
    assert [outcome.text() for outcome in report.failed] == []
    assert [o.name for o in report.outcomes if o.kind == "example"] == [
        "on day 8, wait until day 10",
        "on day 10, call the recruiter",
    ]


def _every_text(value: Any) -> Iterator[str]:
    """Every text in a JSON value, keys excluded."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _every_text(item)
    elif isinstance(value, list):
        for item in value:
            yield from _every_text(item)


def test_on_day_8_the_public_sector_pack_says_day_10_everywhere() -> None:
    """Day 8 at a ministry: wait until day 10, in every date and every text.

    The decision, its explanation, why not each follow-up, the plan and its calendar:
    nothing names the default pack's day 7, every due date is day 10, and the texts of
    the default pack's rules (inherited) say "10 days", not "a week".
    """
    pack = public_sector_pack()
    example = pack.examples[0]
    app = make_app(company={"name": "Ministry of Transport"}, custom={"sector": "public"})
    decision = next_action(app, today=day(8), pack=pack)
    assert decision.action_ids == ("wait",)
    assert decision.primary is not None
    assert decision.primary.due_by == DAY_10
    assert decision.settings["follow_up_after_days"] == 10
    assert set(decision.blocked_ids) == set(FOLLOW_UPS)
    for blocked in decision.blocked:  # the default pack's wait-a-week blocks every follow-up
        assert "following up is due on 2026-11-28, 10 days after you applied" in blocked.reason
    assert "Wait at least 10 days" in decision.primary.explanation
    assert next_action(example.application, today=example.today, pack=pack).action_ids == ("wait",)

    explanation = explain(app, today=day(8), pack=pack)
    why_nots = {action: why_not(app, action, today=day(8), pack=pack) for action in FOLLOW_UPS}
    agenda = plan(app, today=day(8), pack=pack)
    calendar = icalendar.Calendar.from_ical(plan_to_ics(agenda))
    events = list(calendar.walk("VEVENT"))
    texts = [
        *_every_text(decision.model_dump(mode="json")),
        *_every_text(explanation.model_dump(mode="json")),
        explanation.text(),
        decision.explain(pack),
        *(w.text() for w in why_nots.values()),
        *_every_text([w.model_dump(mode="json") for w in why_nots.values()]),
        *_every_text(agenda.model_dump(mode="json")),
        agenda.text(),
        *(str(event["DESCRIPTION"]) for event in events),
    ]
    guidance = {r.source for r in pack.rules}  # quoted passages say "one week" verbatim
    for text in texts:
        assert DAY_7.isoformat() not in text, text
        if text not in guidance and "house default" not in text:
            assert "a week" not in text, text
            assert "7 days" not in text, text
    # Conditions are traced as the pack has them: "< 10" and ">= 10", never 7.
    assert "days_since_submission < 10  (saw 8)" in explanation.text()
    for action, answer in why_nots.items():
        assert answer.status == "blocked", action
        waiting = [c for c in (*answer.suggestions, *answer.out_of_reach) if c.waits]
        assert waiting, action
        assert all(c.on == DAY_10 for c in waiting), (action, [c.text for c in waiting])
        assert "days_since_submission >= 10" in answer.text() or action == "visit_in_person"

    # The plan: wait until day 10; the follow-ups (and the call window) start on day 10.
    first, *later = agenda.steps
    assert (first.on, first.action, first.due_by) == (day(8), "wait", DAY_10)
    assert min(step.on for step in later) == DAY_10
    call = next(step for step in later if step.action == "call_recruiter")
    assert call.on == DAY_10
    assert call.not_before == DAY_10  # the call window opens on day 10, not day 7
    assert call.due_by == DAY_10  # and closes at call_window_days, which the pack leaves at 10
    assert "visit_in_person" not in {step.action for step in agenda.steps}
    dated = sorted(event.decoded("DTSTART") for event in events)
    assert dated[0] == day(8)
    assert min(dated[1:]) == DAY_10


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_read_the_same_with_plain_pyyaml(path: Path) -> None:
    """Plain PyYAML (YAML 1.1, which reads a bare `on:` as true) reads every example as
    load_application does: the same valid application (issue 16, point 19)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert Application.model_validate(data) == load_application(path)
