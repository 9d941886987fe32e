"""The durable_rules engine gives the native engine's decisions, in isolation, from any thread."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from support.builders import TODAY, minimal_app

# Imported under the name these tests were written with: a derandomized test's seed is
# drawn from its source (test_test_packs_fire_every_rule needs the same cases as before).
from support.builders import varied_applications as applications

import outreach_rules.engine.durable.compiler as backend
import outreach_rules.engine.durable.session as session
from outreach_rules import (
    Decision,
    EngineError,
    Pack,
    PackError,
    default_pack,
    durable_ruleset,
    load_pack,
    load_pack_text,
    next_action,
)
from outreach_rules.cli import main as cli_main
from outreach_rules.engine.durable.compiler import DurableRuleset, compile_pack
from outreach_rules.engine.durable.session import fired_rule_ids
from outreach_rules.engine.resolve import resolve
from outreach_rules.model.application import validate_application
from outreach_rules.model.facts import Facts
from outreach_rules.packs.pack import Rule

DATA = Path(__file__).parent / "data"
PACKS = {
    "default": default_pack(),
    "forms-standalone": load_pack(DATA / "forms_standalone.yaml"),
    "forms-extends": load_pack(DATA / "forms_extends.yaml"),
}
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
    facts = Facts(app, today)
    ids = fired_rule_ids(pack, facts, ruleset=ruleset)
    return resolve(pack, [r for r in pack.ranked if r.id in ids], facts)


# --- the differential test -------------------------------------------------------


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
            facts = Facts(validate_application(data, today=today), today)
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


# --- the compiled form ----------------------------------------------------------


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


# --- limits ------------------------------------------------------------------------


def _rules(count: int, when: str = "{heard_back: false}") -> str:
    return "name: big\nrules:\n" + "".join(
        f"  - id: r{n}\n    when: {when}\n    then: {{action: wait}}\n"
        f"    because: x\n    source: {{house_default: test}}\n"
        for n in range(count)
    )


def test_too_many_rules_are_refused_clearly() -> None:
    """A pack over the rule limit is refused with engine-limit, before durable_rules sees it."""
    pack = load_pack_text(_rules(backend.MAX_RULES + 1))
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
    pack = load_pack_text(_rules(1, when=when).replace("r0", "tangled"))
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
    pack = load_pack_text(_rules(backend.MAX_RULES, when="{days_since_submission: {'>=': 1}}"))
    data = minimal_app(submitted_on="2026-11-20")
    native, durable = both(pack, data, TODAY)
    assert durable == native
    assert len(native.primary.reasons) == backend.MAX_RULES


# --- isolation ----------------------------------------------------------------------


def test_no_session_is_left_behind() -> None:
    """After each decision durable_rules holds no state for its session, and nothing is pending."""
    data = minimal_app(submitted_on="2026-11-18")
    next_action(data, today=TODAY, engine="durable")
    runtime = session._runtime()
    last = str(next(runtime.sessions) - 1)
    name = durable_ruleset(default_pack()).name
    with pytest.raises(Exception, match="309"):  # durable_rules: session not found
        runtime.host.get_state(name, last)
    assert runtime.fired == {}


def test_decisions_do_not_see_each_other() -> None:
    """A decision is the same before and after deciding other applications."""
    quiet = minimal_app()
    busy = minimal_app(submitted_on="2026-11-18")
    first = next_action(quiet, today=TODAY, engine="durable")
    next_action(busy, today=TODAY, engine="durable")
    assert next_action(quiet, today=TODAY, engine="durable") == first


def _rss_kib() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4


def test_memory_stays_flat() -> None:
    """Thousands of decisions grow memory by well under what one leaked session a decision costs."""
    pack = PACKS["forms-standalone"]
    cases = [minimal_app(submitted_on=f"2026-11-{d:02}") for d in range(5, 26)]
    apps = [validate_application(data, today=TODAY) for data in cases]

    def run(count: int) -> None:
        for n in range(count):
            facts = Facts(apps[n % len(apps)], TODAY)
            fired_rule_ids(pack, facts)

    run(300)
    before = _rss_kib()
    run(2000)
    grown = _rss_kib() - before
    # One session left behind costs about 270 KiB: 2,000 would be about 500 MiB.
    assert grown < 8 * 1024, f"memory grew by {grown} KiB over 2,000 decisions"


def test_many_threads_get_the_native_decisions() -> None:
    """Eight threads deciding at once with the durable engine get the native engine's decisions."""
    pack = PACKS["forms-extends"]
    cases = [
        {
            "candidate": {"name": "M", "schools": ["Tech"]},
            "company": {"name": "A", "size": size},
            "posting": {"title": "pm", "recruiter": {"name": "D", "phone": "+1"}},
            "materials": {"complete": True},
            "submitted_on": f"2026-11-{d:02}",
        }
        for d in range(6, 26)
        for size in ("small", "large")
    ]
    expected = [next_action(data, today=TODAY, pack=pack) for data in cases]
    failures: list[str] = []

    def work(offset: int) -> None:
        try:
            for round_ in range(5):
                for index in range(len(cases)):
                    n = (index + offset + round_) % len(cases)
                    got = next_action(cases[n], today=TODAY, pack=pack, engine="durable")
                    if got != expected[n]:
                        failures.append(f"case {n} differs")
        except Exception as exc:  # collected, so that the test fails rather than the thread
            failures.append(repr(exc))

    threads = [threading.Thread(target=work, args=(k * 7,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


# --- choosing the engine ----------------------------------------------------------------


def test_an_unknown_engine_gets_a_suggestion() -> None:
    """A misspelt engine name is an EngineError (a ValueError) with a did-you-mean."""
    with pytest.raises(EngineError) as caught:
        next_action(minimal_app(), engine="durabel")
    assert caught.value.engine == "durabel"
    assert "did you mean 'durable'?" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_without_durable_rules_the_error_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With durable_rules missing, engine='durable' says to pip install the extra."""
    monkeypatch.setattr(session, "_RUNTIME", None)
    monkeypatch.setitem(sys.modules, "durable", None)
    monkeypatch.setitem(sys.modules, "durable.engine", None)
    with pytest.raises(EngineError) as caught:
        next_action(minimal_app(), today=TODAY, engine="durable")
    assert "pip install" in str(caught.value)
    assert "outreach-rules[durable]" in str(caught.value)


def test_durable_rules_is_installed_for_the_tests() -> None:
    """The test environment has durable_rules, so the differential tests really run it."""
    import durable.engine

    assert session._runtime().engine is durable.engine


# --- the command line ------------------------------------------------------------------

MARTHA = str(Path(__file__).parent.parent / "examples" / "martha_day8.yaml")


def test_cli_next_engine_durable_prints_the_native_decision(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`next --engine durable --json` prints exactly what the native engine's run prints."""
    assert cli_main(["next", MARTHA, "--json"]) == 0
    native = capsys.readouterr().out
    assert cli_main(["next", MARTHA, "--json", "--engine", "durable"]) == 0
    assert capsys.readouterr().out == native


def test_cli_unknown_engine_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt --engine exits 2 with a did-you-mean, no traceback."""
    assert cli_main(["next", MARTHA, "--engine", "durabel"]) == 2
    err = capsys.readouterr().err
    assert "unknown engine 'durabel'" in err
    assert "did you mean 'durable'?" in err
    assert "Traceback" not in err


def test_cli_validate_checks_the_durable_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate --engine durable` refuses a pack over the limits, which plain validate accepts."""
    pack = tmp_path / "big.yaml"
    pack.write_text(_rules(backend.MAX_RULES + 1), encoding="utf-8")
    assert cli_main(["validate", str(pack)]) == 0
    capsys.readouterr()
    assert cli_main(["validate", str(pack), "--engine", "durable"]) == 2
    assert "the durable engine takes at most" in capsys.readouterr().err


def test_the_library_imports_and_decides_without_durable_rules() -> None:
    """With durable_rules unimportable, the package imports and the native engine decides."""
    code = (
        "import sys; sys.modules['durable'] = None; sys.modules['durable.engine'] = None\n"
        "from outreach_rules import next_action, durable_ruleset, default_pack\n"
        "durable_ruleset(default_pack())\n"
        "d = next_action({'candidate': {'name': 'M'}, 'company': {'name': 'A'}},"
        " today='2026-11-26')\n"
        "assert d.primary is not None\n"
        "assert 'durable_rules_engine' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)
