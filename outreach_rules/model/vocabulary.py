"""The fact vocabulary: every path a rule may read, what it is, and how it is resolved.

The vocabulary is the application's own fields (``posting.recruiter.phone``)
plus the derived facts of :mod:`.derived` (``days_since_submission``). Packs
are checked against it when they load; :class:`~.facts.Facts` resolves values
for one decision with the resolvers here.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, Union

from pydantic import BaseModel

from .application import Application
from .derived import DERIVED, ChangeableBy, FactType, FactView

__all__ = ["FACT_SPECS", "RESOLVERS", "FactSpec", "fact_specs", "to_json_value"]


@dataclass(frozen=True, slots=True)
class FactSpec:
    """What the pack language knows about one fact path.

    Attributes:
        path: the dotted path rules use (``"posting.recruiter.phone"``).
        type: ``bool``, ``int``, ``date``, ``str``, ``enum``, ``list`` or ``object``.
        description: one line for people.
        derived: computed by the library rather than given in the application.
        nullable: may be absent (``None``; for lists, empty).
        choices: the allowed values of an ``enum`` (or of a ``list``'s items).
        item_type: for a ``list``, the type of its items (``str``, ``enum`` or ``object``).
        changeable_by: who can change it: the ``candidate``, the ``employer``, or ``time``.
        presence: presence keys that must hold for the value to be there.
        establishes: (bool facts) presence keys that hold whenever it is true.
    """

    path: str
    type: FactType
    description: str
    derived: bool
    nullable: bool
    choices: tuple[str, ...] = ()
    item_type: FactType | None = None
    changeable_by: ChangeableBy = "candidate"
    presence: tuple[str, ...] = ()
    establishes: tuple[str, ...] = ()


# Who can change a part of the application, by its top-level key; used to tell
# the candidate's own facts from the world's.
_OWNERS: Mapping[str, ChangeableBy] = {
    "as_of": "time",
    "candidate": "candidate",
    "company": "employer",
    "posting": "employer",
    "materials": "candidate",
    "submitted_on": "candidate",
    "heard_back": "employer",
    "contacts": "candidate",
    "research": "candidate",
    "interview": "employer",
    "interview.questions_prepared": "candidate",
    "history": "candidate",
}


def _strip(annotation: Any) -> tuple[Any, bool]:
    """Return the annotation without ``Optional``/``Annotated``, and whether it was optional."""
    nullable = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(typing.get_args(annotation))
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation, nullable
        else:
            return annotation, nullable


_Classified = tuple[FactType, tuple[str, ...], "type[BaseModel] | None", "FactType | None"]


def _classify(annotation: Any) -> _Classified:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "object", (), annotation, None
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return "enum", tuple(str(a) for a in typing.get_args(annotation)), None, None
    if origin is tuple:
        item, _ = _strip(typing.get_args(annotation)[0])
        kind, choices, _model, _item = _classify(item)
        return "list", choices, None, kind
    for scalar, name in ((bool, "bool"), (int, "int"), (date, "date"), (str, "str")):
        if annotation is scalar:
            return typing.cast(FactType, name), (), None, None
    raise TypeError(f"fact type not supported by the vocabulary: {annotation!r}")


def _walk(
    model: type[BaseModel], prefix: str, attrs: tuple[str, ...], presence: tuple[str, ...]
) -> Iterator[tuple[FactSpec, tuple[str, ...]]]:
    for name, field in model.model_fields.items():
        key = field.alias or name
        path = f"{prefix}{key}"
        annotation, nullable = _strip(field.annotation)
        kind, choices, submodel, item_type = _classify(annotation)
        own = presence + ((path,) if nullable or kind == "list" else ())
        owner = _OWNERS.get(path) or _OWNERS.get(path.split(".", 1)[0], "candidate")
        spec = FactSpec(
            path=path,
            type=kind,
            description=field.description or "",
            derived=False,
            nullable=bool(own),
            choices=choices,
            item_type=item_type,
            changeable_by=owner,
            presence=own,
        )
        yield spec, (*attrs, name)
        if submodel is not None:
            yield from _walk(submodel, f"{path}.", (*attrs, name), own)


def _attr_getter(chain: tuple[str, ...]) -> Callable[[FactView], Any]:
    # One closure per depth, without a loop: fields are read on every decision.
    if len(chain) == 1:
        (first,) = chain
        return lambda facts: getattr(facts.app, first)
    if len(chain) == 2:
        first, second = chain

        def get2(facts: FactView) -> Any:
            value = getattr(facts.app, first)
            return None if value is None else getattr(value, second)

        return get2
    head, last = _attr_getter(chain[:-1]), chain[-1]

    def deeper(facts: FactView) -> Any:
        value = head(facts)
        return None if value is None else getattr(value, last)

    return deeper


@cache
def _tables() -> tuple[Mapping[str, FactSpec], Mapping[str, Callable[[FactView], Any]]]:
    specs: dict[str, FactSpec] = {}
    resolvers: dict[str, Callable[[FactView], Any]] = {}
    for spec, chain in _walk(Application, "", (), ()):
        specs[spec.path] = spec
        resolvers[spec.path] = _attr_getter(chain)
    for d in DERIVED:
        nullable = bool(d.presence)
        specs[d.path] = FactSpec(
            path=d.path,
            type=d.type,
            description=d.description,
            derived=True,
            nullable=nullable,
            choices=d.choices,
            item_type="str" if d.type == "list" else None,
            changeable_by=d.changeable_by,
            presence=d.presence,
            establishes=d.establishes,
        )
        resolvers[d.path] = d.compute
    return types.MappingProxyType(specs), types.MappingProxyType(resolvers)


def fact_specs() -> Mapping[str, FactSpec]:
    """Return every fact path a rule may read, application fields first, then derived."""
    return _tables()[0]


FACT_SPECS: Mapping[str, FactSpec] = fact_specs()
"""Every fact path a rule may read (read-only)."""

RESOLVERS: Mapping[str, Callable[[FactView], Any]] = _tables()[1]
"""How each fact path is resolved for one decision (read-only)."""


def to_json_value(value: Any) -> Any:
    """Return *value* as plain JSON data: dates as ISO strings, models as dicts, tuples as lists."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, tuple | list):
        return [to_json_value(v) for v in value]
    return value
