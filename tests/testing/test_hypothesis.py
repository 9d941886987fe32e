"""hypothesis is the testing kit's alone: the library and its command line import without it."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest


def test_core_import_does_not_import_hypothesis() -> None:
    """import outreach_rules (and its CLI) works without hypothesis; only the kit needs it."""
    code = "import sys, outreach_rules, outreach_rules.cli; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_without_hypothesis_the_kit_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Importing the kit's generation without hypothesis is an ImportError naming the extra."""
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "outreach_rules.testing._hypothesis", raising=False)
    with pytest.raises(ImportError, match=r"pip install 'outreach-rules\[testing\]'"):
        importlib.import_module("outreach_rules.testing._hypothesis")
