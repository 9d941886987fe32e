"""Compiling a composed pack: every rule checked against the vocabulary and frozen."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from .._yaml import YamlMap, YamlSeq
from ..errors import Mark, PackError, Site, short_repr
from ..language.algebra import establishes, reads
from ..language.compile import compile_condition
from ..language.conditions import ALWAYS, Condition, FactRef, fact_spec, parse_condition
from ..language.embedded import compile_example, compile_invariant
from ..language.templates import Template, TemplateSyntaxError, parse_template
from ..model.actions import ACTIONS, ActionSpec, check_action
from ..model.vocabulary import FACT_SPECS
from .extends import RuleEntry, collect, raw_key_mark
from .pack import Block, Pack, Rule, Then
from .reading import Loading, Source

__all__ = ["build"]


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


def _compile_rule(entry: RuleEntry, catalogue: Mapping[str, ActionSpec]) -> Rule:
    doc, raw = entry.doc, entry.raw
    site = Site(entry.file, doc.id)

    def at(*keys: str) -> _Where:
        return lambda: raw_key_mark(raw, *keys)

    when = ALWAYS if doc.when is None else parse_condition(doc.when, site, at("when")())
    proven = establishes(when)
    if doc.then is None and not doc.blocks:
        raise site.error(
            "the rule has neither 'then' nor 'blocks': it does nothing", raw.mark, code="empty-rule"
        )
    then = _compile_then(entry, site, at, proven, catalogue)
    raw_blocks = raw.get("blocks")
    blocks = []
    for index, block in enumerate(doc.blocks):
        block_at = _item_at(raw_blocks, index) if isinstance(raw_blocks, YamlSeq) else at("blocks")
        _check_action(block.action, catalogue, site, block_at)
        blocks.append(
            Block(block.action, _template(block.reason, site, block_at, proven, "blocks.reason"))
        )
    source, house = _source_text(doc.source, site, at("source"))
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
        reads=_reads(when, then, blocks),
        test=compile_condition(when),
    )


def _compile_then(
    entry: RuleEntry,
    site: Site,
    at: Callable[..., _Where],
    proven: frozenset[str],
    catalogue: Mapping[str, ActionSpec],
) -> Then | None:
    doc = entry.doc
    if doc.then is None:
        if doc.because is not None:
            raise site.error(
                "'because' explains a recommendation, but this rule has no 'then'",
                at("because")(),
                code="unused-because",
                hint="put the explanation in each block's 'reason'",
            )
        return None
    then = doc.then
    _check_action(then.action, catalogue, site, at("then", "action"))
    if doc.because is None:
        raise site.error(
            "a rule with 'then' needs 'because': the explanation users see",
            entry.raw.mark,
            code="missing-key",
        )

    def template(text: str | None, key: str) -> Template | None:
        if text is None:
            return None
        return _template(text, site, at("then", key), proven, f"then.{key}")

    return Then(
        action=then.action,
        because=_template(doc.because, site, at("because"), proven, "because"),
        channel=then.channel,
        contact=template(then.contact, "contact"),
        not_before=_date_ref(then.not_before, site, at("then", "not_before"), "then.not_before"),
        due_by=_date_ref(then.due_by, site, at("then", "due_by"), "then.due_by"),
        script=template(then.script, "script"),
    )


def _reads(when: Condition, then: Then | None, blocks: list[Block]) -> tuple[str, ...]:
    """Every fact a rule uses (condition, templates, dates), whose values reasons report."""
    used: dict[str, None] = dict.fromkeys(reads(when))
    templates = [t for t in (then.because, then.contact, then.script) if t] if then else []
    templates += [b.reason for b in blocks]
    for template in templates:
        used.update(dict.fromkeys(p.path for p in template.placeholders))
    for ref in (then.not_before, then.due_by) if then else ():
        if ref is not None:
            used[ref.path] = None
    return tuple(used)


def _as_json(value: Any) -> Any:
    # json's C encoder walks YamlMap and YamlSeq itself (dict and list subclasses
    # with text keys); only dates need help. Anything else fails as it always did.
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _digest(entries: list[RuleEntry], own_actions: Mapping[str, ActionSpec]) -> str:
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


def build(source: Source, loading: Loading) -> Pack:
    """Compose *source* with what it extends, check and compile every part, and freeze a Pack."""
    # Called under the gc pause of _load or load_pack_text, which read the document too.
    collected = collect(source, loading, (source.file,))
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
