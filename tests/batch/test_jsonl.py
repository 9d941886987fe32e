"""A chunk of JSON Lines decided by a worker.

A line is read straight from its JSON exactly when the careful way accepts it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from support.builders import VALID_APPLICATION
from support.fuzzing import json_like, mutated

from outreach_rules import ApplicationError
from outreach_rules.batch import jsonl as jsonl_module
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
