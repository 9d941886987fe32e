"""iCalendar export: an RFC 5545 file that parses back with the plan's events and dates."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from support.paths import DAY3

from outreach_rules import load_application, plan, plan_to_ics
from outreach_rules.cli import main


def _events(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"]).startswith("-//outreach-rules//")
    return list(calendar.walk("VEVENT"))


def test_plan_round_trips_through_icalendar() -> None:
    """Every step is an all-day event on its date, with its title, why and a unique UID."""
    agenda = plan(load_application(DAY3))
    events = _events(plan_to_ics(agenda, name="Priya: Northwind"))
    assert len(events) == len(agenda.steps) == 4
    for event, step in zip(events, agenda.steps, strict=True):
        start = event.decoded("DTSTART")
        assert start == step.on
        assert type(start) is date
        assert event.decoded("DTEND") == step.on + timedelta(days=1)
        assert str(event["SUMMARY"]).startswith(step.title)
        assert step.explanation in str(event["DESCRIPTION"])
    assert [str(e["SUMMARY"]) for e in events] == [
        "Wait before following up",
        "Call the recruiter",
        "Follow up by email (alternative)",
        "Follow up by email",
    ]
    assert len({str(e["UID"]) for e in events}) == 4
    assert events[1].decoded("DTSTART") == date(2026, 11, 30)


def test_calendar_is_deterministic() -> None:
    """The same plan gives the same bytes: no clock, no random UIDs."""
    agenda = plan(load_application(DAY3))
    assert plan_to_ics(agenda) == plan_to_ics(agenda)


def test_cli_writes_the_calendar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`plan --ics FILE` writes the calendar and says so."""
    target = tmp_path / "plan.ics"
    assert main(["plan", str(DAY3), "--ics", str(target)]) == 0
    assert f"Wrote 4 events to {target}." in capsys.readouterr().out
    events = _events(target.read_bytes())
    assert [e.decoded("DTSTART") for e in events] == [
        date(2026, 11, 26),
        date(2026, 11, 30),
        date(2026, 11, 30),
        date(2026, 12, 4),
    ]


def test_missing_extra_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without icalendar installed, the error names the extra to install; the CLI exits 2."""
    monkeypatch.setitem(sys.modules, "icalendar", None)
    agenda = plan(load_application(DAY3))
    with pytest.raises(ImportError, match=r"outreach-rules\[calendar\]"):
        plan_to_ics(agenda)
    assert main(["plan", str(DAY3), "--ics", str(tmp_path / "p.ics")]) == 2
    assert "pip install 'outreach-rules[calendar]'" in capsys.readouterr().err
    assert not (tmp_path / "p.ics").exists()


def test_events_carry_who_when_and_the_guidance() -> None:
    """Each event's description has the explanation, whom to contact, the due day and the source."""
    agenda = plan(load_application(DAY3))
    calendar = icalendar.Calendar.from_ical(plan_to_ics(agenda, name="Priya: Northwind"))
    assert str(calendar["X-WR-CALNAME"]) == "Priya: Northwind"
    call = list(calendar.walk("VEVENT"))[1]
    lines = str(call["DESCRIPTION"]).splitlines()
    assert lines[1:3] == ["Who: Sam Ortiz at +1 555 0171", "By: 2026-12-03"]
    assert lines[-1].startswith('Guidance: "If you have not heard from a recruiter')
    assert lines[-1].endswith("(rule call-recruiter)")
    assert call["CATEGORIES"].to_ical() == b"call_recruiter"
    assert str(call["TRANSP"]) == "TRANSPARENT"


def test_the_name_is_part_of_each_event_s_uid() -> None:
    """Calendars of two applications never share a UID, however alike their plans."""
    agenda = plan(load_application(DAY3))
    uids = [{str(e["UID"]) for e in _events(plan_to_ics(agenda, name=n))} for n in ("a", "b")]
    assert not uids[0] & uids[1]


def test_an_application_s_id_names_its_events() -> None:
    """With an id, each event's description ends "Application: ID", and its UID is made
    from the id (not the calendar's name): re-exported under another name, the same events;
    another id, other events. Without an id, no such line."""
    app = load_application(DAY3).model_dump(mode="json", exclude_none=True)
    tagged = plan({**app, "id": "row-17", "meta": {"user": 42}})
    assert tagged.application_id == "row-17"
    events = _events(plan_to_ics(tagged, name="Priya: Northwind"))
    assert len(events) == len(tagged.steps)
    for event in events:
        assert str(event["DESCRIPTION"]).splitlines()[-1] == "Application: row-17"
    uids = [str(e["UID"]) for e in events]
    assert all(uid.endswith("@outreach-rules") for uid in uids)
    renamed = [str(e["UID"]) for e in _events(plan_to_ics(tagged, name="another name"))]
    assert renamed == uids
    other = plan({**app, "id": "row-18"})
    assert not {str(e["UID"]) for e in _events(plan_to_ics(other))} & set(uids)
    plain = _events(plan_to_ics(plan(app), name="Priya: Northwind"))
    assert not {str(e["UID"]) for e in plain} & set(uids)
    assert all("Application:" not in str(e["DESCRIPTION"]) for e in plain)


def test_cli_plan_ics_names_the_application_s_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`plan --ics` of an application file with an id writes events that name it."""
    source = tmp_path / "app.yaml"
    source.write_text(DAY3.read_text(encoding="utf-8") + "id: tracker-42\n", encoding="utf-8")
    target = tmp_path / "plan.ics"
    assert main(["plan", str(source), "--ics", str(target)]) == 0
    capsys.readouterr()
    events = _events(target.read_bytes())
    assert events
    assert all("Application: tracker-42" in str(e["DESCRIPTION"]) for e in events)


# --- control characters in every property (issue 16, point 17) ----------------------

CONTROLS = "a\nb\rc\r\nd\x1b[31me\u202ef\x00g\x85h\u2028i\tj"
"""Line breaks of every kind, a colour, a right-to-left override, NUL, C1, a tab."""


def _content_lines(data: bytes) -> list[bytes]:
    """The calendar's physical lines: only CRLF may end one, and no control inside but tab."""
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        text = line.decode("utf-8")
        assert not [c for c in text if (ord(c) < 0x20 and c != "\t") or 0x7F <= ord(c) < 0xA0]
        assert not {"\u202e", "\u2028", "\u2029"} & set(text)
    return lines


def _hostile_plan() -> tuple[bytes, str]:
    app = load_application(DAY3).model_dump(mode="json", exclude_none=True)
    app["candidate"]["name"] = f"Priya {CONTROLS}"
    app["posting"]["recruiter"]["name"] = f"Sam {CONTROLS}"
    app["id"] = f"row {CONTROLS}"
    agenda = plan(app)
    return plan_to_ics(agenda, name=f"{agenda.steps[0].title} {CONTROLS}"), CONTROLS


def test_control_characters_are_folded_or_escaped_in_every_property() -> None:
    """Line breaks in the calendar's name fold to spaces, and escape as newlines in a
    description; other controls and direction overrides show as escapes; the file parses
    back with icalendar and every content line is clean."""
    data, _ = _hostile_plan()
    _content_lines(data)
    calendar = icalendar.Calendar.from_ical(data)
    shown = "a b c d\\x1b[31me\\u202ef\\x00g h i\tj"
    assert str(calendar["X-WR-CALNAME"]).endswith(shown)
    call = list(calendar.walk("VEVENT"))[1]
    lines = str(call["DESCRIPTION"]).split("\n")
    broken = ["b", "c", "d\\x1b[31me\\u202ef\\x00g", "h"]
    assert lines[1:7] == ["Who: Sam a", *broken, "i\tj at +1 555 0171"]
    assert lines[-6:] == ["Application: row a", *broken, "i\tj"]
    assert all("\r" not in str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))


def test_cli_plan_ics_takes_a_newline_in_the_candidate_s_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`plan --ics` of a candidate named across lines (or with a bare CR) writes a calendar."""
    for name in ("Priya\nNatarajan", "Priya\rNatarajan"):
        source = tmp_path / "app.yaml"
        text = DAY3.read_text(encoding="utf-8")
        source.write_text(text.replace("Priya Natarajan", json.dumps(name)), encoding="utf-8")
        target = tmp_path / "plan.ics"
        assert main(["plan", str(source), "--ics", str(target)]) == 0
        capsys.readouterr()
        _content_lines(target.read_bytes())
        calendar = icalendar.Calendar.from_ical(target.read_bytes())
        assert str(calendar["X-WR-CALNAME"]) == "Priya Natarajan: Northwind Analytics"
