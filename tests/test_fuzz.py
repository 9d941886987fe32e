"""Fuzzing the public interfaces: arbitrary input gives a result or a documented error.

Bounded to keep the suite fast; tests/fuzz/long_run.py runs the same checks for longer.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.builders import VALID_APPLICATION
from support.fuzzing import (
    DEFAULT_PACK_DATA,
    EXTREMES,
    HUGE,
    decide_or_documented_error,
    dump,
    json_like,
    load_or_documented_error,
    mutated,
    parse_or_documented_error,
)

from outreach_rules import (
    ApplicationError,
    Decision,
    OutreachRulesError,
    Pack,
    PackError,
    decide,
    decide_many,
    default_pack,
    durable_ruleset,
    facts_of,
    load_application,
    load_pack,
    load_pack_text,
    next_action,
    parse_application,
    plan,
    plan_to_ics,
    why_not,
)
from outreach_rules._printable import UNPRINTABLE
from outreach_rules.batch.pool import check_workers, max_workers
from outreach_rules.cli import main
from outreach_rules.errors import PACK_ERROR_CODES
from outreach_rules.model.application import validate_application

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


# --- issue 16: huge numbers, extreme days and offsets, arguments of the wrong type ---


@FAST
@given(mutated(VALID_APPLICATION), st.booleans())
def test_huge_numbers_in_application_text(data: Any, as_json: bool) -> None:
    """A 5,000-digit number in an application's text is an ApplicationError, JSON or YAML."""
    if isinstance(data, dict):
        data = {**data, "custom": {"n": "HUGE_HERE"}}
    text = json.dumps(data) if as_json else dump(data)
    text = text.replace('"HUGE_HERE"', HUGE).replace("HUGE_HERE", HUGE)
    with contextlib.suppress(ApplicationError):
        parse_application(text, filename="a.json" if as_json else "a.yaml")


@FAST
@given(
    days=st.integers(-(10**12), 10**12) | st.sampled_from(EXTREMES),
    today=st.sampled_from(["2026-11-26", "8999-12-31", "1000-01-01", "9999-12-31", "0001-01-01"]),
    data=mutated(VALID_APPLICATION),
)
def test_extreme_day_offsets_and_days(days: Any, today: str, data: Any) -> None:
    """Any 'days' and any day: a PackError at load, an ApplicationError, or an answer; never an
    OverflowError, for decisions, explanations and plans alike."""
    text = (
        "name: offsets\nextends: default\nrules:\n"
        f"- {{id: r, when: {{today: {{'>=': {{fact: submitted_on, days: {json.dumps(days)}}}}}}},"
        f" then: {{action: wait, due_by: {{fact: submitted_on, days: {json.dumps(days)}}}}},"
        " because: x, source: {house_default: t}}\n"
    )
    pack = load_or_documented_error(text)
    if isinstance(pack, PackError):
        return
    for call in (
        lambda: next_action(data, today=today, pack=pack),
        lambda: plan(data, today=today, pack=pack, horizon_days=3),
        lambda: why_not(data, "wait", today=today, pack=pack, counterfactuals=False),
    ):
        with contextlib.suppress(ApplicationError):
            call()


_WRONG = (None, 1, 1.5, True, "x", b"x", [], {}, object(), ["a"], {"a": 1}, float("nan"))
_APP = {"candidate": {"name": "M"}, "company": {"name": "A"}}
_CALLS: dict[str, Callable[[Any], object]] = {
    "next_action(application)": lambda v: next_action(v, today="2026-11-26"),
    "next_action(today)": lambda v: next_action(_APP, today=v),
    "next_action(pack)": lambda v: next_action(_APP, today="2026-11-26", pack=v),
    "next_action(settings)": lambda v: next_action(_APP, today="2026-11-26", settings=v),
    "next_action(engine)": lambda v: next_action(_APP, today="2026-11-26", engine=v),
    "load_pack_text(text)": lambda v: load_pack_text(v),
    "load_pack_text(filename)": lambda v: load_pack_text("name: x\nrules: []\n", filename=v),
    "load_pack_text(limits)": lambda v: load_pack_text("name: x\nrules: []\n", limits=v),
    "load_pack_text(base_dir)": lambda v: load_pack_text("name: x\nrules: []\n", base_dir=v),
    "load_pack(source)": lambda v: load_pack(v),
    "parse_application(text)": lambda v: parse_application(v),
    "parse_application(filename)": lambda v: parse_application("candidate: {}", filename=v),
    "parse_application(limits)": lambda v: parse_application("candidate: {}", limits=v),
    "load_application(path)": lambda v: load_application(v),
    "decide_many(applications)": lambda v: decide_many(v, today="2026-11-26"),
    "decide_many([item])": lambda v: decide_many([v], today="2026-11-26"),
    "decide(pack)": lambda v: decide(v, validate_application(_APP), date(2026, 11, 26)),
    "decide(app)": lambda v: decide(default_pack(), v, date(2026, 11, 26)),
    "decide(today)": lambda v: decide(default_pack(), validate_application(_APP), v),
    "plan(horizon_days)": lambda v: plan(_APP, today="2026-11-26", horizon_days=v),
    "why_not(action)": lambda v: why_not(_APP, v, today="2026-11-26"),
    "facts_of(application)": lambda v: facts_of(v, today="2026-11-26"),
    "durable_ruleset(pack)": lambda v: durable_ruleset(v),
    "Pack.rule(rule_id)": lambda v: default_pack().rule(v),
    "plan_to_ics(plan)": lambda v: plan_to_ics(v),
}


@pytest.mark.parametrize("call", sorted(_CALLS))
def test_public_calls_with_arguments_of_the_wrong_type(call: str) -> None:
    """A wrong type is one of our errors, or a TypeError that names the call and the argument;
    never an AttributeError or a TypeError from deep inside."""
    unclear = []
    for value in _WRONG:
        try:
            _CALLS[call](value)
        except OutreachRulesError:
            continue
        except TypeError as error:
            if not str(error).startswith(call.split("(")[0] + "(): "):
                unclear.append((value, error))
    assert not unclear, unclear


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


_FILE_KINDS = (
    "regular",
    "fifo",
    "directory",
    "dangling-link",
    "link-loop",
    "/dev/null",
    "/dev/zero",
    "nul-in-name",
    "long-name",
    "socket",
)


def _make(kind: str, folder: Path, content: bytes) -> str:
    """A path of *kind* in *folder* (made there), as a user could name it."""
    import os
    import socket

    path = folder / "file.yaml"
    if kind == "regular":
        path.write_bytes(content)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "dangling-link":
        path.symlink_to(folder / "nowhere.yaml")
    elif kind == "link-loop":
        path.symlink_to(folder / "other.yaml")
        (folder / "other.yaml").symlink_to(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "nul-in-name":
        return str(folder / "fi\x00le.yaml")
    elif kind == "long-name":
        return str(folder / ("x" * 300 + ".yaml"))
    else:
        return kind  # a device
    return str(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(_FILE_KINDS),
    content=st.binary(max_size=200) | st.just(b"name: mine\n"),
    how=st.sampled_from(["pack", "extends", "application"]),
)
def test_any_kind_of_file_is_read_or_refused_clearly(kind: str, content: bytes, how: str) -> None:
    """Whatever a path names (a FIFO with no writer, a device that never ends, a directory,
    a socket, a link loop, a NUL or an over-long name), loading it as a pack, as what a pack
    extends, or as an application gives a result or a documented error, at once: never a
    hang, a raw OSError/ValueError/RuntimeError, or a read past the limit."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = _make(kind, folder, content)
        failure: Exception | None = None
        try:
            if how == "pack":
                load_pack(path)
            elif how == "extends":
                load_pack_text(f"name: child\nextends: {json.dumps(path)}\n", base_dir=folder)
            else:
                load_application(path)
        except (PackError, ApplicationError) as error:
            failure = error
        if isinstance(failure, PackError):
            assert failure.code in PACK_ERROR_CODES
