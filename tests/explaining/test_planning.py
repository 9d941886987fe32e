"""Plans: day by day, assuming no reply, with the steps dated and explained."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from support.builders import SUBMITTED, day, make_app
from support.paths import DAY3

from outreach_rules import (
    ApplicationError,
    OutreachRulesError,
    Plan,
    load_application,
    load_pack,
    load_pack_text,
    plan,
)


def test_day3_application_waits_until_day_7_then_calls() -> None:
    """Three days in: wait; on day 7 call the recruiter (email as the alternative); day 11 email."""
    app = load_application(DAY3)
    submitted = app.submitted_on
    assert submitted is not None
    agenda = plan(app)
    steps = [(s.on, s.action, s.primary) for s in agenda.steps]
    assert steps == [
        (date(2026, 11, 26), "wait", True),
        (submitted + timedelta(days=7), "call_recruiter", True),
        (submitted + timedelta(days=7), "email_follow_up", False),
        (submitted + timedelta(days=11), "email_follow_up", True),
    ]
    wait, call = agenda.steps[0], agenda.steps[1]
    assert wait.due_by == submitted + timedelta(days=7)
    assert call.due_by == submitted + timedelta(days=10)
    assert call.contact == "Sam Ortiz at +1 555 0171"
    assert "seven to ten days" in call.explanation
    assert call.rule_id == "call-recruiter"


def test_plan_stops_at_the_first_day_nothing_changes_further() -> None:
    """After the call window closes the advice is fixed for good: the plan stops there."""
    agenda = plan(load_application(DAY3))
    assert agenda.settled_on == date(2026, 12, 4)
    assert agenda.last_day == date(2026, 12, 4)
    text = agenda.text()
    assert text.endswith("From 2026-12-04 on, nothing changes.\n")
    assert (
        "2026-11-30 (day 4):\n  NEXT: Call the recruiter [call_recruiter] (until 2026-12-03)"
        in text
    )


def test_plan_stops_at_the_horizon_when_advice_still_changes() -> None:
    """With a horizon shorter than the wait, the plan ends at the horizon, unsettled."""
    agenda = plan(load_application(DAY3), horizon_days=2)
    assert agenda.settled_on is None
    assert agenda.last_day == date(2026, 11, 28)
    assert [s.action for s in agenda.steps] == ["wait"]
    assert "stops at its horizon, 2026-11-28" in agenda.text()


def test_nothing_to_wait_for_settles_on_the_first_day() -> None:
    """Heard back: nothing time can change; the plan is one day long."""
    agenda = plan(make_app(heard_back=True), today=day(30))
    assert agenda.settled_on == agenda.today == agenda.last_day == day(30)
    assert [s.action for s in agenda.steps] == ["await_response"]


def test_interview_date_passing_is_a_change() -> None:
    """A derived fact that reads the day (an interview coming up) is followed until it passes."""
    app = make_app(
        research={"interviewers": False},
        heard_back=True,
        interview={"kind": "job", "on": day(12).isoformat(), "with": [{"name": "Pat"}]},
    )
    agenda = plan(app, today=day(9))
    assert [(s.on, s.action) for s in agenda.steps] == [
        (day(9), "research_interviewers"),
        (day(9), "await_response"),
        (day(13), "await_response"),
    ]
    assert agenda.settled_on == day(13)


def test_plans_are_deterministic() -> None:
    """The same application, day and pack give an equal plan."""
    app = load_application(DAY3)
    assert plan(app) == plan(app)
    assert Plan.model_validate(plan(app).model_dump(mode="json")) == plan(app)


def test_a_21_day_plan_takes_a_few_milliseconds() -> None:
    """A 21-day plan of the default pack is fast: well under 20 ms (a few ms measured)."""
    app = make_app(submitted_on=SUBMITTED.isoformat())
    pack = load_pack("default")
    plan(app, today=SUBMITTED, pack=pack)  # warm up
    runs = 20
    started = time.perf_counter()
    for _ in range(runs):
        agenda = plan(app, today=SUBMITTED, horizon_days=21, pack=pack)
    elapsed = (time.perf_counter() - started) / runs
    assert agenda.last_day == SUBMITTED + timedelta(days=11)
    assert elapsed < 0.020, f"{elapsed * 1000:.1f} ms"


@pytest.mark.parametrize("horizon", [-1, 367, True])
def test_horizon_out_of_range_is_a_clear_error(horizon: int) -> None:
    """horizon_days outside 0..366 is an OutreachRulesError naming the argument."""
    with pytest.raises(OutreachRulesError, match="horizon_days must be"):
        plan(load_application(DAY3), horizon_days=horizon)


def test_a_plan_of_no_days_ahead_is_today_s_advice() -> None:
    """horizon_days=0 decides today only: its steps, unsettled, ending today."""
    agenda = plan(load_application(DAY3), horizon_days=0)
    assert [(s.day, s.on, s.action, s.primary) for s in agenda.steps] == [
        (0, date(2026, 11, 26), "wait", True)
    ]
    assert (agenda.settled_on, agenda.last_day) == (None, date(2026, 11, 26))
    assert agenda.text().endswith("The plan stops at its horizon, 2026-11-26.\n")


def test_steps_count_their_days_from_the_plan_s_first_day() -> None:
    """Each step's day is its distance from the plan's first day; alternatives say 'also'."""
    agenda = plan(load_application(DAY3))
    assert [s.day for s in agenda.steps] == [(s.on - agenda.today).days for s in agenda.steps]
    assert "  also: Follow up by email [email_follow_up]" in agenda.text()
    assert "(day 4):\n  NEXT: Call the recruiter" in agenda.text()


def test_a_plan_is_for_the_pack_given() -> None:
    """A plan names the pack and version that decided it, and follows that pack's rules."""
    pack = load_pack_text(
        "name: always\nversion: '3'\n"
        "rules:\n  - id: r\n    then: {action: wait}\n    because: x\n    source: s\n"
    )
    agenda = plan(load_application(DAY3), pack=pack)
    assert (agenda.pack, agenda.pack_version) == ("always", "3")
    assert [s.action for s in agenda.steps] == ["wait"]
    assert agenda.settled_on == agenda.today


def test_a_plan_gives_back_the_application_s_id_meta_and_the_settings() -> None:
    """A plan carries the application's id and meta as they were, and the settings used;
    they change none of its steps."""
    meta = {"user": 42, "tags": ["remote"]}
    tagged = plan(make_app(id="row-17", meta=meta), today=day(3))
    plain = plan(make_app(), today=day(3))
    assert (tagged.application_id, tagged.meta) == ("row-17", meta)
    assert (plain.application_id, plain.meta) == (None, None)
    assert tagged.steps == plain.steps
    assert tagged.settings["follow_up_after_days"] == 7
    assert Plan.model_validate_json(tagged.model_dump_json()) == tagged
    slower = plan(make_app(), today=day(3), settings={"follow_up_after_days": 10})
    assert slower.settings["follow_up_after_days"] == 10
    assert [s.on for s in slower.steps][:2] == [day(3), day(10)]


@pytest.mark.parametrize(
    "change",
    [
        {"as_of": "9995-01-01"},
        {"submitted_on": "9999-12-25"},
        {"interview": {"kind": "job", "on": "9999-12-31"}},
    ],
)
def test_days_near_the_calendar_s_end_are_an_application_error_not_an_overflow(
    change: dict[str, object],
) -> None:
    """Plans and decisions near 9999-12-31 used to raise OverflowError; the day is refused."""
    app = make_app(**change)
    with pytest.raises(ApplicationError) as caught:
        plan(app, today=None if "as_of" in change else "2026-11-26")
    assert "too near an end of the calendar" in str(caught.value)
    assert next(iter(change)) in caught.value.paths[0]


def test_a_plan_on_the_last_day_allowed_works() -> None:
    """On model.dates.LAST_DAY a plan still looks ahead: the far future fits in the calendar."""
    app = make_app(submitted_on="8999-12-20")
    assert plan(app, today="8999-12-31", horizon_days=366).steps
