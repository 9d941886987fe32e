"""explain and why_not: every action of the catalogue, on the seed's situations.

And decisions that explain themselves, from the facts they recorded.
"""

from __future__ import annotations

import json

import pytest
from support.builders import day, make_app
from support.packs import READY_PACK
from support.paths import ROOT

from outreach_rules import (
    ACTIONS,
    ConditionTrace,
    Decision,
    OutreachRulesError,
    UnknownActionError,
    default_pack,
    explain,
    facts_of,
    load_application,
    load_pack_text,
    next_action,
    why_not,
)

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


def test_candidate_changes_are_suggested_employer_changes_are_not() -> None:
    """A missing research step is the candidate's to do; a company's size is not."""
    app = make_app(research={"company": False}, company={"size": "medium"})
    answer = why_not(app, "visit_in_person", today=day(8))
    assert answer.suggestions == ()
    fields = {c.field for cf in answer.out_of_reach for c in cf.changes}
    assert fields == {"company.size", "company.family_run"}
    assert "[the employer's]" in answer.text()


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


def test_tracing_with_the_wrong_pack_is_an_error() -> None:
    """A decision traced with a pack that lacks its rules says so instead of guessing."""
    decision = next_action(load_application(ROOT / "examples/martha_day8.yaml"))
    with pytest.raises(OutreachRulesError, match="explain it with the pack that made it"):
        decision.trace(load_pack_text(READY_PACK))


def test_every_recommendation_and_block_carries_a_trace() -> None:
    """explain() traces every recommended action and every ruled-out one, with fired rules."""
    app = load_application("examples/no_calls_posting.yaml")
    decision = next_action(app)
    explanation = explain(app)
    assert [a.action for a in explanation.actions] == list(decision.action_ids)
    assert [b.action for b in explanation.blocked] == list(decision.blocked_ids)
    for item in explanation.actions:
        assert item.rules
        assert all(r.held for r in item.rules)
    for item in explanation.blocked:
        assert item.blocks
        assert all(r.held for r in item.blocks)
    blocker = explanation.blocked[0].blocks[0]
    assert blocker.rule_id == "posting-says-no-calls"
    assert blocker.source.startswith("Do not make a follow-up call")


def test_decision_explains_itself_even_from_json() -> None:
    """decision.trace() rebuilds traces from the recorded facts, also after a JSON round trip."""
    app = load_application("examples/day3_waiting.yaml")
    decision = next_action(app)
    back = Decision.model_validate(json.loads(json.dumps(decision.model_dump(mode="json"))))
    live = explain(app)
    assert back.trace().actions == live.actions
    assert [b.blocks for b in back.trace().blocked] == [b.blocks for b in live.blocked]
    text = decision.explain()
    assert "✓ days_since_submission < 7  (saw 3)" in text
    assert "Wait before following up [wait]: recommended" in text


def test_a_decision_is_traced_with_the_settings_it_was_made_with() -> None:
    """decision.trace() binds the pack to decision.settings: with follow_up_after_days=10
    the rule that fired on day 8 (wait) reads as fired, on "< 10", also from JSON and
    when the unbound pack is given; settings the pack does not take are a clear error."""
    settings = {"follow_up_after_days": 10}
    decision = next_action(make_app(), today=day(8), settings=settings)
    assert decision.action_ids[0] == "wait"
    live = explain(make_app(), today=day(8), settings=settings)
    back = Decision.model_validate(json.loads(decision.model_dump_json()))
    for traced in (decision.trace(), back.trace(), decision.trace(default_pack())):
        assert traced.actions == live.actions
        assert [b.blocks for b in traced.blocked] == [b.blocks for b in live.blocked]
        wait = traced.actions[0].rules[0]
        assert (wait.rule_id, wait.held) == ("wait-a-week", True)
    text = decision.explain()
    assert "wait-a-week (priority 30, fired)" in text
    assert "✓ days_since_submission < 10  (saw 8)" in text
    assert "< 7" not in text
    stranger = decision.model_copy(update={"settings": {**decision.settings, "pace": 3}})
    with pytest.raises(OutreachRulesError, match="settings pack 'default' does not take"):
        stranger.trace()


def test_an_explanation_carries_the_decision_with_the_application_s_id_and_meta() -> None:
    """explain() gives the decision with the id and meta back, and its JSON keeps them."""
    meta = {"user": 42}
    explanation = explain(make_app(id="row-17", meta=meta), today=day(8))
    assert (explanation.decision.application_id, explanation.decision.meta) == ("row-17", meta)
    data = json.loads(explanation.model_dump_json())
    assert (data["decision"]["application_id"], data["decision"]["meta"]) == ("row-17", meta)
    assert explanation.actions == explain(make_app(), today=day(8)).actions


def test_explanation_json_round_trips() -> None:
    """An explanation's JSON reads back into an equal explanation."""
    explanation = explain(make_app(), today=day(8))
    data = json.loads(json.dumps(explanation.model_dump(mode="json")))
    assert type(explanation).model_validate(data) == explanation
    when = data["actions"][0]["rules"][0]["when"]
    keys = {"kind", "held", "fact", "op", "expected", "seen", "other", "items", "text", "owner"}
    assert set(when) == keys


def test_custom_pack_decision_needs_its_pack() -> None:
    """A decision of a pack that is not shipped asks for that pack instead of guessing."""
    pack = load_pack_text(
        "name: mine\nrules:\n  - id: r\n    then: {action: wait}\n    because: x\n"
        "    source: {house_default: t}\n"
    )
    decision = next_action(make_app(), today=day(1), pack=pack)
    with pytest.raises(OutreachRulesError, match="pass the pack"):
        decision.trace()
    assert decision.trace(pack).actions[0].rules[0].when.text == "always"


def test_decision_of_another_pack_version_is_not_traced_with_the_shipped_one() -> None:
    """A decision made by another version of a shipped pack asks for that pack."""
    decision = next_action(make_app(), today=day(8))
    older = decision.model_copy(update={"pack_version": "0.9.0"})
    with pytest.raises(OutreachRulesError, match=r"shipped one is 1\.0\.0"):
        older.trace()


QUIET_PACK = (
    "name: q\nrules:\n  - id: r\n    when: {heard_back: true}\n"
    "    then: {action: wait}\n    because: x\n    source: s\n"
)


def test_an_explanation_of_nothing_says_so() -> None:
    """When no rule applies, the explanation lists nothing and says why."""
    explanation = explain(
        load_application(ROOT / "examples/martha_day8.yaml"), pack=load_pack_text(QUIET_PACK)
    )
    assert (explanation.actions, explanation.blocked) == ((), ())
    assert explanation.text() == (
        "Why, on 2026-11-26 (pack q):\n\nNo rule applies: nothing is recommended or ruled out.\n"
    )


def test_why_not_an_action_no_rule_recommends() -> None:
    """An action no rule of the pack recommends has no rules, no blocks and no suggestion."""
    answer = why_not(
        load_application(ROOT / "examples/martha_day8.yaml"),
        "visit_in_person",
        pack=load_pack_text(QUIET_PACK),
    )
    assert (answer.status, answer.rules, answer.blocks) == ("not_recommended", (), ())
    assert answer.suggestions == answer.out_of_reach == ()
    assert answer.text().splitlines() == [
        "Visit in person [visit_in_person] on 2026-11-26:",
        "  not recommended: no rule for it applies",
        "  No rule of the pack recommends it.",
        "  What would change it:",
        "    - nothing you can change on your own",
    ]


def test_a_traced_decision_lists_the_rules_a_block_overruled() -> None:
    """decision.explain() names, under each ruled-out action, the rules its block overruled."""
    text = next_action(load_application(ROOT / "examples/no_calls_posting.yaml")).explain()
    call = text[text.index("Call the recruiter [call_recruiter]: ruled out") :]
    assert "  Blocked by:\n    posting-says-no-calls (priority 100, fired)" in call
    assert "  Overruled: call-recruiter" in call


def test_why_not_marks_whose_each_failed_test_is() -> None:
    """Each failed test of a rule for the action says who can change it: yours, employer, time."""
    text = why_not(load_application(ROOT / "examples/day3_waiting.yaml"), "call_recruiter").text()
    assert "✗ days_since_submission >= 7  (saw 3) [time]" in text
    answer = why_not(make_app(research={"company": False}), "visit_in_person", today=day(8))
    assert "✗ company.family_run == true  (saw false) [the employer's]" in answer.text()


def test_a_ruled_out_action_whose_rules_did_not_fire_is_not_said_to_have_none() -> None:
    """Regression: explain() said 'No rule of the pack recommends it' of call_main_office.

    On the no-calls posting, the pack has a rule that recommends calling the
    main office; it did not fire (the posting lists a recruiter), and the
    action is ruled out. The explanation must not deny the rule exists.
    """
    explanation = explain(load_application(ROOT / "examples/no_calls_posting.yaml"))
    blocked = {item.action: item for item in explanation.blocked}
    assert "call_main_office" in blocked
    assert default_pack().rule("call-main-office")
    text = explanation.text()
    section = text[text.index("[call_main_office]") :]
    section = section[: section.find("\n\n")] if "\n\n" in section else section
    assert "No rule of the pack recommends it." not in section
    assert "No rule that recommends it applies today." in section
