"""The application model and its validation errors: every problem named by its path."""

from __future__ import annotations

from datetime import date
from typing import Any

import pydantic
import pytest
from support.builders import TODAY, minimal_app

from outreach_rules import (
    DEFAULT_LIMITS,
    ApplicationError,
    Limits,
    OutreachRulesError,
    next_action,
    parse_application,
)
from outreach_rules.model.application import date_problems, validate_application


def problems(data: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ApplicationError) as info:
        validate_application(data, **kwargs)
    return {p.path: p.message for p in info.value.problems}


def test_minimal_application_is_valid_with_contract_defaults() -> None:
    """Only candidate.name and company.name are required; defaults follow the contract."""
    app = validate_application(minimal_app())
    assert app.posting is None
    assert app.materials.complete is False
    assert app.materials.resume_lists_contact_info is True
    assert app.heard_back is False
    assert app.contacts == ()


def test_unknown_key_named_with_suggestion() -> None:
    """A misspelt key anywhere is rejected, naming its path and suggesting the right key."""
    found = problems(minimal_app(posting={"title": "pm", "recruter": {"name": "Dana"}}))
    assert found == {"posting.recruter": "unknown key 'recruter'; did you mean 'recruiter'?"}


def test_unknown_key_without_close_match_lists_allowed_keys() -> None:
    """An unrelated unknown key lists the keys allowed there."""
    found = problems(minimal_app(company={"name": "A", "zzz": 1}))
    assert "expected one of: name, size, family_run" in found["company.zzz"]


def test_enum_values_checked_with_suggestion() -> None:
    """size, relation, channel, outcome and kind take only their listed values."""
    found = problems(
        minimal_app(
            company={"name": "A", "size": "huge"},
            contacts=[{"name": "Lee", "relation": "freind"}],
            history=[{"on": "2026-11-20", "channel": "fax"}],
        )
    )
    assert set(found) == {"company.size", "contacts.0.relation", "history.0.channel"}
    assert "did you mean 'friend'?" in found["contacts.0.relation"]
    assert "(got 'huge')" in found["company.size"]


def test_required_fields() -> None:
    """Missing required fields are each named."""
    found = problems({"candidate": {}, "posting": {}})
    assert set(found) == {"candidate.name", "company", "posting.title"}
    assert found["company"] == "this field is required"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("26/11/2026", "expected a date as YYYY-MM-DD"),
        ("2026-02-30", "is not a real calendar date"),
        (20261126, "expected a date as YYYY-MM-DD"),
        ("2026-11-26T10:00:00", "expected a date as YYYY-MM-DD"),
    ],
)
def test_dates_are_iso_dates_only(value: object, fragment: str) -> None:
    """Dates must be real YYYY-MM-DD dates: no numbers, other formats or date-times."""
    found = problems(minimal_app(interview={"kind": "job", "on": value}))
    assert fragment in found["interview.on"]


def test_submission_after_as_of_refused() -> None:
    """A submission dated after as_of is an error naming submitted_on."""
    found = problems(minimal_app(as_of="2026-11-26", submitted_on="2026-11-27"))
    assert "after as_of (2026-11-26)" in found["submitted_on"]


def test_history_after_today_refused_with_entry_path() -> None:
    """A history entry after today= is an error naming the entry's path."""
    data = minimal_app(
        submitted_on="2026-11-18",
        history=[
            {"on": "2026-11-20", "channel": "call"},
            {"on": "2026-11-30", "channel": "email"},
        ],
    )
    found = problems(data, today=TODAY)
    assert list(found) == ["history.1.on"]
    assert "after today (2026-11-26)" in found["history.1.on"]


@pytest.mark.parametrize("bad", [None, 5, "text", ["a"]])
def test_non_mapping_application(bad: object) -> None:
    """Anything but a mapping or an Application is an ApplicationError, not a TypeError."""
    with pytest.raises(ApplicationError, match="must be a mapping"):
        next_action(bad, today=TODAY)  # type: ignore[arg-type]


def test_errors_are_value_errors_listing_every_problem() -> None:
    """ApplicationError lists every problem and is an OutreachRulesError and a ValueError."""
    with pytest.raises(ApplicationError) as info:
        validate_application({"candidate": {"nam": "x"}, "company": {"name": "A", "size": "xl"}})
    err = info.value
    assert isinstance(err, OutreachRulesError)
    assert isinstance(err, ValueError)
    assert str(err).startswith("invalid application (3 problems)")
    assert err.__cause__ is None
    assert err.__suppress_context__


def test_application_is_frozen() -> None:
    """A validated application cannot be changed."""
    app = validate_application(minimal_app())
    with pytest.raises(pydantic.ValidationError):
        app.heard_back = True  # type: ignore[misc]


def test_with_alias_for_interviewers() -> None:
    """'with' (a Python keyword) is accepted in documents and read back by alias."""
    app = validate_application(minimal_app(interview={"kind": "job", "with": [{"name": "Pat"}]}))
    assert app.interview is not None
    assert app.interview.with_[0].name == "Pat"
    assert app.model_dump(mode="json", by_alias=True)["interview"]["with"] == [
        {"name": "Pat", "role": None}
    ]


def test_date_problems_lists_each_date_after_the_day() -> None:
    """Every dated part after the day is a problem, by path, named with the day's label."""
    app = validate_application(
        minimal_app(
            submitted_on="2026-11-20",
            history=[
                {"on": "2026-11-19", "channel": "email"},
                {"on": "2026-11-21", "channel": "call"},
                {"on": "2026-11-22", "channel": "visit"},
            ],
        )
    )
    found = date_problems(app, date(2026, 11, 20), label="as_of")
    assert [p.path for p in found] == ["history.1.on", "history.2.on"]
    assert found[0].value == date(2026, 11, 21)
    assert "is after as_of (2026-11-20)" in found[0].message
    earlier = date_problems(app, date(2026, 11, 19))
    assert [p.path for p in earlier] == ["submitted_on", "history.1.on", "history.2.on"]
    assert "is after today (2026-11-19)" in earlier[0].message
    assert date_problems(app, date(2026, 11, 22)) == []


def test_a_validated_application_is_checked_against_today_as_it_is() -> None:
    """An Application passes through unchanged, but its dates are still checked against today."""
    app = validate_application(minimal_app(submitted_on="2026-11-27"))
    assert validate_application(app) is app
    with pytest.raises(ApplicationError) as caught:
        validate_application(app, today=TODAY, source="a.yaml")
    assert caught.value.paths == ("submitted_on",)
    assert caught.value.source == "a.yaml"


# --- id and meta: the caller's own, given back, never read by rules ----------------------


def test_an_id_is_text_of_1_to_200_characters() -> None:
    """id takes up to 200 characters of text; longer, empty or not text is refused at id."""
    assert validate_application(minimal_app(id="r" * 200)).id == "r" * 200
    assert problems(minimal_app(id="r" * 201)) == {
        "id": "String should have at most 200 characters (got "
        + repr("r" * 37 + "..." + "r" * 38)
        + ")"
    }
    assert "at least 1 character" in problems(minimal_app(id=""))["id"]
    assert "valid string" in problems(minimal_app(id=17))["id"]


def test_meta_over_its_limit_is_refused_naming_meta_and_the_limit() -> None:
    """meta is at most Limits.max_meta_bytes as JSON: over it, a problem at meta saying so;
    a smaller limit may be given for one validation."""
    limit = DEFAULT_LIMITS.max_meta_bytes
    fits = {"note": "x" * (limit - len('{"note":""}'))}
    assert validate_application(minimal_app(meta=fits)).meta == fits
    over = {"note": "x" * (limit - len('{"note":""}') + 1)}
    assert problems(minimal_app(meta=over))["meta"].startswith(
        f"meta is {limit + 1:,} bytes as JSON; the limit is {limit:,} (Limits.max_meta_bytes)"
    )
    small = Limits(max_meta_bytes=16)
    assert (
        "the limit is 16" in problems(minimal_app(meta={"a": "0123456789"}), limits=small)["meta"]
    )
    with pytest.raises(ApplicationError, match=r"meta: meta is \d+ bytes as JSON"):
        parse_application(
            "candidate: {name: A}\ncompany: {name: B}\nmeta: {a: '0123456789'}\n", limits=small
        )


@pytest.mark.parametrize(
    "meta",
    [
        {"when": date(2026, 11, 26)},
        {"score": float("nan")},
        {"score": float("inf")},
        {"ids": {1, 2}},
        {"raw": b"bytes"},
    ],
)
def test_meta_that_is_not_plain_json_is_refused(meta: dict[str, Any]) -> None:
    """meta must be JSON data: a date (quote it), NaN, infinity, a set, bytes are refused."""
    assert problems(minimal_app(meta=meta))["meta"].startswith(
        "meta must be plain JSON data: text, numbers, true, false, null, lists and mappings "
        "(quote dates)"
    )


def test_meta_is_a_mapping() -> None:
    """meta is a JSON object; a list or text is refused at meta."""
    assert "valid dictionary" in problems(minimal_app(meta=[1, 2]))["meta"]
    assert "valid dictionary" in problems(minimal_app(meta="row 17"))["meta"]


def test_an_unquoted_date_in_a_yaml_meta_is_refused_with_the_hint_to_quote_it() -> None:
    """In a YAML file an unquoted date is a date, which JSON cannot hold: quote it."""
    with pytest.raises(ApplicationError, match=r"\(quote dates\)"):
        parse_application("candidate: {name: A}\ncompany: {name: B}\nmeta: {seen: 2026-11-26}\n")
    app = parse_application(
        "candidate: {name: A}\ncompany: {name: B}\nmeta: {seen: '2026-11-26'}\n"
    )
    assert app.meta == {"seen": "2026-11-26"}
