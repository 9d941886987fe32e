"""PyYAML's node reader with positions: YAML mistakes as PackErrors at their line.

Duplicate keys are refused, and only safe tags are built.
"""

from __future__ import annotations

import pytest
import yaml
from support.packs import GOOD_RULE, pack_error

from outreach_rules._yaml.nodes import YamlMap, YamlSeq, mark_at, parse_by_nodes
from outreach_rules.errors import Mark, PackError
from outreach_rules.limits import DEFAULT_LIMITS, Limits


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


def test_maps_and_sequences_remember_where_each_part_is() -> None:
    """Every key and item keeps its 1-based line and column, and so does each collection."""
    doc = parse_by_nodes("a:\n  b: [x, {c: 1}]\nd: 2\n", "p.yaml", DEFAULT_LIMITS)
    assert isinstance(doc, YamlMap)
    assert doc.mark == Mark(1, 1)
    assert doc.key_marks == {"a": Mark(1, 1), "d": Mark(3, 1)}
    inner = doc["a"]["b"]
    assert isinstance(inner, YamlSeq)
    assert inner.mark == Mark(2, 6)
    assert inner.item_marks == [Mark(2, 7), Mark(2, 10)]
    assert inner.item_at(1) == (2, 10)
    assert doc["a"].key_at("b") == (2, 3)


def test_looking_up_a_missing_part_gives_the_default() -> None:
    """key_mark, key_at, item_mark and item_at answer the default for what is not there."""
    doc = parse_by_nodes("a: [1]\n", "p.yaml", DEFAULT_LIMITS)
    fallback = Mark(9, 9)
    assert doc.key_mark("zz", fallback) is fallback
    assert doc.key_at("zz") is None
    assert doc["a"].item_mark(1, fallback) is fallback
    assert doc["a"].item_mark(-1) is None
    assert doc["a"].item_at(5, (0, 0)) == (0, 0)


def test_collections_made_in_python_have_no_position_until_given_one() -> None:
    """A YamlMap or YamlSeq not read from YAML has no mark; one can be set and read back."""
    made = YamlMap()
    assert made.mark is None
    made.mark = Mark(3, 4)
    assert made.mark == Mark(3, 4)
    seq = YamlSeq()
    seq.mark = None
    assert seq.mark is None


def test_only_yaml_1_2_booleans_are_booleans() -> None:
    """true/True/TRUE and false are booleans; on, off, yes, no and y stay text."""
    doc = parse_by_nodes("[true, True, FALSE, on, off, yes, no, y]\n", "p.yaml", DEFAULT_LIMITS)
    assert doc == [True, True, False, "on", "off", "yes", "no", "y"]
    assert yaml.safe_load("[on, yes]") == [True, True], "PyYAML's own loader is left as it was"


def test_a_repeated_key_names_where_it_first_was() -> None:
    """A repeated key is refused at its second place, naming the line of the first."""
    with pytest.raises(PackError) as caught:
        parse_by_nodes("a: 1\nb: 2\na: 3\n", "p.yaml", DEFAULT_LIMITS)
    err = caught.value
    assert (err.code, err.file, err.line, err.column) == ("duplicate-key", "p.yaml", 3, 1)
    assert "key 'a' appears twice in one mapping (first on line 1)" in err.problem


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("? [a]\n: 1\n", "yaml-key", 1),
        ("a: 1\n? 2\n: 3\n", "yaml-key", 2),
        ("a: [[[[1]]]]\n", "yaml-depth", 1),
        ("a: b\nc: &x [*x]\n", "yaml-recursive", 2),
        ("a: b\nc: xxxxxxxx\n", "too-long", 2),
        ("a: &a [1, 1, 1]\nb: [*a, *a, *a, *a]\n", "yaml-too-large", 2),
    ],
)
def test_documents_over_a_limit_are_refused_where_they_go_over(
    text: str, code: str, line: int
) -> None:
    """Text keys only, and nesting, recursion, text length and expanded size within limits."""
    limits = Limits(max_depth=3, max_string=5, max_nodes=12)
    with pytest.raises(PackError) as caught:
        parse_by_nodes(text, "p.yaml", limits)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_mark_at_finds_the_nearest_enclosing_position() -> None:
    """mark_at follows keys and indexes as far as they go, then gives the last position found."""
    doc = parse_by_nodes("a:\n  b: [x, {c: 1}]\n", "p.yaml", DEFAULT_LIMITS)
    assert mark_at(doc, ("a", "b", 1, "c")) == Mark(2, 11)
    assert mark_at(doc, ("a", "b", 7)) == Mark(2, 3)
    assert mark_at(doc, ("a", "nothing", "below")) == Mark(1, 1)
    assert mark_at({"plain": "dict"}, ("plain",)) is None
