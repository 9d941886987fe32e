"""The decision: what to do next, ranked, with why and what is ruled out.

See docs/reference/decision.md for every field.

Every model is frozen, and ``model_dump(mode="json")`` gives plain JSON that
``Decision.model_validate`` reads back into an equal decision. Fact values in
``facts`` are JSON values already (dates as ``YYYY-MM-DD`` strings).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

if TYPE_CHECKING:
    from ..explaining.explanations import Explanation
    from ..packs.pack import Pack

__all__ = ["BlockReason", "BlockedAction", "Decision", "Reason", "Recommendation"]

JsonFacts = dict[str, Any]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_M = TypeVar("_M", bound=_Out)
_set = object.__setattr__


def trusted(cls: type[_M], **values: Any) -> _M:
    """Make a *cls* from values the engine made and checked, without validating them again.

    This is :meth:`pydantic.BaseModel.model_construct` for these models
    (every field given, no aliases, no private attributes), at a fraction of
    its cost on the hot path; a test keeps the two equal.
    """
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(values))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


class Reason(_Out):
    """One rule's reason for a recommendation."""

    rule_id: str = Field(description="The rule that fired.")
    explanation: str = Field(description="Why, with the facts filled in.")
    source: str = Field(description="The guidance passage it encodes, or 'house default: ...'.")
    priority: int = Field(description="The rule's priority.")
    facts: JsonFacts = Field(description="The facts the rule read, and their values.")


class Recommendation(_Out):
    """One recommended action.

    When several rules recommend the same action it appears once: ``reasons``
    holds every rule's reason, highest ranked first; ``rule_id``, ``source``
    and ``priority`` are the first reason's; ``explanation`` joins them all;
    each parameter (channel, contact, dates, script) comes from the highest
    ranked rule that sets it.
    """

    action: str = Field(description="The action id.")
    title: str = Field(description="The action's short title, for people.")
    rule_id: str = Field(description="The highest-ranked rule recommending it.")
    explanation: str = Field(description="Why, with the facts filled in.")
    source: str = Field(description="The guidance passage the rule encodes.")
    priority: int = Field(description="The priority it was ranked by.")
    channel: Literal["call", "email", "visit", "letter"] | None = Field(
        None, description="How to reach out, for outreach actions."
    )
    contact: str | None = Field(None, description="Whom to contact.")
    not_before: date | None = Field(None, description="Not before this day.")
    due_by: date | None = Field(None, description="By this day (for 'wait': the day waiting ends).")
    script: str | None = Field(None, description="A ready-to-use call or message script.")
    facts: JsonFacts = Field(description="The facts the rules read, and their values.")
    reasons: tuple[Reason, ...] = Field(description="Every rule recommending it.")


class BlockReason(_Out):
    """One rule's reason for ruling an action out."""

    rule_id: str = Field(description="The rule that ruled it out.")
    reason: str = Field(description="Why, with the facts filled in.")
    source: str = Field(description="The guidance passage the rule encodes.")
    facts: JsonFacts = Field(description="The facts the rule read, and their values.")


class BlockedAction(_Out):
    """An action that was considered and ruled out."""

    action: str = Field(description="The action id.")
    title: str = Field(description="The action's short title, for people.")
    reason: str = Field(description="Every reason, joined.")
    reasons: tuple[BlockReason, ...] = Field(description="Every rule ruling it out.")
    overruled: tuple[str, ...] = Field(
        (), description="Rules that would have recommended it, had it not been ruled out."
    )


class Decision(_Out):
    """What the candidate should do next, and why.

    ``actions`` are ranked, best first; ``blocked`` lists what is ruled out;
    ``primary`` is the first action, or ``None`` when nothing applies.
    """

    today: date = Field(description="The day the advice is for.")
    pack: str = Field(description="The name of the pack that decided.")
    pack_version: str = Field(description="That pack's version.")
    actions: tuple[Recommendation, ...] = Field(description="Recommendations, best first.")
    blocked: tuple[BlockedAction, ...] = Field(description="Actions ruled out, with why.")
    application_id: str | None = Field(
        None, description="The application's own id, if it has one (never read by rules)."
    )
    meta: dict[str, Any] | None = Field(
        None, description="The application's meta, if it has some, given back as it was."
    )
    settings: dict[str, Any] = Field(
        default_factory=dict, description="The value of every setting of the pack, as used."
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        # 'primary' is computed from 'actions'; accept it back from model_dump.
        if isinstance(data, dict) and "primary" in data:
            data = {k: v for k, v in data.items() if k != "primary"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def primary(self) -> Recommendation | None:
        """The recommended next action: the first of ``actions``, or ``None``."""
        return self.actions[0] if self.actions else None

    @property
    def action_ids(self) -> tuple[str, ...]:
        """The recommended action ids, best first."""
        return tuple(r.action for r in self.actions)

    @property
    def blocked_ids(self) -> tuple[str, ...]:
        """The ruled-out action ids."""
        return tuple(b.action for b in self.blocked)

    def get(self, action: str) -> Recommendation | None:
        """Return the recommendation for *action*, or ``None`` if it is not recommended."""
        return next((r for r in self.actions if r.action == action), None)

    def blocked_action(self, action: str) -> BlockedAction | None:
        """Return why *action* is ruled out, or ``None`` if it is not."""
        return next((b for b in self.blocked if b.action == action), None)

    def trace(self, pack: Pack | None = None) -> Explanation:
        """Return the trace of every recommendation and ruled-out action of this decision.

        Conditions are evaluated again on the fact values the decision
        recorded, so a decision read back from JSON can be traced. *pack* is
        the pack that made the decision; by default, the shipped pack of
        that name. (The work is :func:`outreach_rules.explaining.explanations.trace_decision`:
        a decision is data, and explaining it builds on the engine.)

        Raises:
            OutreachRulesError: the pack does not have the rules the decision names.
        """
        from ..explaining.explanations import trace_decision  # explaining builds on this module

        return trace_decision(self, pack)

    def explain(self, pack: Pack | None = None) -> str:
        """Render :meth:`trace` as text: each action, its rules and their conditions, checked."""
        return self.trace(pack).text()
