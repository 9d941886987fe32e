"""An application's own ``id`` and ``meta``: never read by rules, given back by every output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import icalendar
import pytest
from support.cli import run
from support.paths import MARTHA

from outreach_rules import (
    ApplicationError,
    Decision,
    Limits,
    PackError,
    decide_many,
    load_pack_text,
    next_action,
    plan,
    plan_to_ics,
)
from outreach_rules._yaml.reader import parse_yaml
from outreach_rules.model.application import validate_application

TODAY = "2026-11-26"
META = {"user": 42, "source": "tracker", "tags": ["remote"]}


def martha(**extra: Any) -> dict[str, Any]:
    data = dict(parse_yaml(MARTHA.read_text(encoding="utf-8")))
    data.pop("as_of", None)
    return {**json.loads(json.dumps(data, default=str)), **extra}


def test_a_decision_gives_back_the_id_and_meta_and_survives_json() -> None:
    """Decision.application_id and .meta are the application's; JSON reads back equal."""
    decision = next_action(martha(id="row-17", meta=META), today=TODAY)
    assert decision.application_id == "row-17"
    assert decision.meta == META
    data = decision.model_dump(mode="json")
    assert (data["application_id"], data["meta"]) == ("row-17", META)
    assert Decision.model_validate(json.loads(json.dumps(data))) == decision


def test_ids_and_meta_change_nothing_a_rule_decides() -> None:
    """With or without id and meta, the same recommendations, blocks and texts."""
    plain = next_action(martha(), today=TODAY)
    tagged = next_action(martha(id="row-17", meta=META), today=TODAY)
    assert plain.application_id is None
    assert plain.meta is None
    assert tagged.actions == plain.actions
    assert tagged.blocked == plain.blocked


@pytest.mark.parametrize("path", ["id", "meta", "meta.user", "custom"])
def test_rules_cannot_read_id_meta_or_custom_directly(path: str) -> None:
    """A condition on id, meta or the custom mapping is an unknown fact."""
    text = f"""\
name: nosy
rules:
  - id: r
    when: {{{path}: {{present: true}}}}
    then: {{action: wait}}
    because: Wait.
    source: {{house_default: test}}
"""
    with pytest.raises(PackError) as info:
        load_pack_text(text)
    assert info.value.code == "unknown-fact"


@pytest.mark.parametrize(
    ("extra", "path", "fragment"),
    [
        ({"id": "x" * 201}, "id", "at most 200 characters"),
        ({"id": ""}, "id", "at least 1 character"),
        ({"id": 17}, "id", "string"),
        ({"meta": {"blob": "x" * 5000}}, "meta", "the limit is 4,096 (Limits.max_meta_bytes)"),
        ({"meta": ["not", "an", "object"]}, "meta", "dictionary"),
        ({"meta": {"when": float("nan")}}, "meta", "plain JSON data"),
    ],
)
def test_ids_and_meta_are_bounded_and_named_when_wrong(
    extra: dict[str, Any], path: str, fragment: str
) -> None:
    """An over-long id, a large or non-JSON meta: an ApplicationError at that field."""
    with pytest.raises(ApplicationError) as info:
        validate_application(martha(**extra))
    found = {p.path: p.message for p in info.value.problems}
    assert path in found, found
    assert fragment in found[path]


def test_the_meta_limit_is_a_setting_of_limits() -> None:
    """Limits(max_meta_bytes=...) raises or lowers the bound."""
    big = {"blob": "x" * 5000}
    assert validate_application(martha(meta=big), limits=Limits(max_meta_bytes=10_000)).meta == big
    with pytest.raises(ApplicationError, match="the limit is 8"):
        validate_application(martha(meta={"ab": 123}), limits=Limits(max_meta_bytes=8))


def test_decide_many_gives_back_ids_and_meta_for_decisions_and_errors() -> None:
    """Each BatchResult carries its application's id and meta, decided or not."""
    results = list(
        decide_many(
            [
                martha(id="a", meta={"n": 1}),
                {"id": "b", "meta": {"n": 2}, "candidate": {"name": "Ann"}},
                martha(),
            ],
            today=TODAY,
        )
    )
    assert [(r.ok, r.application_id, r.meta) for r in results] == [
        (True, "a", {"n": 1}),
        (False, "b", {"n": 2}),
        (True, None, None),
    ]
    assert results[0].decision is not None
    assert results[0].decision.application_id == "a"


def test_batch_lines_and_error_lines_carry_the_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The batch command writes the id on each decision line and the id and meta on error lines."""
    source = tmp_path / "in.jsonl"
    lines = [
        martha(id="a", meta={"n": 1}, as_of=TODAY),
        {"id": "b", "meta": {"n": 2}, "as_of": TODAY, "candidate": {"name": "Ann"}},
        martha(as_of=TODAY),
    ]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    status, _, _ = run(capsys, "batch", str(source), "--out", str(out))
    assert status == 1
    decided = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(d["line"], d.get("id")) for d in decided] == [(1, "a"), (3, None)]
    assert decided[0]["decision"]["application_id"] == "a"
    assert decided[0]["decision"]["meta"] == {"n": 1}
    errors = tmp_path / "out.errors.jsonl"
    [error] = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert (error["line"], error["id"], error["meta"]) == (2, "b", {"n": 2})


def test_a_plan_and_its_calendar_name_the_application() -> None:
    """Plan.application_id/meta echo; each calendar event's UID depends on the id."""
    first = plan(martha(id="row-17", meta=META), today="2026-11-18", horizon_days=14)
    other = plan(martha(id="row-18"), today="2026-11-18", horizon_days=14)
    assert (first.application_id, first.meta) == ("row-17", META)

    def events(data: bytes) -> list[Any]:
        return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))

    mine, theirs = events(plan_to_ics(first)), events(plan_to_ics(other))
    assert mine
    assert all("Application: row-17" in str(e["DESCRIPTION"]) for e in mine)
    assert {str(e["UID"]) for e in mine}.isdisjoint(str(e["UID"]) for e in theirs)
    again = events(plan_to_ics(plan(martha(id="row-17"), today="2026-11-18", horizon_days=14)))
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in mine]
