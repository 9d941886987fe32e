"""What generation aims at: a pack's conditions read as targets for the values of facts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_rules import Application, default_pack, load_pack_text
from outreach_rules.packs.pack import Pack, Rule
from outreach_rules.testing import applications_for
from outreach_rules.testing.aims import TEXT, UNAIMED, Aims, aims_for, some
from outreach_rules.testing.drawing import generate
from outreach_rules.testing.verify import Coverage


def test_aimed_generation_reaches_every_default_rule_both_ways() -> None:
    """applications_for(default) makes every rule fire and fail to fire, and every block apply."""
    pack = default_pack()
    coverage = Coverage(pack)

    @settings(max_examples=400, deadline=None, database=None, derandomize=True)
    @given(applications_for(pack))
    def run(app: Application) -> None:
        assert app.as_of is not None
        coverage.record(app, app.as_of)

    run()
    assert coverage.never_fired == ()
    assert coverage.always_fired == ()
    assert coverage.blocks_never_applied == ()
    assert coverage.percent == 100.0


ONE_RULE = (
    "name: aimed\nrules:\n"
    "  - {{id: r, when: {when}, then: {{action: wait}}, because: x, source: s}}\n"
)


# Not every target is exact, for a rule or for its negation: followed_up leaves the
# submission to chance (a follow-up counts only after one); a yes/no fact of an
# optional part (posting.no_calls) is absent only when the part happens to be drawn
# absent; and a required text aimed at being absent (posting.title) is drawn as the
# first literal, the very one compared with. Those targets only tend to hold.
@pytest.mark.parametrize(
    "when",
    [
        "{company.size: small}",
        "{days_since_submission: {'>=': 7, '<=': 10}}",
        "{recruiter_has_phone: true}",
        "{research.company: false}",
        "{interview_scheduled: true}",
        "{has_contacts: true, replied: false}",
        "{missing_contact_details: {present: false}}",
        "{company.size: {not in: [small, medium]}}",
    ],
)
def test_targets_make_the_condition_hold_and_its_negation_make_it_fail(when: str) -> None:
    """Applications drawn to a rule's targets fire it; drawn to its negation's, they do not."""
    pack = load_pack_text(ONE_RULE.format(when=when))
    rule = pack.rules[0]
    aims = aims_for(pack)
    _plain, firing, failing = aims.goals
    for targets, fires in ((firing, True), (failing, False)):
        for target in targets:
            _check_drawn(pack, rule, Aims(((target,),), aims.literals, pack.facts), fires)


def _check_drawn(pack: Pack, rule: Rule, aims: Aims, fires: bool) -> None:
    """Draw applications to the one target of *aims*: *rule* fires on each of them, or on none."""

    @st.composite
    def aimed(draw: st.DrawFn) -> Application:
        return generate(draw, aims, {})

    @settings(max_examples=15, deadline=None, database=None, derandomize=True)
    @given(aimed())
    def check(app: Application) -> None:
        assert app.as_of is not None
        assert rule.test(pack.facts_for(app, app.as_of)) is fires, aims.goals

    check()


def test_plain_generation_comes_first_and_literals_with_their_neighbours() -> None:
    """Goal 0 is plain generation; a number compared with is aimed at with its neighbours."""
    pack = load_pack_text(ONE_RULE.format(when="{company.size: small, days_since_submission: 7}"))
    aims = aims_for(pack)
    assert aims.goals[0] == ({},)
    assert aims.literals == {"company.size": ("small",), "days_since_submission": (6, 7, 8)}


def test_an_invariant_in_focus_is_aimed_at_with_each_rule_against_it() -> None:
    """With a focus, the goals are its condition alone and with each rule that could break it."""
    text = ONE_RULE.format(when="{company.size: small}") + (
        "invariants:\n  - {id: never-wait, never: wait, when: {heard_back: true}}\n"
    )
    pack = load_pack_text(text)
    goals = aims_for(pack, pack.invariants[0]).goals
    assert goals == (
        ({},),
        ({"heard_back": (True,)},),
        ({"heard_back": (True,), "company.size": ("small",)},),
    )


def test_some_gives_values_of_a_fact_that_is_there() -> None:
    """some() gives an enum's choices, else the text generated for the field, else 'x'."""
    assert some("company.size") == ("small", "medium", "large")
    assert some("candidate.name") == TEXT["candidate.name"]
    assert some("posting.recruiter.phone") == ("+1 555 0123",)


def test_without_a_pack_generation_still_favours_the_guidance_s_days() -> None:
    """Unaimed generation favours a week after submitting and the end of the call window."""
    assert UNAIMED.goals == ()
    assert UNAIMED.literals["days_since_submission"] == (6, 7, 8, 9, 10, 11)
    assert UNAIMED.literals["days_since_follow_up"] == (6, 7, 8)
