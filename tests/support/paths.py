"""Where the files the tests read are: the repository, its examples and the tests' own data."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CUSTOM_FACTS",
    "DATA",
    "DAY3",
    "EXAMPLES",
    "MARTHA",
    "NO_CALLS",
    "PUBLIC_SECTOR",
    "ROOT",
]

ROOT = Path(__file__).resolve().parents[2]
"""The repository's root folder."""

EXAMPLES = ROOT / "examples"
"""The example applications."""

DATA = ROOT / "tests" / "data"
"""The tests' own packs and the guidance text."""

MARTHA = EXAMPLES / "martha_day8.yaml"
"""Day 8, a listed recruiter with a phone: the default pack says to call her."""

DAY3 = EXAMPLES / "day3_waiting.yaml"
"""Day 3: too early to follow up; the default pack says to wait."""

NO_CALLS = EXAMPLES / "no_calls_posting.yaml"
"""Day 8, a posting that says not to call: email, and both calls are ruled out."""

CUSTOM_FACTS = DATA / "custom_facts.yaml"
"""A pack reading its own settings, custom facts of every type and facts it derives."""

PUBLIC_SECTOR = ROOT / "docs" / "examples" / "public-sector.yaml"
"""The default pack for public employers: ten days' wait, a sector fact, no visits."""
