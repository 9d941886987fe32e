"""Counterfactuals: the smallest changes (or a later day) that make an action recommended.

Each one is verified by the engine on the changed application.
"""

from __future__ import annotations

from datetime import date

from support.builders import day, make_app
from support.packs import READY_PACK, custom_facts_pack
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


# --- custom facts: who can change them, and to what ----------------------------------

PORTFOLIO_PACK = """
name: portfolio
facts:
  portfolio_pieces:
    type: int
    default: 0
    changeable_by: candidate
    description: Pieces of work in the candidate's portfolio.
  deadline:
    type: date
    optional: true
    description: The day the employer decides.
rules:
  - id: show-your-portfolio
    when: {custom.portfolio_pieces: {">": 2}}
    then: {action: connect_values}
    because: Show how your {custom.portfolio_pieces} pieces fit {company.name}.
    source: {house_default: a test pack}
  - id: before-the-deadline
    when: {custom.deadline: {"<": 2026-12-01}}
    then: {action: research_company}
    because: They decide on {custom.deadline}.
    source: {house_default: a test pack}
"""


def test_why_not_suggests_a_custom_fact_the_candidate_can_change() -> None:
    """A rule needing a custom fact the candidate can change (changeable_by: candidate):
    why_not suggests the change, says it is the candidate's ([yours]), and it works."""
    pack = custom_facts_pack()
    app = make_app(posting=None, custom={"sector": "private"})
    answer = why_not(app, "request_informational_interview", today=day(8), pack=pack)
    assert answer.status == "not_recommended"
    [rule] = answer.rules
    referred = next(n for n in _fact_nodes(rule.when) if n.fact == "custom.referred")
    assert (referred.held, referred.owner) == (False, "candidate")
    assert "✗ custom.referred == true  (saw false) [yours]" in answer.text()
    [cf] = answer.suggestions
    [change] = cf.changes
    assert (change.field, change.to, change.changeable_by) == ("custom.referred", True, "candidate")
    assert (cf.needs, cf.text) == (("candidate",), "if custom.referred were true")
    assert "request_informational_interview" in next_action(cf.apply(app), pack=pack).action_ids


def test_why_not_puts_a_custom_fact_of_the_employer_out_of_reach() -> None:
    """A custom fact the employer owns (the default) is out of the candidate's hands: the
    change is listed apart, naming whose it is; contains and present get values too."""
    pack = custom_facts_pack()
    app = make_app(custom={"sector": "private"})
    answer = why_not(app, "email_follow_up", today=day(9), pack=pack)
    assert answer.suggestions == ()
    [cf] = answer.out_of_reach
    assert [(c.field, c.to, c.changeable_by) for c in cf.changes] == [
        ("custom.sector", "public", "employer")
    ]
    assert cf.text == "if custom.sector were public (the employer's to change, not yours)"
    assert "out of your hands: if custom.sector were public" in answer.text()
    assert "[the employer's]" in answer.text()
    assert "email_follow_up" in next_action(cf.apply(app), pack=pack).action_ids

    answer = why_not(app, "research_company", today=day(9), pack=pack)
    [cf] = answer.out_of_reach
    assert [(c.field, c.to) for c in cf.changes] == [
        ("custom.agency", "(some agency)"),
        ("custom.languages", ["fr"]),
    ]
    assert "if custom.languages were [fr]" in cf.text
    assert "research_company" in next_action(cf.apply(app), pack=pack).action_ids
    with_english = make_app(custom={"agency": "Council", "languages": ["en"]})
    [cf] = why_not(with_english, "research_company", today=day(9), pack=pack).out_of_reach
    assert [(c.field, c.to) for c in cf.changes] == [("custom.languages", ["en", "fr"])]


def test_why_not_moves_a_custom_number_or_date_past_its_bound() -> None:
    """A custom whole number or date compared with a bound: the nearest value that passes."""
    pack = load_pack_text(PORTFOLIO_PACK)
    app = make_app(custom={"portfolio_pieces": 1, "deadline": "2026-12-05"})
    [cf] = why_not(app, "connect_values", today=day(8), pack=pack).suggestions
    assert [(c.field, c.to, c.changeable_by) for c in cf.changes] == [
        ("custom.portfolio_pieces", 3, "candidate")
    ]
    assert cf.text == "if custom.portfolio_pieces were 3"
    [cf] = why_not(app, "research_company", today=day(8), pack=pack).out_of_reach
    assert [(c.field, c.to, c.changeable_by) for c in cf.changes] == [
        ("custom.deadline", "2026-11-30", "employer")
    ]
