"""The bench's own correctness (never its timings): its packs and its baselines.

The baselines must answer exactly as ``Pack.match`` does, or the ratios the
bench prints compare different work. zen-engine is installed by ``make bench``
only; the bench itself checks the zen translation on every case before timing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from outreach_rules import default_pack
from outreach_rules.testing import applications_for

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import baseline
import synthetic


@pytest.fixture(scope="module")
def work():
    cases = synthetic.cases()
    return cases, [synthetic.flat_facts(app, day) for app, day in cases]


@pytest.fixture(scope="module")
def values(work):
    return synthetic.observed_values(work[1])


def ids(rules):
    return [rule.id for rule in rules]


def test_bench_cases_cover_every_example_over_three_weeks(work):
    cases, flats = work
    assert len({id(app) for app, _ in cases}) == len(list(synthetic.ROOT.glob("examples/*.yaml")))
    assert len(cases) > 200
    assert all(flat["today"] == day for (_, day), flat in zip(cases, flats, strict=True))


def test_synthetic_packs_are_deterministic_and_load(values):
    text = synthetic.synthetic_pack_text(256, values)
    assert text == synthetic.synthetic_pack_text(256, values)
    assert text != synthetic.synthetic_pack_text(256, values, seed=synthetic.SEED + 1)
    pack = synthetic.load_synthetic(text, 256)
    assert len(pack.rules) == 256
    assert all(len(rule.when.items) == 3 for rule in pack.rules)


def test_synthetic_packs_raise_the_limits_they_outgrow():
    limits = synthetic.limits_for("x" * 3_000_000, 10_001)
    assert limits.max_rules == 10_001
    assert limits.max_pack_bytes == 3_000_000
    assert synthetic.limits_for("x", 16) == synthetic.Limits()


def test_synthetic_rules_sometimes_fire_and_sometimes_not(work, values):
    pack = synthetic.load_synthetic(synthetic.synthetic_pack_text(256, values), 256)
    fired = [len(pack.match(flat)) for flat in work[1]]
    assert 0 < sum(fired) / len(fired) < 256 / 2


def test_the_facts_dict_matches_as_facts_do(work):
    pack = default_pack()
    for (app, day), flat in zip(*work, strict=True):
        assert ids(pack.match(flat)) == ids(pack.match(pack.facts_for(app, day)))


def test_hand_written_baseline_agrees_on_the_bench_cases(work):
    pack = default_pack()
    for (app, day), flat in zip(*work, strict=True):
        want = ids(pack.match(pack.facts_for(app, day)))
        assert baseline.default_rules(flat) == want
        assert baseline.default_rules(pack.facts_for(app, day)) == want


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(applications_for(default_pack()))
def test_hand_written_baseline_agrees_on_generated_applications(app):
    facts = default_pack().facts_for(app, app.as_of)
    assert baseline.default_rules(facts) == ids(default_pack().match(facts))


def test_generated_baseline_agrees_on_the_default_pack(work):
    pack = default_pack()
    match = baseline.generated_matcher(pack)
    for flat in work[1]:
        assert match(flat) == ids(pack.match(flat))


def test_generated_baseline_agrees_on_a_synthetic_pack(work, values):
    pack = synthetic.load_synthetic(synthetic.synthetic_pack_text(256, values), 256)
    match = baseline.generated_matcher(pack)
    for flat in work[1]:
        assert match(flat) == ids(pack.match(flat))


def test_generated_baseline_keeps_strings_as_data():
    # A literal from a pack reaches the generated code only through repr.
    from outreach_rules import load_pack_text

    pack = load_pack_text(
        'name: hostile\nrules:\n  - id: x\n    when: {company.name: "\'); import os #"}\n'
        "    then: {action: wait}\n    because: b\n    source: s\n"
    )
    source, _ = baseline.generated_source(pack)
    assert "import os" not in source.replace(repr("'); import os #"), "")
    match = baseline.generated_matcher(pack)
    assert match({"company.name": "'); import os #"}) == ["x"]
    assert match({"company.name": "Acme"}) == []


def test_versus_races_this_tree_against_a_commit_imported_under_another_name(tmp_path):
    """bench/versus.py exports a commit's package, imports it beside ours, and races both on
    the bench's cases; both fire the same rules (HEAD against this tree)."""
    import versus

    then = versus.export("HEAD", tmp_path)
    assert then.__name__ == "outreach_rules_then"
    assert Path(then.__file__).is_relative_to(tmp_path)
    assert then.default_pack().rule_ids == default_pack().rule_ids
    racers = versus.contenders(then)
    assert set(racers) == {"then: match", "now: match", "then: decide", "now: decide"}
    for run in racers.values():
        assert len(run()) == len(synthetic.cases())
