"""Untrusted packs and applications: each attack is refused quickly with a clear error."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from outreach_rules import (
    ApplicationError,
    Limits,
    PackError,
    load_application,
    load_pack,
    load_pack_text,
    next_action,
    parse_application,
)

ROOT = Path(__file__).resolve().parent.parent
ATTACKS = Path(__file__).resolve().parent / "attacks"
PWNED = Path("/tmp/outreach-rules-pwned")

GOOD = """\
name: good
rules:
  - id: r
    then: {action: wait}
    because: "Wait, {candidate.name}."
    source: {house_default: t}
"""


@pytest.mark.parametrize(
    ("attack", "code"),
    [
        ("billion_laughs.yaml", "yaml-too-large"),
        ("merge_key_bomb.yaml", "yaml-too-large"),
        ("recursive_alias.yaml", "yaml-recursive"),
        ("python_object.yaml", "yaml-syntax"),
        ("python_name.yaml", "yaml-syntax"),
        ("template_reaches_python.yaml", "unknown-fact"),
        ("format_spec.yaml", "bad-template"),
        ("regex_operator.yaml", "unknown-operator"),
        ("complex_key.yaml", "yaml-key"),
        ("deep_conditions.yaml", "yaml-depth"),
        ("deep_derived.yaml", "derived-cycle"),
        ("nested/escape_parent.yaml", "extends-path"),
        ("nested/escape_absolute.yaml", "extends-path"),
    ],
)
def test_attack_pack_is_refused_quickly(attack: str, code: str) -> None:
    """Each hostile pack raises PackError with its code, within a second, running nothing."""
    PWNED.unlink(missing_ok=True)
    started = time.perf_counter()
    with pytest.raises(PackError) as info:
        load_pack(ATTACKS / attack)
    assert time.perf_counter() - started < 1.0
    assert info.value.code == code
    assert info.value.file == str(ATTACKS / attack)
    assert not PWNED.exists(), "nothing in a pack is ever run"


def test_alias_bomb_costs_no_memory() -> None:
    """Refusing a billion-laughs pack does not grow the process by more than a few MB."""
    script = (
        "import resource, outreach_rules as o\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        f"try: o.load_pack({str(ATTACKS / 'billion_laughs.yaml')!r})\n"
        "except o.PackError: pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
    )
    grown_kib = int(
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout
    )
    assert grown_kib < 20_000


def test_extends_through_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    """A symlink inside the pack's folder pointing outside it does not widen what is read."""
    (tmp_path / "outside.yaml").write_text(GOOD, encoding="utf-8")
    folder = tmp_path / "packs"
    folder.mkdir()
    os.symlink(tmp_path / "outside.yaml", folder / "link.yaml")
    (folder / "child.yaml").write_text("name: c\nextends: ./link.yaml\n", encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(folder / "child.yaml")
    assert info.value.code == "extends-path"


def test_limits_are_enforced_and_can_be_raised(tmp_path: Path) -> None:
    """Each limit refuses what is over it with its code; a caller's Limits can lift it."""
    many = "name: many\nrules:\n" + "".join(
        f"  - {{id: r{i}, then: {{action: wait}}, because: x, source: s}}\n" for i in range(6)
    )
    with pytest.raises(PackError) as info:
        load_pack_text(many, limits=Limits(max_rules=5))
    assert info.value.code == "too-many-rules"
    assert "pass larger Limits(max_rules=...)" in str(info.value)
    assert len(load_pack_text(many, limits=Limits(max_rules=6)).rules) == 6

    long_text = GOOD.replace("Wait, {candidate.name}.", "x" * 30_000)
    with pytest.raises(PackError) as info:
        load_pack_text(long_text)
    assert (info.value.code, info.value.line) == ("too-long", 5)
    assert load_pack_text(long_text, limits=Limits(max_string=40_000)).rules

    path = tmp_path / "big.yaml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path, limits=Limits(max_pack_bytes=50))
    assert info.value.code == "too-large"
    with pytest.raises(PackError) as info:
        load_pack_text(GOOD, limits=Limits(max_pack_bytes=50))
    assert info.value.code == "too-large"

    deep_extends = Limits(max_extends_depth=1)
    (tmp_path / "base.yaml").write_text("name: b\nextends: default\n", encoding="utf-8")
    (tmp_path / "child.yaml").write_text("name: c\nextends: ./base.yaml\n", encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "child.yaml", limits=deep_extends)
    assert info.value.code == "extends-cycle"


def test_default_pack_loads_by_name_under_custom_limits() -> None:
    """A shipped pack can be loaded under other limits (and is then compiled afresh)."""
    pack = load_pack("default", limits=Limits(max_rules=100))
    assert len(pack.rules) > 20
    with pytest.raises(PackError):
        load_pack("default", limits=Limits(max_rules=3))


@pytest.mark.parametrize("source", [5, None, b"default", ["default"]])
def test_load_pack_refuses_non_paths(source: object) -> None:
    """load_pack given something that is not a path or name raises PackError, not TypeError."""
    with pytest.raises(PackError) as info:
        load_pack(source)  # type: ignore[arg-type]
    assert info.value.code == "bad-argument"


def test_load_pack_text_refuses_non_text() -> None:
    """load_pack_text given bytes raises PackError."""
    with pytest.raises(PackError) as info:
        load_pack_text(b"name: x")  # type: ignore[arg-type]
    assert info.value.code == "bad-argument"


def test_next_action_with_a_bad_pack_argument() -> None:
    """A nonsense pack= is a PackError from next_action too."""
    with pytest.raises(PackError):
        next_action(
            {"candidate": {"name": "M"}, "company": {"name": "A"}}, today="2026-11-26", pack=42
        )  # type: ignore[arg-type]


# --- hostile applications ------------------------------------------------------------


def test_deeply_nested_json_application() -> None:
    """JSON nested far past Python's recursion limit is an ApplicationError."""
    text = "[" * 100_000 + "]" * 100_000
    with pytest.raises(ApplicationError, match="nested too deeply"):
        parse_application(text, filename="deep.json")


def test_deep_value_in_a_field_gives_a_short_message() -> None:
    """A deeply nested or huge value in a field is reported briefly, without RecursionError."""
    deep: object = "x"
    for _ in range(5_000):
        deep = [deep]
    data = {"candidate": {"name": deep}, "company": {"name": "A" * 1_000_000, "size": deep}}
    with pytest.raises(ApplicationError) as info:
        next_action(data, today="2026-11-26")
    assert len(str(info.value)) < 2_000
    assert info.value.paths == ("candidate.name", "company.size")


def test_alias_bomb_application() -> None:
    """An application document built on an alias bomb is refused like a pack."""
    text = (ATTACKS / "billion_laughs.yaml").read_text(encoding="utf-8")
    with pytest.raises(ApplicationError, match="expands to more than"):
        parse_application(text)


def test_oversized_application(tmp_path: Path) -> None:
    """Applications over the size limit are refused before parsing, file or text."""
    path = tmp_path / "big.yaml"
    path.write_text("candidate: {name: M}\n" + "#" * 2_000_000, encoding="utf-8")
    with pytest.raises(ApplicationError, match="the limit is 1,000,000"):
        load_application(path)
    with pytest.raises(ApplicationError, match="the limit is 10"):
        parse_application("candidate: {name: M}", limits=Limits(max_application_bytes=10))


def test_binary_and_non_text_applications(tmp_path: Path) -> None:
    """Bytes that are not UTF-8, and non-text arguments, are ApplicationErrors."""
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ApplicationError, match="not UTF-8"):
        load_application(path)
    with pytest.raises(ApplicationError, match="must be a str"):
        parse_application(b"candidate: {}")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "attack",
    [
        "billion_laughs.yaml",
        "python_object.yaml",
        "deep_conditions.yaml",
        "nested/escape_parent.yaml",
    ],
)
def test_cli_reports_attacks_without_traceback(attack: str) -> None:
    """The command line answers each attack with exit code 2 and one clear message."""
    result = subprocess.run(
        [sys.executable, "-m", "outreach_rules", "validate", str(ATTACKS / attack)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("outreach-rules: error: ")


def test_cli_hostile_application_without_traceback(tmp_path: Path) -> None:
    """A hostile application file is exit code 2 with a message, not a traceback."""
    path = tmp_path / "app.json"
    path.write_text("[" * 50_000, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "outreach_rules", "next", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nested too deeply" in result.stderr


def test_package_source_has_no_code_execution_paths() -> None:
    """The package never calls eval, exec, pickle or an unsafe YAML loader.

    (A Pack may be pickled by its user, for worker processes: it then travels
    as the recipe that loaded it, read again by the safe loader.)
    """
    package = ROOT / "outreach_rules"
    pattern = re.compile(
        r"(^|[^_.\w])(eval|exec|compile)\(|yaml\.load\(|yaml\.unsafe_load|yaml\.full_load|"
        r"\b(import|from) (pickle|marshal|dill|cloudpickle)\b|\b(pickle|marshal)\.|"
        r"__import__\(|importlib\.import_module"
    )
    hits = [
        f"{path.name}:{number}: {line.strip()}"
        for path in package.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not hits


@pytest.mark.parametrize(
    ("command", "shows_name"),
    [
        (["next"], True),
        (["next", "--all-scripts"], True),
        (["explain"], False),
        (["explain", "--action", "call_recruiter"], False),
        (["plan", "--days", "8"], False),
    ],
)
def test_terminal_control_characters_are_shown_not_obeyed(
    tmp_path: Path, command: list[str], shows_name: bool
) -> None:
    """Escape sequences in application text reach the terminal as visible text, not controls."""
    hostile = "Martha\x1b]0;pwned\x07\x1b[2J\x9b31m"
    app = tmp_path / "app.yaml"
    app.write_text(
        "as_of: 2026-11-26\n"
        f"candidate: {{name: {json.dumps(hostile)}}}\n"
        "company: {name: Acme Corp}\n"
        "posting: {title: pm, recruiter: {name: Dana, phone: '1'}}\n"
        "materials: {complete: true}\n"
        "submitted_on: 2026-11-18\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "outreach_rules", command[0], str(app), *command[1:]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert "\x9b" not in result.stdout
    if shows_name:
        assert "Martha\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m" in result.stdout
