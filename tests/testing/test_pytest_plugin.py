"""The pytest plugin: pack files become one test item per example, invariant and check."""

from __future__ import annotations

import pytest
from support.packs import PLANTED

pytest_plugins = ["pytester"]

GOOD = """\
name: good
extends: default
examples:
  - name: day 3 means wait
    today: 2026-11-26
    application:
      candidate: {name: Martha Owens}
      company: {name: Acme Corp}
      posting: {title: clerk}
      materials: {complete: true}
      submitted_on: 2026-11-23
    includes: [wait]
    excludes: [call_recruiter, email_follow_up]
"""


def test_pack_files_are_collected_with_readable_names(pytester: pytest.Pytester) -> None:
    """*.pack.yaml files give example[...], invariant[...], properties and lint items."""
    pytester.makefile(".pack.yaml", good=GOOD)
    result = pytester.runpytest_subprocess("--collect-only", "-q", "-p", "no:cacheprovider")
    out = result.stdout.str()
    assert "good.pack.yaml::example[day 3 means wait]" in out
    assert "good.pack.yaml::invariant[no-calls-when-posting-says-so]" in out
    assert "good.pack.yaml::properties" in out
    assert "good.pack.yaml::lint" in out


def test_a_good_pack_passes(pytester: pytest.Pytester) -> None:
    """Every item of a correct pack passes."""
    pytester.makefile(".pack.yaml", good=GOOD)
    result = pytester.runpytest_subprocess("--pack-examples", "30", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1 + 7 + 2)


def test_a_failing_invariant_shows_the_counterexample(pytester: pytest.Pytester) -> None:
    """A planted mistake fails its invariant's item, with the shrunk application as output."""
    pytester.makefile(".yaml", planted=PLANTED)
    result = pytester.runpytest_subprocess(
        "--packs", "planted.yaml", "--pack-examples", "60", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(failed=1, passed=6 + 2)
    out = result.stdout.str()
    assert "planted.yaml::invariant[no-calls-when-posting-says-so]" in out
    assert "counterexample (shrunk), ready to paste:" in out
    assert "no_calls: true" in out
    assert "Traceback" not in out


def test_a_pack_that_does_not_load_is_a_collection_error(pytester: pytest.Pytester) -> None:
    """A broken pack file reports its file, line and problem at collection."""
    pytester.makefile(
        ".pack.yaml",
        broken="name: broken\nrules:\n  - id: x\n    when: {heard_bak: true}\n"
        "    then: {action: wait}\n    because: x\n    source: {house_default: x}\n",
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    assert "broken.pack.yaml:4:12: rule 'x': unknown fact 'heard_bak'" in result.stdout.str()


def test_two_examples_of_one_name_are_a_collection_error(pytester: pytest.Pytester) -> None:
    """Two same-named examples used to run the first twice, both passing: the pack is refused."""
    second = GOOD.split("examples:\n", 1)[1].replace(
        "includes: [wait]", "includes: [visit_in_person]"
    )
    pytester.makefile(".pack.yaml", good=GOOD + second)
    result = pytester.runpytest_subprocess("--pack-examples", "5", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    out = result.stdout.str()
    assert "good.pack.yaml:14:5: " in out
    assert "example 'day 3 means wait': the name is already used by another example" in out
    assert "Traceback" not in out
