"""Pack texts and pack helpers that more than one test file uses.

* :data:`GOOD_RULE`, :func:`one_rule`, :func:`pack_error`: a one-rule pack, and the
  :class:`PackError` a text gives (the loader's tests).
* :data:`CHILD`, :func:`load_error`: a pack extending the default one with an example and
  an invariant (the embedded tests').
* :data:`CONFLICTS`: rules that compete for the same actions (conflict resolution).
* :data:`PLANTED`: the default pack with a planted mistake that breaks an invariant.
* :data:`NO_RECRUITER_CALLS`: the default pack without its call-the-recruiter rule.
* :data:`READY_PACK`: one rule on a derived list fact (counterfactuals, wrong-pack traces).
* :func:`many_rules`: a pack of many copies of one rule (limits).
* :func:`durable_test_packs`: the packs both engines must decide alike.
* :func:`custom_facts_pack`, :func:`public_sector_pack`: packs with settings and custom
  facts of their own (tests/data/custom_facts.yaml, docs/examples/public-sector.yaml).
"""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path

import pytest

from outreach_rules import Pack, PackError, default_pack, load_pack, load_pack_text

from .paths import CUSTOM_FACTS, DATA, PUBLIC_SECTOR

__all__ = [
    "CHILD",
    "CONFLICTS",
    "GOOD_RULE",
    "NO_RECRUITER_CALLS",
    "PLANTED",
    "READY_PACK",
    "custom_facts_pack",
    "durable_test_packs",
    "load_error",
    "many_rules",
    "one_rule",
    "pack_error",
    "public_sector_pack",
    "write",
]

GOOD_RULE = """\
name: mine
rules:
  - id: r1
    when: {heard_back: false}
    then: {action: wait}
    because: Wait.
    source: {house_default: a test}
"""
"""A valid pack of one rule, for tests that change one line of it."""


def pack_error(text: str, **kwargs: object) -> PackError:
    """The PackError that loading the (dedented) *text* as ``mine.yaml`` raises."""
    with pytest.raises(PackError) as info:
        load_pack_text(textwrap.dedent(text), filename="mine.yaml", **kwargs)  # type: ignore[arg-type]
    return info.value


def one_rule(body: str) -> str:
    """A pack with one rule whose body (indented YAML under '- ') is given."""
    return "name: mine\nrules:\n  - " + textwrap.indent(textwrap.dedent(body), "    ").lstrip()


def write(path: Path, text: str) -> Path:
    """Write the (dedented) *text* to *path*, and return the path."""
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


CHILD = """\
name: child
extends: default
examples:
  - name: day 8 with a recruiter
    today: 2026-11-26
    application:
      candidate: {name: Martha Owens}
      company: {name: Acme Corp}
      posting: {title: clerk, recruiter: {phone: "+1 555 0123"}}
      materials: {complete: true}
      submitted_on: 2026-11-18
    primary: call_recruiter
    includes: [email_follow_up]
    excludes: [wait]
invariants:
  - id: never-visit
    never: visit_in_person
    when: {company.size: large}
"""
"""A pack extending the default one, with one example (line 4) and one invariant."""


def load_error(text: str) -> PackError:
    """The PackError that loading *text* as ``p.yaml`` raises."""
    with pytest.raises(PackError) as caught:
        load_pack_text(text, filename="p.yaml")
    return caught.value


CONFLICTS = """\
name: conflicts
version: "2"
rules:
  - id: low-email
    then: {action: email_follow_up, channel: email}
    priority: 10
    because: Low email.
    source: {house_default: t}
  - id: high-research
    when: {research.company: false}
    then: {action: research_company, script: "Read {company.name}'s site."}
    priority: 90
    because: High research.
    source: {house_default: t}
  - id: tie-first
    then: {action: connect_values}
    priority: 50
    because: Tie one.
    source: {house_default: t}
  - id: tie-second
    then: {action: find_contacts}
    priority: 50
    because: Tie two.
    source: {house_default: t}
  - id: research-again
    when: {company.size: large}
    then: {action: research_company, due_by: {fact: today, days: 3}, script: Ignored.}
    priority: 40
    because: "Large: {company.name}."
    source: {house_default: t2}
  - id: calls-out
    when: {posting.no_calls: true}
    priority: 1
    source: The posting says no calls.
    blocks:
      - {action: call_recruiter, reason: "No calls for {posting.title}."}
      - {action: email_follow_up, reason: Not even email.}
  - id: wants-call
    then: {action: call_recruiter}
    priority: 99
    because: Call.
    source: {house_default: t}
  - id: also-blocks-email
    when: {heard_back: true}
    priority: 5
    source: {house_default: replied}
    blocks:
      - {action: email_follow_up, reason: They replied.}
"""
"""Rules competing for the same actions: priorities, ties, merged reasons, blocks."""

# A planted mistake: the no-calls block now only applies to large companies.
PLANTED = """\
name: planted
extends: default
rules:
  - id: posting-says-no-calls
    when:
      posting.no_calls: true
      company.size: large
    source: >-
      Do not make a follow-up call is if the job posting explicitly states
      that applicants should not call.
    blocks:
      - action: call_recruiter
        reason: The posting says applicants should not call.
      - action: call_main_office
        reason: The posting says applicants should not call.
"""
"""The default pack with the no-calls block narrowed: its no-calls invariant breaks."""

NO_RECRUITER_CALLS = "name: no-recruiter-calls\nextends: default\ndisable: [call-recruiter]\n"
"""The default pack without its call-the-recruiter rule: email comes first on day 8."""


def many_rules(count: int, when: str = "{heard_back: false}") -> str:
    """A pack ``big`` of *count* rules ``r0``, ``r1``, ... each recommending wait *when*."""
    return "name: big\nrules:\n" + "".join(
        f"  - id: r{n}\n    when: {when}\n    then: {{action: wait}}\n"
        f"    because: x\n    source: {{house_default: test}}\n"
        for n in range(count)
    )


READY_PACK = """
name: ready
rules:
  - id: ready-to-send
    when:
      submitted: false
      missing_contact_details: {present: false}
    then: {action: complete_application}
    because: Your contact details are all there.
    source: {house_default: a test pack}
"""
"""A pack whose one rule needs every contact detail: a derived list fact to fill in."""


@cache
def durable_test_packs() -> dict[str, Pack]:
    """The packs the differential tests run on both engines, by name (loaded once)."""
    return {
        "default": default_pack(),
        "forms-standalone": load_pack(DATA / "forms_standalone.yaml"),
        "forms-extends": load_pack(DATA / "forms_extends.yaml"),
    }


@cache
def custom_facts_pack() -> Pack:
    """tests/data/custom_facts.yaml: settings, custom facts of every type, derived facts."""
    return load_pack(CUSTOM_FACTS)


@cache
def public_sector_pack() -> Pack:
    """docs/examples/public-sector.yaml: the default pack, ten days' wait, a sector fact."""
    return load_pack(PUBLIC_SECTOR)
