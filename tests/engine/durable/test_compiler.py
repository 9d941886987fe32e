"""The durable_rules compiler: a pack as a ruleset that decides as the native engine does.

Packs over durable_rules' limits are refused by name, before durable_rules sees them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from support.builders import TODAY, minimal_app

# Imported under the name these tests were written with: a derandomized test's seed is
# drawn from its source (test_test_packs_fire_every_rule needs the same cases as before).
from support.builders import varied_applications as applications
from support.packs import custom_facts_pack, durable_test_packs, many_rules, public_sector_pack
from support.paths import DATA

import outreach_rules.engine.durable.compiler as backend
import outreach_rules.engine.durable.session as session
from outreach_rules import (
    Application,
    Decision,
    Pack,
    PackError,
    default_pack,
    durable_ruleset,
    load_pack_text,
    next_action,
)
from outreach_rules.engine.durable.compiler import DurableRuleset, compile_pack
from outreach_rules.engine.durable.session import fired_rule_ids
from outreach_rules.engine.resolve import resolve
from outreach_rules.model.application import validate_application
from outreach_rules.packs.pack import Rule
from outreach_rules.testing import applications_for

PACKS = durable_test_packs()


FAST = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


def both(pack: Pack, data: dict[str, Any], today: date) -> tuple[Decision, Decision]:
    native = next_action(data, today=today, pack=pack)
    durable = next_action(data, today=today, pack=pack, engine="durable")
    return native, durable


def planted(pack: Pack, ruleset: DurableRuleset, data: dict[str, Any], today: date) -> Decision:
    """Decide with a given compiled ruleset, through the engine's own conflict resolution."""
    app = validate_application(data, today=today)
    facts = pack.facts_for(app, today)
    ids = fired_rule_ids(pack, facts, ruleset=ruleset)
    return resolve(pack, [r for r in pack.ranked if r.id in ids], facts)


# --- the differential test -----------------------------------------------------------


@settings(FAST, max_examples=1500)
@given(case=applications())
def test_both_engines_decide_alike(case: tuple[dict[str, Any], date]) -> None:
    """For generated applications and three packs, both engines give equal decisions."""
    data, today = case
    for pack in PACKS.values():
        native, durable = both(pack, data, today)
        assert durable == native, pack.name
        assert durable.model_dump(mode="json") == native.model_dump(mode="json")


def test_test_packs_fire_every_rule() -> None:
    """The generated applications make each rule of the test packs both fire and not fire."""
    seen: dict[str, set[bool]] = {}

    @settings(FAST, max_examples=800, derandomize=True)
    @given(case=applications())
    def collect(case: tuple[dict[str, Any], date]) -> None:
        data, today = case
        for name in ("forms-standalone", "forms-extends"):
            pack = PACKS[name]
            facts = pack.facts_for(validate_application(data, today=today), today)
            for rule in pack.rules:
                if "forms_" not in rule.file:
                    continue  # the default pack's own rules have their own tests
                seen.setdefault(f"{name}/{rule.id}", set()).add(rule.test(facts))

    collect()
    one_sided = sorted(key for key, outcomes in seen.items() if len(outcomes) < 2)
    assert one_sided == ["forms-standalone/always"], one_sided


def _loosen(target: str) -> Callable[[Rule, dict[str, Any]], dict[str, Any]]:
    """A compile hook that turns '>' into '>=' in rule *target* only: a one-rule bug."""

    def rewrite(rule: Rule, expr: dict[str, Any]) -> dict[str, Any]:
        if rule.id != target:
            return expr
        text = json.dumps(expr).replace('"$gt"', '"$gte"')
        loosened: dict[str, Any] = json.loads(text)
        assert loosened != expr
        return loosened

    return rewrite


def test_the_differential_test_finds_a_planted_difference() -> None:
    """A ruleset with one rule compiled wrongly is told apart from the native engine."""
    pack = PACKS["forms-standalone"]
    wrong = compile_pack(pack, rewrite=_loosen("int-order"))
    assert wrong.name != durable_ruleset(pack).name

    @settings(FAST, max_examples=1500, phases=[Phase.generate])
    @given(case=applications())
    def differential(case: tuple[dict[str, Any], date]) -> None:
        data, today = case
        assert planted(pack, wrong, data, today) == next_action(data, today=today, pack=pack)

    with pytest.raises(AssertionError):
        differential()


def test_an_unchanged_ruleset_through_the_hook_agrees() -> None:
    """The hook itself changes nothing: an identity rewrite decides like the native engine."""
    pack = PACKS["forms-standalone"]
    same = compile_pack(pack, rewrite=lambda rule, expr: expr)
    assert same.name == durable_ruleset(pack).name

    @settings(FAST, max_examples=200)
    @given(case=applications())
    def differential(case: tuple[dict[str, Any], date]) -> None:
        data, today = case
        assert planted(pack, same, data, today) == next_action(data, today=today, pack=pack)

    differential()


def _packs_of_their_own() -> dict[str, Pack]:
    """Packs with settings, custom facts and derived facts of their own, and the same bound
    to other settings (the thresholds moved so that other rules fire)."""
    custom, public = custom_facts_pack(), public_sector_pack()
    return {
        "custom-facts": custom,
        "custom-facts, other settings": custom.with_settings(
            {
                "large_headcount": 1,
                "closing_margin_days": 0,
                "values_sectors": ["private"],
                "follow_up_after_days": 12,
            }
        ),
        "public-sector": public,
        "public-sector, other settings": public.with_settings(
            {"follow_up_after_days": 8, "call_window_days": 12, "reply_outcomes": ["rejected"]}
        ),
    }


def test_both_engines_decide_alike_on_settings_custom_and_derived_facts() -> None:
    """On applications the testing kit aims at each pack (custom facts of every type
    included), the durable engine gives the native engine's decisions, for packs that
    read settings, custom facts and facts they derive, and for those packs bound to other
    settings; every rule of the custom-facts pack both fires and does not."""
    packs = _packs_of_their_own()
    names = sorted(packs)
    rulesets = {durable_ruleset(pack).name for pack in packs.values()}
    assert len(rulesets) == len(packs)  # each binding compiles its own values in
    fired: dict[str, set[bool]] = {}

    @settings(FAST, max_examples=160, derandomize=True)
    @given(
        case=st.sampled_from(names).flatmap(
            lambda name: st.tuples(st.just(name), applications_for(packs[name]))
        )
    )
    def differential(case: tuple[str, Application]) -> None:
        name, app = case
        pack = packs[name]
        native = next_action(app, pack=pack)
        durable = next_action(app, pack=pack, engine="durable")
        assert durable == native, name
        if name.startswith("custom-facts"):
            assert app.as_of is not None
            facts = pack.facts_for(app, app.as_of)
            for rule in pack.rules:
                fired.setdefault(rule.id, set()).add(rule.test(facts))

    differential()
    assert fired == {rule.id: {True, False} for rule in packs["custom-facts"].rules}


# --- the compiled form ---------------------------------------------------------------


def test_default_pack_compiles_to_readable_json() -> None:
    """A rule becomes one durable rule over the posted fact, dates as days, absence as flags."""
    compiled = durable_ruleset(default_pack())
    assert set(compiled.rules) == set(default_pack().rule_ids)
    assert compiled.rules["research-company"] == {"all": [{"m": {"research.company": False}}]}
    visit = compiled.rules["visit-in-person"]["all"][0]["m"]["$and"]
    assert {"$or": [{"present:company.size": False}, {"$neq": {"company.size": "large"}}]} in visit
    app = validate_application(
        {
            "candidate": {"name": "Martha Owens"},
            "company": {"name": "Acme Corp"},
            "submitted_on": "2026-11-18",
        },
        today=TODAY,
    )
    posted = compiled.fact(app, TODAY)
    assert posted["days_since_submission"] == 8
    assert posted["present:company.size"] is False
    assert "company.size" not in posted


def test_fact_references_and_dates_are_flattened() -> None:
    """A comparison of two dates is posted as their difference in days, compared with the shift."""
    pack = load_pack_text(
        """
name: refs
rules:
  - id: soon
    when: {interview.on: {"<=": {fact: today, days: 3}}}
    then: {action: prepare_questions}
    because: Soon.
    source: {house_default: test}
"""
    )
    compiled = durable_ruleset(pack)
    assert compiled.rules["soon"] == {"all": [{"m": {"$lte": {"diff:interview.on:today": 3}}}]}
    data = minimal_app(interview={"kind": "job", "on": "2026-11-28"})
    posted = compiled.fact(validate_application(data, today=TODAY), TODAY)
    assert posted["diff:interview.on:today"] == 2


def test_ruleset_is_named_by_content_and_shared() -> None:
    """Two loads of the same pack compile to one ruleset, registered once per process."""
    text = (DATA / "forms_standalone.yaml").read_text(encoding="utf-8")
    first, second = load_pack_text(text), load_pack_text(text)
    assert first is not second
    assert durable_ruleset(first) is durable_ruleset(second)
    data = minimal_app()
    for pack in (first, second):
        native, durable = both(pack, data, TODAY)
        assert durable == native
    runtime = session._runtime()
    assert durable_ruleset(first).name in runtime.registered


# --- limits --------------------------------------------------------------------------


def test_too_many_rules_are_refused_clearly() -> None:
    """A pack over the rule limit is refused with engine-limit, before durable_rules sees it."""
    pack = load_pack_text(many_rules(backend.MAX_RULES + 1))
    with pytest.raises(PackError) as caught:
        durable_ruleset(pack)
    assert caught.value.code == "engine-limit"
    assert f"at most {backend.MAX_RULES}" in str(caught.value)
    data = minimal_app()
    with pytest.raises(PackError):
        next_action(data, today=TODAY, pack=pack, engine="durable")
    assert next_action(data, today=TODAY, pack=pack).primary is not None


def test_a_rule_too_complex_is_refused_by_name() -> None:
    """A condition over durable_rules' expression limit is refused, naming rule and line."""
    group = "{any: [{company.size: small}, {heard_back: true}]}"
    when = f"{{all: [{', '.join([group] * 16)}]}}"
    pack = load_pack_text(many_rules(1, when=when).replace("r0", "tangled"))
    with pytest.raises(PackError) as caught:
        durable_ruleset(pack)
    error = caught.value
    assert (error.code, error.rule_id, error.line) == ("engine-limit", "tangled", 3)
    assert "too complex for durable_rules" in error.problem


def test_too_many_tests_holding_at_once_are_refused_not_crashed() -> None:
    """Packs whose tests could overflow durable_rules' matching stack (a crash) are refused."""
    fits = load_pack_text(
        "name: fits\nrules:\n"
        + "".join(
            f"  - id: r{n}\n    when: {{days_since_submission: {{'>=': {-n}}}}}\n"
            f"    then: {{action: wait}}\n    because: x\n    source: {{house_default: t}}\n"
            for n in range(50)
        )
    )
    over = load_pack_text(
        "name: over\nrules:\n"
        + "".join(
            f"  - id: r{n}\n    when: {{days_since_submission: {{'>=': {-n}}}}}\n"
            f"    then: {{action: wait}}\n    because: x\n    source: {{house_default: t}}\n"
            for n in range(70)
        )
    )
    data = minimal_app(submitted_on="2026-11-20")
    native, durable = both(fits, data, TODAY)
    assert durable == native
    assert len(durable.primary.reasons) == 50
    with pytest.raises(PackError) as caught:
        next_action(data, today=TODAY, pack=over, engine="durable")
    assert caught.value.code == "engine-limit"
    assert "can hold at once" in caught.value.problem


def test_the_largest_pack_allowed_works() -> None:
    """A pack at the rule limit registers and decides like the native engine."""
    pack = load_pack_text(many_rules(backend.MAX_RULES, when="{days_since_submission: {'>=': 1}}"))
    data = minimal_app(submitted_on="2026-11-20")
    native, durable = both(pack, data, TODAY)
    assert durable == native
    assert len(native.primary.reasons) == backend.MAX_RULES


_ZZ_PACK = """\
name: long-text
rules:
  - id: zz
    when: {company.name: zz}
    then: {action: research_company}
    because: x
    source: {house_default: t}
  - id: long
    when: {company.name: LONG}
    then: {action: find_contacts}
    because: x
    source: {house_default: t}
  - id: listed
    when: {candidate.schools: {contains: zz}}
    then: {action: tailor_cover_letter}
    because: x
    source: {house_default: t}
"""


@pytest.mark.parametrize(
    "name",
    [
        "zz" + "a" * (65_536 - 2),  # 65,536 bytes: durable_rules' 16-bit length wraps to 0
        "zz" + "a" * (65_536 + 2 - 2),  # wraps to 2: it saw "zz"
        "zz" + "é" * 32_767,  # 65,536 bytes in UTF-8
        "zz" + "a" * (backend.MAX_POSTED_TEXT - 2),  # the longest text posted as it is
        "zz" + "a" * (backend.MAX_POSTED_TEXT - 1),  # the shortest posted as its digest
        "\x01" + "0" * 64,  # looks like a digest: escaped, so it meets none
        "zz",
        "b" * 3_000,
    ],
)
def test_long_text_is_compared_whole_by_both_engines(name: str) -> None:
    """A text past 65,535 bytes equalled its prefix under durable; now both engines agree."""
    pack = load_pack_text(_ZZ_PACK.replace("LONG", "b" * 3_000))
    data = minimal_app(company={"name": name}, candidate={"name": "M", "schools": [name]})
    native, durable = both(pack, data, TODAY)
    assert [a.action for a in durable.actions] == [a.action for a in native.actions]
    assert ("research_company" in [a.action for a in native.actions]) == (name == "zz")


def test_posted_text_forms_never_meet() -> None:
    """Plain, escaped (\\x00 + hex) and digest (\\x01 + SHA-256) forms start differently."""
    limit = backend.MAX_POSTED_TEXT
    assert backend._text("zz") == "zz"
    assert backend._text("\x01a").startswith("\x00")
    assert backend._text("a" * limit) == "a" * limit
    digest = backend._text("a" * (limit + 1))
    assert digest.startswith("\x01")
    assert len(digest) == 65
    assert backend._text("\ud800" * limit).startswith("\x01")  # escaped, then too long
    assert backend._text("a" * (limit + 1)) != backend._text("a" * (limit + 2))
