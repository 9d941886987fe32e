"""Reading a pack file: the shipped folder, bytes within limits, errors with positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.packs import GOOD_RULE, pack_error

from outreach_rules import Limits, PackError, load_pack
from outreach_rules.packs.reading import read_text, shipped_dir, shipped_packs


def test_pack_must_be_a_mapping() -> None:
    """A YAML list or scalar is not a pack."""
    assert pack_error("- a\n- b\n").code == "bad-pack"


def test_missing_file() -> None:
    """Loading a file that does not exist says so, naming it."""
    with pytest.raises(PackError, match=r"no_such_pack\.yaml: pack file not found"):
        load_pack("no_such_pack.yaml")


def test_the_shipped_packs_are_the_yaml_files_of_their_folder() -> None:
    """shipped_packs names each .yaml file of the shipped folder, sorted, without its suffix."""
    names = shipped_packs()
    assert "default" in names
    assert list(names) == sorted(names)
    assert all(shipped_dir().joinpath(f"{name}.yaml").is_file() for name in names)


def test_a_file_that_is_not_utf8_is_an_encoding_error(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are refused, naming the byte where they go wrong."""
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert caught.value.code == "encoding"
    assert "not UTF-8 text" in caught.value.problem
    assert "at byte 9" in caught.value.problem


def test_what_cannot_be_read_or_is_too_large_is_refused(tmp_path: Path) -> None:
    """A folder is not-a-file, saying so; a file over the limit is too-large, unread."""
    with pytest.raises(PackError) as caught:
        read_text(tmp_path, "folder", Limits())
    assert caught.value.code == "not-a-file"
    assert caught.value.problem == "cannot read the pack: it is a directory, not a regular file"
    path = tmp_path / "p.yaml"
    path.write_text(GOOD_RULE, encoding="utf-8")
    assert read_text(path, "p.yaml", Limits()) == GOOD_RULE
    with pytest.raises(PackError) as caught:
        read_text(path, "p.yaml", Limits(max_pack_bytes=10))
    assert (caught.value.code, caught.value.file) == ("too-large", "p.yaml")


def test_a_rule_without_an_id_is_named_by_its_number() -> None:
    """A structural problem in a rule with no id names the rule by its 1-based place."""
    err = pack_error("name: x\nrules:\n  - {source: s, then: {action: wait}, because: b}\n")
    assert (err.code, err.rule_id, err.line) == ("missing-key", "#1", 3)


def test_an_invalid_identifier_says_what_ids_may_be() -> None:
    """A pack name that is not an identifier is bad-value, with the characters allowed."""
    err = pack_error("name: my pack\n")
    assert err.code == "bad-value"
    assert "'my pack' is not a valid identifier" in err.problem
    assert err.hint == "use letters, digits, '-', '_' and '.', starting with a letter or digit"


def test_the_first_structural_problem_is_shown_with_a_count_of_the_rest() -> None:
    """When a document has several problems, the first is reported and the others counted."""
    one_more = pack_error(
        "name: x\nrules:\n  - {id: r, source: s, priority: x, then: {action: wait}, because: b,"
        " extra: 1}\n"
    )
    assert one_more.problem.endswith("(and 1 more problem)")
    two_more = pack_error("name: x\nversion: 1\nrules: 5\ndescription: 3\n")
    assert two_more.problem.endswith("(and 2 more problems)")
