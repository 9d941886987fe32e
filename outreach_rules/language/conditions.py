"""Conditions: the declarative ``when`` of a rule, parsed into a tree and checked once.

The YAML form (see ``docs/pack-language.md``)::

    when:
      all:
        - submitted: true
        - days_since_submission: {">=": 7, "<=": 10}
        - company.size: {in: [small, medium]}
        - posting.recruiter.phone: {present: true}
        - not: {heard_back: true}

A condition is parsed into a small tree of frozen nodes (:class:`Compare`,
:class:`AllOf`, :class:`AnyOf`, :class:`Not`) that later tools analyse
statically (:mod:`.algebra`) and compile into closures (:mod:`.compile`).
Every fact path, operator and value is checked against the fact vocabulary
at load time; what each operator means is in :mod:`.operators`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeAlias

from .._yaml import YamlMap, YamlSeq
from .._yaml.nodes import At
from ..errors import Mark, Site, did_you_mean, short_repr, short_text
from ..model.dates import MAX_DAY_OFFSET, as_day
from ..model.derived import FactType
from ..model.vocabulary import BUILT_IN, FactSpec, Vocabulary
from .operators import ALIASES, OPERATORS, TYPE_WORDS, operators_for
from .references import FactRef, SettingRef, setting_ref

__all__ = [
    "ALWAYS",
    "AllOf",
    "AnyOf",
    "Compare",
    "Condition",
    "FactRef",
    "Not",
    "SettingRef",
    "fact_spec",
    "parse_condition",
]

_COMBINATORS = ("all", "any", "not")


@dataclass(frozen=True, slots=True)
class Compare:
    """``path op value``: one test of one fact.

    ``value`` is a literal of the fact's type, a tuple of literals (``in``,
    ``not in``), a :class:`FactRef`, or a bool (``present``); before the pack
    binds its settings, a :class:`SettingRef` may stand for the literal or the
    tuple.
    """

    path: str
    op: str
    value: Any
    # Where it was written; not part of its meaning, so not compared.
    line: int | None = field(default=None, compare=False)
    column: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class AllOf:
    """Holds when every item holds (``all:``; also a mapping of several facts)."""

    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Holds when at least one item holds (``any:``)."""

    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """Holds when its item does not (``not:``)."""

    item: Condition


Condition: TypeAlias = Compare | AllOf | AnyOf | Not

ALWAYS = AllOf(())
"""The condition of a rule without ``when``: it always holds."""


# --- parsing -----------------------------------------------------------------


# Positions travel as (line, column) tuples and become Marks only for an error:
# a large pack's conditions are almost all fine, and each Compare keeps just
# the two numbers.
_At = At


# What YAML gives: answered by type first, since an ABC isinstance check (the
# general case, kept for mappings and sequences from elsewhere) is slow.
_MAPS = frozenset({YamlMap, dict})
_LISTS = frozenset({YamlSeq, list, tuple})
_SCALARS = frozenset({str, int, bool, float, date, type(None)})


def _is_map(value: Any) -> bool:
    kind = type(value)
    return kind in _MAPS or (
        kind not in _SCALARS and kind not in _LISTS and isinstance(value, Mapping)
    )


def _is_list(value: Any) -> bool:
    """A Sequence but not text."""
    kind = type(value)
    if kind in _LISTS:
        return True
    if kind in _SCALARS or kind in _MAPS:
        return False
    return isinstance(value, Sequence) and not isinstance(value, str)


def _mark(at: _At | None) -> Mark | None:
    return None if at is None else Mark(at[0], at[1])


def _at_of(node: Any, key: str | int, default: _At | None) -> _At | None:
    if isinstance(node, YamlMap) and isinstance(key, str):
        return node.key_at(key, default)
    if isinstance(node, YamlSeq) and isinstance(key, int) and key >= 0:
        return node.item_at(key, default)
    return default


@dataclass(frozen=True, slots=True)
class _Scope:
    """What a condition is checked against: the file and rule it is in, and the vocabulary."""

    site: Site
    vocabulary: Vocabulary

    def error(
        self, problem: str, mark: Mark | None, *, code: str, hint: str | None = None
    ) -> Exception:
        return self.site.error(problem, mark, code=code, hint=hint)


def parse_condition(
    node: Any, site: Site, mark: Mark | None, vocabulary: Vocabulary = BUILT_IN
) -> Condition:
    """Parse and check the YAML *node* of a ``when``; raise :class:`PackError` on any mistake.

    Fact paths, operators and values are checked against *vocabulary* (a pack's
    own, with its settings, custom and derived facts; the built-in one by default).
    """
    return _parse(
        node, _Scope(site, vocabulary), None if mark is None else (mark.line, mark.column)
    )


def _parse(node: Any, site: _Scope, at: _At | None) -> Condition:
    if (_is_list(node) or _is_map(node)) and not node:
        raise site.error(
            "empty condition",
            _mark(at),
            code="bad-condition",
            hint="remove 'when' for a rule that always applies",
        )
    if _is_list(node):
        return AllOf(_parse_items(node, site, at, "when"))
    if not _is_map(node):
        raise site.error(
            f"a condition must be a mapping such as {{heard_back: false}} or {{all: [...]}} "
            f"(got {short_repr(node)})",
            _mark(at),
            code="bad-condition",
        )
    combinators = [k for k in node if k in _COMBINATORS]
    if combinators:
        if len(node) > 1:
            raise site.error(
                f"{combinators[0]!r} must be alone in its mapping (found also: "
                f"{', '.join(repr(k) for k in node if k != combinators[0])})",
                _mark(_at_of(node, combinators[0], at)),
                code="bad-condition",
                hint="wrap them in 'all:' as a list",
            )
        key = combinators[0]
        inner_at = _at_of(node, key, at)
        if key == "not":
            return Not(_parse(node[key], site, inner_at))
        items = node[key]
        if not _is_list(items) or not items:
            raise site.error(
                f"{key!r} takes a non-empty list of conditions (got {short_repr(items)})",
                _mark(inner_at),
                code="bad-condition",
            )
        parsed = _parse_items(items, site, inner_at, key)
        return AllOf(parsed) if key == "all" else AnyOf(parsed)
    tests: list[Condition] = []
    for path, test in node.items():
        tests.extend(_parse_fact_test(str(path), test, site, _at_of(node, path, at)))
    return tests[0] if len(tests) == 1 else AllOf(tuple(tests))


def _parse_items(
    items: Sequence[Any], site: _Scope, at: _At | None, key: str
) -> tuple[Condition, ...]:
    return tuple(_parse(item, site, _at_of(items, index, at)) for index, item in enumerate(items))


def fact_spec(
    path: str, site: Site, mark: Mark | None, vocabulary: Vocabulary = BUILT_IN
) -> FactSpec:
    """Return the vocabulary entry for *path*, or raise a did-you-mean :class:`PackError`."""
    spec = vocabulary.get(path)
    if spec is not None:
        return spec
    if path in OPERATORS:
        raise site.error(
            f"operator {path!r} needs a fact in front of it",
            mark,
            code="unknown-fact",
            hint=f"write {{fact.path: {{{path!r}: value}}}}",
        )
    guess = did_you_mean(path, vocabulary)
    raise site.error(
        f"unknown fact {path!r}",
        mark,
        code="unknown-fact",
        hint=f"did you mean {guess!r}?" if guess else "see docs/reference/facts.md for every fact",
    )


def _parse_fact_test(path: str, test: Any, site: _Scope, at: _At | None) -> Iterator[Compare]:
    spec = site.vocabulary.get(path) or fact_spec(path, site.site, _mark(at), site.vocabulary)
    if _is_map(test) and (
        ("fact" in test and set(test) <= {"fact", "days"}) or set(test) == {"setting"}
    ):
        test = {"==": test}
    if not _is_map(test):
        if test is None:
            raise site.error(
                f"{path}: a comparison with null is not allowed",
                _mark(at),
                code="bad-value",
                hint="write {present: false} for 'is absent'",
            )
        yield _compare(spec, "==", test, site, at)
        return
    if not test:
        raise site.error(f"{path}: no operator given", _mark(at), code="bad-condition")
    for op, operand in test.items():
        yield _compare(spec, str(op), operand, site, _at_of(test, op, at))


def _compare(spec: FactSpec, op: str, operand: Any, site: _Scope, at: _At | None) -> Compare:
    line, column = at if at else (None, None)
    if op not in OPERATORS:
        guess = ALIASES.get(op.strip().lower()) or did_you_mean(op, OPERATORS)
        raise site.error(
            f"unknown operator {op!r} for fact {spec.path!r}",
            _mark(at),
            code="unknown-operator",
            hint=f"did you mean {guess!r}?" if guess else f"operators: {', '.join(OPERATORS)}",
        )
    allowed = operators_for(spec.type, spec.item_type)
    if op not in allowed:
        raise site.error(
            f"operator {op!r} does not apply to {spec.path!r}, which is {TYPE_WORDS[spec.type]}",
            _mark(at),
            code="bad-operator",
            hint=f"use one of: {', '.join(allowed)}",
        )
    if op == "present":
        if not isinstance(operand, bool):
            raise site.error(
                f"'present' takes true or false (got {short_repr(operand)})",
                _mark(at),
                code="bad-value",
            )
        return Compare(spec.path, op, operand, line, column)
    if _is_map(operand) and "setting" in operand:
        return Compare(spec.path, op, _setting_ref(spec, op, operand, site, at), line, column)
    if op in ("in", "not in"):
        if not _is_list(operand) or not operand:
            raise site.error(
                f"{op!r} takes a non-empty list of values (got {short_repr(operand)})",
                _mark(at),
                code="bad-value",
                hint="write [a, b]",
            )
        values = tuple(_literal(spec, spec.type, v, site, at) for v in operand)
        return Compare(spec.path, op, values, line, column)
    if op == "contains":
        item_type = spec.item_type or "str"
        return Compare(spec.path, op, _literal(spec, item_type, operand, site, at), line, column)
    if _is_map(operand):
        return Compare(spec.path, op, _fact_ref(spec, operand, site, at), line, column)
    return Compare(spec.path, op, _literal(spec, spec.type, operand, site, at), line, column)


def _literal(spec: FactSpec, kind: FactType, value: Any, site: _Scope, at: _At | None) -> Any:
    ok = False
    if kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "date":
        day = as_day(value)
        ok, value = day is not None, day if day is not None else value
    elif kind in ("str", "enum"):
        ok = isinstance(value, str)
    if not ok:
        raise site.error(
            f"{spec.path!r} is compared with {short_repr(value)}, "
            f"but its values are {TYPE_WORDS[kind]}",
            _mark(at),
            code="bad-value",
            hint="quote the value" if kind in ("str", "enum") else None,
        )
    if spec.choices and value not in spec.choices:
        guess = did_you_mean(str(value), spec.choices)
        raise site.error(
            f"{short_repr(value)} is not a value of {spec.path!r} (expected one of: "
            f"{', '.join(spec.choices)})",
            _mark(at),
            code="bad-value",
            hint=f"did you mean {guess!r}?" if guess else None,
        )
    return value


def _fact_ref(spec: FactSpec, operand: Mapping[str, Any], site: _Scope, at: _At | None) -> FactRef:
    unknown = [k for k in operand if k not in ("fact", "days")]
    if unknown or "fact" not in operand:
        raise site.error(
            f"a value given as a mapping must be {{fact: path}} or {{fact: path, days: N}} "
            f"(got keys: {', '.join(map(str, operand))})",
            _mark(at),
            code="bad-value",
        )
    other = fact_spec(
        str(operand["fact"]), site.site, _mark(_at_of(operand, "fact", at)), site.vocabulary
    )
    days = operand.get("days", 0)
    if _is_map(days) and "setting" in days:
        days = setting_ref(days, "int", site.site, _mark(at), site.vocabulary)
    elif not isinstance(days, int) or isinstance(days, bool):
        raise site.error(
            f"'days' must be a whole number or {{setting: NAME}} (got {short_repr(days)})",
            _mark(at),
            code="bad-value",
        )
    if isinstance(days, int) and abs(days) > MAX_DAY_OFFSET:
        raise site.error(
            f"'days' is {short_text(str(days))}; at most {MAX_DAY_OFFSET:,} days "
            "(about a hundred years) either way",
            _mark(at),
            code="bad-value",
        )
    if days and (spec.type != "date" or other.type != "date"):
        raise site.error("'days' applies only to comparisons of dates", _mark(at), code="bad-value")
    if other.type != spec.type or set(other.choices) != set(spec.choices):
        raise site.error(
            f"{spec.path!r} ({spec.type}) cannot be compared with {other.path!r} ({other.type})",
            _mark(at),
            code="bad-value",
        )
    return FactRef(other.path, days)


def _setting_ref(
    spec: FactSpec, op: str, operand: Mapping[str, Any], site: _Scope, at: _At | None
) -> SettingRef:
    """``{setting: NAME}`` as the operand of *op* on *spec*."""
    kind: FactType = spec.type
    item: FactType | None = None
    if op in ("in", "not in"):
        kind, item = "list", spec.type
    elif op == "contains":
        kind = spec.item_type or "str"
    return setting_ref(
        operand, kind, site.site, _mark(at), site.vocabulary, item=item, choices=spec.choices
    )
