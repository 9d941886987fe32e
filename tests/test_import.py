"""What `import outreach_rules` loads, and what it leaves for first use (issue 6).

The import time of the package is a target of issue 6; these tests guard the
behaviour behind it rather than a timing: a plain import loads what deciding
needs and none of the optional parts, which are imported when one of their
names is first used. Each check runs in a fresh interpreter, since this test
process has long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import outreach_rules

# Modules a plain `import outreach_rules` must not load: optional dependencies,
# and the package's own modules for explanations, plans, batches, the durable
# backend, the command line and pack testing.
NOT_ON_IMPORT = (
    "durable",
    "durable_rules_engine",
    "rich",
    "hypothesis",
    "icalendar",
    "multiprocessing",
    "concurrent.futures",
    "outreach_rules.engine.durable.compiler",
    "outreach_rules.engine.durable.session",
    "outreach_rules.batch",
    "outreach_rules.batch.files",
    "outreach_rules.cli",
    "outreach_rules.explaining.counterfactuals",
    "outreach_rules.explaining.explanations",
    "outreach_rules.explaining.ics",
    "outreach_rules.explaining.schemas",
    "outreach_rules.packs.lint",
    "outreach_rules.explaining.planning",
    "outreach_rules.cli.text",
    "outreach_rules.testing.runner",
    "outreach_rules.packs.schema",
    "outreach_rules.cli.terminal",
    "outreach_rules.testing",
    "outreach_rules.explaining.trace",
    "outreach_rules.testing.verify",
)

# What `import outreach_rules.cli` loads of the list above: itself, and the
# modules of the default command (`next`) and of `schema`.
CLI_LOADS = (
    "outreach_rules.cli",
    "outreach_rules.explaining.schemas",  # the names of its kinds only, not the models
    "outreach_rules.cli.text",
    "outreach_rules.packs.schema",
    "outreach_rules.cli.terminal",
)


def _fresh(code: str) -> object:
    """Run *code* in a new interpreter and return the JSON it prints."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(done.stdout)


def test_import_leaves_the_optional_parts_unloaded() -> None:
    """`import outreach_rules` loads none of the optional modules or dependencies."""
    loaded = _fresh(
        "import json, sys\n"
        "import outreach_rules\n"
        f"print(json.dumps([m for m in {NOT_ON_IMPORT!r} if m in sys.modules]))\n"
    )
    assert loaded == []


def test_a_decision_leaves_the_optional_parts_unloaded() -> None:
    """Deciding with the default engine does not load them either."""
    loaded = _fresh(
        "import json, sys\n"
        "from datetime import date\n"
        "from outreach_rules import next_action\n"
        "app = {'candidate': {'name': 'A'}, 'company': {'name': 'B'}}\n"
        "next_action(app, today=date(2026, 1, 5)).model_dump(mode='json')\n"
        f"print(json.dumps([m for m in {NOT_ON_IMPORT!r} if m in sys.modules]))\n"
    )
    assert loaded == []


def test_the_command_line_loads_only_what_its_command_needs() -> None:
    """Importing the command line loads no command's optional modules until it runs."""
    not_on_import = [m for m in NOT_ON_IMPORT if m not in CLI_LOADS]
    loaded = _fresh(
        "import json, sys\n"
        "import outreach_rules.cli\n"
        f"print(json.dumps([m for m in {not_on_import!r} if m in sys.modules]))\n"
    )
    assert loaded == []


def test_dir_lists_every_public_name_before_first_use() -> None:
    """`dir(outreach_rules)` shows the lazily imported names before they are used."""
    missing = _fresh(
        "import json, outreach_rules\n"
        "print(json.dumps(sorted(set(outreach_rules.__all__) - set(dir(outreach_rules)))))\n"
    )
    assert missing == []


def test_every_public_name_imports_in_a_fresh_process() -> None:
    """`from outreach_rules import NAME` works in a new process, for every name of __all__.

    One process for all names: each lazily imported name still goes through the
    package's ``__getattr__`` on its own first look-up.
    """
    modules = _fresh(
        "import json, outreach_rules\n"
        "found = {}\n"
        "for name in outreach_rules.__all__:\n"
        "    exec(f'from outreach_rules import {name} as value')\n"
        "    found[name] = getattr(value, '__module__', None)\n"
        "print(json.dumps(found))\n"
    )
    assert modules == {
        name: getattr(getattr(outreach_rules, name), "__module__", None)
        for name in outreach_rules.__all__
    }


def test_a_lazy_name_is_the_object_its_module_defines() -> None:
    """A lazily imported name is the very object of its module, and stays in the package."""
    from outreach_rules.explaining import explanations

    assert outreach_rules.explain is explanations.explain
    assert "explain" in vars(outreach_rules)


def test_an_unknown_name_is_an_attribute_error() -> None:
    """Looking up a name the package does not export fails as usual."""
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        _ = outreach_rules.not_a_name


def test_the_library_imports_and_decides_without_durable_rules() -> None:
    """With durable_rules unimportable, the package imports and the native engine decides."""
    code = (
        "import sys; sys.modules['durable'] = None; sys.modules['durable.engine'] = None\n"
        "from outreach_rules import next_action, durable_ruleset, default_pack\n"
        "durable_ruleset(default_pack())\n"
        "d = next_action({'candidate': {'name': 'M'}, 'company': {'name': 'A'}},"
        " today='2026-11-26')\n"
        "assert d.primary is not None\n"
        "assert 'durable_rules_engine' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)
