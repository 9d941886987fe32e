"""Settings: declared with a type and default, read as facts, bound in conditions, set per call."""

from __future__ import annotations

import textwrap
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from support.builders import TODAY, make_app, minimal_app
from support.packs import one_rule, pack_error

from outreach_rules import ApplicationError, SettingsError, load_pack_text, next_action
from outreach_rules._yaml.reader import parse_yaml
from outreach_rules.errors import Mark, PackError, Site
from outreach_rules.language.conditions import AllOf, AnyOf, Compare, FactRef, Not, SettingRef
from outreach_rules.language.settings import (
    SettingSpec,
    bind_condition,
    bind_ref,
    check_setting_values,
    declare_setting,
    setting_facts,
    settings_used,
)
from outreach_rules.language.values import ValueSpec

SITE = Site("p.yaml")
HOURS = SettingSpec("weekly_hours", ValueSpec("int", minimum=1, maximum=80), 40)
SECTORS = SettingSpec("sectors", ValueSpec("list", ("public", "private")), ("public",))
START = SettingSpec("start", ValueSpec("date"), date(2026, 1, 1))
SETTINGS = {spec.name: spec for spec in (HOURS, SECTORS, START)}


def declared(text: str) -> SettingSpec:
    """The setting ``n`` declared by the YAML mapping *text*."""
    return declare_setting("n", parse_yaml(text), SITE, Mark(3, 3))


def declare_error(text: str) -> PackError:
    """The PackError declaring the setting ``n`` as the YAML *text* raises."""
    with pytest.raises(PackError) as info:
        declared(text)
    return info.value


# --- declaring -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "default"),
    [
        ("{type: int, default: 7, min: 1, max: 60}", ValueSpec("int", (), 1, 60), 7),
        ("{type: bool, default: false}", ValueSpec("bool"), False),
        ("{type: str, default: hello}", ValueSpec("str"), "hello"),
        ("{type: enum, default: b, choices: [a, b]}", ValueSpec("enum", ("a", "b")), "b"),
        ("{type: list, default: [a], choices: [a, b]}", ValueSpec("list", ("a", "b")), ("a",)),
        ("{type: list, default: []}", ValueSpec("list"), ()),
        (
            "{type: date, default: 2026-03-01, min: 2026-01-01}",
            ValueSpec("date", (), date(2026, 1, 1)),
            date(2026, 3, 1),
        ),
    ],
)
def test_a_declaration_gives_the_type_and_the_typed_default(
    text: str, value: ValueSpec, default: Any
) -> None:
    """Every type declares with its default checked and typed (a date, a tuple for a list)."""
    spec = declared(text)
    assert (spec.value, spec.default) == (value, default)
    assert (spec.file, spec.line) == ("p.yaml", 3)


@pytest.mark.parametrize(
    ("text", "code", "problem"),
    [
        ("3", "bad-setting", "setting 'n' is not declared by any pack it extends"),
        ("{type: int}", "bad-setting", "declare it with its type and default"),
        ("{type: float, default: 1}", "bad-setting", "type 'float' is not one of bool, int"),
        ("{type: int, default: 1, description: 5}", "bad-setting", "must be text"),
        ("{type: int, default: 1, choices: [a]}", "bad-setting", "for enum and list settings"),
        ("{type: enum, default: a, choices: a}", "bad-setting", "must be a list of texts"),
        ("{type: enum, default: a}", "bad-setting", "an enum setting needs 'choices'"),
        ("{type: enum, default: a, choices: [a, a]}", "bad-setting", "listed twice"),
        ("{type: str, default: a, max: 3}", "bad-setting", "'max' is for int and date settings"),
        ("{type: int, default: 5, min: x}", "bad-setting", "min: expected a whole number"),
        ("{type: int, default: 5, min: 9, max: 1}", "bad-setting", "min is above max"),
        (
            "{type: int, default: 0, min: 1}",
            "bad-setting",
            "its default does not fit: expected a whole number of at least 1 (got 0)",
        ),
        (
            "{type: date, default: 2027-01-01, max: 2026-12-31}",
            "bad-setting",
            "of at most 2026-12-31 (got 2027-01-01)",
        ),
        ("{type: list, default: [c], choices: [a, b]}", "bad-setting", "'c' is not one of: a, b"),
        ("{type: enum, default: smal, choices: [small]}", "bad-setting", "did you mean 'small'?"),
        ("{type: int, default: 1, maxx: 3}", "unknown-key", "unknown key 'maxx'"),
    ],
)
def test_a_declaration_that_does_not_fit_is_refused(text: str, code: str, problem: str) -> None:
    """Each mistake in a declaration is a PackError naming the setting and what is wrong."""
    error = declare_error(text)
    assert error.code == code
    assert problem in error.problem
    assert error.file == "p.yaml"


def test_a_declaration_error_points_at_the_key_at_fault() -> None:
    """An unknown key, a bad type or default is reported at its own line, with a did-you-mean."""
    error = declare_error("type: int\ndefault: 1\nmaxx: 3\n")
    assert (error.line, error.hint) == (3, "did you mean 'max'?")
    assert declare_error("type: int\ndefault: x\n").line == 2
    assert declare_error("type: flt\ndefault: 1\n").line == 1


def test_a_default_out_of_bounds_in_a_pack_names_file_line_and_bounds() -> None:
    """In a pack, a default outside min/max is refused at its line, naming the bounds."""
    error = pack_error("""\
        name: mine
        settings:
          weekly_hours:
            type: int
            default: 90
            min: 1
            max: 80
        """)
    assert error.code == "bad-setting"
    assert str(error).startswith(
        "mine.yaml:5:5: setting 'weekly_hours': its default does not fit: "
        "expected a whole number from 1 to 80 (got 90)"
    )


# --- as facts ------------------------------------------------------------------------


def test_a_setting_is_the_fact_settings_name_always_there() -> None:
    """A number setting is the fact settings.NAME: typed, never absent, changed by the candidate."""
    fact = HOURS.fact()
    assert (HOURS.path, fact.path, fact.type, fact.origin) == (
        "settings.weekly_hours",
        "settings.weekly_hours",
        "int",
        "setting",
    )
    assert (fact.nullable, fact.presence, fact.changeable_by) == (False, (), "candidate")
    assert fact.description == "The setting weekly_hours."


@pytest.mark.parametrize("spec", [SECTORS, SettingSpec("label", ValueSpec("str"), "")])
def test_a_text_or_list_setting_may_be_absent(spec: SettingSpec) -> None:
    """A text or list setting may be empty, which reads as absent: its fact says so."""
    fact = spec.fact()
    assert (fact.nullable, fact.presence) == (True, (spec.path,))


def test_a_list_setting_with_choices_has_enum_items() -> None:
    """A list setting's items are enum with its choices, as contains checks them."""
    assert (SECTORS.fact().item_type, SECTORS.fact().choices) == ("enum", ("public", "private"))


def test_setting_facts_read_the_values_of_the_decision() -> None:
    """Each setting's fact reads the value the decision is bound to, not the default."""
    specs, resolvers = setting_facts(SETTINGS)
    assert [s.path for s in specs] == [HOURS.path, SECTORS.path, START.path]
    facts = SimpleNamespace(settings={"weekly_hours": 20, "sectors": ("private",)})
    assert resolvers["settings.weekly_hours"](facts) == 20
    assert resolvers["settings.sectors"](facts) == ("private",)


def test_an_empty_text_setting_in_a_template_needs_a_fallback() -> None:
    """{settings.label} of a text setting that may be empty is refused without a fallback."""
    pack = """\
        name: mine
        settings:
          label: {type: str, default: ""}
        rules:
          - id: r
            then: {action: wait}
            because: "Label: [{settings.label%s}]"
            source: {house_default: t}
        """
    error = pack_error(pack % "")
    assert error.code == "unfilled-placeholder"
    assert "{settings.label} may be absent" in error.problem
    loaded = load_pack_text(textwrap.dedent(pack % "|none"))
    decision = next_action(minimal_app(), today=TODAY, pack=loaded)
    assert decision.primary is not None
    assert decision.primary.explanation == "Label: [none]"
    changed = next_action(minimal_app(), today=TODAY, pack=loaded, settings={"label": "x"})
    assert changed.primary is not None
    assert changed.primary.explanation == "Label: [x]"


# --- values for one call -------------------------------------------------------------


def test_values_given_for_a_call_come_back_typed() -> None:
    """check_setting_values returns the values as their types hold them."""
    given = {"weekly_hours": 30, "sectors": ["private"], "start": "2026-02-01"}
    assert check_setting_values(SETTINGS, given, pack="p") == {
        "weekly_hours": 30,
        "sectors": ("private",),
        "start": date(2026, 2, 1),
    }
    assert check_setting_values(SETTINGS, {}, pack="p") == {}


@pytest.mark.parametrize(
    ("given", "path", "message"),
    [
        (
            {"weekly_hour": 30},
            "settings.weekly_hour",
            "pack 'p' has no setting 'weekly_hour'; did you mean 'weekly_hours'?",
        ),
        (
            {"zzz": 1},
            "settings.zzz",
            "pack 'p' has no setting 'zzz' (settings: weekly_hours, sectors, start)",
        ),
        ({"weekly_hours": 0}, "settings.weekly_hours", "expected a whole number from 1 to 80"),
        ({"weekly_hours": "30"}, "settings.weekly_hours", "(got '30')"),
        ({"sectors": ["public", "privat"]}, "settings.sectors", "did you mean 'private'?"),
        ({"start": "tomorrow"}, "settings.start", "expected a date (YYYY-MM-DD)"),
    ],
)
def test_a_value_that_does_not_fit_names_settings_name(
    given: dict[str, Any], path: str, message: str
) -> None:
    """An unknown setting or a value that does not fit is a SettingsError at settings.NAME."""
    with pytest.raises(SettingsError) as info:
        check_setting_values(SETTINGS, given, pack="p")
    (problem,) = info.value.problems
    assert problem.path == path
    assert message in problem.message
    assert isinstance(info.value, ApplicationError)


def test_every_problem_of_a_call_is_reported_at_once() -> None:
    """Two bad values give two problems, each at its own setting."""
    with pytest.raises(SettingsError) as info:
        check_setting_values(SETTINGS, {"weekly_hours": 0, "sectorz": []}, pack="p")
    assert info.value.paths == ("settings.weekly_hours", "settings.sectorz")


def test_settings_that_are_not_a_mapping_are_refused() -> None:
    """A list instead of a mapping is one problem at 'settings'."""
    with pytest.raises(SettingsError) as info:
        check_setting_values(SETTINGS, ["weekly_hours"], pack="p")
    assert info.value.paths == ("settings",)
    assert "a mapping of names to values (got list)" in str(info.value)


def test_a_pack_without_settings_names_none_to_choose_from() -> None:
    """With no settings at all, the message says the pack has none of that name, nothing more."""
    with pytest.raises(SettingsError) as info:
        check_setting_values({}, {"x": 1}, pack="p")
    assert info.value.problems[0].message == "pack 'p' has no setting 'x'"


def test_a_call_changes_the_advice_and_the_decision_records_it() -> None:
    """follow_up_after_days given for a call moves the follow-up; decision.settings records it."""
    app = make_app(submitted_on="2026-11-18")
    assert "email_follow_up" in next_action(app, today=TODAY).action_ids
    later = next_action(app, today=TODAY, settings={"follow_up_after_days": 10})
    assert "email_follow_up" not in later.action_ids
    assert later.settings["follow_up_after_days"] == 10


def test_a_misspelt_setting_in_a_call_is_a_settings_error() -> None:
    """next_action with a misspelt setting raises SettingsError with a did-you-mean."""
    with pytest.raises(SettingsError) as info:
        next_action(make_app(), today=TODAY, settings={"follow_up_after_day": 10})
    assert info.value.paths == ("settings.follow_up_after_day",)
    assert "did you mean 'follow_up_after_days'?" in str(info.value)


# --- in conditions and dates ---------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "then", "line"),
    [
        ('{days_since_submission: {">=": {setting: follow_up_aftr_days}}}', "{action: wait}", 4),
        ("{days_since_submission: {setting: follow_up_aftr_days}}", "{action: wait}", 4),
        (
            "{submitted: true}",
            "{action: wait, due_by: {fact: submitted_on, days: {setting: follow_up_aftr_days}}}",
            5,
        ),
        (
            '{interview.on: {">=": {fact: submitted_on, days: {setting: follow_up_aftr_days}}}}',
            "{action: wait}",
            4,
        ),
    ],
)
def test_a_misspelt_setting_in_a_rule_is_unknown_setting_with_a_suggestion(
    when: str, then: str, line: int
) -> None:
    """{setting: NAME} in a condition or a date names an unknown setting: did you mean ...?"""
    error = pack_error(
        one_rule(f"""\
        id: r
        when: {when}
        then: {then}
        because: x
        source: {{house_default: t}}
        """)
    )
    assert error.code == "unknown-setting"
    assert error.problem == "unknown setting 'follow_up_aftr_days'"
    assert error.hint == "did you mean 'follow_up_after_days'?"
    assert (error.file, error.line, error.rule_id) == ("mine.yaml", line, "r")


def test_a_setting_of_another_type_in_a_condition_is_a_bad_value() -> None:
    """A list setting compared with a number is refused, naming both types."""
    error = pack_error(
        one_rule("""\
        id: r
        when: {days_since_submission: {">=": {setting: reply_outcomes}}}
        then: {action: wait}
        because: x
        source: {house_default: t}
        """)
    )
    assert error.code == "bad-value"
    assert "setting 'reply_outcomes' is a list" in error.problem
    assert "but a whole number is wanted here" in error.problem


# --- binding -------------------------------------------------------------------------


HOURS_REF = Compare("settings.weekly_hours", ">=", SettingRef("weekly_hours"))
SHIFTED = Compare("interview.on", ">=", FactRef("submitted_on", SettingRef("gap")))
PLAIN = Compare("heard_back", "==", False)


def test_settings_used_finds_every_reference_however_deep() -> None:
    """Values and the days of a fact reference count, under all, any and not."""
    assert settings_used(PLAIN) == frozenset()
    assert settings_used(HOURS_REF) == {"weekly_hours"}
    nested = AllOf((PLAIN, AnyOf((Not(HOURS_REF), SHIFTED))))
    assert settings_used(nested) == {"weekly_hours", "gap"}


def test_binding_puts_the_values_in_the_place_of_the_references() -> None:
    """bind_condition replaces {setting: NAME} by its value, in values and in days."""
    values = {"weekly_hours": 30, "gap": 3}
    assert bind_condition(HOURS_REF, values) == Compare("settings.weekly_hours", ">=", 30)
    shifted = Compare("interview.on", ">=", FactRef("submitted_on", 3))
    assert bind_condition(SHIFTED, values) == shifted
    nested = bind_condition(Not(AnyOf((PLAIN, HOURS_REF))), values)
    assert nested == Not(AnyOf((PLAIN, Compare("settings.weekly_hours", ">=", 30))))


def test_a_condition_without_settings_binds_to_the_very_same_object() -> None:
    """Nothing to bind: the condition itself comes back (packs compare by identity)."""
    condition = AllOf((PLAIN, Not(PLAIN), AnyOf((PLAIN,))))
    assert bind_condition(condition, {"weekly_hours": 1}) is condition


def test_bind_ref_shifts_a_date_by_the_setting() -> None:
    """A then-date {fact, days: {setting}} gets the value; other references are unchanged."""
    assert bind_ref(FactRef("submitted_on", SettingRef("gap")), {"gap": 5}) == FactRef(
        "submitted_on", 5
    )
    plain = FactRef("submitted_on", 2)
    assert bind_ref(plain, {"gap": 5}) is plain
    assert bind_ref(None, {}) is None
