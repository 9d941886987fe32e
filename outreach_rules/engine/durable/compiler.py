"""The durable_rules compiler: a pack as a durable_rules ruleset, and the fact to post.

* **The compiler** (pure Python, needs no durable_rules): :func:`durable_ruleset`
  turns a loaded :class:`~outreach_rules.packs.pack.Pack` into durable_rules' JSON
  ruleset form, one durable rule per pack rule, and says which facts an
  application must post. What durable_rules cannot state directly is
  computed before posting: dates become day numbers, absence becomes a
  ``present:PATH`` flag, a comparison of two numbers or dates becomes their
  difference ``diff:A:B``. ``not`` is pushed down to the tests, using the
  absent-fact semantics of the pack language. Packs over durable_rules'
  fixed limits are refused with a :class:`~outreach_rules.errors.PackError`
  (code ``engine-limit``) naming the rule.
* **The runtime** (:mod:`.session`, which
  imports durable_rules lazily) asserts one application as one fact in a
  fresh session and collects the rules whose actions ran.

The mapping is documented in ``docs/engines.md``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, final

from ...errors import PackError, wrong_type
from ...language.conditions import AllOf, AnyOf, Compare, Condition, FactRef, Not
from ...language.operators import OPERATOR_TABLE
from ...model.application import Application
from ...model.facts import Facts
from ...model.vocabulary import FactSpec, Vocabulary
from ...packs.pack import Pack, Rule
from .network import cost, stack_height

__all__ = [
    "INSTALL_HINT",
    "MAX_EXPRESSIONS_PER_RULE",
    "MAX_FACT_PROPERTIES",
    "MAX_MATCHING_STACK",
    "MAX_RULES",
    "SENTINEL",
    "DurableRuleset",
    "compile_pack",
    "durable_ruleset",
]

INSTALL_HINT = (
    "pip install 'outreach-rules[durable]' (from a checkout of the repository: "
    "pip install -e '.[durable]'); durable_rules runs on CPython 3.11 and 3.12"
)
"""How to install the optional engine."""

MAX_RULES: Final = 128
"""The most rules a pack may have for durable_rules (its per-node lists hold 128 entries)."""

MAX_EXPRESSIONS_PER_RULE: Final = 31
"""Entries durable_rules keeps per rule: 2 per ``all``/``any`` group, 1 per fact-to-fact test."""

MAX_FACT_PROPERTIES: Final = 250
"""The most properties of one posted fact (durable_rules: 255, with ``sid`` and ``id``)."""

MAX_MATCHING_STACK: Final = 56
"""The most tests the durable engine lets be pending at once (durable_rules' stack holds 64)."""

MAX_POSTED_TEXT: Final = 1_024
"""The most UTF-8 bytes of a text posted as it is; longer ones are posted as their SHA-256
(durable_rules compares text by a 16-bit length: past 65,535 bytes it sees a prefix)."""

MARKER: Final = "posted"
"""A property every posted fact has; rules without a condition test it."""

SENTINEL: Final = "_posted"
"""A durable rule that matches every posted fact, so that no post is ever 'not handled'."""


# --- values ------------------------------------------------------------------


def _text(value: str) -> str:
    r"""Return *value* as durable_rules can hold it, injectively.

    durable_rules takes UTF-8 text; a string that cannot be encoded (a lone
    surrogate) is posted as ``"\\x00"`` plus the hex of its bytes, and so is
    any string that itself starts with ``"\\x00"`` or ``"\\x01"``, so that no two
    strings meet. durable_rules compares text by a 16-bit length (a text of
    65,536 bytes equals its short prefix): a form longer than
    :data:`MAX_POSTED_TEXT` bytes is posted as ``"\\x01"`` plus its SHA-256.
    Text is only ever tested for equality (``==``, ``!=``, ``in``, ``not in``,
    ``contains``), which the digest keeps.
    """
    if value.isascii() and not value.startswith(("\x00", "\x01")):
        form = value
    else:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            form = ""
        else:
            form = "" if value.startswith(("\x00", "\x01")) else value
        if not form:
            form = "\x00" + value.encode("utf-8", "surrogatepass").hex()
    if len(form) > MAX_POSTED_TEXT // 4 and len(form.encode("utf-8")) > MAX_POSTED_TEXT:
        return "\x01" + hashlib.sha256(form.encode("utf-8")).hexdigest()
    return form


def _encode(kind: str, value: Any) -> Any:
    """Return a fact value or literal of type *kind* in its posted form."""
    if kind == "date":
        assert isinstance(value, date)
        return value.toordinal()
    if kind in ("str", "enum"):
        return _text(value)
    return value


def _encode_fact(spec: FactSpec, value: Any) -> Any:
    if spec.type == "object" or (spec.type == "list" and spec.item_type == "object"):
        return True  # only its presence can be tested
    if spec.type == "list":
        return [_encode(spec.item_type or "str", item) for item in value]
    return _encode(spec.type, value)


def _may_be_absent(spec: FactSpec) -> bool:
    # Empty text and empty lists read as absent even where the model requires a value.
    return spec.nullable or spec.type in ("str", "list")


# --- the posted fact -----------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class _Slot:
    """One property of the posted fact: a value, a presence flag, or a difference."""

    key: str
    kind: str  # "value", "present" or "diff"
    path: str
    other: str = ""
    spec: FactSpec | None = field(default=None, compare=False)  # for "value": how to encode

    def value(self, facts: Mapping[str, Any]) -> Any:
        """Return what to post for *facts*, or ``None`` to leave the property out."""
        seen = facts[self.path]
        if self.kind == "present":
            return seen is not None
        if seen is None:
            return None
        if self.kind == "value":
            assert self.spec is not None
            return _encode_fact(self.spec, seen)
        other = facts[self.other]
        if other is None:
            return None
        if isinstance(seen, date):
            return (seen - other).days
        return int(seen) - int(other)


class _Builder:
    """Collects the slots a ruleset's conditions need while they compile."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.slots: dict[str, _Slot] = {}

    def spec(self, path: str) -> FactSpec:
        return self.vocabulary[path]

    def may_be_absent(self, path: str) -> bool:
        return _may_be_absent(self.vocabulary[path])

    def value(self, path: str) -> str:
        self.slots.setdefault(path, _Slot(path, "value", path, spec=self.vocabulary[path]))
        return path

    def absent(self, path: str) -> dict[str, Any]:
        key = f"present:{path}"
        self.slots.setdefault(key, _Slot(key, "present", path))
        return {key: False}

    def diff(self, path: str, other: str) -> str:
        key = f"diff:{path}:{other}"
        self.slots.setdefault(key, _Slot(key, "diff", path, other))
        return key

    def exists(self, path: str) -> dict[str, Any]:
        return {"$ex": {self.value(path): 1}}


# --- conditions ----------------------------------------------------------------


def _group(op: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    flat: list[dict[str, Any]] = []
    for item in items:
        flat.extend(item[op] if set(item) == {op} else [item])
    return flat[0] if len(flat) == 1 else {op: flat}


def _all(items: list[dict[str, Any]]) -> dict[str, Any]:
    return _group("$and", items) if items else {MARKER: 1}


def _any(items: list[dict[str, Any]]) -> dict[str, Any]:
    return _group("$or", items) if items else {MARKER: 0}


def _compare(key: str, op: str, value: Any) -> dict[str, Any]:
    durable = OPERATOR_TABLE[op].durable
    assert durable is not None  # called for the plain comparisons only
    if durable == "$eq":  # durable_rules writes equality as a plain property test
        return {key: value}
    return {durable: {key: value}}


def _or_absent(paths: tuple[str, ...], test: dict[str, Any], b: _Builder) -> dict[str, Any]:
    """*test*, or any of *paths* absent (what ``!=`` and the negated tests mean)."""
    return _any([*(b.absent(p) for p in paths if b.may_be_absent(p)), test])


def _leaf(node: Compare, negated: bool, b: _Builder) -> dict[str, Any]:
    path, op, value = node.path, node.op, node.value
    spec = b.spec(path)
    if op == "present":
        wanted = bool(value) != negated
        return b.exists(path) if wanted else _absent_or_never(path, b)
    if op == "contains":
        item = _encode(spec.item_type or "str", value)
        if not negated:
            return {"$iany": {b.value(path): {"$i": item}}}
        return _or_absent((path,), {"$iall": {b.value(path): {"$neq": {"$i": item}}}}, b)
    # An absent fact satisfies only '!=' and 'not in'; under 'not', everything else.
    absent_ok = OPERATOR_TABLE[op].on_absent(value) != negated
    if negated:
        op = _negation(op)
    if isinstance(value, FactRef):
        return _fact_ref(path, op, value, absent_ok, b)
    if op == "in":
        test = _any([{b.value(path): _encode(spec.type, v)} for v in value])
    elif op == "not in":
        test = _all([{"$neq": {b.value(path): _encode(spec.type, v)}} for v in value])
    else:
        test = _compare(b.value(path), op, _encode(spec.type, value))
    return _or_absent((path,), test, b) if absent_ok else test


def _negation(op: str) -> str:
    negation = OPERATOR_TABLE[op].negation
    assert negation is not None  # only contains and present have none, handled before
    return negation


def _absent_or_never(path: str, b: _Builder) -> dict[str, Any]:
    return b.absent(path) if b.may_be_absent(path) else {MARKER: 0}


def _fact_ref(path: str, op: str, ref: FactRef, absent_ok: bool, b: _Builder) -> dict[str, Any]:
    """``path op ref`` when both are there; with either absent, *absent_ok*."""
    both = (path, ref.path)
    if b.spec(path).type in ("int", "date"):
        # a op b + days  <=>  (a - b) op days, posted only when both are there.
        test = _compare(b.diff(path, ref.path), op, ref.shift)
    else:  # text, choices and booleans: == and != only, compared inside durable_rules
        test = _compare(b.value(path), op, {"$m": b.value(ref.path)})
        if not absent_ok:
            # durable_rules compares a missing property unreliably: require both.
            test = _all([*(b.exists(p) for p in both if b.may_be_absent(p)), test])
    return _or_absent(both, test, b) if absent_ok else test


def _expression(node: Condition, negated: bool, b: _Builder) -> dict[str, Any]:
    """Return the durable_rules expression of *node* (of ``not node`` when *negated*)."""
    if isinstance(node, Compare):
        return _leaf(node, negated, b)
    if isinstance(node, Not):
        return _expression(node.item, not negated, b)
    items = [_expression(item, negated, b) for item in node.items]
    conjunction = isinstance(node, AllOf) != negated  # De Morgan
    if isinstance(node, AnyOf | AllOf) and conjunction:
        return _all(items)
    return _any(items)


# --- the ruleset ---------------------------------------------------------------

Rewrite = Callable[[Rule, dict[str, Any]], dict[str, Any]]


@final
@dataclass(frozen=True, slots=True, eq=False)
class DurableRuleset:
    """A pack compiled to durable_rules' JSON ruleset form.

    ``rules`` maps each pack rule's id to its durable rule, ``{"all": [{"m":
    EXPRESSION}]}``, without the ``run`` callbacks; ``name`` is derived from
    their content, so one ruleset is registered once per process however many
    packs compile to it. :meth:`fact` gives what to post for one application.
    """

    name: str
    pack: str
    rules: Mapping[str, Any] = field(repr=False)
    slots: tuple[_Slot, ...] = field(repr=False)
    # How the pack reads an application: its vocabulary, settings and custom facts.
    facts_for: Callable[[Application, date], Facts] = field(repr=False, compare=False)

    def definition(self) -> dict[str, Any]:
        """Return a fresh copy of the JSON ruleset, with the sentinel rule every fact matches."""
        rules: dict[str, Any] = json.loads(json.dumps(dict(self.rules)))
        rules[SENTINEL] = {"all": [{"m": {MARKER: 1}}]}
        return rules

    def fact(self, app: Application, today: date) -> dict[str, Any]:
        """Return the fact to post for *app* on *today* (without ``sid``)."""
        return self.post(self.facts_for(app, today))

    def post(self, facts: Mapping[str, Any]) -> dict[str, Any]:
        """Return the fact to post for already resolved *facts* (without ``sid``)."""
        posted: dict[str, Any] = {MARKER: 1}
        for slot in self.slots:
            value = slot.value(facts)
            if value is not None:
                posted[slot.key] = value
        return posted


def _limit(
    problem: str, hint: str, rule: Rule | None = None, pack: Pack | None = None
) -> PackError:
    return PackError(
        problem,
        file=rule.file if rule else (pack.files[0] if pack and pack.files else None),
        line=rule.line if rule else None,
        rule_id=rule.id if rule else None,
        hint=hint,
        code="engine-limit",
    )


def compile_pack(pack: Pack, *, rewrite: Rewrite | None = None) -> DurableRuleset:
    """Compile *pack*; *rewrite* may change each rule's expression (a hook for tests).

    Raises:
        PackError: ``engine-limit``, the pack is over one of durable_rules' limits.
    """
    if len(pack.rules) > MAX_RULES:
        raise _limit(
            f"the pack has {len(pack.rules)} rules; the durable engine takes at most {MAX_RULES}",
            "split the pack, or use the native engine",
            pack=pack,
        )
    builder = _Builder(pack.facts)
    rules: dict[str, Any] = {}
    for rule in pack.rules:
        expr = _expression(rule.when, False, builder)
        if rewrite is not None:
            expr = rewrite(rule, expr)
        entries = cost(expr)
        if entries > MAX_EXPRESSIONS_PER_RULE:
            raise _limit(
                f"the condition is too complex for durable_rules: it needs {entries} expression "
                f"entries and durable_rules keeps {MAX_EXPRESSIONS_PER_RULE} per rule (each "
                "'all' or 'any' group takes 2, and so does each '!=', 'not in' or 'not' of a "
                "fact that may be absent)",
                "split the rule into several rules, or use the native engine",
                rule=rule,
            )
        rules[rule.id] = {"all": [{"m": expr}]}
    height = stack_height([rule["all"][0]["m"] for rule in rules.values()] + [{MARKER: 1}])
    if height > MAX_MATCHING_STACK:
        raise _limit(
            f"up to {height} of the pack's tests can hold at once, and the durable engine "
            f"takes at most {MAX_MATCHING_STACK} (durable_rules' matching stack holds 64)",
            "make rules share their first tests, use fewer rules, or use the native engine",
            pack=pack,
        )
    slots = tuple(sorted(builder.slots.values()))
    if len(slots) + 1 > MAX_FACT_PROPERTIES:
        raise _limit(
            f"the pack's conditions need {len(slots) + 1} properties in the posted fact; "
            f"durable_rules takes at most {MAX_FACT_PROPERTIES}",
            "read fewer facts, or use the native engine",
            pack=pack,
        )
    content = json.dumps({"rules": rules, "slots": [s.key for s in slots]}, sort_keys=True)
    name = "outreach-" + hashlib.sha256(content.encode()).hexdigest()[:32]
    return DurableRuleset(
        name=name, pack=pack.name, rules=rules, slots=slots, facts_for=pack.facts_for
    )


MAX_COMPILED: Final = 64
"""The most compiled packs kept for reuse; a compiled pack holds its pack (its ``facts_for``)."""

_COMPILED: OrderedDict[str, DurableRuleset] = OrderedDict()
_COMPILED_LOCK = threading.Lock()


def durable_ruleset(pack: Pack) -> DurableRuleset:
    """Return *pack* compiled for durable_rules (once per pack content and process).

    It needs no durable_rules installed: call it right after loading a pack
    to learn early whether the durable engine takes it.

    Raises:
        PackError: ``engine-limit``, the pack is over one of durable_rules' limits.
    """
    if not isinstance(pack, Pack):
        raise wrong_type("durable_ruleset", "pack", "a Pack (see load_pack)", pack)
    with _COMPILED_LOCK:
        compiled = _COMPILED.get(pack.digest)
        if compiled is not None:
            _COMPILED.move_to_end(pack.digest)
            return compiled
    compiled = compile_pack(pack)
    with _COMPILED_LOCK:
        _COMPILED[pack.digest] = compiled
        while len(_COMPILED) > MAX_COMPILED:
            _COMPILED.popitem(last=False)
    return compiled
