"""Fuzzing the public interfaces: arbitrary input gives a result or a documented error.

Bounded to keep the suite fast; tests/fuzz/long_run.py runs the same checks for longer.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.builders import VALID_APPLICATION
from support.fuzzing import (
    DEFAULT_PACK_DATA,
    decide_or_documented_error,
    dump,
    json_like,
    load_or_documented_error,
    mutated,
    parse_or_documented_error,
)

from outreach_rules import Decision, Pack, decide_many
from outreach_rules.batch.pool import check_workers, max_workers

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(json_like)
def test_arbitrary_values_as_application(data: Any) -> None:
    """Any JSON-like value given as an application decides or raises ApplicationError."""
    decide_or_documented_error(data)


@FAST
@given(mutated(VALID_APPLICATION))
def test_mutated_applications(data: Any) -> None:
    """A valid application with random parts changed decides or raises ApplicationError."""
    decide_or_documented_error(data)


def test_the_unmutated_application_decides() -> None:
    """The fuzzers' starting application is valid, so mutations start from a real decision."""
    assert isinstance(decide_or_documented_error(VALID_APPLICATION), Decision)


@FAST
@given(st.text(max_size=300))
def test_arbitrary_text_as_application(text: str) -> None:
    """Any text parsed as an application gives an Application or an ApplicationError."""
    parse_or_documented_error(text)


@FAST
@given(st.text(max_size=300))
def test_arbitrary_text_as_pack(text: str) -> None:
    """Any text loaded as a pack gives a Pack or a PackError."""
    load_or_documented_error(text)


@FAST
@given(json_like)
def test_arbitrary_documents_as_pack(document: Any) -> None:
    """Any JSON-like document, written as YAML, loads or raises PackError."""
    load_or_documented_error(dump(document))


@FAST
@given(mutated(DEFAULT_PACK_DATA))
def test_mutated_default_pack(document: Any) -> None:
    """The default pack with random parts changed loads or raises PackError, never worse."""
    result = load_or_documented_error(dump(document))
    if isinstance(result, Pack):
        # A pack that loads must decide a valid application: it was fully checked at load.
        assert isinstance(decide_or_documented_error(VALID_APPLICATION, result), Decision)


def test_the_unmutated_default_pack_loads_from_its_dump() -> None:
    """The pack fuzzer's starting document is the real default pack, and it loads."""
    assert isinstance(load_or_documented_error(dump(DEFAULT_PACK_DATA)), Pack)


@FAST
@given(st.one_of(st.integers(), json_like))
def test_arbitrary_worker_counts(workers: Any) -> None:
    """Any worker count is a ValueError before anything starts, or a count from 1 to the cap
    (never more than asked, never more than four a CPU)."""
    try:
        checked = check_workers(workers)
    except ValueError:
        with pytest.raises(ValueError, match="workers must be"):
            decide_many([], workers=workers)
        return
    assert 1 <= checked <= min(workers, max_workers())
