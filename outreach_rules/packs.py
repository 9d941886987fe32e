"""Rule packs: loading, composition (``extends``), validation and compilation.

:func:`load_pack` reads a YAML pack, follows ``extends``, checks every fact
path, operator, value, template and action id against the fact vocabulary and
the action catalogue, and returns an immutable :class:`Pack` whose rules are
compiled once. Evaluation only reads it, so one pack may serve many threads.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from ._modelpath import field_keys, model_at
from .actions import ACTIONS, ActionSpec, check_action
from .conditions import (
    ALWAYS,
    Condition,
    FactRef,
    Test,
    compile_condition,
    establishes,
    fact_spec,
    parse_condition,
    reads,
)
from .embedded import Example, Invariant, compile_example, compile_invariant
from .errors import PackError, UnknownRuleError, did_you_mean, short_repr
from .limits import DEFAULT_LIMITS, Limits
from .matcher import Matcher
from .packfile import InvariantDoc, PackFile, RuleDoc
from .templates import Template, TemplateSyntaxError, parse_template
from .vocabulary import FACT_SPECS
from .yamlsource import Mark, Site, YamlMap, YamlSeq, gc_paused, mark_at, parse_yaml

__all__ = [
    "Block",
    "Pack",
    "Rule",
    "Then",
    "default_pack",
    "load_pack",
    "load_pack_text",
    "shipped_packs",
]


@dataclass(frozen=True, slots=True)
class Then:
    """A compiled recommendation: the action, the explanation template, and its parameters."""

    action: str
    because: Template
    channel: str | None = None
    contact: Template | None = None
    not_before: FactRef | None = None
    due_by: FactRef | None = None
    script: Template | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A compiled block: the action ruled out and the reason shown."""

    action: str
    reason: Template


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: checked, immutable, with its condition compiled to ``test``.

    ``when`` keeps the declarative condition tree for analysis; ``reads`` lists
    every fact the rule uses (condition, templates, dates), whose values a
    recommendation reports.
    """

    id: str
    description: str
    priority: int
    when: Condition
    then: Then | None
    source: str
    house_default: bool
    blocks: tuple[Block, ...]
    file: str
    line: int | None
    reads: tuple[str, ...]
    test: Test = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True, eq=False)
class Pack:
    """A loaded, validated and compiled rule pack (immutable).

    ``rules`` are in pack order (inherited rules first, in their parent's
    order); ``ranked`` is the order rules are considered in: priority, highest
    first, ties in pack order. ``digest`` identifies the pack's content (its
    rules and actions). ``examples`` are the pack file's own worked examples;
    ``invariants`` the properties its decisions must have, inherited ones
    first (see :mod:`outreach_rules.embedded`).
    """

    name: str
    version: str
    description: str
    rules: tuple[Rule, ...]
    actions: Mapping[str, ActionSpec]
    files: tuple[str, ...]
    digest: str
    ranked: tuple[Rule, ...] = field(repr=False)
    examples: tuple[Example, ...] = field(default=(), repr=False)
    invariants: tuple[Invariant, ...] = field(default=(), repr=False)
    # How the pack was loaded, so that pickling (for worker processes) can load it again.
    _recipe: tuple[Any, ...] | None = field(default=None, repr=False)
    # Built from 'ranked' when the pack is made (see outreach_rules.matcher).
    _matcher: Matcher = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_matcher", Matcher(self.ranked))

    def match(self, facts: Mapping[str, Any]) -> list[Rule]:
        """Return the rules whose condition holds on *facts*, in ranked order.

        *facts* is a :class:`~outreach_rules.vocabulary.Facts` (or any mapping
        of every fact path the pack reads). This is step 1 of a decision.
        """
        return self._matcher(facts)

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with id *rule_id*.

        Raises:
            UnknownRuleError: no rule has that id (a ``KeyError`` too), with a suggestion.
        """
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise UnknownRuleError(rule_id, self.name, did_you_mean(rule_id, self.rule_ids))

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The ids of the rules, in pack order."""
        return tuple(r.id for r in self.rules)

    def __repr__(self) -> str:
        return f"<Pack {self.name} {self.version}: {len(self.rules)} rules>"

    def __reduce__(self) -> tuple[Any, ...]:
        # Compiled rules hold closures, which do not pickle: a pack travels to
        # another process as the recipe that loaded it, and is loaded again there.
        if self._recipe is None:
            raise TypeError(f"{self!r} was not made by load_pack or load_pack_text: cannot pickle")
        return (_reload, self._recipe)


# --- reading -----------------------------------------------------------------


def _shipped_dir() -> Traversable:
    """The folder of shipped packs: inside the installed package, or the source checkout's."""
    inside = resources.files("outreach_rules").joinpath("rulesets")
    if inside.is_dir():
        return inside
    # Running from a source checkout: the packs live at the top of the repository.
    return Path(__file__).resolve().parent.parent / "rulesets"


def shipped_packs() -> tuple[str, ...]:
    """Return the names of the packs shipped with the library."""
    return tuple(
        sorted(
            p.name.removesuffix(".yaml")
            for p in _shipped_dir().iterdir()
            if p.name.endswith(".yaml")
        )
    )


def _read_text(path: Path | Traversable, display: str, limits: Limits) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PackError("pack file not found", file=display, code="not-found") from None
    except OSError as exc:
        raise PackError(
            f"cannot read the pack: {exc.strerror or exc}", file=display, code="not-found"
        ) from None
    if len(data) > limits.max_pack_bytes:
        raise PackError(
            f"the pack is {len(data):,} bytes; the limit is {limits.max_pack_bytes:,}",
            file=display,
            code="too-large",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(
            f"the pack is not UTF-8 text ({exc.reason} at byte {exc.start})",
            file=display,
            code="encoding",
        ) from None


@dataclass(frozen=True, slots=True)
class _Loading:
    """What one load_pack call allows: the folder extends may read, and the limits."""

    base_dir: Path | None
    limits: Limits
    recipe: tuple[Any, ...] | None = None  # how to load the pack again (Pack.__reduce__)


@dataclass(frozen=True, slots=True)
class _Source:
    """One pack document as read: its model, its raw YAML (for positions) and where from."""

    doc: PackFile
    raw: YamlMap
    file: str
    folder: Path | None
    shipped: bool


def _parse_document(
    text: str, file: str, folder: Path | None, shipped: bool, limits: Limits
) -> _Source:
    raw = parse_yaml(text, filename=file, limits=limits)
    if not isinstance(raw, YamlMap):
        raise PackError(
            "a pack must be a YAML mapping with at least 'name' and 'rules' "
            f"(got {type(raw).__name__})",
            file=file,
            line=1,
            code="bad-pack",
        )
    try:
        doc = PackFile.model_validate(raw)
    except ValidationError as exc:
        raise _structure_error(exc, raw, file) from None
    return _Source(doc, raw, file, folder, shipped)


def _structure_error(exc: ValidationError, raw: YamlMap, file: str) -> PackError:
    errors = exc.errors(include_url=False)
    err = errors[0]
    loc = tuple(err["loc"])
    rule_id = None
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = raw.get("rules")
        if isinstance(rules, YamlSeq) and loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            found = rules[loc[1]].get("id")
            rule_id = str(found) if found is not None else f"#{loc[1] + 1}"
    where = ".".join(str(p) for p in loc)
    mark = mark_at(raw, loc)
    hint = None
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = model_at(PackFile, loc[:-1])
        keys = field_keys(parent) if parent else []
        guess = did_you_mean(str(loc[-1]), keys)
        problem = f"unknown key {loc[-1]!r}"
        hint = f"did you mean {guess!r}?" if guess else f"allowed keys: {', '.join(keys)}"
        code = "unknown-key"
    elif kind == "missing":
        problem = f"missing required key {loc[-1]!r}"
        code = "missing-key"
    else:
        problem = f"{where}: {err['msg']} (got {short_repr(err.get('input'))})"
        code = "bad-value"
        if kind == "string_type" and isinstance(err.get("input"), int | float):
            hint = "quote it"
        if kind == "string_pattern_mismatch":
            problem = f"{where}: {short_repr(err.get('input'))} is not a valid identifier"
            hint = "use letters, digits, '-', '_' and '.', starting with a letter or digit"
    more = len(errors) - 1
    if more:
        problem += f" (and {more} more problem{'s' if more > 1 else ''})"
    return PackError(
        problem,
        file=file,
        line=mark.line if mark else None,
        column=mark.column if mark else None,
        rule_id=rule_id,
        hint=hint,
        code=code,
    )


# --- composition -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _RuleEntry:
    doc: RuleDoc
    raw: YamlMap
    file: str


@dataclass(frozen=True, slots=True)
class _InvariantEntry:
    doc: InvariantDoc
    raw: YamlMap
    file: str


@dataclass
class _Collected:
    """What a pack and everything it extends add up to, before compilation."""

    rules: list[_RuleEntry]
    actions: dict[str, ActionSpec]
    invariants: list[_InvariantEntry]


def _resolve_extends(
    ref: str, child: _Source, base_dir: Path | None, mark: Mark | None
) -> tuple[Path | Traversable, str, Path | None, bool]:
    site = Site(child.file)
    shipped = _shipped_dir()
    if "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml")):
        candidate = shipped.joinpath(f"{ref}.yaml")
        if not candidate.is_file():
            guess = did_you_mean(ref, shipped_packs())
            raise site.error(
                f"extends {ref!r}: there is no shipped pack of that name",
                mark,
                code="unknown-pack",
                hint=f"did you mean {guess!r}?"
                if guess
                else "give a path such as ./base.yaml, or one of: " + ", ".join(shipped_packs()),
            )
        return candidate, f"<shipped>/{ref}.yaml", None, True
    if child.shipped:
        candidate = shipped.joinpath(ref)
        return candidate, f"<shipped>/{ref}", None, True
    if child.folder is None:
        raise site.error(
            f"extends {ref!r}: a pack given as text can only extend a shipped pack "
            "unless a base_dir is given",
            mark,
            code="extends-path",
        )
    path = (child.folder / ref).resolve()
    allowed = (base_dir or child.folder).resolve()
    if not path.is_relative_to(allowed):
        raise site.error(
            f"extends {ref!r} points outside the folder packs may be read from ({allowed})",
            mark,
            code="extends-path",
            hint="pass base_dir= to load_pack (--base-dir on the command line) "
            "to allow a wider folder",
        )
    return path, os.fspath(path), path.parent, False


def _collect(source: _Source, loading: _Loading, chain: tuple[str, ...]) -> _Collected:
    """Return the merged rules, custom actions and invariants of *source* and its parents."""
    doc = source.doc
    site = Site(source.file)
    rules: list[_RuleEntry] = []
    actions: dict[str, ActionSpec] = {}
    invariants: list[_InvariantEntry] = []
    if doc.extends is not None:
        mark = source.raw.key_marks.get("extends")
        target, display, folder, shipped = _resolve_extends(
            doc.extends, source, loading.base_dir, mark
        )
        depth = loading.limits.max_extends_depth
        if display in chain or len(chain) >= depth:
            raise site.error(
                f"extends {doc.extends!r} makes a cycle: {' -> '.join((*chain, display))}"
                if display in chain
                else f"more than {depth} packs deep in extends",
                mark,
                code="extends-cycle",
            )
        text = _read_text(target, display, loading.limits)
        parent = _parse_document(text, display, folder, shipped, loading.limits)
        parents = _collect(parent, loading, (*chain, display))
        rules, actions, invariants = parents.rules, parents.actions, parents.invariants
    elif doc.disable:
        raise site.error(
            "'disable' removes inherited rules, but this pack extends nothing",
            source.raw.key_marks.get("disable"),
            code="disable-without-extends",
        )
    inherited = [entry.doc.id for entry in rules] + [entry.doc.id for entry in invariants]
    disabled_marks = source.raw.get("disable")
    for index, rule_id in enumerate(doc.disable):
        if rule_id not in inherited:
            guess = did_you_mean(rule_id, inherited)
            mark = disabled_marks.item_marks[index] if isinstance(disabled_marks, YamlSeq) else None
            raise site.error(
                f"disable {rule_id!r}: no inherited rule or invariant has that id",
                mark,
                code="unknown-rule",
                hint=f"did you mean {guess!r}?" if guess else None,
            )
    rules = [entry for entry in rules if entry.doc.id not in doc.disable]
    invariants = [entry for entry in invariants if entry.doc.id not in doc.disable]
    raw_invariants = source.raw.get("invariants")
    taken = {entry.doc.id for entry in invariants}
    for index, invariant in enumerate(doc.invariants):
        raw_inv = raw_invariants[index] if isinstance(raw_invariants, YamlSeq) else YamlMap()
        if invariant.id in taken:
            raise site.error(
                f"invariant {invariant.id!r}: the id is already used by another invariant",
                raw_inv.key_marks.get("id", raw_inv.mark),
                code="duplicate-invariant",
                hint="give each invariant its own id; 'disable' an inherited one to replace it",
            )
        taken.add(invariant.id)
        invariants.append(_InvariantEntry(invariant, raw_inv, source.file))
    for action_id, action in doc.actions.items():
        if action_id in ACTIONS:
            raise site.error(
                f"action {action_id!r} is built in; a pack cannot redefine it",
                _raw_key_mark(source.raw, "actions", action_id),
                code="duplicate-action",
            )
        actions[action_id] = ActionSpec(action_id, action.title, action.description)
    raw_rules = source.raw.get("rules")
    seen: dict[str, int] = {}
    position = {entry.doc.id: i for i, entry in enumerate(rules)}
    for index, rule in enumerate(doc.rules):
        raw = raw_rules[index] if isinstance(raw_rules, YamlSeq) else YamlMap()
        if rule.id in seen:
            raise Site(source.file, rule.id).error(
                f"duplicate rule id (first used by rule #{seen[rule.id] + 1})",
                raw.key_marks.get("id", raw.mark),
                code="duplicate-rule",
                hint="give each rule its own id; to replace an inherited rule, reuse its id once",
            )
        seen[rule.id] = index
        entry = _RuleEntry(rule, raw, source.file)
        if rule.id in position:
            rules[position[rule.id]] = entry  # an override keeps the inherited rule's place
        else:
            position[rule.id] = len(rules)
            rules.append(entry)
    return _Collected(rules, actions, invariants)


def _raw_key_mark(raw: YamlMap, *keys: str) -> Mark | None:
    node: Any = raw
    mark = raw.mark
    for key in keys:
        if not isinstance(node, YamlMap) or key not in node:
            break
        mark = node.key_mark(key, mark)
        node = node[key]
    return mark


# --- compilation -------------------------------------------------------------


# Where a part of a rule is, worked out only when an error needs it: a large
# pack's rules are almost all fine, and finding each position up front cost a
# tenth of compiling them.
_Where = Callable[[], Mark | None]


def _template(text: str, site: Site, where: _Where, proven: frozenset[str], what: str) -> Template:
    try:
        template = parse_template(text)
    except TemplateSyntaxError as exc:
        raise site.error(f"{what}: {exc}", where(), code="bad-template") from None
    for placeholder in template.placeholders:
        spec = FACT_SPECS.get(placeholder.path) or fact_spec(placeholder.path, site, where())
        if spec.type == "object" or spec.item_type == "object":
            raise site.error(
                f"{what}: {{{spec.path}}} is a group of facts and cannot be shown as text",
                where(),
                code="bad-template",
                hint="name one of its fields",
            )
        if placeholder.fallback is None and not set(spec.presence) <= proven:
            raise site.error(
                f"{what}: {{{spec.path}}} may be absent when this rule fires",
                where(),
                code="unfilled-placeholder",
                hint=f"give a fallback ({{{spec.path}|text}}) or require it in 'when' "
                f"({spec.path}: {{present: true}})",
            )
    return template


def _date_ref(value: Any, site: Site, where: _Where, what: str) -> FactRef | None:
    if value is None:
        return None
    mark = where()
    if isinstance(value, str):
        value = {"fact": value}
    if not isinstance(value, Mapping) or "fact" not in value or not set(value) <= {"fact", "days"}:
        raise site.error(
            f"{what} must be a date fact (e.g. follow_up_due_on) or {{fact: path, days: N}} "
            f"(got {short_repr(value)})",
            mark,
            code="bad-date",
        )
    spec = fact_spec(str(value["fact"]), site, mark)
    days = value.get("days", 0)
    if spec.type != "date":
        raise site.error(f"{what}: {spec.path!r} is not a date", mark, code="bad-date")
    if not isinstance(days, int) or isinstance(days, bool):
        raise site.error(
            f"{what}: 'days' must be a whole number (got {short_repr(days)})", mark, code="bad-date"
        )
    return FactRef(spec.path, days)


def _source_text(value: Any, site: Site, where: _Where) -> tuple[str, bool]:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split()), False
    if isinstance(value, Mapping) and set(value) == {"house_default"}:
        reason = value["house_default"]
        if isinstance(reason, str) and reason.strip():
            return f"house default: {' '.join(reason.split())}", True
    raise site.error(
        "'source' must quote the guidance passage the rule encodes, or be "
        f"{{house_default: why}} (got {short_repr(value)})",
        where(),
        code="bad-source",
    )


def _check_action(
    action: str, catalogue: Mapping[str, ActionSpec], site: Site, where: _Where
) -> None:
    if action not in catalogue:  # check_action only needs the position to say what is wrong
        check_action(action, catalogue, site, where())


def _item_at(seq: YamlSeq, index: int) -> _Where:
    return lambda: seq.item_mark(index)


def _compile_rule(entry: _RuleEntry, catalogue: Mapping[str, ActionSpec]) -> Rule:
    doc, raw = entry.doc, entry.raw
    site = Site(entry.file, doc.id)

    def at(*keys: str) -> _Where:
        return lambda: _raw_key_mark(raw, *keys)

    when = ALWAYS if doc.when is None else parse_condition(doc.when, site, at("when")())
    proven = establishes(when)
    if doc.then is None and not doc.blocks:
        raise site.error(
            "the rule has neither 'then' nor 'blocks': it does nothing", raw.mark, code="empty-rule"
        )
    then = None
    if doc.then is not None:
        _check_action(doc.then.action, catalogue, site, at("then", "action"))
        if doc.because is None:
            raise site.error(
                "a rule with 'then' needs 'because': the explanation users see",
                raw.mark,
                code="missing-key",
            )
        then = Then(
            action=doc.then.action,
            because=_template(doc.because, site, at("because"), proven, "because"),
            channel=doc.then.channel,
            contact=None
            if doc.then.contact is None
            else _template(doc.then.contact, site, at("then", "contact"), proven, "then.contact"),
            not_before=_date_ref(
                doc.then.not_before, site, at("then", "not_before"), "then.not_before"
            ),
            due_by=_date_ref(doc.then.due_by, site, at("then", "due_by"), "then.due_by"),
            script=None
            if doc.then.script is None
            else _template(doc.then.script, site, at("then", "script"), proven, "then.script"),
        )
    elif doc.because is not None:
        raise site.error(
            "'because' explains a recommendation, but this rule has no 'then'",
            at("because")(),
            code="unused-because",
            hint="put the explanation in each block's 'reason'",
        )
    raw_blocks = raw.get("blocks")
    blocks = []
    for index, block in enumerate(doc.blocks):
        block_at = _item_at(raw_blocks, index) if isinstance(raw_blocks, YamlSeq) else at("blocks")
        _check_action(block.action, catalogue, site, block_at)
        blocks.append(
            Block(block.action, _template(block.reason, site, block_at, proven, "blocks.reason"))
        )
    source, house = _source_text(doc.source, site, at("source"))
    used: dict[str, None] = dict.fromkeys(reads(when))
    templates = [t for t in (then.because, then.contact, then.script) if t] if then else []
    templates += [b.reason for b in blocks]
    for template in templates:
        used.update(dict.fromkeys(p.path for p in template.placeholders))
    for ref in (then.not_before, then.due_by) if then else ():
        if ref is not None:
            used[ref.path] = None
    return Rule(
        id=doc.id,
        description=doc.description,
        priority=doc.priority,
        when=when,
        then=then,
        source=source,
        house_default=house,
        blocks=tuple(blocks),
        file=entry.file,
        line=raw.mark.line if raw.mark else None,
        reads=tuple(used),
        test=compile_condition(when),
    )


def _as_json(value: Any) -> Any:
    # json's C encoder walks YamlMap and YamlSeq itself (dict and list subclasses
    # with text keys); only dates need help. Anything else fails as it always did.
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _digest(entries: list[_RuleEntry], own_actions: Mapping[str, ActionSpec]) -> str:
    """The pack's content hash: SHA-256 of the canonical JSON of its rules and own actions.

    Dates are written as ISO text. The C encoder writes it in one pass over
    the raw YAML values, without a plain copy of every rule first.
    """
    text = json.dumps(
        {
            "rules": [e.raw for e in entries],
            "actions": {k: [a.title, a.description] for k, a in own_actions.items()},
        },
        sort_keys=True,
        default=_as_json,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _build(source: _Source, loading: _Loading) -> Pack:
    # Called under the gc pause of _load or load_pack_text, which read the document too.
    collected = _collect(source, loading, (source.file,))
    entries, own_actions = collected.rules, collected.actions
    if len(entries) > loading.limits.max_rules:
        raise PackError(
            f"the pack has {len(entries):,} rules (with what it extends); the limit is "
            f"{loading.limits.max_rules:,}",
            file=source.file,
            hint="pass larger Limits(max_rules=...) if it is meant to be this large",
            code="too-many-rules",
        )
    catalogue: Mapping[str, ActionSpec] = MappingProxyType({**ACTIONS, **own_actions})
    rules = tuple(_compile_rule(entry, catalogue) for entry in entries)
    invariants = tuple(
        compile_invariant(e.doc, e.raw, e.file, catalogue) for e in collected.invariants
    )
    raw_examples = source.raw.get("examples")
    examples = tuple(
        compile_example(
            example,
            raw_examples[index] if isinstance(raw_examples, YamlSeq) else YamlMap(),
            source.file,
            catalogue,
        )
        for index, example in enumerate(source.doc.examples)
    )
    order = {rule.id: index for index, rule in enumerate(rules)}
    ranked = tuple(sorted(rules, key=lambda r: (-r.priority, order[r.id])))
    digest = _digest(entries, own_actions)
    doc = source.doc
    files = tuple(dict.fromkeys(rule.file for rule in rules)) or (source.file,)
    return Pack(
        name=doc.name,
        version=doc.version,
        description=doc.description,
        rules=rules,
        actions=catalogue,
        files=files,
        digest=digest,
        ranked=ranked,
        examples=examples,
        invariants=invariants,
        _recipe=loading.recipe,
    )


def _folder(base_dir: str | os.PathLike[str] | None) -> Path | None:
    return None if base_dir is None else Path(os.fspath(base_dir)).resolve()


def load_pack(
    source: str | os.PathLike[str],
    *,
    base_dir: str | os.PathLike[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Pack:
    """Load, validate and compile a rule pack.

    *source* is the name of a shipped pack (``"default"``) or the path of a
    YAML pack file. A pack's ``extends`` may name a shipped pack or a file
    relative to the pack; files outside the pack's own folder (or *base_dir*,
    when given) are refused. *limits* bound what the pack may ask for (see
    :class:`~outreach_rules.limits.Limits`).

    Raises:
        PackError: the pack is missing, malformed, too large, or refers to
            unknown facts, operators or actions; the message names the file,
            line and rule.
    """
    if not isinstance(source, str | os.PathLike):
        raise PackError(
            f"a pack is given by a file path or a shipped pack's name "
            f"(got {type(source).__name__})",
            code="bad-argument",
        )
    text = os.fspath(source)
    if text in shipped_packs() and not Path(text).exists():
        if limits == DEFAULT_LIMITS:
            return _load_shipped(text)  # compiled once per process
        resource = _shipped_dir().joinpath(f"{text}.yaml")
        loading = _Loading(None, limits, ("shipped", text, limits))
        return _load(resource, f"<shipped>/{text}.yaml", None, True, loading)
    path = Path(text)
    resolved, folder = path.resolve(), _folder(base_dir)
    loading = _Loading(folder, limits, ("path", text, str(resolved), folder, limits))
    return _load(path, text, resolved.parent, False, loading)


def load_pack_text(
    text: str,
    *,
    filename: str = "<string>",
    base_dir: str | os.PathLike[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Pack:
    """Load a pack from YAML *text*; *filename* is used in error messages.

    Without *base_dir* such a pack may only extend shipped packs; with it,
    relative ``extends`` paths are resolved inside *base_dir*.
    """
    if not isinstance(text, str):
        raise PackError(
            f"a pack's text must be a str (got {type(text).__name__})",
            file=filename,
            code="bad-argument",
        )
    folder = _folder(base_dir)
    with gc_paused():  # one pause for reading and compiling (see gc_paused)
        parsed = _parse_document(text, filename, folder, False, limits)
        return _build(parsed, _Loading(folder, limits, ("text", text, filename, folder, limits)))


def _reload(kind: str, *args: Any) -> Pack:
    """Load a pack again from the recipe :meth:`Pack.__reduce__` gave."""
    if kind == "shipped":
        name, limits = args
        return load_pack(name, limits=limits)
    if kind == "path":
        display, resolved, folder, limits = args
        path = Path(resolved)
        return _load(path, display, path.parent, False, _Loading(folder, limits, (kind, *args)))
    text, filename, folder, limits = args
    return load_pack_text(text, filename=filename, base_dir=folder, limits=limits)


def _load(
    where: Path | Traversable,
    display: str,
    folder: Path | None,
    shipped: bool,
    loading: _Loading,
) -> Pack:
    text = _read_text(where, display, loading.limits)
    with gc_paused():  # one pause for reading and compiling (see gc_paused)
        return _build(_parse_document(text, display, folder, shipped, loading.limits), loading)


@cache
def _load_shipped(name: str) -> Pack:
    # Shipped packs never change while the process runs: compile each once.
    resource = _shipped_dir().joinpath(f"{name}.yaml")
    loading = _Loading(None, DEFAULT_LIMITS, ("shipped", name, DEFAULT_LIMITS))
    return _load(resource, f"<shipped>/{name}.yaml", None, True, loading)


def default_pack() -> Pack:
    """Return the default pack, encoding the whole guidance (compiled once per process)."""
    return _load_shipped("default")
