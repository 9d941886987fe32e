"""Compiling one rule: its condition, recommendation, blocks and settings, checked and frozen.

Each part is checked against the pack's vocabulary and catalogue; a rule's
templates only against what its condition proves present. Settings are
bound here: a compiled rule holds literals only, and keeps what was written
(``Rule.unbound``) for a pack that binds other values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from .._yaml import YamlSeq
from ..errors import Mark, PackError, Site, did_you_mean, short_repr, short_text
from ..language.algebra import establishes, reads
from ..language.compile import compile_condition
from ..language.conditions import ALWAYS, Condition, FactRef, SettingRef, fact_spec, parse_condition
from ..language.references import setting_ref
from ..language.settings import SettingSpec, bind_condition, bind_ref, settings_used
from ..language.templates import Template, TemplateSyntaxError, parse_template
from ..language.values import BadValue
from ..model.actions import ActionSpec, check_action
from ..model.dates import MAX_DAY_OFFSET
from ..model.vocabulary import BUILT_IN, Vocabulary
from .entries import RuleEntry, raw_key_mark
from .pack import Block, Rule, Then

__all__ = ["RuleContext", "compile_rule"]


# Where a part of a rule is, worked out only when an error needs it: a large
# pack's rules are almost all fine, and finding each position up front cost a
# tenth of compiling them.
_Where = Callable[[], Mark | None]


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What every rule of one pack is compiled against: its actions, facts and settings."""

    catalogue: Mapping[str, ActionSpec]
    vocabulary: Vocabulary
    settings: Mapping[str, SettingSpec]
    values: Mapping[str, Any]  # the settings' values the pack is bound to (their defaults)


def _template(
    text: str,
    site: Site,
    where: _Where,
    proven: frozenset[str],
    what: str,
    vocabulary: Vocabulary = BUILT_IN,
) -> Template:
    try:
        template = parse_template(text)
    except TemplateSyntaxError as exc:
        raise site.error(f"{what}: {exc}", where(), code="bad-template") from None
    for placeholder in template.placeholders:
        spec = vocabulary.get(placeholder.path) or fact_spec(
            placeholder.path, site, where(), vocabulary
        )
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


def _date_ref(
    value: Any, site: Site, where: _Where, what: str, vocabulary: Vocabulary
) -> FactRef | None:
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
    spec = fact_spec(str(value["fact"]), site, mark, vocabulary)
    days = value.get("days", 0)
    if spec.type != "date":
        raise site.error(f"{what}: {spec.path!r} is not a date", mark, code="bad-date")
    if isinstance(days, Mapping):
        days = setting_ref(days, "int", site, mark, vocabulary)
    elif not isinstance(days, int) or isinstance(days, bool):
        raise site.error(
            f"{what}: 'days' must be a whole number or {{setting: NAME}} (got {short_repr(days)})",
            mark,
            code="bad-date",
        )
    if isinstance(days, int) and abs(days) > MAX_DAY_OFFSET:
        raise site.error(
            f"{what}: 'days' is {short_text(str(days))}; at most {MAX_DAY_OFFSET:,} days "
            "(about a hundred years) either way",
            mark,
            code="bad-date",
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


def compile_rule(entry: RuleEntry, ctx: RuleContext) -> Rule:
    """Check and compile one rule of a pack; a patched rule's error says where it was patched."""
    if not entry.patched:
        return _compile(entry, ctx)
    try:
        return _compile(entry, ctx)
    except PackError as exc:
        where = ", ".join(entry.patched)
        hint = f"{exc.hint}; " if exc.hint else ""
        raise PackError(
            exc.problem,
            file=exc.file,
            line=exc.line,
            column=exc.column,
            rule_id=exc.rule_id,
            hint=f"{hint}the rule is patched at {where}",
            code=exc.code,
        ) from None


def _compile(entry: RuleEntry, ctx: RuleContext) -> Rule:
    doc, raw = entry.doc, entry.raw
    site = Site(entry.file, doc.id)

    def at(*keys: str) -> _Where:
        return lambda: raw_key_mark(raw, *keys)

    vocabulary = ctx.vocabulary
    written = (
        ALWAYS if doc.when is None else parse_condition(doc.when, site, at("when")(), vocabulary)
    )
    if doc.then is None and not doc.blocks:
        raise site.error(
            "the rule has neither 'then' nor 'blocks': it does nothing", raw.mark, code="empty-rule"
        )
    then = _compile_then(entry, site, at, ctx)
    used = settings_used(written) | _date_settings(then)
    own = _rule_settings(entry, used, site, at, ctx)
    values = {**ctx.values, **own}
    when = bind_condition(written, values)
    proven = establishes(when, vocabulary)
    bound_then = None
    if then is not None:
        bound_then = _then_templates(entry, then, site, at, proven, ctx)
    raw_blocks = raw.get("blocks")
    blocks = []
    for index, block in enumerate(doc.blocks):
        block_at = _item_at(raw_blocks, index) if isinstance(raw_blocks, YamlSeq) else at("blocks")
        _check_action(block.action, ctx.catalogue, site, block_at)
        reason = _template(block.reason, site, block_at, proven, "blocks.reason", vocabulary)
        blocks.append(Block(block.action, reason))
    source, house = _source_text(doc.source, site, at("source"))
    written_then = bound_then
    if bound_then is not None and used:
        bound_then = replace(
            bound_then,
            not_before=bind_ref(bound_then.not_before, values),
            due_by=bind_ref(bound_then.due_by, values),
        )
    return Rule(
        id=doc.id,
        description=doc.description,
        priority=doc.priority,
        when=when,
        then=bound_then,
        source=source,
        house_default=house,
        blocks=tuple(blocks),
        file=entry.file,
        line=raw.mark.line if raw.mark else None,
        reads=_reads(when, bound_then, blocks),
        test=compile_condition(when),
        settings=MappingProxyType(own),
        unbound=written if used else None,
        unbound_then=written_then if used else None,
    )


def _date_settings(then: Then | None) -> frozenset[str]:
    """The settings a recommendation's dates shift by."""
    if then is None:
        return frozenset()
    refs = (then.not_before, then.due_by)
    return frozenset(r.days.name for r in refs if r is not None and isinstance(r.days, SettingRef))


def _rule_settings(
    entry: RuleEntry, used: frozenset[str], site: Site, at: Callable[..., _Where], ctx: RuleContext
) -> dict[str, Any]:
    """The settings a rule gives values of its own (``settings:`` on the rule, or a patch)."""
    own: dict[str, Any] = {}
    for name, value in entry.doc.settings.items():
        spec = ctx.settings.get(name)
        if spec is None:
            guess = did_you_mean(name, ctx.settings)
            raise site.error(
                f"unknown setting {name!r}",
                at("settings", name)(),
                code="unknown-setting",
                hint=f"did you mean {guess!r}?" if guess else None,
            )
        if name not in used:
            raise site.error(
                f"the rule gives setting {name!r} a value, but does not use it"
                + (f" (it uses: {', '.join(sorted(used))})" if used else ""),
                at("settings", name)(),
                code="bad-setting",
                hint="a rule's settings change its own condition and dates only",
            )
        try:
            own[name] = spec.value.check(value)
        except BadValue as exc:
            raise site.error(
                f"setting {name!r}: {exc}", at("settings", name)(), code="bad-setting"
            ) from None
    return own


_NO_TEXT = Template("", ())  # stands for the templates until the condition proves its facts


def _compile_then(
    entry: RuleEntry, site: Site, at: Callable[..., _Where], ctx: RuleContext
) -> Then | None:
    """The recommendation's action and dates (its texts come once the condition is bound)."""
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
    _check_action(then.action, ctx.catalogue, site, at("then", "action"))
    if doc.because is None:
        raise site.error(
            "a rule with 'then' needs 'because': the explanation users see",
            entry.raw.mark,
            code="missing-key",
        )
    vocabulary = ctx.vocabulary
    return Then(
        action=then.action,
        because=_NO_TEXT,
        channel=then.channel,
        not_before=_date_ref(
            then.not_before, site, at("then", "not_before"), "then.not_before", vocabulary
        ),
        due_by=_date_ref(then.due_by, site, at("then", "due_by"), "then.due_by", vocabulary),
    )


def _then_templates(
    entry: RuleEntry,
    then: Then,
    site: Site,
    at: Callable[..., _Where],
    proven: frozenset[str],
    ctx: RuleContext,
) -> Then:
    """*then* with its texts, each checked against what the rule's condition proves."""
    doc = entry.doc
    assert doc.then is not None  # _compile_then checked both
    assert doc.because is not None

    def template(text: str | None, key: str) -> Template | None:
        if text is None:
            return None
        return _template(text, site, at("then", key), proven, f"then.{key}", ctx.vocabulary)

    because = _template(doc.because, site, at("because"), proven, "because", ctx.vocabulary)
    return replace(
        then,
        because=because,
        contact=template(doc.then.contact, "contact"),
        script=template(doc.then.script, "script"),
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
