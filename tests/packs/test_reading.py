"""Reading a pack file: the shipped folder, bytes within limits, errors with positions."""

from __future__ import annotations

import pytest
from support.packs import pack_error

from outreach_rules import PackError, load_pack


def test_pack_must_be_a_mapping() -> None:
    """A YAML list or scalar is not a pack."""
    assert pack_error("- a\n- b\n").code == "bad-pack"


def test_missing_file() -> None:
    """Loading a file that does not exist says so, naming it."""
    with pytest.raises(PackError, match=r"no_such_pack\.yaml: pack file not found"):
        load_pack("no_such_pack.yaml")
