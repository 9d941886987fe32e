"""why_not and counterfactuals: every action of the catalogue, on the seed's situations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support.builders import day, make_app

from outreach_rules import (
    ACTIONS,
    FACT_SPECS,
    OutreachRulesError,
    UnknownActionError,
    default_pack,
    facts_of,
    load_application,
    load_pack_text,
    next_action,
    why_not,
)
from outreach_rules.explaining.trace import ConditionTrace

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# Situations from the guidance that exercise every branch: waiting, calling, no calls,
# a small family business, an unsent application, the informational path.
SITUATIONS = [
    "day3_waiting",
    "martha_day8",
    "no_calls_posting",
    "ice_cream_shop",
    "generic_cover_letter",
    "informational_no_contacts",
]


def _fact_nodes(node: ConditionTrace) -> list[ConditionTrace]:
    if node.kind == "fact":
        return [node]
    return [n for item in node.items for n in _fact_nodes(item)]


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("example", SITUATIONS)
def test_why_not_answers_for_every_action(example: str, action: str) -> None:
    """why_not agrees with the decision, names every rule for and against, with real values."""
    app = load_application(ROOT / "examples" / f"{example}.yaml")
    assert app.as_of is not None
    decision = next_action(app)
    answer = why_not(app, action)
    pack = default_pack()
    expected_status = (
        "recommended"
        if action in decision.action_ids
        else "blocked"
        if action in decision.blocked_ids
        else "not_recommended"
    )
    assert answer.status == expected_status
    assert [r.rule_id for r in answer.rules] == [
        r.id for r in pack.ranked if r.then is not None and r.then.action == action
    ]
    assert [r.rule_id for r in answer.blocks] == [
        r.id for r in pack.ranked if any(b.action == action for b in r.blocks)
    ]
    facts = facts_of(app, app.as_of)
    for rule in (*answer.rules, *answer.blocks):
        for node in _fact_nodes(rule.when):
            assert node.seen == facts[node.fact]
    if expected_status == "blocked":
        blockers = {r.rule_id for r in answer.blocks if r.held}
        assert blockers == {r.rule_id for r in decision.blocked_action(action).reasons}
    if expected_status == "not_recommended":
        assert not any(r.held for r in answer.rules)
    text = answer.text()
    assert f"[{action}]" in text
    for cf in (*answer.suggestions, *answer.out_of_reach):
        assert action in next_action(cf.apply(app)).action_ids, cf.text
    for cf in answer.suggestions:
        assert "employer" not in cf.needs
        assert all(c.changeable_by == "candidate" for c in cf.changes)
    for cf in answer.out_of_reach:
        assert "employer" in cf.needs


def test_no_calls_posting_names_the_blocking_rule_and_its_source() -> None:
    """Calling when the posting forbids it: the block, its passage, and no suggestion."""
    answer = why_not(load_application(ROOT / "examples/no_calls_posting.yaml"), "call_recruiter")
    assert answer.status == "blocked"
    fired = [b for b in answer.blocks if b.held]
    assert [b.rule_id for b in fired] == ["posting-says-no-calls"]
    assert fired[0].source == (
        "Do not make a follow-up call is if the job posting explicitly states that applicants "
        "should not call."
    )
    assert answer.suggestions == ()
    [change] = [c for cf in answer.out_of_reach for c in cf.changes]
    assert (change.field, change.to, change.changeable_by) == (
        "posting.no_calls",
        False,
        "employer",
    )
    text = answer.text()
    assert "posting-says-no-calls (priority 100, fired)" in text
    assert "nothing you can change on your own" in text
    assert "- out of your hands: if posting.no_calls were false" in text
    assert answer.out_of_reach[0].text == (
        "if posting.no_calls were false (the employer's to change, not yours); "
        "then until 2026-11-28"
    )


def test_too_early_to_call_suggests_a_date() -> None:
    """Three days after applying, calling becomes right on day 7: a date, no change."""
    app = load_application(ROOT / "examples/day3_waiting.yaml")
    answer = why_not(app, "call_recruiter")
    [cf] = answer.suggestions
    assert cf.changes == ()
    assert (cf.on, cf.until, cf.waits, cf.needs) == (
        date(2026, 11, 30),
        date(2026, 12, 3),
        True,
        ("time",),
    )
    assert cf.text == "from 2026-11-30 to 2026-12-03"
    failed = [n for r in answer.rules for n in _fact_nodes(r.when) if not n.held]
    assert [(n.fact, n.seen) for n in failed] == [("days_since_submission", 3)]
    assert FACT_SPECS["days_since_submission"].changeable_by == "time"


def test_derived_fact_maps_back_to_an_application_change() -> None:
    """'submitted' is derived: the suggestion sets submitted_on, then waits the week out."""
    app = load_application(ROOT / "examples/generic_cover_letter.yaml")
    [cf] = why_not(app, "call_main_office").suggestions
    [change] = cf.changes
    assert (change.field, change.to) == ("submitted_on", "2026-11-26")
    assert "submitted == true" in change.satisfies
    assert (cf.on, cf.until) == (date(2026, 12, 3), date(2026, 12, 6))
    assert cf.needs == ("candidate", "time")


def test_candidate_changes_are_suggested_employer_changes_are_not() -> None:
    """A missing research step is the candidate's to do; a company's size is not."""
    app = make_app(research={"company": False}, company={"size": "medium"})
    answer = why_not(app, "visit_in_person", today=day(8))
    assert answer.suggestions == ()
    fields = {c.field for cf in answer.out_of_reach for c in cf.changes}
    assert fields == {"company.size", "company.family_run"}
    assert "[the employer's]" in answer.text()


def test_work_done_is_never_undone() -> None:
    """Research already done is not 'undone' to make researching recommended again."""
    answer = why_not(load_application(ROOT / "examples/martha_day8.yaml"), "research_company")
    assert answer.status == "not_recommended"
    assert answer.suggestions == ()
    assert answer.out_of_reach == ()


def test_candidate_change_is_suggested_and_verified() -> None:
    """An incomplete application: completing it (and waiting the week) makes the email right."""
    app = make_app(materials={"complete": False}, submitted_on=None)
    answer = why_not(app, "email_follow_up", today=day(8))
    [cf] = answer.suggestions
    assert [(c.field, c.to) for c in cf.changes] == [
        ("materials.complete", True),
        ("submitted_on", day(8).isoformat()),
    ]
    assert (cf.on, cf.until) == (day(15), None)  # email stays right once the week is out
    assert cf.text.endswith("; then on or after 2026-12-03")
    assert "email_follow_up" in next_action(cf.apply(app)).action_ids


def test_recommended_action_needs_no_counterfactual() -> None:
    """For an action already recommended, the answer says so and suggests nothing."""
    answer = why_not(load_application(ROOT / "examples/martha_day8.yaml"), "call_recruiter")
    assert answer.status == "recommended"
    assert answer.recommendation is not None
    assert answer.suggestions == answer.out_of_reach == ()


def test_unknown_action_is_a_clear_error_with_a_suggestion() -> None:
    """A misspelt action id raises UnknownActionError with a did-you-mean, never a KeyError."""
    app = load_application(ROOT / "examples/martha_day8.yaml")
    with pytest.raises(UnknownActionError) as caught:
        why_not(app, "call_recruter")
    error = caught.value
    assert isinstance(error, OutreachRulesError)
    assert isinstance(error, ValueError)
    assert not isinstance(error, KeyError)
    assert error.suggestion == "call_recruiter"
    assert (
        str(error)
        == "unknown action 'call_recruter' in pack 'default'; did you mean 'call_recruiter'?"
    )


def test_counterfactuals_can_be_turned_off() -> None:
    """counterfactuals=False skips the search and answers only why."""
    answer = why_not(
        load_application(ROOT / "examples/day3_waiting.yaml"),
        "call_recruiter",
        counterfactuals=False,
    )
    assert answer.status == "blocked"
    assert answer.suggestions == answer.out_of_reach == ()


READY_PACK = """
name: ready
rules:
  - id: ready-to-send
    when:
      submitted: false
      missing_contact_details: {present: false}
    then: {action: complete_application}
    because: Your contact details are all there.
    source: {house_default: a test pack}
"""


def test_missing_contact_details_map_to_the_fields_to_fill() -> None:
    """A derived list fact is mapped back to the candidate's own fields, and verified."""
    pack = load_pack_text(READY_PACK)
    app = make_app(submitted_on=None, candidate={"skype": None, "availability": None})
    answer = why_not(app, "complete_application", today=day(0), pack=pack)
    [cf] = answer.suggestions
    assert [(c.field, c.changeable_by) for c in cf.changes] == [
        ("candidate.skype", "candidate"),
        ("candidate.availability", "candidate"),
    ]
    assert all(c.satisfies == "missing_contact_details is absent" for c in cf.changes)
    assert cf.text == "give your Skype address; give your times available"
    decision = next_action(cf.apply(app), pack=pack)
    assert decision.action_ids == ("complete_application",)


def test_tracing_with_the_wrong_pack_is_an_error() -> None:
    """A decision traced with a pack that lacks its rules says so instead of guessing."""
    decision = next_action(load_application(ROOT / "examples/martha_day8.yaml"))
    with pytest.raises(OutreachRulesError, match="explain it with the pack that made it"):
        decision.trace(load_pack_text(READY_PACK))
