"""The fact vocabulary: every path a rule may read, what it is, and how it is resolved.

The built-in vocabulary (:data:`BUILT_IN`) is the application's own fields
(``posting.recruiter.phone``) plus the derived facts of :mod:`.derived`
(``days_since_submission``). A pack extends it with its settings
(``settings.NAME``), its custom facts (``custom.NAME``) and the facts it
derives itself: each pack has its own :class:`Vocabulary`, which its rules
are checked against when it loads and which :class:`~.facts.Facts` resolves
values from, for one decision.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from operator import attrgetter
from typing import Any, Literal, Union

from pydantic import BaseModel

from .application import NOT_FACTS, Application
from .derived import DERIVED, ChangeableBy, FactType, FactView

__all__ = [
    "BUILT_IN",
    "FACT_SPECS",
    "RESOLVERS",
    "FactSpec",
    "ItemFields",
    "Origin",
    "Resolver",
    "Vocabulary",
    "fact_specs",
    "item_fields",
    "to_json_value",
]

Origin = Literal["application", "derived", "setting", "custom", "pack"]
"""Where a fact comes from: a field of the application, a derived fact built into the
library, a setting of the pack, a custom fact the pack declares, or a fact the pack
derives itself."""

Resolver = Callable[[FactView], Any]
"""How one fact is resolved for one decision: a function of the facts so far."""


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
        presence: presence keys that must hold for the value to be there (and
            that all hold whenever it is there).
        establishes: (bool facts) presence keys that hold whenever it is true.
        origin: where the fact comes from (see :data:`Origin`).
        definition: for a fact a pack defines, how (its YAML, for the reference).
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
    origin: Origin = "application"
    definition: str = ""


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
        if not prefix and model is Application and name in NOT_FACTS:
            continue  # id and meta are never read; custom facts are the pack's to declare
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


def _item_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a list's items (``history`` holds ``HistoryEntry`` s), if it is one."""
    if typing.get_origin(annotation) is tuple:
        item, _ = _strip(typing.get_args(annotation)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


@dataclass(frozen=True, slots=True)
class ItemFields:
    """The fields of the items of a list of groups (``history``, ``contacts``, ``interview.with``).

    ``specs`` are the fields as facts ``item.FIELD`` (``item.outcome``), which a pack's
    derived facts may test for each item; ``attributes`` the model attribute of each.
    """

    specs: Mapping[str, FactSpec]
    attributes: Mapping[str, str]


@cache
def item_fields() -> Mapping[str, ItemFields]:
    """The lists of groups of the application, by path, with the fields of their items."""
    found: dict[str, ItemFields] = {}

    def visit(model: type[BaseModel], prefix: str) -> None:
        for name, field in model.model_fields.items():
            path = f"{prefix}{field.alias or name}"
            annotation, _ = _strip(field.annotation)
            item = _item_model(annotation)
            if item is not None:
                specs = {}
                attributes = {}
                for spec, chain in _walk(item, "item.", (), ()):
                    if len(chain) == 1:  # the item's own fields, not those of groups inside
                        specs[spec.path] = spec
                        attributes[spec.path] = chain[0]
                found[path] = ItemFields(
                    types.MappingProxyType(specs), types.MappingProxyType(attributes)
                )
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
                visit(annotation, f"{path}.")

    visit(Application, "")
    return types.MappingProxyType(found)


def _attr_getter(chain: tuple[str, ...], groups_there: bool = False) -> Callable[[FactView], Any]:
    # Fields are read on every decision. When every group on the way is always
    # there (never None), one attrgetter reads the whole chain in C; otherwise one
    # closure per depth, without a loop, stops at a missing group.
    if groups_there:
        return attrgetter(".".join(("app", *chain)))
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
def _tables() -> tuple[Mapping[str, FactSpec], Mapping[str, Resolver]]:
    specs: dict[str, FactSpec] = {}
    resolvers: dict[str, Resolver] = {}
    for spec, chain in _walk(Application, "", (), ()):
        specs[spec.path] = spec
        groups = {".".join(spec.path.split(".")[:depth]) for depth in range(1, len(chain))}
        resolvers[spec.path] = _attr_getter(chain, groups_there=not groups & set(spec.presence))
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
            origin="derived",
        )
        resolvers[d.path] = d.compute
    return types.MappingProxyType(specs), types.MappingProxyType(resolvers)


class Vocabulary(Mapping[str, FactSpec]):
    """Every fact a pack's rules may read: what each is, and how it is resolved.

    It is a read-only mapping of path to :class:`FactSpec`; :attr:`resolvers`
    say how each is resolved for one decision. :meth:`extended` makes a larger one.
    """

    __slots__ = ("_specs", "_table", "json_ready", "resolvers")

    def __init__(self, specs: Mapping[str, FactSpec], resolvers: Mapping[str, Resolver]) -> None:
        self._specs: Mapping[str, FactSpec] = types.MappingProxyType(dict(specs))
        # The resolvers as a plain dict, for Facts alone (a proxy costs a call per miss).
        self._table: dict[str, Resolver] = dict(resolvers)
        self.resolvers: Mapping[str, Resolver] = types.MappingProxyType(self._table)
        # Facts whose values are JSON values already (no date, list or group to convert).
        self.json_ready: frozenset[str] = frozenset(
            path
            for path, spec in self._specs.items()
            if spec.type in ("bool", "int", "str", "enum")
        )

    def __getitem__(self, path: str) -> FactSpec:
        return self._specs[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, path: object) -> bool:
        return path in self._specs

    def __repr__(self) -> str:
        return f"<Vocabulary of {len(self._specs)} facts>"

    @property
    def specs(self) -> Mapping[str, FactSpec]:
        """The facts, by path (read-only)."""
        return self._specs

    def reader(self, path: str) -> Resolver | None:
        """How a pack's derived fact reads *path* without the decision's cache, or None.

        Only the application's own fields have one: reading a field again costs
        less than a miss of the cache (the facts they read, the derived facts a
        rule reads, every fact a rule tests, are read through it). Its value is
        the fact's: an empty text or list reads as absent.
        """
        spec = self._specs.get(path)
        if spec is None or spec.origin != "application":
            return None
        resolve = self.resolvers[path]
        if spec.type in ("str", "list"):
            return lambda facts: resolve(facts) or None
        return resolve

    def extended(self, specs: Iterable[FactSpec], resolvers: Mapping[str, Resolver]) -> Vocabulary:
        """A vocabulary with *specs* added (or, for the same path, replaced) and their resolvers."""
        merged = dict(self._specs)
        merged.update((spec.path, spec) for spec in specs)
        return Vocabulary(merged, {**self.resolvers, **resolvers})


BUILT_IN = Vocabulary(*_tables())
"""The built-in vocabulary: the application's fields and the library's derived facts."""


def fact_specs() -> Mapping[str, FactSpec]:
    """Return every fact path of the built-in vocabulary, application fields first, then derived."""
    return BUILT_IN.specs


FACT_SPECS: Mapping[str, FactSpec] = BUILT_IN.specs
"""Every fact path of the built-in vocabulary (read-only)."""

RESOLVERS: Mapping[str, Resolver] = BUILT_IN.resolvers
"""How each fact of the built-in vocabulary is resolved for one decision (read-only)."""


def to_json_value(value: Any) -> Any:
    """Return *value* as plain JSON data: dates as ISO strings, models as dicts, tuples as lists."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, tuple | list):
        return [to_json_value(v) for v in value]
    return value
