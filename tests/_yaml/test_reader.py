"""parse_yaml: the size limit first, the event reader with the node reader behind it, gc_paused."""

from __future__ import annotations

import gc

import pytest

from outreach_rules import load_pack_text
from outreach_rules._yaml.reader import gc_paused, parse_yaml
from outreach_rules.errors import PackError


def test_gc_paused_restores_the_collector() -> None:
    """gc_paused turns the collector off inside and back on after, even on error."""

    def inside() -> None:
        with gc_paused():
            assert not gc.isenabled()
            with gc_paused():  # nested: leaves it to the outer one
                assert not gc.isenabled()
            assert not gc.isenabled()
            parse_yaml("a: [1\n")

    assert gc.isenabled()
    with pytest.raises(PackError):
        inside()
    assert gc.isenabled()


def test_gc_paused_leaves_a_disabled_collector_disabled() -> None:
    """A caller who turned the collector off finds it off after loading."""
    gc.disable()
    try:
        load_pack_text("name: p\nrules: []\n")
        assert not gc.isenabled()
    finally:
        gc.enable()
