"""Typed values: what a setting or a custom fact may hold, checked one way (ValueSpec)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from outreach_rules.language.values import MAX_ITEMS, MAX_TEXT, BadValue, ValueSpec

DAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    ("spec", "given", "expected"),
    [
        (ValueSpec("bool"), True, True),
        (ValueSpec("bool"), False, False),
        (ValueSpec("int"), 7, 7),
        (ValueSpec("int"), -3, -3),
        (ValueSpec("int", minimum=1, maximum=60), 1, 1),
        (ValueSpec("int", minimum=1, maximum=60), 60, 60),
        (ValueSpec("date"), "2026-11-18", DAY),
        (ValueSpec("date"), DAY, DAY),
        (ValueSpec("date", minimum=DAY), DAY, DAY),
        (ValueSpec("str"), "anything", "anything"),
        (ValueSpec("str"), "", ""),
        (ValueSpec("enum", ("small", "large")), "small", "small"),
        (ValueSpec("list"), ["a", "b"], ("a", "b")),
        (ValueSpec("list"), ("a",), ("a",)),
        (ValueSpec("list"), [], ()),
        (ValueSpec("list", ("x", "y")), ["y", "x"], ("y", "x")),
    ],
)
def test_a_value_that_fits_comes_back_as_its_type_holds_it(
    spec: ValueSpec, given: Any, expected: Any
) -> None:
    """A fitting value comes back typed: a date for YYYY-MM-DD text, a tuple for a list."""
    assert spec.check(given) == expected
    assert type(spec.check(given)) is type(expected)


@pytest.mark.parametrize(
    ("spec", "given", "words"),
    [
        (ValueSpec("bool"), "yes", "expected true or false (got 'yes')"),
        (ValueSpec("bool"), 1, "expected true or false (got 1)"),
        (ValueSpec("int"), True, "expected a whole number (got True)"),
        (ValueSpec("int"), "7", "expected a whole number (got '7')"),
        (ValueSpec("int"), 7.5, "expected a whole number (got 7.5)"),
        (ValueSpec("date"), "2026-13-01", "expected a date (YYYY-MM-DD) (got '2026-13-01')"),
        (ValueSpec("date"), True, "expected a date (YYYY-MM-DD) (got True)"),
        (ValueSpec("date"), 20261118, "expected a date (YYYY-MM-DD) (got 20261118)"),
        (ValueSpec("str"), 5, "expected text (got 5)"),
        (ValueSpec("enum", ("a", "b")), 1, "expected one of: a, b (got 1)"),
        (ValueSpec("list"), "a", "expected a list (got 'a')"),
        (ValueSpec("list"), {"a": 1}, "expected a list (got {'a': 1})"),
        (ValueSpec("list"), ["a", 2], "a list must hold text only (got ['a', 2])"),
    ],
)
def test_a_value_of_another_type_is_refused_saying_what_would_fit(
    spec: ValueSpec, given: Any, words: str
) -> None:
    """A value of the wrong type raises BadValue naming what was expected and what was given."""
    with pytest.raises(BadValue) as info:
        spec.check(given)
    assert str(info.value) == words


@pytest.mark.parametrize(
    ("spec", "given", "words"),
    [
        (
            ValueSpec("int", minimum=1, maximum=60),
            0,
            "expected a whole number from 1 to 60 (got 0)",
        ),
        (ValueSpec("int", minimum=1, maximum=60), 61, "from 1 to 60 (got 61)"),
        (ValueSpec("int", minimum=1), -5, "expected a whole number of at least 1 (got -5)"),
        (ValueSpec("int", maximum=9), 10, "expected a whole number of at most 9 (got 10)"),
        (
            ValueSpec("date", minimum=DAY),
            "2026-11-17",
            "expected a date (YYYY-MM-DD) of at least 2026-11-18 (got 2026-11-17)",
        ),
        (
            ValueSpec("date", maximum=DAY),
            date(2027, 1, 1),
            "of at most 2026-11-18 (got 2027-01-01)",
        ),
    ],
)
def test_a_value_out_of_bounds_is_refused_naming_the_bounds(
    spec: ValueSpec, given: Any, words: str
) -> None:
    """A number or date outside min/max is refused, the message naming the bounds and the value."""
    with pytest.raises(BadValue) as info:
        spec.check(given)
    assert words in str(info.value)


def test_a_misspelt_choice_gets_a_did_you_mean() -> None:
    """A text outside an enum's choices lists them and suggests the closest one."""
    with pytest.raises(BadValue) as info:
        ValueSpec("enum", ("public", "private", "nonprofit")).check("pubilc")
    assert str(info.value) == (
        "'pubilc' is not one of: public, private, nonprofit; did you mean 'public'?"
    )


def test_a_choice_far_from_every_other_gets_no_suggestion() -> None:
    """With nothing close, the message lists the choices and suggests nothing."""
    with pytest.raises(BadValue) as info:
        ValueSpec("enum", ("public", "private")).check("zzz")
    assert str(info.value) == "'zzz' is not one of: public, private"


def test_each_item_of_a_list_with_choices_must_be_one_of_them() -> None:
    """A list with choices checks every item, with a did-you-mean for the one that is off."""
    spec = ValueSpec("list", ("reviewed", "rejected"))
    with pytest.raises(BadValue) as info:
        spec.check(["reviewed", "rejectd"])
    assert "did you mean 'rejected'?" in str(info.value)


def test_texts_and_lists_are_bounded() -> None:
    """A text over MAX_TEXT characters, or a list over MAX_ITEMS items, is refused."""
    ValueSpec("str").check("x" * MAX_TEXT)
    ValueSpec("list").check(["x"] * MAX_ITEMS)
    with pytest.raises(BadValue, match=f"the limit is {MAX_TEXT:,}"):
        ValueSpec("str").check("x" * (MAX_TEXT + 1))
    with pytest.raises(BadValue, match=f"at most {MAX_ITEMS} are allowed"):
        ValueSpec("list").check(["x"] * (MAX_ITEMS + 1))
    with pytest.raises(BadValue, match="the limit is"):
        ValueSpec("list").check(["x" * (MAX_TEXT + 1)])


@pytest.mark.parametrize(
    ("spec", "item_type"),
    [
        (ValueSpec("list"), "str"),
        (ValueSpec("list", ("a", "b")), "enum"),
        (ValueSpec("str"), None),
        (ValueSpec("enum", ("a",)), None),
    ],
)
def test_a_list_knows_the_type_of_its_items(spec: ValueSpec, item_type: str | None) -> None:
    """A list's items are enum with choices, text without; other types have no items."""
    assert spec.item_type == item_type


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        (ValueSpec("bool"), "true or false"),
        (ValueSpec("int", minimum=1, maximum=60), "a whole number from 1 to 60"),
        (ValueSpec("enum", ("a", "b")), "one of: a, b"),
        (ValueSpec("list"), "a list"),
        (ValueSpec("list", ("a", "b")), "a list of: a, b"),
        (ValueSpec("date", maximum=DAY), "a date (YYYY-MM-DD) of at most 2026-11-18"),
    ],
)
def test_words_say_what_a_value_must_be(spec: ValueSpec, words: str) -> None:
    """words() is the description of the values for people: type, choices, bounds."""
    assert spec.words() == words
