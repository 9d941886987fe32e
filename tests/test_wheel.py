"""The built wheel works on its own: packs ship inside it and load from a fresh virtualenv."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import importlib.util, json, outreach_rules
from outreach_rules import next_action, default_pack
decision = next_action({
    "candidate": {"name": "Martha Owens"},
    "company": {"name": "Acme Corp"},
    "posting": {"title": "program manager", "recruiter": {"name": "Dana", "phone": "1"}},
    "materials": {"complete": True},
    "submitted_on": "2026-11-18",
}, today="2026-11-26")
print(json.dumps({"file": outreach_rules.__file__, "primary": decision.primary.action,
                  "rules": len(default_pack().rules),
                  "optional": [m for m in ("rich", "mkdocs") if importlib.util.find_spec(m)]}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("outreach_rules-*.whl")
    return built


def test_wheel_contains_packs_and_type_marker(wheel: Path) -> None:
    """The wheel holds the shipped packs, the JSON Schemas, py.typed and the CLI entry point."""
    names = zipfile.ZipFile(wheel).namelist()
    assert "outreach_rules/rulesets/default.yaml" in names
    for kind in ("application", "pack", "decision"):
        assert f"outreach_rules/schemas/{kind}.schema.json" in names
    assert "outreach_rules/py.typed" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "outreach-rules = outreach_rules.cli:main"
        in zipfile.ZipFile(wheel).read(entry_points).decode()
    )


@pytest.mark.slow
def test_installed_wheel_decides_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    """Installed in a fresh virtualenv and run elsewhere, the default pack and schemas load."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run(
        [str(python), "-c", SCRIPT], cwd=work, check=True, capture_output=True, text=True
    )
    found = json.loads(result.stdout)
    assert found["primary"] == "call_recruiter"
    assert found["rules"] > 20
    assert found["optional"] == [], "the core install needs neither rich nor mkdocs"
    assert Path(found["file"]).is_relative_to(env_dir), "imported the installed copy"
    cli = subprocess.run(
        [str(env_dir / "bin" / "outreach-rules"), "validate", "default"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 0
    assert cli.stdout.startswith("ok: pack default")
    schema = subprocess.run(
        [str(env_dir / "bin" / "outreach-rules"), "schema", "pack"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert schema.returncode == 0, schema.stderr
    assert json.loads(schema.stdout)["title"] == "PackFile"
