"""Reading a pack file: the shipped packs' folder, bytes within limits, the document's skeleton."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._files import Unreadable, read_limited
from .._yaml import YamlMap, YamlSeq, mark_at, parse_yaml
from ..errors import PackError, did_you_mean, short_repr
from ..language.document import PackFile
from ..limits import Limits
from ..model._modelpath import field_keys, model_at

__all__ = [
    "Loading",
    "Source",
    "parse_document",
    "read_text",
    "shipped_dir",
    "shipped_packs",
    "unreadable_path",
]


def shipped_dir() -> Traversable:
    """The folder of shipped packs: inside the installed package, or the source checkout's."""
    inside = resources.files("outreach_rules").joinpath("rulesets")
    if inside.is_dir():
        return inside
    # Running from a source checkout: the packs live at the top of the repository.
    return Path(__file__).resolve().parents[2] / "rulesets"


def shipped_packs() -> tuple[str, ...]:
    """Return the names of the packs shipped with the library."""
    return tuple(
        sorted(
            p.name.removesuffix(".yaml")
            for p in shipped_dir().iterdir()
            if p.name.endswith(".yaml")
        )
    )


def read_text(path: Path | Traversable, display: str, limits: Limits) -> str:
    """The text of the pack file at *path* (*display* names it in errors), within *limits*.

    A file is read only if it is a regular file, and never past the size limit:
    a FIFO, a device or a directory is refused (``not-a-file``) without waiting
    on it, as are a symlink loop, a NUL or an over-long name (``not-found``).
    """
    if isinstance(path, Path):
        try:
            data = read_limited(os.fspath(path), limits.max_pack_bytes)
        except Unreadable as exc:
            raise _unreadable(exc, display, limits) from None
    else:  # a shipped pack inside the installed package
        try:
            data = path.read_bytes()
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


def unreadable_path(exc: Unreadable, display: str) -> PackError:
    """The error for a pack path that cannot be read (see :mod:`outreach_rules._files`)."""
    if exc.special:
        return PackError(
            f"cannot read the pack: {exc.problem}",
            file=display,
            hint="give the path of a pack file (.yaml)",
            code="not-a-file",
        )
    if exc.problem == "file not found":
        return PackError("pack file not found", file=display, code="not-found")
    return PackError(f"cannot read the pack: {exc.problem}", file=display, code="not-found")


def _unreadable(exc: Unreadable, display: str, limits: Limits) -> PackError:
    if exc.size is not None:
        return PackError(
            f"the pack is {exc.size:,} bytes or more; the limit is {limits.max_pack_bytes:,}",
            file=display,
            hint="pass larger Limits(max_pack_bytes=...) if it is meant to be this large",
            code="too-large",
        )
    return unreadable_path(exc, display)


@dataclass(frozen=True, slots=True)
class Loading:
    """What one load_pack call allows: the folder extends may read, and the limits."""

    base_dir: Path | None
    limits: Limits
    # How to load the pack again, a function and its arguments (Pack.__reduce__).
    recipe: tuple[Callable[..., Any], tuple[Any, ...]] | None = None
    # The text of each pack file read, by the name errors give it: the recipe
    # holds this dict, so a pack pickles as the very text it was compiled from.
    texts: dict[str, str] = field(default_factory=dict)
    # Loading again from such texts: files are read from here, never from disk.
    snapshot: Mapping[str, str] | None = None

    def read(self, where: Path | Traversable, display: str) -> str:
        """The text of the pack file *where* (*display* in errors): from disk, or the snapshot."""
        if self.snapshot is not None:
            try:
                return self.snapshot[display]
            except KeyError:
                raise PackError(
                    "this file was not part of the pack when it was first loaded: "
                    "the pack's files changed while it was in use",
                    file=display,
                    code="changed",
                ) from None
        text = read_text(where, display, self.limits)
        self.texts[display] = text
        return text


@dataclass(frozen=True, slots=True)
class Source:
    """One pack document as read: its model, its raw YAML (for positions) and where from."""

    doc: PackFile
    raw: YamlMap
    file: str
    folder: Path | None
    shipped: bool


def parse_document(
    text: str, file: str, folder: Path | None, shipped: bool, limits: Limits
) -> Source:
    """Read one pack document from *text*: its YAML and its skeleton, checked."""
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
    return Source(doc, raw, file, folder, shipped)


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
