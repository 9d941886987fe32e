"""The version: one PEP 440 string, defined in _version.py."""

from __future__ import annotations

import outreach_rules


def test_version_comes_from_one_place() -> None:
    """The version is a PEP 440 string defined in _version.py."""
    from outreach_rules._version import __version__

    assert outreach_rules.__version__ == __version__
    assert __version__.count(".") == 2
