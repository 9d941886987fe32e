"""The action catalogue: every built-in action, and the check that an action id is known."""

from __future__ import annotations

import pytest

from outreach_rules import ACTIONS, PackError
from outreach_rules.errors import Mark, Site
from outreach_rules.model.actions import ActionSpec, check_action


def test_the_catalogue_is_read_only_and_keyed_by_id() -> None:
    """ACTIONS maps each id to its spec, every one titled and described; it cannot be changed."""
    assert all(key == spec.id for key, spec in ACTIONS.items())
    assert all(spec.title and spec.description for spec in ACTIONS.values())
    assert len({spec.title for spec in ACTIONS.values()}) == len(ACTIONS)
    with pytest.raises(TypeError):
        ACTIONS["new"] = ActionSpec("new", "New", "")  # type: ignore[index]
    assert {"wait", "call_recruiter", "email_follow_up", "await_response"} <= set(ACTIONS)


def test_a_known_action_passes_the_check() -> None:
    """check_action accepts an id of the catalogue it is given, a pack's own actions included."""
    check_action("wait", ACTIONS, Site("p.yaml"), None)
    own = {**ACTIONS, "send_flowers": ActionSpec("send_flowers", "Send flowers", "")}
    check_action("send_flowers", own, Site("p.yaml"), None)
    with pytest.raises(PackError):
        check_action("send_flowers", ACTIONS, Site("p.yaml"), None)


def test_an_unknown_action_is_a_positioned_error_with_a_suggestion() -> None:
    """An unknown id is unknown-action at its place, with a did-you-mean when one is close."""
    with pytest.raises(PackError) as caught:
        check_action("call_recruter", ACTIONS, Site("p.yaml", "r1"), Mark(4, 11), "example 'x'")
    err = caught.value
    assert (err.code, err.file, err.line, err.column, err.rule_id) == (
        "unknown-action",
        "p.yaml",
        4,
        11,
        "r1",
    )
    assert err.problem == "example 'x': unknown action 'call_recruter'"
    assert err.hint == "did you mean 'call_recruiter'?"


def test_an_unknown_action_far_from_any_says_where_actions_come_from() -> None:
    """With nothing close, the hint says to declare it under 'actions:' or read the reference."""
    with pytest.raises(PackError) as caught:
        check_action("xyzzy", ACTIONS, Site("p.yaml"), None)
    assert caught.value.problem == "unknown action 'xyzzy'"
    assert caught.value.hint == "declare it under 'actions:' or see docs/reference/actions.md"
