"""Templates: fact values put into text, with fallbacks and literal braces, and nothing more."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from outreach_rules.language.templates import (
    Placeholder,
    TemplateSyntaxError,
    parse_template,
    render_value,
)


def test_placeholders_and_fallbacks_are_read_in_order() -> None:
    """{path} and {path|fallback} become placeholders; the text around them stays literal."""
    template = parse_template("Hi {candidate.name}, call {posting.recruiter.name|the recruiter}.")
    assert template.placeholders == (
        Placeholder("candidate.name"),
        Placeholder("posting.recruiter.name", "the recruiter"),
    )
    assert template.parts[0] == "Hi "
    assert template.parts[-1] == "."


def test_spaces_around_a_path_are_ignored_and_an_empty_fallback_is_a_fallback() -> None:
    """{ path } names the path; {path|} falls back to nothing, which still counts as a fallback."""
    template = parse_template("{ candidate.name }{candidate.email|}")
    assert template.placeholders == (
        Placeholder("candidate.name"),
        Placeholder("candidate.email", ""),
    )
    assert template.render({"candidate.name": "Ann", "candidate.email": None}) == "Ann"


def test_double_braces_are_literal_braces() -> None:
    """{{ and }} print one brace each, and are never read as placeholders."""
    template = parse_template("{{not a fact}} and {{{candidate.name}}}")
    assert template.placeholders == (Placeholder("candidate.name"),)
    assert template.render({"candidate.name": "Ann"}) == "{not a fact} and {Ann}"


@pytest.mark.parametrize(
    ("text", "offset", "words"),
    [
        ("Hi {candidate.name", 3, "unmatched '{'"),
        ("a } b", 2, "unmatched '}'"),
        ("x {1 + 1}", 2, "{1 + 1} is not a placeholder"),
        ("{}", 0, "{} is not a placeholder"),
        ("ok {candidate.__class__.x y}", 3, "is not a placeholder"),
        ("{|fallback}", 0, "is not a placeholder"),
    ],
)
def test_bad_syntax_says_what_and_where(text: str, offset: int, words: str) -> None:
    """A lone brace or a placeholder that is not a path is refused at its 0-based offset."""
    with pytest.raises(TemplateSyntaxError) as caught:
        parse_template(text)
    assert caught.value.offset == offset
    assert words in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "yes"),
        (False, "no"),
        (date(2026, 11, 26), "2026-11-26"),
        (7, "7"),
        ("text", "text"),
        ((), ""),
        (("a",), "a"),
        (("a", "b"), "a and b"),
        (("a", "b", "c"), "a, b and c"),
        ([date(2026, 1, 2), True], "2026-01-02 and yes"),
    ],
)
def test_values_are_rendered_for_people(value: Any, text: str) -> None:
    """Booleans as yes/no, dates as YYYY-MM-DD, lists as 'a, b and c'."""
    assert render_value(value) == text


def test_an_absent_fact_gives_its_fallback_or_nothing_and_no_trailing_space() -> None:
    """An absent fact shows its fallback, or nothing; text ending in an empty value is trimmed."""
    template = parse_template(
        "Call {posting.recruiter.name|the recruiter} {posting.recruiter.phone}"
    )
    facts: dict[str, Any] = {"posting.recruiter.name": None, "posting.recruiter.phone": None}
    assert template.render(facts) == "Call the recruiter"
    facts = {"posting.recruiter.name": "Dana", "posting.recruiter.phone": "+1 555"}
    assert template.render(facts) == "Call Dana +1 555"


def test_text_without_placeholders_renders_as_itself() -> None:
    """A template with no placeholder is its text, trailing space trimmed, whatever the facts."""
    assert parse_template("Wait a week.  ").render({}) == "Wait a week."
    assert parse_template("").render({}) == ""
    assert parse_template("").parts == ()


def test_rendering_reads_only_the_facts_named() -> None:
    """render looks up each placeholder's path in the facts, and nothing else."""
    template = parse_template("{a.b} and {c}")
    with pytest.raises(KeyError):
        template.render({"a.b": 1})
    assert template.render({"a.b": 1, "c": ["x", "y"]}) == "1 and x and y"


def test_templates_are_equal_by_their_text_and_parts() -> None:
    """Two parses of one text are equal templates; another text is another template."""
    assert parse_template("Hi {x}") == parse_template("Hi {x}")
    assert parse_template("Hi {x}") != parse_template("Hi {y}")
