"""Fuzzing the public interfaces: arbitrary input gives a result or a documented error.

Bounded to keep the suite fast; tests/fuzz/long_run.py runs the same checks for longer.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import icalendar
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

from outreach_rules import Decision, Pack
from outreach_rules._printable import UNPRINTABLE
from outreach_rules.cli import main

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


# --- control characters in every printed field (issue 16, points 16 and 17) ------------

_NASTY = st.text(
    st.sampled_from(
        (
            *("a", " ", "\t", "\n", "\r", "\x00", "\x1b", "\x07", "\x7f", "\x85", "\x9b"),
            *("\u061c", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u2028"),
        )
    ),
    min_size=1,
    max_size=12,
).map(lambda text: "x" + text)  # never blank: names are required
_PRINTED_FIELDS = (
    ("candidate", "name"),
    ("company", "name"),
    ("posting", "title"),
    ("posting", "recruiter", "name"),
    ("id",),
)


def _printed(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_NASTY, min_size=len(_PRINTED_FIELDS), max_size=len(_PRINTED_FIELDS)), _NASTY)
def test_control_characters_never_reach_the_terminal_or_the_calendar(
    values: list[str], version: str
) -> None:
    """Controls and direction overrides in every field the command line prints (names, the
    title, the id, the pack's version, the file's name) come out escaped from `next`,
    `explain`, `plan`, `validate`, `lint` and errors, and the .ics parses back clean."""
    data = {**json.loads(json.dumps(VALID_APPLICATION)), "as_of": "2026-11-26"}
    for path, value in zip(_PRINTED_FIELDS, values, strict=True):
        place = data
        for key in path[:-1]:
            place = place.setdefault(key, {})
        place[path[-1]] = value
    with tempfile.TemporaryDirectory() as folder:
        app = Path(folder) / "app.json"
        app.write_text(json.dumps(data), encoding="utf-8")
        pack = Path(folder) / "pack.yaml"
        pack.write_text(f"name: mine\nversion: {json.dumps(version)}\nextends: default\n")
        ics = Path(folder) / "plan.ics"
        runs = [
            ["next", str(app), "--all-scripts"],
            ["explain", str(app)],
            ["plan", str(app), "--days", "10", "--ics", str(ics)],
            ["validate", str(pack)],
            ["lint", str(pack)],
            # (a NUL cannot be in a path: that error is another test's)
            ["next", str(Path(folder) / f"missing{version.replace(chr(0), '')}.yaml")],
        ]
        for argv in runs:
            code, out, err = _printed(argv)
            assert code in (0, 2), (argv, err)
            assert not [c for c in out + err if ord(c) in UNPRINTABLE], (argv, out + err)
        calendar = ics.read_bytes()
        for line in calendar[:-2].split(b"\r\n"):
            text = line.decode("utf-8")
            assert not [c for c in text if ord(c) in UNPRINTABLE and c != "\t"], text
        icalendar.Calendar.from_ical(calendar)
