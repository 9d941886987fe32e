"""Patches: changes to parts of an inherited rule, by its id, without copying the rest.

::

    patch:
      - rule: call-recruiter
        priority: 75
        settings: {follow_up_after_days: 10}
        blocks: {visit_in_person: null}          # remove a block
        add_blocks:
          - {action: email_follow_up, reason: ...}

A patch names the parts it changes. When the rule it patches no longer has a
part the patch expects (a block to change, a ``then`` to re-explain), loading
fails with ``bad-patch``, saying what the rule has now: the base rule changed
shape, and the patch must be looked at again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .._yaml import YamlMap, YamlSeq
from ..errors import Mark, Site, did_you_mean
from ..language.document import BlockDoc, PatchDoc, RuleDoc
from ..language.settings import SettingSpec
from ..language.values import BadValue
from .entries import RuleEntry, raw_key_mark
from .reading import Source

__all__ = ["apply_patches"]


def apply_patches(
    source: Source, rules: list[RuleEntry], settings: Mapping[str, SettingSpec]
) -> None:
    """Apply *source*'s patches to the rule entries *rules* (inherited and its own), in place.

    The settings a patch gives values are checked against *settings* here, at the
    patch; whether the rule uses them is checked when it is compiled.
    """
    raw_patches = source.raw.get("patch")
    position = {entry.doc.id: index for index, entry in enumerate(rules)}
    for index, patch in enumerate(source.doc.patch):
        raw = raw_patches[index] if isinstance(raw_patches, YamlSeq) else YamlMap()
        mark = raw.mark if isinstance(raw, YamlMap) else None
        site = Site(source.file, patch.rule)
        at = position.get(patch.rule)
        if at is None:
            guess = did_you_mean(patch.rule, position)
            raise site.error(
                f"patch: no rule {patch.rule!r} to patch",
                raw.key_marks.get("rule", mark) if isinstance(raw, YamlMap) else mark,
                code="unknown-rule",
                hint=f"did you mean {guess!r}?" if guess else None,
            )
        _check_settings(patch, raw, settings, site)
        entry = rules[at]
        doc = _patched(entry.doc, patch, site, mark)
        where = f"{source.file}:{mark.line}" if mark else source.file
        rules[at] = replace(entry, doc=doc, patched=(*entry.patched, where))


def _check_settings(
    patch: PatchDoc, raw: Any, settings: Mapping[str, SettingSpec], site: Site
) -> None:
    """Refuse a patch's setting that the pack does not have, or a value that does not fit."""
    for name, value in patch.settings.items():
        mark = raw_key_mark(raw, "settings", name) if isinstance(raw, YamlMap) else None
        spec = settings.get(name)
        if spec is None:
            guess = did_you_mean(name, settings)
            raise site.error(
                f"patch: unknown setting {name!r}",
                mark,
                code="unknown-setting",
                hint=f"did you mean {guess!r}?" if guess else None,
            )
        try:
            spec.value.check(value)
        except BadValue as exc:
            raise site.error(f"patch: setting {name!r}: {exc}", mark, code="bad-setting") from None


def _patched(doc: RuleDoc, patch: PatchDoc, site: Site, mark: Mark | None) -> RuleDoc:
    update: dict[str, Any] = {}
    for key in ("description", "priority", "because"):
        value = getattr(patch, key)
        if value is not None:
            update[key] = value
    if patch.because is not None and doc.then is None:
        raise _mismatch(site, mark, doc, "has no 'then' any more: there is no advice to re-explain")
    if patch.script is not None:
        if doc.then is None:
            raise _mismatch(site, mark, doc, "has no 'then' any more: there is no script to change")
        update["then"] = doc.then.model_copy(update={"script": patch.script})
    if patch.settings:
        update["settings"] = {**doc.settings, **patch.settings}
    if patch.blocks or patch.add_blocks:
        update["blocks"] = _blocks(doc, patch, site, mark)
    return doc.model_copy(update=update)


def _blocks(doc: RuleDoc, patch: PatchDoc, site: Site, mark: Mark | None) -> tuple[BlockDoc, ...]:
    have = {block.action: block for block in doc.blocks}
    for action in patch.blocks:
        if action not in have:
            raise _mismatch(
                site,
                mark,
                doc,
                f"has no block on {action!r} any more to change or remove",
                f"its blocks: {', '.join(have) or 'none'}; add one with add_blocks",
            )
    blocks: list[BlockDoc] = []
    for block in doc.blocks:
        if block.action in patch.blocks:
            reason = patch.blocks[block.action]
            if reason is None:
                continue  # removed
            block = block.model_copy(update={"reason": reason})
        blocks.append(block)
    for block in patch.add_blocks:
        if block.action in have:
            raise _mismatch(
                site,
                mark,
                doc,
                f"blocks {block.action!r} already",
                "change its reason with blocks: {ACTION: REASON}",
            )
        blocks.append(block)
    return tuple(blocks)


def _mismatch(
    site: Site, mark: Mark | None, doc: RuleDoc, problem: str, hint: str | None = None
) -> Exception:
    return site.error(
        f"patch: rule {doc.id!r} {problem}",
        mark,
        code="bad-patch",
        hint=hint or "the rule it patches changed: look at the patch again",
    )
