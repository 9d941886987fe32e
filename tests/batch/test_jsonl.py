"""A chunk of JSON Lines decided by a worker.

A line is read straight from its JSON exactly when the careful way accepts it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from support.builders import VALID_APPLICATION, minimal_app
from support.fuzzing import json_like, mutated

from outreach_rules import DEFAULT_LIMITS, ApplicationError, default_pack, next_action
from outreach_rules.batch import jsonl as jsonl_module
from outreach_rules.batch.api import Run
from outreach_rules.batch.jsonl import ChunkOutput, decide_lines
from outreach_rules.model.application import Application, validate_application


def _careful(raw: bytes) -> Application | str:
    try:
        return validate_application(jsonl_module._parse_line(raw, 1_000_000))
    except ApplicationError as error:
        return f"error: {error}"


def _fast(raw: bytes) -> Application | str:
    return jsonl_module._straight_from_json(raw, 1_000_000) or "refused"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=mutated(VALID_APPLICATION) | json_like)
def test_lines_read_straight_from_json_are_the_ones_the_careful_way_accepts(
    document: Any,
) -> None:
    """On generated documents the fast way accepts exactly what the careful way does, read equal."""
    # Both ways must accept exactly the same lines and read them the same; the
    # careful way alone words the errors, so for a refused line only the refusal counts.
    raw = json.dumps(document, allow_nan=True).encode()
    careful, fast = _careful(raw), _fast(raw)
    if isinstance(careful, Application):
        assert fast == careful
    else:
        assert fast == "refused", careful


@pytest.mark.parametrize(
    "raw",
    [
        b'{"candidate": {"name": "A"}, "candidate": {"name": "B"}, "company": {"name": "C"}}',
        b'{"candidate": {"name": "A"}, "company": {"name": "C"}, "submitted_on": 20261118}',
        b'{"candidate": {"name": "A"}, "company": {"name": "C"}, "heard_back": "yes"}',
        b'{"candidate": {"name": "A"}, "company": {"name": "C"}, "heard_back": 1}',
        b'{"candidate": {"name": "A"}, "company": {"name": "C", "size": "SMALL"}}',
        b'{"candidate": {"name": "A"}, "company": {"name": "C"}, "as_of": "2026-11-26T10:00:00"}',
        b'{"candidate": {"name": "A"}, "company": {"name": "C"}, "contacts": {"name": "x"}}',
        b'{"candidate": {"name": "\\ud800"}, "company": {"name": "C"}}',
        b'{"candidate": {"name": "A"}, "company": {"name": "C"}, "x": NaN}',
        b'{"candidate": {"name": "A"}, "company": {"name": "C"}}\r\n',
        b"\xff\xfe{}",
        b"[]",
    ],
)
def test_awkward_lines_read_the_same_both_ways(raw: bytes) -> None:
    """Repeated keys, loose types, date-times, surrogates, NaN, CRLF, bad bytes: both ways agree."""
    careful, fast = _careful(raw), _fast(raw)
    if isinstance(careful, Application):
        assert fast == careful
    else:
        assert fast == "refused", careful


def _settings() -> Run:
    """The default pack, each line's own as_of, lines of at most 200 bytes."""
    return Run(default_pack(), None, "native", source="in.jsonl", max_line_bytes=200)


GOOD_LINE = json.dumps({"as_of": "2026-11-26", **minimal_app()}).encode() + b"\n"


def test_a_chunk_gives_counts_and_the_lines_to_write() -> None:
    """decide_lines counts lines, bytes, decisions, errors and blanks, numbering from the first."""
    lines = [GOOD_LINE, b"  \n", b"[1]\n", b'{"candidate": {}}\r\n', b"x" * 300 + b"\n"]
    out = decide_lines(_settings(), (7, lines))
    assert (out.lines, out.bytes_read, out.decided, out.failed, out.blank) == (
        5,
        sum(len(line) for line in lines),
        1,
        3,
        1,
    )
    [decided] = [json.loads(line) for line in out.decisions.decode().splitlines()]
    assert decided["line"] == 7
    assert decided["decision"] == next_action(json.loads(GOOD_LINE)).model_dump(mode="json")
    errors = [json.loads(line) for line in out.errors.decode().splitlines()]
    assert [e["line"] for e in errors] == [9, 10, 11]


def test_an_error_line_is_what_next_would_say_with_the_line_s_input() -> None:
    """Each bad line's error names source:line, lists its problems and keeps the input."""
    out = decide_lines(_settings(), (1, [b'{"candidate": {}}\r\n', b"x" * 300 + b"\n"]))
    invalid, too_long = [json.loads(line) for line in out.errors.decode().splitlines()]
    assert invalid["error"].startswith("in.jsonl:1: invalid application (2 problems)")
    assert invalid["problems"] == [
        {"path": "candidate.name", "message": "this field is required"},
        {"path": "company", "message": "this field is required"},
    ]
    assert invalid["input"] == '{"candidate": {}}'
    assert "the line is over 200 bytes" in too_long["error"]
    assert "input" not in too_long


def test_an_empty_chunk_writes_nothing() -> None:
    """No lines: nothing counted, nothing to write."""
    assert decide_lines(_settings(), (1, [])) == ChunkOutput(0, 0, 0, 0, 0, b"", b"")


def test_lines_carry_the_application_s_id_and_error_lines_its_meta() -> None:
    """A decided line is {"line": N, "id": ID, "decision": ...} (its meta is in the decision);
    an error line gives the id and meta back when they can be read, and leaves out what
    cannot (an id over 200 characters, a meta over its limit or not an object)."""
    meta = {"user": 42, "tags": ["a"]}
    tagged = {"as_of": "2026-11-26", **minimal_app(), "id": "row-1", "meta": meta}
    big = {"blob": "x" * (DEFAULT_LIMITS.max_meta_bytes + 1)}
    lines = [
        json.dumps(tagged).encode() + b"\n",
        json.dumps({**tagged, "id": "row-2", "submited_on": "2026-11-18"}).encode() + b"\n",
        json.dumps({**tagged, "id": "r" * 201}).encode() + b"\n",
        json.dumps({**tagged, "id": "row-4", "meta": big}).encode() + b"\n",
        json.dumps({**tagged, "id": "row-5", "meta": [1]}).encode() + b"\n",
        json.dumps({"as_of": "2026-11-26", **minimal_app()}).encode() + b"\n",
        b"not json\n",
    ]
    run = Run(default_pack(), None, "native", source="in.jsonl")
    out = decide_lines(run, (1, lines))
    decided = out.decisions.decode().splitlines()
    assert decided[0].startswith('{"line":1,"id":"row-1","decision":{')
    assert decided[1].startswith('{"line":6,"decision":{')
    first = json.loads(decided[0])["decision"]
    assert (first["application_id"], first["meta"]) == ("row-1", meta)
    assert first == next_action(tagged).model_dump(mode="json")
    errors = {e["line"]: e for e in map(json.loads, out.errors.decode().splitlines())}
    assert sorted(errors) == [2, 3, 4, 5, 7]
    assert list(errors[2])[:3] == ["line", "id", "meta"]
    assert (errors[2]["id"], errors[2]["meta"]) == ("row-2", meta)
    assert "did you mean 'submitted_on'?" in errors[2]["error"]
    assert "id" not in errors[3]
    assert errors[3]["meta"] == meta
    assert errors[3]["problems"][0]["path"] == "id"
    assert errors[4]["id"] == "row-4"
    assert "meta" not in errors[4]
    assert "Limits.max_meta_bytes" in errors[4]["error"]
    assert (errors[5]["id"], "meta" in errors[5]) == ("row-5", False)
    assert "id" not in errors[7]


def test_a_number_too_long_to_read_is_an_error_line_not_a_lost_batch() -> None:
    """A 5,000-digit number (Python reads at most 4,300) makes its line an error line only."""
    huge = b'{"as_of": "2026-11-26", "candidate": {"name": "M"}, "company": {"name": "A"}, '
    huge += b'"custom": {"x": ' + b"9" * 5_000 + b"}}\n"
    run = Run(default_pack(), None, "native", source="in.jsonl", max_line_bytes=10_000)
    out = decide_lines(run, (1, [huge, GOOD_LINE]))
    assert (out.decided, out.failed) == (1, 1)
    [error] = [json.loads(line) for line in out.errors.decode().splitlines()]
    assert error["line"] == 1
    assert error["problems"][0]["path"] == "custom.x"
    assert "5,000 digits" in error["problems"][0]["message"]


def test_a_line_with_a_repeated_key_is_an_error_line() -> None:
    """A key given twice in one object is refused, both ways, as in a JSON or YAML file."""
    raw = b'{"as_of": "2026-11-26", "candidate": {"name": "A"}, "candidate": {"name": "B"}, '
    raw += b'"company": {"name": "C"}}\n'
    out = decide_lines(_settings_wide(), (1, [raw]))
    assert (out.decided, out.failed) == (0, 1)
    assert "the key 'candidate' appears twice" in json.loads(out.errors)["error"]


def _settings_wide() -> Run:
    return Run(default_pack(), None, "native", source="in.jsonl", max_line_bytes=10_000)
