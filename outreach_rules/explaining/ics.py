"""Export a :class:`~outreach_rules.explaining.planning.Plan` as an RFC 5545 (iCalendar) calendar.

Uses the ``icalendar`` package, which the core install does not need: install
the ``calendar`` extra (``pip install 'outreach-rules[calendar]'``, or
``pip install -e '.[calendar]'`` from a checkout of the repository). Output is
deterministic: the same plan gives the same bytes (UIDs and DTSTAMP are
derived from the plan, never from the clock).

Every text property goes through :func:`_text` first: RFC 5545 text may hold
no control character but tab, and a raw line break would end the content line
(icalendar refuses a bare LF and lets a bare CR through). A line break becomes
an escaped newline in the description and a space in one-line properties (the
calendar's name, a summary, a category); every other control character and
Unicode direction override is shown as an escape, as the command line prints it.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

from .._printable import printable
from .._version import __version__
from ..errors import wrong_type
from .planning import Plan

__all__ = ["CALENDAR_EXTRA", "plan_to_ics"]

CALENDAR_EXTRA = "calendar"
"""The optional extra that installs the iCalendar library."""


_LINE_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


def _text(value: str, *, multiline: bool = False) -> str:
    """*value* as an iCalendar text may hold it: line breaks kept (*multiline*) or folded."""
    return printable(_LINE_BREAK.sub("\n" if multiline else " ", value))


def _icalendar() -> Any:
    try:
        import icalendar
    except ImportError as exc:
        raise ImportError(
            "writing a calendar needs the icalendar package, from the "
            f"'{CALENDAR_EXTRA}' extra: pip install 'outreach-rules[{CALENDAR_EXTRA}]' "
            f"(from a checkout of the repository: pip install -e '.[{CALENDAR_EXTRA}]')"
        ) from exc
    return icalendar


def plan_to_ics(plan: Plan, *, name: str = "outreach-rules plan") -> bytes:
    """Return *plan* as an iCalendar file: one all-day event per step, named *name*.

    Raises:
        ImportError: the ``calendar`` extra (the icalendar package) is not installed.
        TypeError: *plan* is not a Plan or *name* not a str.
    """
    if not isinstance(plan, Plan):
        raise wrong_type("plan_to_ics", "plan", "a Plan (see plan)", plan)
    if not isinstance(name, str):
        raise wrong_type("plan_to_ics", "name", "a str", name)
    ical = _icalendar()
    calendar = ical.Calendar()
    calendar.add("prodid", f"-//outreach-rules//outreach-rules {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _text(name))
    stamp = datetime.combine(plan.today, time(0, 0), tzinfo=UTC)
    for step in plan.steps:
        event = ical.Event()
        # An application's own id, when it has one, keeps its events apart from others'.
        owner = f"id:{plan.application_id}" if plan.application_id is not None else name
        key = f"{owner}|{step.on.isoformat()}|{step.action}".encode()
        event.add("uid", f"{hashlib.sha256(key).hexdigest()[:24]}@outreach-rules")
        event.add("dtstamp", stamp)
        event.add("dtstart", step.on)
        event.add("dtend", step.on + timedelta(days=1))
        summary = step.title if step.primary else f"{step.title} (alternative)"
        event.add("summary", _text(summary))
        lines = [step.explanation]
        if step.contact:
            lines.append(f"Who: {step.contact}")
        if step.due_by and step.due_by != step.on:
            lines.append(f"By: {step.due_by.isoformat()}")
        lines.append(f'Guidance: "{step.source}" (rule {step.rule_id})')
        if plan.application_id is not None:
            lines.append(f"Application: {plan.application_id}")
        event.add("description", _text("\n".join(lines), multiline=True))
        event.add("categories", [_text(step.action)])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
