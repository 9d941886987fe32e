"""Rules and invariants as read from a pack file, and where their parts are (raw_key_mark)."""

from __future__ import annotations

import dataclasses

import pytest

from outreach_rules._yaml import YamlMap
from outreach_rules._yaml.reader import parse_yaml
from outreach_rules.errors import Mark
from outreach_rules.language.document import InvariantDoc, RuleDoc
from outreach_rules.packs.entries import InvariantEntry, RuleEntry, raw_key_mark

RULE = """\
id: r
then:
  action: wait
  due_by: follow_up_due_on
because: Wait.
blocks: [{action: call_recruiter, reason: No.}]
"""


@pytest.mark.parametrize(
    ("keys", "line"),
    [
        ((), 1),
        (("because",), 5),
        (("then",), 2),
        (("then", "due_by"), 4),
        (("then", "missing"), 2),  # the nearest enclosing key that is there
        (("missing", "due_by"), 1),
        (("because", "deeper"), 5),  # a text has no keys: where it is
        (("blocks", "action"), 6),  # a list has no keys either
    ],
)
def test_raw_key_mark_finds_a_key_or_the_nearest_enclosing_one(
    keys: tuple[str, ...], line: int
) -> None:
    """The position of the key at the end of keys, else of the deepest key that is there."""
    raw = parse_yaml(RULE)
    mark = raw_key_mark(raw, *keys)
    assert mark is not None
    assert mark.line == line


def test_raw_key_mark_gives_the_column_too() -> None:
    """A nested key is found at its line and column."""
    assert raw_key_mark(parse_yaml(RULE), "then", "action") == Mark(3, 3)


def test_raw_key_mark_of_a_mapping_without_positions_is_none() -> None:
    """A YamlMap made in code has no positions: there is nowhere to point."""
    assert raw_key_mark(YamlMap(), "then") is None


def test_an_entry_keeps_its_document_its_yaml_its_file_and_where_it_was_patched() -> None:
    """A RuleEntry starts unpatched; entries are frozen values."""
    raw = parse_yaml(RULE)
    doc = RuleDoc.model_validate({**raw, "source": {"house_default": "t"}})
    entry = RuleEntry(doc, raw, "p.yaml")
    assert (entry.doc.id, entry.file, entry.patched) == ("r", "p.yaml", ())
    patched = dataclasses.replace(entry, patched=("child.yaml:4",))
    assert patched.patched == ("child.yaml:4",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.file = "q.yaml"  # type: ignore[misc]
    invariant = InvariantEntry(InvariantDoc(id="i", never="wait"), YamlMap(), "p.yaml")
    assert (invariant.doc.id, invariant.file) == ("i", "p.yaml")
