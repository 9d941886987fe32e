"""Reading applications from YAML or JSON text and files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from outreach_rules import ApplicationError, load_application, parse_application
from outreach_rules.model.application import validate_application


def test_yaml_text_keeps_on_as_a_key_and_yes_as_text() -> None:
    """YAML 1.2 booleans: 'on:' is a key (history dates), 'yes' is text, not True."""
    app = parse_application(
        "candidate: {name: M, availability: yes}\n"
        "company: {name: A}\n"
        "submitted_on: 2026-11-18\n"
        "history:\n  - {on: 2026-11-20, channel: call}\n"
    )
    assert app.history[0].on == date(2026, 11, 20)
    assert app.candidate.availability == "yes"


def test_json_is_read_as_json_when_the_name_says_so() -> None:
    """A .json name reads strict JSON, and a JSON mistake is named by line and column."""
    text = '{"candidate": {"name": "M"}, "company": {"name": "A"}, "submitted_on": "2026-11-18"}'
    assert parse_application(text, filename="a.json").submitted_on == date(2026, 11, 18)
    with pytest.raises(ApplicationError) as caught:
        parse_application('{"candidate": ', filename="a.json")
    assert caught.value.source == "a.json"
    assert caught.value.problems[0].message.startswith("invalid JSON at line 1, column 15")
    with pytest.raises(ApplicationError, match="invalid JSON"):
        parse_application("candidate: {name: M}\ncompany: {name: A}\n", filename="a.json")


def test_a_yaml_mistake_is_named_by_its_line() -> None:
    """Invalid YAML is an ApplicationError whose one problem starts with its line."""
    with pytest.raises(ApplicationError) as caught:
        parse_application("candidate: {name: M}\ncompany: [\n", filename="a.yaml")
    (problem,) = caught.value.problems
    assert problem.path == ""
    assert problem.message.startswith("line 3: invalid YAML")


@pytest.mark.parametrize(("text", "name"), [("- 1\n", "a.yaml"), ("[1]", "a.json"), ("", "a.yaml")])
def test_a_document_that_is_not_a_mapping_is_refused(text: str, name: str) -> None:
    """A list, a number or an empty document is not an application."""
    with pytest.raises(ApplicationError, match="an application must be a mapping"):
        parse_application(text, filename=name)


def test_load_application_reads_a_file_and_names_it_in_errors(tmp_path: Path) -> None:
    """load_application reads YAML or JSON by the file's name; what goes wrong names the file."""
    good = tmp_path / "a.yaml"
    good.write_text("candidate: {name: M}\ncompany: {name: A}\nas_of: 2026-11-26\n")
    assert load_application(good).as_of == date(2026, 11, 26)
    assert load_application(str(good)) == load_application(good)
    bad = tmp_path / "b.json"
    bad.write_text('{"candidate": {"name": "M"}}', encoding="utf-8")
    with pytest.raises(ApplicationError) as caught:
        load_application(bad)
    assert (caught.value.source, caught.value.paths) == (str(bad), ("company",))
    with pytest.raises(ApplicationError, match="cannot read the file"):
        load_application(tmp_path / "missing.yaml")
    with pytest.raises(ApplicationError, match="cannot read the file"):
        load_application(tmp_path)


HUGE = "9" * 5_000  # more digits than Python reads (sys.get_int_max_str_digits(), 4,300)


@pytest.mark.parametrize(
    ("text", "filename", "field"),
    [
        (
            '{"candidate": {"name": "M"}, "company": {"name": "A"}, "custom": {"x": HUGE}}',
            "a.json",
            "custom.x",
        ),
        (
            '{"candidate": {"name": "M"}, "company": {"name": "A"}, "as_of": [1, -HUGE]}',
            "a.json",
            "as_of.1",
        ),
        ("candidate: {name: M}\ncompany: {name: A}\ncustom: {x: HUGE}\n", "a.yaml", "custom.x"),
        (
            "candidate: {name: M}\ncompany: {name: A}\nhistory:\n  - on: HUGE\n",
            "a.yaml",
            "history.0.on",
        ),
    ],
)
def test_a_number_too_long_to_read_is_an_error_naming_its_field(
    text: str, filename: str, field: str
) -> None:
    """A whole number of 4,301+ digits is an ApplicationError naming the field, not a ValueError."""
    with pytest.raises(ApplicationError) as caught:
        parse_application(text.replace("HUGE", HUGE), filename=filename)
    message = str(caught.value)
    assert field in message
    assert "a number of 5,000 digits is too long to read" in message
    assert len(message) < 500


def test_a_key_repeated_in_json_is_refused_as_in_yaml() -> None:
    """JSON would keep the last of a repeated key; an application refuses it, as YAML does."""
    text = '{"candidate": {"name": "M"}, "company": {"name": "A", "name": "B"}}'
    with pytest.raises(ApplicationError, match="the key 'name' appears twice in one object"):
        parse_application(text, filename="a.json")
    with pytest.raises(ApplicationError, match="appears twice"):
        parse_application(text, filename="a.yaml")


def test_a_yaml_set_of_schools_is_refused() -> None:
    """A !!set has no order (its output would depend on the hash seed): it is refused."""
    text = "candidate: {name: M, schools: !!set {a, b, c}}\ncompany: {name: A}\n"
    with pytest.raises(ApplicationError, match=r"line 1: .*a set \(!!set\) has no order"):
        parse_application(text)


@pytest.mark.parametrize("key_length", [10_000, 500_000])
def test_an_unknown_key_is_echoed_short(key_length: int) -> None:
    """A huge unknown key does not make a huge message: echoed text is elided in the middle."""
    data = {"candidate": {"name": "M", "k" * key_length: 1}, "company": {"name": "A"}}
    with pytest.raises(ApplicationError) as caught:
        validate_application(data)
    assert "unknown key 'kkk" in str(caught.value)
    assert len(str(caught.value)) < 1_000


def test_a_mapping_is_validated_with_friendly_errors() -> None:
    """parse_application takes a mapping too, and says what is wrong as ApplicationError
    with field paths and the source, where Application.model_validate raises pydantic's own
    error (issue 16, point 21)."""
    data = {"candidate": {"name": "M"}, "company": {"name": "A"}, "submitted_on": "2026-11-18"}
    assert parse_application(data).submitted_on == date(2026, 11, 18)
    with pytest.raises(ApplicationError) as caught:
        parse_application({**data, "submited_on": "2026-11-18"}, filename="row 3")
    assert caught.value.paths == ("submited_on",)
    assert str(caught.value).startswith("row 3: ")
