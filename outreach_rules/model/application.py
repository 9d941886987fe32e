"""The application: the facts a decision is made from (see docs/reference/facts.md).

These pydantic v2 models are the public input vocabulary. They are frozen (a
validated application cannot change under the engine) and strict about keys:
an unknown key is an error that names it, since a typo must never be silently
ignored. Dates are ISO ``YYYY-MM-DD`` strings or :class:`datetime.date`
objects; numbers and date-times are not dates.

It imports nothing from the rest of the package but :mod:`errors`, :mod:`limits`
and its own folder's helpers (:mod:`.dates`, :mod:`._modelpath`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..errors import ApplicationError, FieldProblem
from ..limits import DEFAULT_LIMITS, Limits
from ._modelpath import problems_from_validation_error
from .dates import IsoDate, as_day

__all__ = [
    "Application",
    "Candidate",
    "Company",
    "Contact",
    "CoverLetter",
    "HistoryEntry",
    "Interview",
    "Materials",
    "Person",
    "Posting",
    "Recruiter",
    "Research",
    "as_day",  # re-exported from .dates, where it lives
    "date_problems",
    "validate_application",
]

MAX_ID_LENGTH = 200
"""The longest ``id`` an application may carry."""

MAX_CUSTOM_FACTS = 100
"""The most custom facts one application may carry."""

NOT_FACTS = frozenset({"custom", "id", "meta"})
"""Fields of the application that are not facts of the built-in vocabulary: rules never
read ``id`` and ``meta``, and read ``custom`` through the facts a pack declares."""

CustomName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)]
CustomValue = (
    StrictBool
    | StrictInt
    | Annotated[StrictStr, Field(max_length=2_000)]
    | date
    | Annotated[tuple[Annotated[StrictStr, Field(max_length=2_000)], ...], Field(max_length=100)]
    | None
)
"""A custom fact's value as given: the pack that decides says which type it must be."""

Size = Literal["small", "medium", "large"]
Relation = Literal["friend", "alumni", "colleague", "network"]
Channel = Literal["call", "email", "visit", "letter"]
Addressee = Literal["recruiter", "main_office", "hr", "hiring_manager", "contact"]
Outcome = Literal[
    "no_answer", "not_reviewed", "reviewed", "timeline_given", "interview_offered", "rejected"
]
InterviewKind = Literal["informational", "job"]


class _Facts(BaseModel):
    # defer_build: pydantic builds a model's validator on its first use rather
    # than when the class is defined. That takes this module's schema work out
    # of `import outreach_rules`, and it is also less work in all: built eagerly,
    # each nested model's schema is built once for itself and again inside its
    # parent's, while the first Application.model_validate builds the whole tree
    # once (measured: 21 ms eager at import against 10 ms at import plus 4 ms on
    # the first validation).
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Candidate(_Facts):
    """The person looking for the job."""

    name: str = Field(min_length=1, description="The candidate's full name (required).")
    email: str | None = Field(None, description="Email address to list on letter and resume.")
    phone: str | None = Field(None, description="Telephone number.")
    skype: str | None = Field(None, description="Skype address.")
    availability: str | None = Field(
        None, description='Times available, e.g. "weekdays after 3 pm".'
    )
    schools: tuple[str, ...] = Field((), description="Schools attended, for shared alma maters.")
    interests: tuple[str, ...] = Field((), description="Hobbies and interests, for shared ground.")


class Company(_Facts):
    """The firm the candidate wants to work for."""

    name: str = Field(min_length=1, description="The company's name (required).")
    size: Size | None = Field(None, description="small, medium or large.")
    family_run: bool = Field(False, description="A family-run business.")
    main_office_phone: str | None = Field(None, description="The main office's phone number.")
    website: str | None = Field(None, description="The company's website.")
    industry: str | None = Field(None, description="The industry, for trade journals.")


class Recruiter(_Facts):
    """The recruiter listed on a posting."""

    name: str | None = Field(None, description="The recruiter's name.")
    phone: str | None = Field(None, description="The recruiter's phone number.")
    email: str | None = Field(None, description="The recruiter's email address.")


class Posting(_Facts):
    """A specific job posting; absent when there is no specific job yet."""

    title: str = Field(min_length=1, description="The job title (required with a posting).")
    no_calls: bool = Field(False, description="The posting says applicants should not call.")
    recruiter: Recruiter | None = Field(None, description="The listed recruiter, if any.")
    contact_email: str | None = Field(None, description="The posting's contact email address.")


class CoverLetter(_Facts):
    """The state of the cover letter draft."""

    tailored: bool = Field(False, description="Tailored to this job and firm.")
    asks_for_interview: bool = Field(False, description="The last paragraph asks for an interview.")
    names_specific_date: bool = Field(
        False, description="Names a particular date for the interview (it should not)."
    )
    lists_contact_info: bool = Field(True, description="Lists the candidate's contact details.")
    thanks_reader: bool = Field(True, description="Thanks the reader for their time.")


class Materials(_Facts):
    """The application materials."""

    complete: bool = Field(
        False, description="The application and all necessary materials are ready."
    )
    resume_lists_contact_info: bool = Field(
        True, description="The resume lists the candidate's contact details."
    )
    cover_letter: CoverLetter | None = Field(
        None, description="The cover letter; absent when none is drafted yet."
    )


class Contact(_Facts):
    """A person the candidate knows at the firm."""

    name: str = Field(min_length=1, description="The contact's name.")
    relation: Relation | None = Field(None, description="friend, alumni, colleague or network.")
    role: str | None = Field(None, description="The contact's role at the firm.")


class Research(_Facts):
    """What the candidate has researched."""

    company: bool = Field(
        False, description="Website, mission, structure, annual report, industry."
    )
    interviewers: bool = Field(False, description="Interviewers' backgrounds and career paths.")
    values_fit: bool = Field(
        False, description="How the firm's values and projects connect to the candidate."
    )


class Person(_Facts):
    """Someone the candidate will meet."""

    name: str = Field(min_length=1, description="The person's name.")
    role: str | None = Field(None, description="The person's role.")


class Interview(_Facts):
    """An interview that is scheduled."""

    kind: InterviewKind = Field(description="informational or job (required).")
    on: IsoDate | None = Field(None, description="The interview date.")
    with_: tuple[Person, ...] = Field((), alias="with", description="Who the candidate will meet.")
    questions_prepared: bool = Field(False, description="Questions are prepared.")


class HistoryEntry(_Facts):
    """One piece of outreach the candidate already did."""

    on: IsoDate = Field(description="When (required).")
    channel: Channel = Field(description="call, email, visit or letter (required).")
    to: Addressee | None = Field(
        None, description="recruiter, main_office, hr, hiring_manager or contact."
    )
    outcome: Outcome | None = Field(
        None,
        description="no_answer, not_reviewed, reviewed, timeline_given, interview_offered, "
        "rejected.",
    )


class Application(_Facts):
    """One job application and where it stands: the input to every decision."""

    as_of: IsoDate | None = Field(
        None, description="The day the advice is for; the API's `today=` overrides it."
    )
    candidate: Candidate = Field(description="The candidate (required).")
    company: Company = Field(description="The company (required).")
    posting: Posting | None = Field(
        None, description="The job posting; absent means the informational-interview path."
    )
    materials: Materials = Field(default_factory=Materials, description="Application materials.")
    submitted_on: IsoDate | None = Field(None, description="When the application was submitted.")
    heard_back: bool = Field(False, description="Any reply from the employer since submitting.")
    contacts: tuple[Contact, ...] = Field((), description="People the candidate knows at the firm.")
    research: Research = Field(default_factory=Research, description="Research done.")
    interview: Interview | None = Field(None, description="A scheduled interview, if any.")
    history: tuple[HistoryEntry, ...] = Field(
        (), description="Outreach already done, oldest first."
    )
    custom: dict[CustomName, CustomValue] = Field(
        default_factory=dict,
        max_length=MAX_CUSTOM_FACTS,
        description="Facts a pack adds (its custom facts), by name; checked against the pack "
        "that decides.",
    )
    id: str | None = Field(
        None,
        min_length=1,
        max_length=MAX_ID_LENGTH,
        description="Your own id for this application (a tracker's): never read by rules, "
        "given back in every decision, batch line and calendar event.",
    )
    meta: dict[str, Any] | None = Field(
        None,
        description="A small JSON object of your own (at most Limits.max_meta_bytes as "
        "JSON): never read by rules, given back with the id.",
    )

    @field_validator("meta")
    @classmethod
    def _meta_is_small_json(cls, value: dict[str, Any] | None, info: ValidationInfo) -> Any:
        if value is None:
            return None
        limits = (info.context or {}).get("limits", DEFAULT_LIMITS)
        try:
            text = json.dumps(value, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError):
            raise PydanticCustomError(
                "meta_json",
                "meta must be plain JSON data: text, numbers, true, false, null, lists and "
                "mappings (quote dates)",
            ) from None
        except RecursionError:  # a mapping given in Python, nested thousands deep
            raise PydanticCustomError("meta_json", "meta is nested too deeply") from None
        if len(text.encode()) > limits.max_meta_bytes:
            raise PydanticCustomError(
                "meta_size",
                "meta is {size} bytes as JSON; the limit is {limit} (Limits.max_meta_bytes)",
                {"size": f"{len(text.encode()):,}", "limit": f"{limits.max_meta_bytes:,}"},
            )
        return value

    @model_validator(mode="after")
    def _dates_not_after_as_of(self) -> Application:
        if self.as_of is not None:
            problems = date_problems(self, self.as_of, label="as_of")
            if problems:
                first = problems[0]
                raise PydanticCustomError(
                    "date_after_today",
                    "{path}: {message}",
                    {"path": first.path, "message": first.message},
                )
        return self


def date_problems(app: Application, day: date, *, label: str = "today") -> list[FieldProblem]:
    """Return every date in *app* that lies after *day* but must not.

    A submission or a piece of outreach cannot be in the future of the day the
    advice is for. *label* names that day in the messages (``as_of`` or ``today``).
    """
    problems: list[FieldProblem] = []
    if app.submitted_on is not None and app.submitted_on > day:
        problems.append(
            FieldProblem(
                "submitted_on",
                f"{app.submitted_on.isoformat()} is after {label} ({day.isoformat()}); "
                "an application cannot be submitted in the future",
                app.submitted_on,
            )
        )
    for index, entry in enumerate(app.history):
        if entry.on > day:
            problems.append(
                FieldProblem(
                    f"history.{index}.on",
                    f"{entry.on.isoformat()} is after {label} ({day.isoformat()}); "
                    "history records outreach already done",
                    entry.on,
                )
            )
    return problems


def validate_application(
    data: Application | Mapping[str, Any],
    *,
    today: date | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Application:
    """Validate *data* into an :class:`Application`, or raise :class:`ApplicationError`.

    *data* may already be an :class:`Application` (it is then only checked
    against *today*) or a mapping as read from JSON or YAML. When *today* is
    given, dates that must not lie in the future are checked against it.
    *source* names the file the data came from, for the error message;
    *limits* bound what it carries (``meta``'s size).
    """
    if isinstance(data, Application):
        app = data
    elif isinstance(data, Mapping):
        try:
            context = None if limits is DEFAULT_LIMITS else {"limits": limits}
            app = Application.model_validate(data, context=context)
        except ValidationError as exc:
            raise ApplicationError(
                problems_from_validation_error(exc, Application), source=source
            ) from None
    else:
        raise ApplicationError(
            [
                FieldProblem(
                    "",
                    "an application must be a mapping of facts or an Application "
                    f"(got {type(data).__name__})",
                    data,
                )
            ],
            source=source,
        )
    if today is not None:
        problems = date_problems(app, today)
        if problems:
            raise ApplicationError(problems, source=source)
    return app
