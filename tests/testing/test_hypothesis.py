"""hypothesis is the testing kit's alone: the library and its command line import without it."""

from __future__ import annotations

import subprocess
import sys


def test_core_import_does_not_import_hypothesis() -> None:
    """import outreach_rules (and its CLI) works without hypothesis; only the kit needs it."""
    code = "import sys, outreach_rules, outreach_rules.cli; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
