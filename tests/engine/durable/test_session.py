"""The durable_rules runtime: a fresh session per decision, none left behind, one lock."""

from __future__ import annotations

import sys
import threading

import pytest
from support.builders import TODAY, minimal_app
from support.packs import durable_test_packs

import outreach_rules.engine.durable.session as session
from outreach_rules import EngineError, default_pack, durable_ruleset, next_action
from outreach_rules.engine.durable.compiler import compile_pack
from outreach_rules.engine.durable.session import fired_rule_ids
from outreach_rules.model.application import validate_application

PACKS = durable_test_packs()


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
            facts = pack.facts_for(apps[n % len(apps)], TODAY)
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


@pytest.mark.parametrize(
    ("message", "explained"),
    [
        (
            "Could not assert fact, error code: 303",
            "too many tests matched at once (its matching stack holds 64) "
            "(durable_rules error 303)",
        ),
        ("error code: 113", "a rule has too many expressions (durable_rules error 113)"),
        ("something else broke", "something else broke"),
        ("", "RuntimeError"),
    ],
)
def test_durable_rules_errors_are_told_in_words(message: str, explained: str) -> None:
    """durable_rules' numbered errors get their meaning; any other error keeps its own text."""
    assert session._explain(RuntimeError(message)) == explained


def test_a_ruleset_durable_rules_refuses_is_an_engine_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ruleset durable_rules will not register is an EngineError naming the pack, not a crash."""
    runtime = session._runtime()

    def refuse(rulesets: object) -> None:
        raise RuntimeError("error code: 106")

    monkeypatch.setattr(runtime.host, "register_rulesets", refuse)
    compiled = compile_pack(PACKS["forms-standalone"], rewrite=lambda rule, expr: {"$and": [expr]})
    with pytest.raises(EngineError) as caught:
        runtime.register(compiled)
    assert str(caught.value) == (
        "durable_rules refused the ruleset of pack 'forms-standalone': "
        "too many tests under one node of the network (durable_rules error 106)"
    )
    assert compiled.name not in runtime.registered


def _numbered_pack(number: int) -> str:
    """A pack of its own content (so its own ruleset) that recommends wait for company A."""
    return (
        f"name: p{number}\nrules:\n"
        "  - {id: a, when: {company.name: A}, then: {action: wait}, because: x,"
        " source: {house_default: t}}\n"
        f"  - {{id: b, when: {{company.name: x{number}}}, then: {{action: find_contacts}},"
        " because: x, source: {house_default: t}}\n"
    )


def test_registered_rulesets_are_bounded_and_come_back_when_used_again() -> None:
    """Past MAX_REGISTERED_RULESETS distinct packs the least recently used is freed; reused, it
    is registered again and decides as before."""
    from outreach_rules import load_pack_text

    runtime = session._runtime()
    limit = session.MAX_REGISTERED_RULESETS
    packs = [load_pack_text(_numbered_pack(n)) for n in range(limit + 8)]
    data = minimal_app(company={"name": "A"})
    for _ in range(2):  # the second round finds the first packs unregistered
        for pack in packs:
            decision = next_action(data, today=TODAY, pack=pack, engine="durable")
            assert decision == next_action(data, today=TODAY, pack=pack)
            assert decision.primary is not None
            assert decision.primary.action == "wait"
            assert len(runtime.registered) <= limit
            assert len(runtime.host._ruleset_directory) <= limit
            assert len(runtime.host._ruleset_list) <= limit
    assert durable_ruleset(packs[-1]).name in runtime.registered
    assert durable_ruleset(packs[0]).name not in runtime.registered


def _resident_kb() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * 4  # pages of 4 KB


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_deciding_with_many_distinct_packs_does_not_grow_memory_per_pack() -> None:
    """Each distinct pack used to keep ~64 KB in durable_rules (and its compiled form) for the
    life of the process: 300 packs grew it by 35 MB. Now the growth levels off."""
    from outreach_rules import load_pack_text

    data = minimal_app(company={"name": "A"})

    def decide_with(numbers: range) -> None:
        for n in numbers:
            next_action(data, today=TODAY, pack=load_pack_text(_numbered_pack(n)), engine="durable")

    decide_with(range(1_000, 1_100))  # past both bounds: the caches are full from here on
    before = _resident_kb()
    decide_with(range(2_000, 2_300))
    grown = _resident_kb() - before
    assert grown < 12_000, f"{grown:,} KB for 300 packs"
