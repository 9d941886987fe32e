"""Compiling a composed pack: its vocabulary, its rules (:mod:`.rules`), examples and digest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from .._yaml import YamlMap, YamlSeq
from ..errors import PackError, Site, short_repr
from ..language.custom import custom_facts
from ..language.derived_facts import define_derived
from ..language.embedded import compile_example, compile_invariant
from ..language.settings import setting_facts
from ..limits import Limits
from ..model.actions import ACTIONS, ActionSpec
from ..model.vocabulary import BUILT_IN, Vocabulary
from .extends import Collected, collect, standard_parts
from .pack import Pack
from .reading import Loading, Source
from .rules import RuleContext, compile_rule

__all__ = ["build"]


def _as_json(value: Any) -> Any:
    # json's C encoder walks YamlMap and YamlSeq itself (dict and list subclasses
    # with text keys); only dates need help. Anything else fails as it always did.
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _digest(collected: Collected) -> str:
    """The pack's content hash: SHA-256 of the canonical JSON of what it is made of.

    Its rules and its own actions; and, where the pack (or one it extends) has
    them, rules changed by patches, settings, custom facts and derived facts
    other than the standard vocabulary's (a pack with none of those keeps the
    digest it always had). Dates are written as ISO text. The C encoder writes
    it in one pass over the raw YAML values, without a plain copy of every rule
    first.
    """
    content: dict[str, Any] = {
        "rules": [e.raw for e in collected.rules],
        "actions": {k: [a.title, a.description] for k, a in collected.actions.items()},
    }
    standard_settings, standard_derived = standard_parts()
    extra = {
        "patched": {e.doc.id: e.doc.model_dump(mode="json") for e in collected.rules if e.patched},
        "settings": {
            name: [s.value.type, s.value.choices, s.value.minimum, s.value.maximum, s.default]
            for name, s in collected.settings.items()
            if standard_settings.get(name) != s
        },
        "custom": {
            name: [c.value.type, c.value.choices, c.default, c.optional]
            for name, c in collected.custom.items()
        },
        "derived": {
            name: e.doc.model_dump(mode="json")
            for name, e in collected.derived.items()
            if standard_derived.get(name) is not e
        },
    }
    content.update((key, value) for key, value in extra.items() if value)
    text = json.dumps(content, sort_keys=True, default=_as_json)
    return hashlib.sha256(text.encode()).hexdigest()


def _vocabulary(collected: Collected, limits: Limits) -> Vocabulary:
    """The built-in facts, with the pack's settings, custom facts and derived facts."""
    setting_specs, setting_resolvers = setting_facts(collected.settings)
    custom_specs, custom_resolvers = custom_facts(collected.custom)
    vocabulary = BUILT_IN.extended(
        [*setting_specs, *custom_specs], {**setting_resolvers, **custom_resolvers}
    )
    return define_derived(
        collected.derived,
        vocabulary,
        max_depth=limits.max_depth,
        max_item_tests=limits.max_item_tests,
    )


def build(source: Source, loading: Loading) -> Pack:
    """Compose *source* with what it extends, check and compile every part, and freeze a Pack."""
    # Called under the gc pause of _load or load_pack_text, which read the document too.
    collected = collect(source, loading, (source.file,))
    entries = collected.rules
    if len(entries) > loading.limits.max_rules:
        raise PackError(
            f"the pack has {len(entries):,} rules (with what it extends); the limit is "
            f"{loading.limits.max_rules:,}",
            file=source.file,
            hint="pass larger Limits(max_rules=...) if it is meant to be this large",
            code="too-many-rules",
        )
    catalogue: Mapping[str, ActionSpec] = MappingProxyType({**ACTIONS, **collected.actions})
    vocabulary = _vocabulary(collected, loading.limits)
    values = MappingProxyType({name: s.default for name, s in collected.settings.items()})
    ctx = RuleContext(catalogue, vocabulary, MappingProxyType(collected.settings), values)
    rules = tuple(compile_rule(entry, ctx) for entry in entries)
    invariants = tuple(
        compile_invariant(e.doc, e.raw, e.file, catalogue, vocabulary=vocabulary, values=values)
        for e in collected.invariants
    )
    raw_examples = source.raw.get("examples")
    _check_example_names(source, raw_examples)
    examples = tuple(
        compile_example(
            example,
            raw_examples[index] if isinstance(raw_examples, YamlSeq) else YamlMap(),
            source.file,
            catalogue,
            custom=collected.custom,
            pack=source.doc.name,
        )
        for index, example in enumerate(source.doc.examples)
    )
    order = {rule.id: index for index, rule in enumerate(rules)}
    ranked = tuple(sorted(rules, key=lambda r: (-r.priority, order[r.id])))
    doc = source.doc
    files = tuple(dict.fromkeys(rule.file for rule in rules)) or (source.file,)
    return Pack(
        name=doc.name,
        version=doc.version,
        description=doc.description,
        rules=rules,
        actions=catalogue,
        files=files,
        digest=_digest(collected),
        ranked=ranked,
        examples=examples,
        invariants=invariants,
        facts=vocabulary,
        settings=MappingProxyType(collected.settings),
        setting_values=values,
        custom=MappingProxyType(collected.custom),
        _recipe=loading.recipe,
    )


def _check_example_names(source: Source, raw_examples: Any) -> None:
    """Refuse two examples of one name: runners (the pytest plugin) find an example by it."""
    seen: dict[str, int] = {}
    for index, example in enumerate(source.doc.examples):
        raw = raw_examples[index] if isinstance(raw_examples, YamlSeq) else YamlMap()
        mark = raw.key_marks.get("name", raw.mark)
        if example.name in seen:
            first = seen[example.name]
            where = f" (on line {first})" if first else ""
            raise Site(source.file).error(
                f"example {short_repr(example.name)}: the name is already used by another "
                f"example{where}",
                mark,
                code="duplicate-example",
                hint="give each example its own name",
            )
        seen[example.name] = mark.line if mark is not None else 0
