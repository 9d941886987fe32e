"""The pack file's skeleton: which keys exist, which are required, their types."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from support.packs import CHILD, GOOD_RULE, load_error, pack_error

from outreach_rules.language.document import BlockDoc, PackFile, RuleDoc, ThenDoc


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


def test_a_pack_document_has_defaults_for_all_but_its_name() -> None:
    """Only 'name' is required: version '0', nothing to extend, no rules, actions or tests."""
    doc = PackFile.model_validate({"name": "p"})
    assert (doc.version, doc.description, doc.extends) == ("0", "", None)
    assert (doc.disable, doc.rules, doc.examples, doc.invariants) == ((), (), (), ())
    assert doc.actions == {}
    with pytest.raises(ValidationError, match="name"):
        PackFile.model_validate({"rules": []})


@pytest.mark.parametrize("good", ["r1", "1st", "call-recruiter", "a.b_c", "x" * 100])
def test_ids_of_letters_digits_and_dashes_are_accepted(good: str) -> None:
    """A rule id starts with a letter or digit and goes on with letters, digits, '-', '_', '.'."""
    assert RuleDoc.model_validate({"id": good, "source": "s"}).id == good


@pytest.mark.parametrize("bad", ["", "-r", "_r", "r 1", "r/1", "é", "x" * 101, 7])
def test_other_ids_are_refused(bad: object) -> None:
    """An empty id, one starting with punctuation, with spaces or slashes, too long or a number."""
    with pytest.raises(ValidationError):
        RuleDoc.model_validate({"id": bad, "source": "s"})


def test_a_rule_s_fields_are_strict() -> None:
    """priority takes a whole number (not text, not true), and unknown keys are errors."""
    assert RuleDoc.model_validate({"id": "r", "source": "s"}).priority == 50
    for priority in ("50", True, 5.5):
        with pytest.raises(ValidationError):
            RuleDoc.model_validate({"id": "r", "source": "s", "priority": priority})
    with pytest.raises(ValidationError, match="extra"):
        ThenDoc.model_validate({"action": "wait", "channell": "email"})
    with pytest.raises(ValidationError):
        ThenDoc.model_validate({"action": "wait", "channel": "fax"})


def test_a_block_needs_a_reason() -> None:
    """A block names its action and a non-empty reason."""
    assert BlockDoc.model_validate({"action": "wait", "reason": "No."}).reason == "No."
    for bad in ({"action": "wait"}, {"action": "wait", "reason": ""}):
        with pytest.raises(ValidationError):
            BlockDoc.model_validate(bad)
