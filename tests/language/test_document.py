"""The pack file's skeleton: which keys exist, which are required, their types."""

from __future__ import annotations

from support.packs import CHILD, GOOD_RULE, load_error, pack_error


def test_unknown_key_in_rule_did_you_mean() -> None:
    """An unknown key in a rule names the key, the rule and suggests the right key."""
    err = pack_error(GOOD_RULE.replace("    because: Wait.", "    becuase: Wait."))
    assert err.code == "unknown-key"
    assert err.rule_id == "r1"
    assert err.line == 6
    assert err.hint == "did you mean 'because'?"


def test_unknown_top_level_key() -> None:
    """An unknown top-level key is refused with a suggestion."""
    err = pack_error("name: x\nrule: []\n")
    assert err.code == "unknown-key"
    assert err.hint == "did you mean 'rules'?"


def test_missing_source() -> None:
    """Every rule must cite its source."""
    err = pack_error(GOOD_RULE.replace("    source: {house_default: a test}\n", ""))
    assert err.code == "missing-key"
    assert "'source'" in err.problem


def test_version_must_be_text() -> None:
    """An unquoted version number is refused with a hint to quote it."""
    err = pack_error("name: x\nversion: 1.0\n")
    assert err.hint == "quote it"


def test_unknown_keys_in_examples_are_errors() -> None:
    """A typo in an example's keys is unknown-key with a suggestion, never ignored."""
    err = load_error(CHILD.replace("includes:", "include:"))
    assert err.code == "unknown-key"
    assert err.hint == "did you mean 'includes'?"
