"""parse_yaml: the size limit first, the event reader with the node reader behind it, gc_paused."""

from __future__ import annotations

import gc

import pytest

from outreach_rules import load_pack_text
from outreach_rules._yaml.reader import gc_paused, parse_yaml
from outreach_rules.errors import PackError
from outreach_rules.limits import Limits


def test_gc_paused_restores_the_collector() -> None:
    """gc_paused turns the collector off inside and back on after, even on error."""

    def inside() -> None:
        with gc_paused():
            assert not gc.isenabled()
            with gc_paused():  # nested: leaves it to the outer one
                assert not gc.isenabled()
            assert not gc.isenabled()
            parse_yaml("a: [1\n")

    assert gc.isenabled()
    with pytest.raises(PackError):
        inside()
    assert gc.isenabled()


def test_gc_paused_leaves_a_disabled_collector_disabled() -> None:
    """A caller who turned the collector off finds it off after loading."""
    gc.disable()
    try:
        load_pack_text("name: p\nrules: []\n")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_text_over_the_size_limit_is_refused_before_it_is_read() -> None:
    """A text over max_pack_bytes is too-large, even when it is not YAML at all."""
    with pytest.raises(PackError) as caught:
        parse_yaml("[" * 100, filename="big.yaml", limits=Limits(max_pack_bytes=99))
    assert (caught.value.code, caught.value.file) == ("too-large", "big.yaml")
    assert "the limit is 99" in caught.value.problem
    assert parse_yaml("[" * 2 + "]" * 2, limits=Limits(max_pack_bytes=4)) == [[]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("# only a comment\n", None),
        ("a: !!str 5\n", {"a": "5"}),
        ("just text\n", "just text"),
    ],
)
def test_what_the_event_reader_leaves_the_node_reader_reads(text: str, expected: object) -> None:
    """Empty documents are None; an explicit tag is read by the node reader behind it."""
    assert parse_yaml(text) == expected


def test_a_second_document_is_refused_with_its_position() -> None:
    """One text holds one document: a second one is a yaml-syntax error at its line."""
    with pytest.raises(PackError) as caught:
        parse_yaml("a: 1\n---\nb: 2\n", filename="two.yaml")
    err = caught.value
    assert (err.code, err.file, err.line) == ("yaml-syntax", "two.yaml", 2)


def test_gc_paused_turns_the_collector_back_on_after_a_good_read() -> None:
    """After a document is read, the collector that was on is on again."""
    assert gc.isenabled()
    assert parse_yaml("a: [1, 2]\n") == {"a": [1, 2]}
    assert gc.isenabled()
