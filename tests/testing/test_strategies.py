"""The kit's public strategies: valid applications, parts pinned, readable reprs, clear refusals."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from support.packs import custom_facts_pack

from outreach_rules import Application, default_pack
from outreach_rules.testing import applications, applications_against, applications_for

FAST = settings(max_examples=60, deadline=None, database=None)


@FAST
@given(applications())
def test_generated_applications_are_valid_and_dated_consistently(app: Application) -> None:
    """Every generated application validates again, carries its day, and has nothing after it."""
    assert Application.model_validate(app.model_dump(by_alias=True)) == app
    assert app.as_of is not None
    if app.submitted_on is not None:
        assert app.submitted_on <= app.as_of
    days = [entry.on for entry in app.history]
    assert days == sorted(days), "history is oldest first"
    assert all(day <= app.as_of for day in days)


@FAST
@given(applications(posting=st.none(), today=st.just(date(2027, 3, 1))))
def test_parts_can_be_pinned(app: Application) -> None:
    """A keyword argument replaces a part's generation."""
    assert app.posting is None
    assert app.as_of == date(2027, 3, 1)


def test_strategies_show_how_they_were_built() -> None:
    """A strategy's repr reads like the call that built it."""
    assert repr(applications(posting=st.none())) == "applications(posting=none())"
    assert repr(applications_for(default_pack())) == "applications_for(<pack default 1.0.0>)"


def test_impossible_arguments_raise_invalid_argument() -> None:
    """Values where strategies belong, a non-pack, an unknown part or invariant: InvalidArgument."""
    with pytest.raises(InvalidArgument, match="must be a strategy"):
        applications(posting=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="must be a Pack"):
        applications_for("default")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="unknown part 'postings'"):
        applications_for(default_pack(), postings=st.none())
    with pytest.raises(InvalidArgument, match="no invariant"):
        applications_against(default_pack(), "no-such-invariant")


def test_generation_reaches_both_sides_of_conditions_on_custom_facts() -> None:
    """Aimed at a pack's custom facts, generation makes each rule on them fire and not fire.

    custom_facts.yaml's rules read ``custom.sector: public`` with a custom int against
    a setting (500), a custom yes/no, a custom date through a derived count of days,
    a custom list and a custom text: every value a rule compares with is drawn, and so
    is every other value and the fact left out.
    """
    pack = custom_facts_pack()
    fired: dict[str, set[bool]] = {}
    values: dict[str, set[object]] = {}

    @settings(max_examples=150, deadline=None, database=None, derandomize=True)
    @given(applications_for(pack))
    def collect(app: Application) -> None:
        assert app.as_of is not None
        facts = pack.facts_for(app, app.as_of)
        for rule in pack.rules:
            fired.setdefault(rule.id, set()).add(rule.test(facts))
        for name in ("sector", "headcount", "referred"):
            values.setdefault(name, set()).add(facts[f"custom.{name}"])

    collect()
    assert fired == {rule.id: {True, False} for rule in pack.rules}
    assert values["sector"] == {None, "public", "private", "nonprofit"}
    headcounts = {v for v in values["headcount"] if isinstance(v, int)}
    assert {499, 500} <= headcounts  # both sides of ">= large_headcount"
    assert values["referred"] == {True, False}
