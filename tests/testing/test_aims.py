"""What generation aims at: a pack's conditions read as targets for the values of facts."""

from __future__ import annotations

from hypothesis import given, settings

from outreach_rules import Application, default_pack
from outreach_rules.testing import applications_for
from outreach_rules.testing.verify import Coverage


def test_aimed_generation_reaches_every_default_rule_both_ways() -> None:
    """applications_for(default) makes every rule fire and fail to fire, and every block apply."""
    pack = default_pack()
    coverage = Coverage(pack)

    @settings(max_examples=400, deadline=None, database=None, derandomize=True)
    @given(applications_for(pack))
    def run(app: Application) -> None:
        assert app.as_of is not None
        coverage.record(app, app.as_of)

    run()
    assert coverage.never_fired == ()
    assert coverage.always_fired == ()
    assert coverage.blocks_never_applied == ()
    assert coverage.percent == 100.0
