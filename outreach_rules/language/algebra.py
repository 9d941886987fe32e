"""The algebra of conditions: what they read, what they prove, their negation and expansion.

Static tools (the pack compiler, lint, counterfactuals, the testing kit, the
matcher) work on the frozen condition trees of :mod:`.conditions`; the
meaning of each operator comes from :mod:`.operators`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from ..model.vocabulary import BUILT_IN, Vocabulary
from .conditions import AllOf, AnyOf, Compare, Condition, FactRef, Not
from .operators import OPERATOR_TABLE

__all__ = [
    "MAX_DISJUNCTS",
    "compares",
    "disjuncts",
    "establishes",
    "negate",
    "negated_compare",
    "reads",
]

MAX_DISJUNCTS = 256
"""The most alternatives :func:`disjuncts` expands a condition into."""


def compares(condition: Condition) -> Iterator[Compare]:
    """Yield every test of a fact in *condition*, in the order written."""
    if isinstance(condition, Compare):
        yield condition
    elif isinstance(condition, Not):
        yield from compares(condition.item)
    else:
        for item in condition.items:
            yield from compares(item)


def reads(condition: Condition) -> tuple[str, ...]:
    """Return every fact path *condition* reads, in order of first appearance."""
    seen: dict[str, None] = {}
    for node in compares(condition):
        seen[node.path] = None
        if isinstance(node.value, FactRef):
            seen[node.value.path] = None
    return tuple(seen)


def establishes(condition: Condition, vocabulary: Vocabulary = BUILT_IN) -> frozenset[str]:
    """Return the presence keys that hold whenever *condition* holds (a safe under-estimate)."""
    if isinstance(condition, AllOf):
        return frozenset().union(*(establishes(i, vocabulary) for i in condition.items))
    if isinstance(condition, AnyOf):
        return frozenset.intersection(*(establishes(i, vocabulary) for i in condition.items))
    if isinstance(condition, Not):
        return frozenset()
    spec = vocabulary[condition.path]
    keys: set[str] = set()
    if OPERATOR_TABLE[condition.op].proves_presence(condition.value):
        keys.update(spec.presence)
        if isinstance(condition.value, FactRef):
            keys.update(vocabulary[condition.value.path].presence)
    if spec.type == "bool" and (
        (condition.op == "==" and condition.value is True)
        or (condition.op == "!=" and condition.value is False)
    ):
        keys.update(spec.establishes)
    return frozenset(keys)


def negated_compare(node: Compare) -> Compare | None:
    """The test that holds exactly when *node* does not, on a fact that is there.

    ``present`` flips its flag; ``contains`` has no such test (``None``).
    """
    op = OPERATOR_TABLE[node.op]
    if node.op == "present":
        return Compare(node.path, "present", not node.value, node.line, node.column)
    if op.negation is None:
        return None
    return Compare(node.path, op.negation, node.value, node.line, node.column)


def negate(node: Condition, vocabulary: Vocabulary = BUILT_IN) -> Condition:
    """Return a condition that holds exactly when *node* does not (``not`` pushed inwards)."""
    if isinstance(node, Not):
        return node.item
    if isinstance(node, AllOf):
        return AnyOf(tuple(negate(i, vocabulary) for i in node.items))
    if isinstance(node, AnyOf):
        return AllOf(tuple(negate(i, vocabulary) for i in node.items))
    flipped = negated_compare(node)
    if flipped is None:
        return Not(node)
    # When a fact being absent also makes *node* fail (the one tested, or the one it is
    # compared with), its negation holds then too.
    absent_fails = node.op != "present" and not OPERATOR_TABLE[node.op].on_absent(node.value)
    if not absent_fails:
        return flipped
    paths = [node.path] + ([node.value.path] if isinstance(node.value, FactRef) else [])
    absent = tuple(
        Compare(path, "present", False, node.line, node.column)
        for path in dict.fromkeys(paths)
        if vocabulary[path].nullable
    )
    return AnyOf((flipped, *absent)) if absent else flipped


def disjuncts(
    node: Condition,
    vocabulary: Vocabulary = BUILT_IN,
    spend: Callable[[int], object] | None = None,
) -> list[tuple[Condition, ...]] | None:
    """Expand *node* into alternatives, each a conjunction of comparisons (or opaque ``not`` s).

    ``None`` when there would be more than :data:`MAX_DISJUNCTS` of them: the
    callers cannot tell whether such a condition holds (lint treats it as
    unknown, never as impossible). *spend*, if given, is told how many items the
    alternatives of each ``all`` hold before they are made, so that a caller
    can stop a condition whose expansion is large (aliases in YAML make a short
    text stand for a large tree).
    """
    if isinstance(node, Not):
        inner = node.item
        if isinstance(inner, Compare) and negated_compare(inner) is None:
            return [(node,)]  # opaque: the analysis does not look inside lists
        return disjuncts(negate(inner, vocabulary), vocabulary, spend)
    if isinstance(node, AnyOf):
        if spend is not None:
            spend(len(node.items))
        found: list[tuple[Condition, ...]] = []
        for item in node.items:
            options = disjuncts(item, vocabulary, spend)
            if options is None or len(found) + len(options) > MAX_DISJUNCTS:
                return None
            found += options
        return found
    if isinstance(node, AllOf):
        # Items with one alternative are shared by every alternative: gather them
        # once, so that a long 'all' costs its length, not its length squared.
        fixed: list[Condition] = []
        varying: list[list[tuple[Condition, ...]]] = []
        count = 1
        for item in node.items:
            options = disjuncts(item, vocabulary, spend)
            if options is None:
                return None
            if len(options) == 1:
                fixed += options[0]
                continue
            count *= len(options)
            if count > MAX_DISJUNCTS:
                return None
            varying.append(options)
        if spend is not None:
            size = len(fixed) + sum(max(map(len, o), default=0) for o in varying)
            spend(len(node.items) + count * size)
        shared = tuple(fixed)
        return [
            shared + tuple(itertools.chain.from_iterable(combo))
            for combo in itertools.product(*varying)
        ]
    return [(node,)]
