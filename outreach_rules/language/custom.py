"""Custom facts: fields a pack adds to the application, under ``custom:``.

A pack declares them under ``facts:``::

    facts:
      sector:
        type: enum
        choices: [public, private, nonprofit]
        description: The employer's sector.
        optional: true

and an application carries them in one namespace, ``custom: {sector: public}``.
Rules read them as ordinary facts, ``custom.sector``. The application is
checked against the pack in use when it is decided (:func:`check_custom`): a
key no pack declares is an error with a did-you-mean, a value that does not
fit is an error naming the field, and a fact the application leaves out takes
its default, is absent (``optional``), or is an error (neither).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import ApplicationError, FieldProblem, Mark, Site, did_you_mean, short_repr
from ..model.derived import ChangeableBy
from ..model.vocabulary import FactSpec, Resolver
from .document import CustomFactDoc
from .values import BadValue, ValueSpec

__all__ = ["CustomFact", "check_custom", "custom_facts", "declare_custom"]


@dataclass(frozen=True, slots=True)
class CustomFact:
    """One custom fact a pack declares.

    Attributes:
        name: its name; the application gives it as ``custom.NAME``.
        value: the type of its values.
        description: what it means, for people.
        default: its value when the application leaves it out (``None``: no default).
        optional: it may be absent; without a default or this, it is required.
        changeable_by: who can change it, the candidate or the employer.
        file: the pack file that declared it.
    """

    name: str
    value: ValueSpec
    description: str
    default: Any = None
    optional: bool = False
    changeable_by: ChangeableBy = "employer"
    file: str = field(default="", compare=False)

    @property
    def path(self) -> str:
        """The fact's path: ``custom.NAME``."""
        return f"custom.{self.name}"

    def fact(self) -> FactSpec:
        """The custom fact as a fact of the pack's vocabulary."""
        absent = self.optional and self.default is None
        return FactSpec(
            path=self.path,
            type=self.value.type,
            description=self.description or f"The custom fact {self.name}.",
            derived=False,
            nullable=absent or self.value.type in ("str", "list"),
            choices=self.value.choices,
            item_type=self.value.item_type,
            changeable_by=self.changeable_by,
            presence=(self.path,) if absent or self.value.type in ("str", "list") else (),
            origin="custom",
        )


def declare_custom(name: str, doc: CustomFactDoc, site: Site, mark: Mark | None) -> CustomFact:
    """Check one custom fact's declaration; raise a :class:`PackError` (``bad-custom-fact``)."""
    if doc.type == "enum" and not doc.choices:
        raise site.error(
            f"custom fact {name!r}: an enum needs 'choices'", mark, code="bad-custom-fact"
        )
    if doc.choices and doc.type not in ("enum", "list"):
        raise site.error(
            f"custom fact {name!r}: 'choices' is for enum and list facts only",
            mark,
            code="bad-custom-fact",
        )
    spec = ValueSpec(doc.type, doc.choices)
    default = None
    if doc.default is not None:
        try:
            default = spec.check(doc.default)
        except BadValue as exc:
            raise site.error(
                f"custom fact {name!r}: its default does not fit: {exc}",
                mark,
                code="bad-custom-fact",
            ) from None
    return CustomFact(
        name, spec, doc.description, default, doc.optional, doc.changeable_by, site.file
    )


def custom_facts(declared: Mapping[str, CustomFact]) -> tuple[list[FactSpec], dict[str, Resolver]]:
    """The custom facts as facts (``custom.NAME``), and how each is read for a decision."""
    return [c.fact() for c in declared.values()], {
        c.path: _reader(c.name) for c in declared.values()
    }


def _reader(name: str) -> Resolver:
    return lambda facts: facts.custom.get(name)


_NONE: Mapping[str, Any] = MappingProxyType({})


def check_custom(
    declared: Mapping[str, CustomFact], given: Mapping[str, Any], *, pack: str
) -> Mapping[str, Any]:
    """Check an application's ``custom:`` against the facts *declared*; return their values.

    Every declared fact gets its value: the one given, else its default, else
    ``None`` (optional). The result is what rules read as ``custom.NAME``.

    Raises:
        ApplicationError: a key the pack does not declare (with a did-you-mean), a
            value that does not fit, or a required fact left out; each problem
            names ``custom.NAME``.
    """
    if not declared and not given:
        return _NONE
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {}
    for name, value in given.items():
        fact = declared.get(name)
        if fact is None:
            guess = did_you_mean(name, declared)
            if guess:
                message = f"pack {pack!r} declares no custom fact {name!r}; did you mean {guess!r}?"
            elif declared:
                message = (
                    f"pack {pack!r} declares no custom fact {name!r} "
                    f"(its custom facts: {', '.join(declared)})"
                )
            else:
                message = f"pack {pack!r} declares no custom facts; remove custom.{name}"
            problems.append(FieldProblem(f"custom.{name}", message, short_repr(value)))
            continue
        if value is None:
            continue
        try:
            values[name] = fact.value.check(value)
        except BadValue as exc:
            problems.append(FieldProblem(fact.path, str(exc), value))
    for name, fact in declared.items():
        if name in values or given.get(name) is not None:
            continue  # given: checked above (a refused value is a problem already)
        if fact.default is not None:
            values[name] = fact.default
        elif fact.optional:
            values[name] = None
        else:
            problems.append(
                FieldProblem(
                    fact.path,
                    f"pack {pack!r} needs custom.{name} ({fact.value.words()}): "
                    "give it, or declare it optional or with a default",
                )
            )
    if problems:
        raise ApplicationError(problems)
    return values
