"""Counterfactuals: the smallest changes (or a later day) that make an action recommended.

Each one is verified by the engine on the changed application.
"""

from __future__ import annotations

from datetime import date

from support.builders import day, make_app
from support.packs import READY_PACK
from support.paths import ROOT

from outreach_rules import (
    FACT_SPECS,
    default_pack,
    load_application,
    load_pack_text,
    next_action,
    why_not,
)
from outreach_rules.explaining.counterfactuals import find_counterfactuals
from outreach_rules.explaining.trace import ConditionTrace
from outreach_rules.model.application import validate_application


def _fact_nodes(node: ConditionTrace) -> list[ConditionTrace]:
    if node.kind == "fact":
        return [node]
    return [n for item in node.items for n in _fact_nodes(item)]


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


def test_apply_makes_the_changes_on_the_counterfactual_s_day() -> None:
    """Counterfactual.apply changes the fields it names and sets as_of to its first day."""
    app = make_app(materials={"complete": False}, submitted_on=None)
    [cf] = why_not(app, "email_follow_up", today=day(8)).suggestions
    changed = cf.apply(app)
    assert changed.materials.complete is True
    assert changed.submitted_on == day(8)
    assert changed.as_of == cf.on == day(15)
    assert changed.candidate == validate_application(app).candidate


def test_counterfactuals_are_found_smallest_first_and_verified() -> None:
    """find_counterfactuals returns changes that make the action recommended, fewest first."""
    app = validate_application(make_app(research={"company": False}, company={"size": "small"}))
    found = find_counterfactuals(default_pack(), app, day(3), "visit_in_person")
    assert found
    assert [len(cf.changes) + cf.waits for cf in found] == sorted(
        len(cf.changes) + cf.waits for cf in found
    )
    for cf in found:
        assert cf.action == "visit_in_person"
        assert cf.on >= day(3)
        decision = next_action(cf.apply(app))
        assert "visit_in_person" in decision.action_ids, cf.text


def test_a_change_says_what_it_satisfies_and_whose_it_is() -> None:
    """Each change names the condition it makes hold and who can make it."""
    app = load_application(ROOT / "examples/no_calls_posting.yaml")
    [cf] = why_not(app, "call_recruiter").out_of_reach
    [change] = cf.changes
    assert change.satisfies == "posting.no_calls == false"
    assert change.changeable_by == "employer"
    assert change.text == "if posting.no_calls were false"
    assert cf.needs == ("employer",)
