"""PyYAML's node reader with positions: YAML mistakes as PackErrors at their line.

Duplicate keys are refused, and only safe tags are built.
"""

from __future__ import annotations

from support.packs import GOOD_RULE, pack_error


def test_yaml_syntax_error_has_position() -> None:
    """Malformed YAML is a PackError with a line number, not a YAML exception."""
    err = pack_error("name: x\nrules: [\n")
    assert err.code == "yaml-syntax"
    assert err.line is not None


def test_impossible_yaml_date_is_a_pack_error_with_position() -> None:
    """An unquoted impossible date (month 13) is reported at its line, not as a bare ValueError."""
    err = pack_error("name: x\nrules:\n  - {id: r, when: {today: 2026-13-01}}\n")
    assert err.code == "yaml-syntax"
    assert err.line == 3
    assert "'2026-13-01' is not a valid date" in err.problem


def test_duplicate_yaml_key_refused() -> None:
    """A key written twice in one mapping is refused rather than silently overwritten."""
    err = pack_error(GOOD_RULE.replace("    because: Wait.", "    because: Wait.\n    because: B."))
    assert err.code == "duplicate-key"


def test_unsafe_yaml_tags_refused() -> None:
    """Python object tags cannot be constructed: packs are data."""
    err = pack_error("name: !!python/object/apply:os.system ['true']\n")
    assert err.code == "yaml-syntax"
