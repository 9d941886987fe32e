"""The decision: frozen models, plain JSON that reads back equal, built as model_construct would."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from typing import Any

import pydantic
import pytest
from support.builders import TODAY, busy_app, large_company_app
from support.packs import CONFLICTS

from outreach_rules import Decision, load_application, load_pack_text, next_action

MARTHA = "examples/martha_day8.yaml"


@pytest.fixture(scope="module")
def pack() -> Any:
    return load_pack_text(CONFLICTS)


def test_json_round_trip(pack: Any) -> None:
    """model_dump(mode='json') is plain JSON that validates back into an equal decision."""
    decision = next_action(
        large_company_app(posting={"title": "pm", "no_calls": True}), today=TODAY, pack=pack
    )
    data = json.loads(json.dumps(decision.model_dump(mode="json")))
    assert data["primary"]["action"] == decision.action_ids[0]
    assert Decision.model_validate(data) == decision
    assert Decision.model_validate_json(decision.model_dump_json()) == decision


def _models(decision: Decision) -> list[Any]:
    found: list[Any] = [decision, *decision.actions, *decision.blocked]
    for item in decision.actions:
        found.extend(item.reasons)
    for blocked in decision.blocked:
        found.extend(blocked.reasons)
    return found


def test_the_engine_builds_each_model_as_model_construct_would() -> None:
    """Every model of a decision is what model_construct and validation make of its fields."""
    # The engine skips pydantic's model_construct on the hot path: the models it
    # makes must be indistinguishable from what model_construct and validation give.
    seen = set()
    no_calls = copy.deepcopy(busy_app())
    no_calls["posting"]["no_calls"] = True
    for offset, application in [(n, a) for n in range(0, 21, 2) for a in (busy_app(), no_calls)]:
        decision = next_action(application, today=date(2026, 11, 26) + timedelta(offset))
        for model in _models(decision):
            fields = set(type(model).model_fields)
            assert set(model.__dict__) == fields == model.model_fields_set
            assert type(model).model_construct(**dict(model.__dict__)) == model
            seen.add(type(model).__name__)
        again = Decision.model_validate_json(decision.model_dump_json())
        assert again == decision
        assert again.model_dump() == decision.model_dump()
    assert seen == {"Decision", "Recommendation", "Reason", "BlockedAction", "BlockReason"}


def test_decision_json_keys_are_unchanged() -> None:
    """Explanations add nothing to the decision's JSON: the keys programs read stay as they were.

    Issue 13 added three, after the others: the application's id and meta, and the
    settings the decision used.
    """
    data = next_action(load_application(MARTHA)).model_dump(mode="json")
    assert list(data) == [
        "today", "pack", "pack_version", "actions", "blocked",
        "application_id", "meta", "settings", "primary",
    ]  # fmt: skip
    assert list(data["primary"]) == [
        "action", "title", "rule_id", "explanation", "source", "priority", "channel",
        "contact", "not_before", "due_by", "script", "facts", "reasons",
    ]  # fmt: skip


def test_primary_is_the_first_action_and_reads_back_from_json(pack: Any) -> None:
    """primary is computed from actions; a decision's own JSON, primary included, reads back."""
    decision = next_action(large_company_app(), today=TODAY, pack=pack)
    assert decision.primary == decision.actions[0]
    data = decision.model_dump(mode="json")
    assert data["primary"] == data["actions"][0]
    assert Decision.model_validate(data) == decision
    empty = decision.model_copy(update={"actions": ()})
    assert empty.primary is None


def test_actions_and_blocks_are_looked_up_by_id(pack: Any) -> None:
    """action_ids and blocked_ids list the ids in order; get and blocked_action find one or None."""
    decision = next_action(
        large_company_app(posting={"title": "pm", "no_calls": True}), today=TODAY, pack=pack
    )
    assert decision.action_ids == tuple(r.action for r in decision.actions)
    assert decision.blocked_ids == ("call_recruiter", "email_follow_up")
    research = decision.get("research_company")
    assert research is not None
    assert research.action == "research_company"
    assert decision.get("call_recruiter") is None
    blocked = decision.blocked_action("call_recruiter")
    assert blocked is not None
    assert blocked.overruled == ("wants-call",)
    assert decision.blocked_action("research_company") is None


def test_decisions_are_frozen_and_strict() -> None:
    """A decision cannot be changed, and reading one back refuses keys it does not have."""
    decision = next_action(busy_app())
    with pytest.raises(pydantic.ValidationError):
        decision.pack = "other"  # type: ignore[misc]
    data = decision.model_dump(mode="json")
    with pytest.raises(pydantic.ValidationError, match="extra"):
        Decision.model_validate({**data, "verdict": "call"})
