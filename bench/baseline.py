"""The baselines the engine is measured against: the rules written as plain Python.

:func:`default_rules` is the 27 rules of ``rulesets/default.yaml`` written by
hand as ``if`` statements. :func:`generated_matcher` writes the same kind of
function for any pack whose conditions are comparisons, ``all``, ``any`` and
``not`` (the synthetic packs), and compiles it with ``compile()``: what a
person would write by hand for a pack too large to write by hand.

Both return the ids of the rules that hold, in the pack's ranked order
(priority, highest first; ties in pack order), from any mapping of fact
paths: a ``Facts`` or a plain dict. Absent facts (``None``) follow the pack
language: they never satisfy ``==``, an ordering or ``in``; they satisfy
``!=`` and ``not in``. The bench checks both against ``Pack.match`` before
timing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from outreach_rules import Pack
from outreach_rules.language.conditions import AllOf, AnyOf, Compare, Condition, FactRef, Not

Matcher = Callable[[Mapping[str, Any]], list[str]]


def default_rules(f: Mapping[str, Any]) -> list[str]:
    """The default pack's rules that hold on facts *f*, in ranked order, written by hand."""
    has_posting = f["has_posting"] is True
    submitted = f["submitted"] is True
    not_submitted = f["submitted"] is False
    replied = f["replied"]
    followed_up_recently = f["followed_up_recently"]
    interview_scheduled = f["interview_scheduled"] is True
    days = f["days_since_submission"]
    size = f["company.size"]
    research_company = f["research.company"]
    # The three follow-up rules share their first four conditions.
    chasing = has_posting and submitted and replied is False and followed_up_recently is False
    no_posting_no_interview = f["has_posting"] is False and f["interview_scheduled"] is False
    out = []
    if f["posting.no_calls"] is True:
        out.append("posting-says-no-calls")  # 100
    if not_submitted and f["materials.cover_letter.names_specific_date"] is True:
        out.append("remove-specific-date")  # 96
    if has_posting and not_submitted and f["materials.cover_letter.asks_for_interview"] is False:
        out.append("ask-for-interview")  # 95
    if has_posting and not_submitted and f["materials.cover_letter"] is None:
        out.append("write-cover-letter")  # 94
    if has_posting and not_submitted and f["materials.cover_letter.tailored"] is False:
        out.append("tailor-cover-letter")  # 94
    if not_submitted and f["materials.cover_letter.lists_contact_info"] is False:
        out.append("letter-contact-details")  # 93
    if has_posting and not_submitted and f["materials.resume_lists_contact_info"] is False:
        out.append("resume-contact-details")  # 93
    if has_posting and not_submitted and f["missing_contact_details"] is not None:
        out.append("missing-contact-details")  # 93
    if not_submitted and f["materials.cover_letter.thanks_reader"] is False:
        out.append("thank-reader")  # 92
    if has_posting and f["materials.complete"] is False:
        out.append("complete-materials")  # 90
    if has_posting and f["materials.complete"] is True and not_submitted:
        out.append("submit-application")  # 90
    if (
        interview_scheduled
        and f["interview.kind"] == "informational"
        and f["interview.questions_prepared"] is False
    ):
        out.append("prepare-questions")  # 85
    if interview_scheduled and f["research.interviewers"] is False:
        out.append("research-interviewers")  # 84
    in_window = days is not None and 7 <= days <= 10
    if chasing and f["recruiter_has_phone"] is True and in_window:
        out.append("call-recruiter")  # 80
    week_passed = days is not None and days >= 7
    if (
        chasing
        and week_passed
        and size != "large"  # an unknown size is not large
        and (size == "small" or f["company.family_run"] is True)
    ):
        out.append("visit-in-person")  # 76
    if chasing and f["has_recruiter"] is False and in_window:
        out.append("call-main-office")  # 74
    if chasing and week_passed:
        out.append("email-follow-up")  # 70
    if no_posting_no_interview and f["has_contacts"] is True:
        out.append("informational-via-contact")  # 65
    if no_posting_no_interview and f["has_contacts"] is False:
        out.append("informational-via-hr")  # 64
        out.append("find-contacts")  # 62, the same condition
    if research_company is False:
        out.append("research-company")  # 55
        if size == "large":
            out.append("research-annual-report")  # 55
        out.append("research-industry")  # 55, the same condition as research-company
    if f["research.values_fit"] is False:
        out.append("connect-values")  # 50
    if (
        submitted
        and replied is False
        and f["followed_up"] is False
        and days is not None
        and days < 7
    ):
        out.append("wait-a-week")  # 30
    if replied is True:
        out.append("heard-back")  # 25
    if followed_up_recently is True and replied is False:
        out.append("already-followed-up")  # 20
    return out


# --- generated from a pack -----------------------------------------------------


class _Writer:
    """Writes conditions as Python expressions over locals, one local per fact read.

    Every literal goes through ``repr`` of a checked type; dates and the sets of
    ``in`` become module constants (building them per test would cost more
    than the test).
    """

    def __init__(self) -> None:
        self.locals: dict[str, str] = {}
        self.constants: dict[str, Any] = {}

    def name(self, path: str) -> str:
        if path not in self.locals:
            self.locals[path] = f"v{len(self.locals)}"
        return self.locals[path]

    def literal(self, value: Any) -> str:
        if isinstance(value, date):
            name = f"D{value:%Y%m%d}"
            self.constants[name] = value
            return name
        if isinstance(value, bool | int | str):
            return repr(value)
        raise TypeError(f"no literal for {value!r}")

    def condition(self, node: Condition) -> str:
        if isinstance(node, AllOf):
            return " and ".join(f"({self.condition(i)})" for i in node.items) or "True"
        if isinstance(node, AnyOf):
            return " or ".join(f"({self.condition(i)})" for i in node.items)
        if isinstance(node, Not):
            return f"not ({self.condition(node.item)})"
        return self.compare(node)

    def compare(self, node: Compare) -> str:
        v, op, value = self.name(node.path), node.op, node.value
        if isinstance(value, FactRef):
            raise TypeError("comparisons between facts are not generated")
        if op == "present":
            return f"{v} is not None" if value else f"{v} is None"
        if op in ("in", "not in"):
            # A module constant, built once, as a person would hoist it.
            members = frozenset(value)
            name = f"S{len(self.constants)}"
            self.constants[name] = members
            return f"{v} {op} {name}"
        if op == "contains":
            return f"{v} is not None and {self.literal(value)} in {v}"
        if isinstance(value, bool):
            # `is` keeps True from equalling 1; absent (None) is neither.
            return f"{v} is {value!r}" if op == "==" else f"{v} is not {value!r}"
        if op in ("==", "!="):
            return f"{v} {op} {self.literal(value)}"
        return f"{v} is not None and {v} {op} {self.literal(value)}"


def generated_source(pack: Pack) -> tuple[str, dict[str, Any]]:
    """Python source of one function ``match(f)`` of ``if`` statements for *pack*.

    Returns the source and the constants (dates, sets) it refers to by name.
    """
    writer = _Writer()
    body = []
    for rule in pack.ranked:
        body.append(f"    if {writer.condition(rule.when)}:")
        body.append(f"        out.append({rule.id!r})")
    reads = [f"    {name} = f[{path!r}]" for path, name in writer.locals.items()]
    lines = ["def match(f):", *reads, "    out = []", *body, "    return out"]
    return "\n".join(lines) + "\n", writer.constants


def generated_matcher(pack: Pack) -> Matcher:
    """Compile :func:`generated_source` for *pack* and return its ``match`` function."""
    source, constants = generated_source(pack)
    namespace: dict[str, Any] = dict(constants)
    exec(compile(source, f"<baseline of {pack.name}>", "exec"), namespace)
    matcher: Matcher = namespace["match"]
    return matcher
