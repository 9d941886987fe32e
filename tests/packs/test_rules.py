"""Compiling one rule: its actions, templates, sources, dates and settings checked and frozen."""

from __future__ import annotations

import pytest
from support.packs import GOOD_RULE, one_rule, pack_error

from outreach_rules import load_pack_text


def test_unknown_action_did_you_mean() -> None:
    """A misspelt action id in 'then' is an error with a suggestion, at the action's line."""
    err = pack_error(
        one_rule("""\
        id: r
        then:
          action: call_recruter
        because: x
        source: {house_default: t}
        """)
    )
    assert err.code == "unknown-action"
    assert err.line == 5
    assert err.hint == "did you mean 'call_recruiter'?"


def test_unknown_blocked_action() -> None:
    """'blocks' naming an unknown action is an error."""
    err = pack_error(
        one_rule("""\
        id: r
        blocks:
          - {action: emial_follow_up, reason: no}
        source: {house_default: t}
        """)
    )
    assert err.code == "unknown-action"
    assert err.hint == "did you mean 'email_follow_up'?"


def test_empty_source_refused() -> None:
    """A blank source, or a house default without a reason, is refused."""
    assert pack_error(GOOD_RULE.replace("{house_default: a test}", "' '")).code == "bad-source"
    assert pack_error(GOOD_RULE.replace("{house_default: a test}", "{house_default: ''}")).code == (
        "bad-source"
    )


def test_rule_needs_then_or_blocks() -> None:
    """A rule that neither recommends nor blocks is refused."""
    err = pack_error(one_rule("id: r\nsource: {house_default: t}\n"))
    assert err.code == "empty-rule"


def test_then_needs_because() -> None:
    """A recommendation without an explanation is refused."""
    err = pack_error(one_rule("id: r\nthen: {action: wait}\nsource: {house_default: t}\n"))
    assert err.code == "missing-key"
    assert "'because'" in err.problem


def test_because_without_then_refused() -> None:
    """'because' on a block-only rule would never be shown: refused."""
    err = pack_error(
        one_rule("""\
        id: r
        because: x
        blocks: [{action: wait, reason: no}]
        source: {house_default: t}
        """)
    )
    assert err.code == "unused-because"


@pytest.mark.parametrize(
    ("because", "code"),
    [
        ("Hi {candidate.nmae}", "unknown-fact"),
        ("Hi {candidate.name", "bad-template"),
        ("Hi {1 + 1}", "bad-template"),
        ("Hi {candidate.__class__}", "unknown-fact"),
        ("At {posting}", "bad-template"),
        ("Call {posting.recruiter.name}", "unfilled-placeholder"),
    ],
)
def test_template_errors(because: str, code: str) -> None:
    """Templates may only name known facts that are sure to be there (or have a fallback)."""
    err = pack_error(
        one_rule(f"""\
        id: r
        then: {{action: wait}}
        because: "{because}"
        source: {{house_default: t}}
        """)
    )
    assert err.code == code


def test_placeholder_allowed_when_condition_proves_presence() -> None:
    """A placeholder for an optional fact loads when 'when' requires the fact."""
    pack = load_pack_text(
        one_rule("""\
        id: r
        when:
          all:
            - recruiter_has_phone: true
            - any:
                - submitted: true
                - days_since_submission: {">": 1}
        then: {action: wait, contact: "{posting.recruiter.phone}"}
        because: "Call {posting.recruiter.phone} about {posting.title}; {submitted_on}"
        source: {house_default: t}
        """)
    )
    assert pack.rule("r").then is not None


def test_fallback_makes_optional_placeholder_loadable() -> None:
    """'{fact|text}' loads even when the fact may be absent."""
    pack = load_pack_text(
        one_rule("""\
        id: r
        then: {action: wait}
        because: "Call {posting.recruiter.name|the recruiter}"
        source: {house_default: t}
        """)
    )
    assert pack.rules[0].id == "r"


@pytest.mark.parametrize(
    ("dates", "code", "words"),
    [
        ("due_by: days_since_submission", "bad-date", "'days_since_submission' is not a date"),
        ("due_by: {fact: follow_up_due_on, days: x}", "bad-date", "'days' must be a whole number"),
        ("due_by: {fact: follow_up_due_on, weeks: 1}", "bad-date", "must be a date fact"),
        ("due_by: [follow_up_due_on]", "bad-date", "must be a date fact"),
        ("not_before: follow_up_due_no", "unknown-fact", "unknown fact 'follow_up_due_no'"),
        ("due_by: {fact: follow_up_due_on, days: 999999999}", "bad-date", "at most 36,525 days"),
        ("due_by: {fact: follow_up_due_on, days: 1000000000}", "bad-date", "at most 36,525"),
        ("not_before: {fact: follow_up_due_on, days: -36526}", "bad-date", "at most 36,525"),
    ],
)
def test_then_dates_must_name_date_facts(dates: str, code: str, words: str) -> None:
    """not_before and due_by name a date fact, shifted by whole days or not, and nothing else."""
    err = pack_error(
        one_rule(f"""\
        id: r
        then: {{action: wait, {dates}}}
        because: x
        source: {{house_default: t}}
        """)
    )
    assert (err.code, err.rule_id, err.line) == (code, "r", 4)
    assert words in err.problem


def test_a_compiled_rule_keeps_what_it_reads_its_source_and_place() -> None:
    """reads lists the facts of the condition, templates and dates, once each, in order."""
    pack = load_pack_text(
        one_rule("""\
        id: r
        when: {submitted: true, heard_back: false}
        then:
          action: wait
          due_by: {fact: follow_up_due_on, days: 1}
          contact: "{posting.recruiter.name|them}"
        because: "Applied {submitted_ago}; {heard_back}."
        source: "  Wait   a
          week.  "
        """),
        filename="p.yaml",
    )
    rule = pack.rule("r")
    assert rule.reads == (
        "submitted",
        "heard_back",
        "submitted_ago",
        "posting.recruiter.name",
        "follow_up_due_on",
    )
    assert (rule.source, rule.house_default) == ("Wait a week.", False)
    assert (rule.file, rule.line, rule.priority) == ("p.yaml", 3, 50)
    assert rule.then is not None
    assert rule.then.due_by is not None
    assert (rule.then.due_by.path, rule.then.due_by.days) == ("follow_up_due_on", 1)


def test_a_house_default_is_marked_as_one() -> None:
    """{house_default: why} is a source that says so, and the rule is flagged as a house default."""
    rule = load_pack_text(GOOD_RULE).rule("r1")
    assert (rule.source, rule.house_default) == ("house default: a test", True)


def test_a_group_of_facts_cannot_be_a_placeholder_and_an_unknown_one_is_named() -> None:
    """A placeholder naming a group of facts is bad-template, with the fields to name instead."""
    err = pack_error(
        one_rule("""\
        id: r
        then: {action: wait}
        because: "{candidate}"
        source: {house_default: t}
        """)
    )
    assert (err.code, err.hint) == ("bad-template", "name one of its fields")
    assert err.problem == "because: {candidate} is a group of facts and cannot be shown as text"


def test_templates_of_blocks_are_checked_like_the_others() -> None:
    """A block's reason is a template: a placeholder that may be absent needs a fallback."""
    err = pack_error(
        one_rule("""\
        id: r
        blocks:
          - {action: wait, reason: "Not before {follow_up_due_on}."}
        source: {house_default: t}
        """)
    )
    assert (err.code, err.line) == ("unfilled-placeholder", 5)
    assert "{follow_up_due_on|text}" in (err.hint or "")


@pytest.mark.parametrize(
    ("part", "path"),
    [
        ("when: {id: row-17}", "id"),
        ("when: {meta.user: 42}", "meta.user"),
        ("when: {meta: {present: true}}", "meta"),
        ("when: {custom: {present: true}}", "custom"),
        ("when: {custom.sector: public}", "custom.sector"),
        ("when: {heard_back: {==: {fact: id}}}", "id"),
        ('because: "For {id}."', "id"),
        ('because: "For {meta.user|you}."', "meta.user"),
    ],
)
def test_rules_cannot_read_id_meta_or_custom_facts_no_pack_declares(part: str, path: str) -> None:
    """id and meta are the caller's, never facts; custom.NAME is a fact only when a pack
    declares it: a rule that reads them is an unknown-fact error at its line."""
    body = "id: r\nthen: {action: wait}\nbecause: x\nsource: {house_default: t}\n"
    key = part.split(":", 1)[0]
    lines = [line for line in body.splitlines() if not line.startswith(f"{key}:")]
    err = pack_error(one_rule("\n".join([*lines[:1], part, *lines[1:]]) + "\n"))
    assert err.code == "unknown-fact"
    assert err.problem == f"unknown fact {path!r}"
    assert err.line == 4
    derived = pack_error(
        f"name: mine\nderived:\n  tracker_row:\n    type: str\n    value: {{fact: {path}}}\n"
    )
    assert derived.code == "unknown-fact"


@pytest.mark.parametrize("days", [36_525, -36_525])
def test_then_dates_may_shift_by_a_hundred_years(days: int) -> None:
    """The largest offset (model.dates.MAX_DAY_OFFSET) loads."""
    text = one_rule(f"""\
        id: r
        then: {{action: wait, due_by: {{fact: follow_up_due_on, days: {days}}}}}
        because: x
        source: {{house_default: t}}
        """)
    assert load_pack_text(text).rules[0].id == "r"
