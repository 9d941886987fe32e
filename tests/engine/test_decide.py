"""next_action and decide: the day, the pack and the engine settled; pure and thread-safe."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from support.builders import TODAY, busy_app, day, large_company_app, make_app, minimal_app
from support.packs import CONFLICTS

from outreach_rules import (
    Application,
    ApplicationError,
    Decision,
    EngineError,
    PackError,
    SettingsError,
    decide,
    default_pack,
    facts_of,
    load_pack_text,
    next_action,
)
from outreach_rules.engine.decide import ENGINES, check_engine, day_of, resolve_pack, validated
from outreach_rules.model.application import validate_application

# --- the day to advise for -----------------------------------------------------------


def test_today_overrides_as_of_for_date_checks() -> None:
    """Dates are checked against the today= given to next_action, which overrides as_of."""
    data = minimal_app(as_of="2026-12-10", submitted_on="2026-12-01")
    assert next_action(data).today == date(2026, 12, 10)
    with pytest.raises(ApplicationError, match="submitted_on: 2026-12-01 is after today"):
        next_action(data, today=TODAY)


def test_no_day_to_advise_for() -> None:
    """Without as_of or today= the engine refuses rather than reading the clock."""
    with pytest.raises(ApplicationError, match="no day to advise for"):
        next_action(minimal_app())


def test_bad_today_argument() -> None:
    """A today= that is not a date is an ApplicationError naming 'today'."""
    with pytest.raises(ApplicationError) as info:
        next_action(minimal_app(), today="tomorrow")
    assert info.value.paths == ("today",)


# --- the pack and the engine ---------------------------------------------------------


def test_pack_may_be_a_path_or_shipped_name(tmp_path: Path) -> None:
    """pack= takes a compiled pack, a file path or a shipped pack's name."""
    path = tmp_path / "p.yaml"
    path.write_text(CONFLICTS, encoding="utf-8")
    by_path = next_action(large_company_app(), today=TODAY, pack=path)
    assert by_path.pack == "conflicts"
    assert next_action(large_company_app(), today=TODAY, pack="default") == next_action(
        large_company_app(), today=TODAY
    )
    with pytest.raises(PackError):
        next_action(large_company_app(), today=TODAY, pack=tmp_path / "missing.yaml")


def test_an_unknown_engine_gets_a_suggestion() -> None:
    """A misspelt engine name is an EngineError (a ValueError) with a did-you-mean."""
    with pytest.raises(EngineError) as caught:
        next_action(minimal_app(), engine="durabel")
    assert caught.value.engine == "durabel"
    assert "did you mean 'durable'?" in str(caught.value)
    assert isinstance(caught.value, ValueError)


# --- purity --------------------------------------------------------------------------


def test_same_input_same_decision() -> None:
    """The same application, date and pack always give equal decisions."""
    first = next_action(busy_app())
    second = next_action(busy_app())
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


def test_input_dict_is_not_mutated() -> None:
    """The dict passed in is left exactly as it was."""
    data = busy_app()
    before = copy.deepcopy(data)
    next_action(data, today=TODAY)
    assert data == before


def test_application_object_is_reused_unchanged() -> None:
    """An Application passed in is used as is (no copy needed) and stays unchanged."""
    application = Application.model_validate(busy_app())
    before = application.model_dump()
    decision = decide(default_pack(), application, TODAY)
    assert application.model_dump() == before
    assert decision == next_action(application)


def test_threads_give_serial_decisions() -> None:
    """Many threads deciding at once give exactly the decisions of a serial run."""
    inputs = []
    for days in range(16):
        for no_calls in (False, True):
            data = busy_app()
            data["posting"]["no_calls"] = no_calls
            data["as_of"] = (date(2026, 11, 18) + timedelta(days=days + 7)).isoformat()
            data["history"] = []
            inputs.append(data)
    serial = [next_action(d) for d in inputs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(5):
            assert list(pool.map(next_action, inputs)) == serial


@pytest.mark.parametrize(
    ("value", "day"),
    [(date(2026, 11, 26), date(2026, 11, 26)), ("2026-11-26", date(2026, 11, 26))],
)
def test_the_day_may_be_a_date_or_iso_text(value: object, day: date) -> None:
    """day_of takes a date or YYYY-MM-DD text."""
    assert day_of(value) == day


@pytest.mark.parametrize("value", [datetime(2026, 11, 26, 9, 0), "26/11/2026", 20261126, None])
def test_anything_else_is_no_day(value: object) -> None:
    """A date-time, other text, a number or nothing is an ApplicationError on 'today'."""
    with pytest.raises(ApplicationError) as caught:
        day_of(value)
    assert caught.value.paths == ("today",)


def test_validated_settles_the_day() -> None:
    """validated gives the application with today=, else its as_of; the day checks its dates."""
    app, day = validated(minimal_app(as_of="2026-11-20"), None)
    assert (app.as_of, day) == (date(2026, 11, 20), date(2026, 11, 20))
    assert validated(app, "2026-12-01")[1] == date(2026, 12, 1)
    with pytest.raises(ApplicationError) as caught:
        validated(minimal_app(submitted_on="2026-11-20"), "2026-11-19")
    assert caught.value.paths == ("submitted_on",)


def test_the_pack_is_resolved_once_from_what_is_given() -> None:
    """resolve_pack gives the default pack for None, a Pack as it is, and loads a name."""
    pack = load_pack_text(CONFLICTS)
    assert resolve_pack(None) is default_pack()
    assert resolve_pack(pack) is pack
    assert resolve_pack("default") is default_pack()


@pytest.mark.parametrize("engine", ENGINES)
def test_each_engine_is_known(engine: str) -> None:
    """check_engine gives back the name of every engine there is."""
    assert check_engine(engine) == engine


def test_an_engine_far_from_any_lists_the_engines() -> None:
    """An engine name close to none gets no guess, only the list of engines."""
    with pytest.raises(EngineError) as caught:
        check_engine("rete")
    assert caught.value.hint == "engines: native, durable"


def test_decide_takes_a_validated_application_and_a_day() -> None:
    """decide runs a compiled pack on an Application for a day; next_action does the same."""
    app = validate_application(busy_app())
    assert decide(default_pack(), app, TODAY) == next_action(busy_app(), today=TODAY)
    with pytest.raises(EngineError):
        decide(default_pack(), app, TODAY, engine="nope")


# --- settings given for one call ---------------------------------------------------------

STANDARD_SETTINGS = {
    "follow_up_after_days": 7,
    "call_window_days": 10,
    "wait_after_follow_up_days": 7,
    "reply_outcomes": [
        "not_reviewed",
        "reviewed",
        "timeline_given",
        "interview_offered",
        "rejected",
    ],
}


def test_settings_for_one_call_change_the_dates_and_are_recorded() -> None:
    """settings={...} moves every date that reads them, for that call only; the decision
    records the value of every setting, the defaults filled in, as JSON values."""
    app = make_app()
    usual = next_action(app, today=TODAY)
    assert usual.primary is not None
    assert (usual.primary.action, usual.primary.not_before) == ("call_recruiter", day(7))
    assert usual.settings == STANDARD_SETTINGS

    slower = next_action(app, today=TODAY, settings={"follow_up_after_days": 10})
    assert slower.action_ids == ("wait",)
    assert slower.primary is not None
    assert slower.primary.due_by == day(10)
    assert slower.settings == {**STANDARD_SETTINGS, "follow_up_after_days": 10}

    wider = next_action(app, today=TODAY, settings={"call_window_days": 14})
    call = wider.get("call_recruiter")
    assert call is not None
    assert (call.not_before, call.due_by) == (day(7), day(14))
    # A list setting: when only a rejection counts as a reply, a "reviewed" call is a
    # follow-up to wait on, not a reply; the decision records the list as JSON.
    reviewed = make_app(history=[{"on": "2026-11-25", "channel": "call", "outcome": "reviewed"}])
    replied = next_action(reviewed, today=TODAY).primary
    assert replied is not None
    assert replied.rule_id == "heard-back"
    strict = next_action(reviewed, today=TODAY, settings={"reply_outcomes": ("rejected",)})
    assert strict.primary is not None
    assert strict.primary.rule_id == "already-followed-up"
    assert strict.settings["reply_outcomes"] == ["rejected"]
    assert next_action(app, today=TODAY) == usual  # nothing stays changed


def test_a_misspelt_setting_names_settings_dot_name_with_a_did_you_mean() -> None:
    """An unknown setting is a SettingsError (an ApplicationError) at settings.NAME."""
    with pytest.raises(SettingsError) as caught:
        next_action(make_app(), today=TODAY, settings={"follow_up_after_dys": 10})
    error = caught.value
    assert isinstance(error, ApplicationError)
    assert error.paths == ("settings.follow_up_after_dys",)
    assert "did you mean 'follow_up_after_days'?" in error.problems[0].message
    assert str(error).startswith("invalid settings (1 problem)")


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"follow_up_after_days": 0}, "expected a whole number from 1 to 60 (got 0)"),
        ({"follow_up_after_days": 61}, "expected a whole number from 1 to 60 (got 61)"),
        ({"follow_up_after_days": "10"}, "expected a whole number from 1 to 60 (got '10')"),
        ({"follow_up_after_days": True}, "expected a whole number from 1 to 60 (got True)"),
        ({"reply_outcomes": "rejected"}, "expected a list of: no_answer,"),
        ({"reply_outcomes": ["rejectd"]}, "did you mean 'rejected'?"),
    ],
)
def test_a_setting_of_the_wrong_type_or_out_of_bounds_is_refused(
    settings: dict[str, object], words: str
) -> None:
    """A value outside the setting's type, bounds or choices is a SettingsError saying so."""
    (name,) = settings
    with pytest.raises(SettingsError) as caught:
        next_action(make_app(), today=TODAY, settings=settings)
    assert caught.value.paths == (f"settings.{name}",)
    assert words in caught.value.problems[0].message


def test_every_problem_with_the_settings_is_reported_at_once() -> None:
    """Two bad settings, two problems; settings that are not a mapping, one."""
    with pytest.raises(SettingsError) as caught:
        facts_of(make_app(), TODAY, settings={"call_window_dayz": 3, "follow_up_after_days": -1})
    assert caught.value.paths == ("settings.call_window_dayz", "settings.follow_up_after_days")
    with pytest.raises(SettingsError, match="settings must be a mapping"):
        next_action(make_app(), today=TODAY, settings="follow_up_after_days=10")  # type: ignore[arg-type]


def test_the_durable_engine_decides_alike_with_settings() -> None:
    """engine="durable" with settings gives the native engine's decision, settings recorded."""
    for settings in ({"follow_up_after_days": 10}, {"call_window_days": 8}, {"reply_outcomes": []}):
        for days in (6, 8, 9, 12):
            native = next_action(make_app(), today=day(days), settings=settings)
            durable = next_action(make_app(), today=day(days), settings=settings, engine="durable")
            assert durable == native, (settings, days)


# --- an application's own id and meta ----------------------------------------------------

TAGS = {"user": 42, "tags": ["a", "b"], "row": {"sheet": "Jobs", "n": 17}, "note": None}


def test_id_and_meta_come_back_in_the_decision_and_change_nothing_else() -> None:
    """The decision gives back the application's id and meta as they were; rules never read
    them, so the decision is otherwise the one the untagged application gets."""
    plain = next_action(make_app(), today=TODAY)
    tagged = next_action(make_app(id="row-17", meta=TAGS), today=TODAY)
    assert (tagged.application_id, tagged.meta) == ("row-17", TAGS)
    assert (plain.application_id, plain.meta) == (None, None)
    assert tagged.model_copy(update={"application_id": None, "meta": None}) == plain
    dumped = tagged.model_dump(mode="json")
    assert (dumped["application_id"], dumped["meta"]) == ("row-17", TAGS)
    assert Decision.model_validate_json(tagged.model_dump_json()) == tagged
    durable = next_action(make_app(id="row-17", meta=TAGS), today=TODAY, engine="durable")
    assert durable == tagged


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01", date(9995, 1, 1)])
def test_a_day_near_the_calendar_s_end_is_refused_as_today(today: object) -> None:
    """today= near an end of the calendar is an ApplicationError on today, not an OverflowError."""
    with pytest.raises(ApplicationError) as caught:
        next_action(minimal_app(), today=today)  # type: ignore[arg-type]
    assert caught.value.paths == ("today",)
    assert "too near an end of the calendar" in str(caught.value)
