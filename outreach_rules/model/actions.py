"""The action catalogue: every action id a decision can recommend (see docs/reference/actions.md).

A pack may add actions of its own (``actions:`` in the pack file); the ids
below are built in and keep their meaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..errors import Mark, Site, did_you_mean

__all__ = ["ACTIONS", "ActionSpec", "check_action"]


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One action a rule may recommend or block.

    Attributes:
        id: the stable identifier programs match on.
        title: a short imperative for people ("Call the recruiter").
        description: when the guidance calls for it.
    """

    id: str
    title: str
    description: str


_BUILT_IN = (
    ActionSpec(
        "request_informational_interview",
        "Ask for an informational interview",
        "No specific posting yet: ask a person you know at the firm, or HR for a phone interview.",
    ),
    ActionSpec(
        "find_contacts",
        "Find contacts at the firm",
        "Nobody known at the firm: search professional networks and alumni networks.",
    ),
    ActionSpec(
        "prepare_questions",
        "Prepare your questions",
        "An informational interview is coming and questions are not ready; research the "
        "person's role.",
    ),
    ActionSpec(
        "research_company",
        "Research the company",
        "Company not researched: website, mission, structure; annual report for a large "
        "company; industry journals and associations.",
    ),
    ActionSpec(
        "research_interviewers",
        "Research your interviewers",
        "An interview is scheduled and the interviewers are not researched.",
    ),
    ActionSpec(
        "connect_values",
        "Connect the firm's values to your goals",
        "Values fit not yet worked out: how the firm fits the candidate's career path, and the "
        "benefit both ways.",
    ),
    ActionSpec(
        "tailor_cover_letter",
        "Tailor your cover letter",
        "The cover letter is not tailored to this job and firm (or not written yet).",
    ),
    ActionSpec(
        "ask_for_interview_in_cover_letter",
        "Ask for an interview in your cover letter",
        "The letter's last paragraph does not ask for an interview.",
    ),
    ActionSpec(
        "thank_reader_in_cover_letter",
        "Thank the reader in your cover letter",
        "The letter does not thank the hiring manager for reviewing the materials.",
    ),
    ActionSpec(
        "remove_specific_date",
        "Remove the specific date from your letter",
        "The letter names a particular date.",
    ),
    ActionSpec(
        "add_contact_details",
        "List your contact details",
        "Phone, Skype, times available or email missing from letter or resume.",
    ),
    ActionSpec(
        "complete_application",
        "Complete and submit your application",
        "Materials incomplete or not submitted: submit everything before asking for an interview.",
    ),
    ActionSpec(
        "wait",
        "Wait before following up",
        "Submitted less than a week ago, no reply: wait (due_by is the day waiting ends).",
    ),
    ActionSpec(
        "call_recruiter",
        "Call the recruiter",
        "7 to 10 days, no reply, a listed recruiter with a phone, calls allowed.",
    ),
    ActionSpec(
        "call_main_office",
        "Call the main office and ask for HR",
        "7 to 10 days, no reply, no listed recruiter, calls allowed.",
    ),
    ActionSpec(
        "email_follow_up",
        "Follow up by email",
        "No reply after a week and calling is not allowed or not possible; or as the "
        "alternative to a call.",
    ),
    ActionSpec(
        "visit_in_person",
        "Visit in person",
        "No reply after a week, and the firm is a small or family-run business.",
    ),
    ActionSpec(
        "await_response",
        "Await their response",
        "Nothing to do now: the candidate already followed up or heard back.",
    ),
)

ACTIONS: Mapping[str, ActionSpec] = MappingProxyType({a.id: a for a in _BUILT_IN})
"""The built-in action catalogue, by id (read-only)."""


def check_action(
    action: str,
    catalogue: Mapping[str, ActionSpec],
    site: Site,
    mark: Mark | None,
    what: str | None = None,
) -> None:
    """Raise a did-you-mean ``unknown-action`` PackError unless *action* is in *catalogue*.

    *what* names the part of the pack that refers to it (``"example"``), if any.
    """
    if action in catalogue:
        return
    guess = did_you_mean(action, catalogue)
    raise site.error(
        f"{what + ': ' if what else ''}unknown action {action!r}",
        mark,
        code="unknown-action",
        hint=f"did you mean {guess!r}?"
        if guess
        else "declare it under 'actions:' or see docs/reference/actions.md",
    )
