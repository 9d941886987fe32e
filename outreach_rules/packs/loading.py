"""Loading packs: from a file, from text, or shipped with the library (compiled once).

:func:`load_pack` reads a YAML pack, follows ``extends``, checks every fact
path, operator, value, template and action id against the fact vocabulary and
the action catalogue, and returns an immutable :class:`~.pack.Pack` whose
rules are compiled once.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .._files import Unreadable, check_path, os_problem
from .._yaml import gc_paused
from ..errors import PackError
from ..limits import DEFAULT_LIMITS, Limits
from .compiling import build
from .pack import Pack
from .reading import (
    Loading,
    parse_document,
    shipped_dir,
    shipped_packs,
    unreadable_path,
)

__all__ = ["default_pack", "load_pack", "load_pack_text"]


_LOOP = "the path goes round a loop of symbolic links"


def _shown(text: str) -> str:
    """A path as an error shows it: a NUL visible, and not thousands of characters long."""
    shown = text.replace("\x00", "\\x00")
    return shown if len(shown) <= 200 else shown[:100] + "..." + shown[-50:]


def _folder(base_dir: str | os.PathLike[str] | None) -> Path | None:
    return None if base_dir is None else Path(os.fspath(base_dir)).resolve()


def _check_arguments(filename: object, base_dir: object, limits: object) -> None:
    """Refuse arguments of the wrong type with a PackError, not an AttributeError from deep in."""
    problem = None
    if not isinstance(filename, str):
        problem = f"filename must be a str (got {type(filename).__name__})"
    elif base_dir is not None and not isinstance(base_dir, str | os.PathLike):
        problem = f"base_dir must be a path or None (got {type(base_dir).__name__})"
    elif not isinstance(limits, Limits):
        problem = f"limits must be a Limits (got {type(limits).__name__})"
    if problem is not None:
        raise PackError(
            problem, file=filename if isinstance(filename, str) else None, code="bad-argument"
        )


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
    _check_arguments("<pack>", base_dir, limits)
    if not isinstance(source, str | os.PathLike):
        raise PackError(
            f"a pack is given by a file path or a shipped pack's name "
            f"(got {type(source).__name__})",
            code="bad-argument",
        )
    text = os.fspath(source)
    try:
        check_path(text)
        exists = Path(text).exists()
    except (Unreadable, OSError) as exc:
        problem = exc if isinstance(exc, Unreadable) else Unreadable(os_problem(exc))
        raise unreadable_path(problem, _shown(text)) from None
    if text in shipped_packs() and not exists:
        if limits == DEFAULT_LIMITS:
            return _load_shipped(text)  # compiled once per process
        resource = shipped_dir().joinpath(f"{text}.yaml")
        loading = Loading(None, limits, (_reload, ("shipped", text, limits)))
        return _load(resource, f"<shipped>/{text}.yaml", None, True, loading)
    path = Path(text)
    try:
        resolved = path.resolve()
    except RuntimeError:  # a loop of symbolic links (an OSError from Python 3.13)
        raise unreadable_path(Unreadable(_LOOP), text) from None
    except OSError as exc:
        raise unreadable_path(Unreadable(os_problem(exc)), text) from None
    folder = _folder(base_dir)
    texts: dict[str, str] = {}  # filled as the files are read; the recipe holds it
    recipe = (_reload, ("path", text, str(resolved), folder, limits, texts))
    return _load(path, text, resolved.parent, False, Loading(folder, limits, recipe, texts))


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
    _check_arguments(filename, base_dir, limits)
    if not isinstance(text, str):
        raise PackError(
            f"a pack's text must be a str (got {type(text).__name__})",
            file=filename,
            code="bad-argument",
        )
    folder = _folder(base_dir)
    texts: dict[str, str] = {}  # the files extends reads; the recipe holds it
    recipe = (_reload, ("text", text, filename, folder, limits, texts))
    return _from_text(text, filename, Loading(folder, limits, recipe, texts))


def _from_text(text: str, filename: str, loading: Loading) -> Pack:
    with gc_paused():  # one pause for reading and compiling (see gc_paused)
        parsed = parse_document(text, filename, loading.base_dir, False, loading.limits)
        return build(parsed, loading)


def _reload(kind: str, *args: Any) -> Pack:
    """Load a pack again from its recipe (what :meth:`Pack.__reduce__` gives pickle).

    A pack from a file or text is compiled again from the texts its files had
    when it was first loaded, never from the disk as it is now (a worker
    process must decide with the very pack the main process checked).
    """
    if kind == "shipped":
        name, limits = args
        return load_pack(name, limits=limits)
    *rest, folder, limits, texts = args
    loading = Loading(folder, limits, (_reload, (kind, *args)), texts, MappingProxyType(texts))
    if kind == "path":
        display, resolved = rest
        path = Path(resolved)
        return _load(path, display, path.parent, False, loading)
    text, filename = rest
    return _from_text(text, filename, loading)


def _load(
    where: Path | Traversable,
    display: str,
    folder: Path | None,
    shipped: bool,
    loading: Loading,
) -> Pack:
    text = loading.read(where, display)
    with gc_paused():  # one pause for reading and compiling (see gc_paused)
        return build(parse_document(text, display, folder, shipped, loading.limits), loading)


@cache
def _load_shipped(name: str) -> Pack:
    # Shipped packs never change while the process runs: compile each once.
    resource = shipped_dir().joinpath(f"{name}.yaml")
    loading = Loading(None, DEFAULT_LIMITS, (_reload, ("shipped", name, DEFAULT_LIMITS)))
    return _load(resource, f"<shipped>/{name}.yaml", None, True, loading)


def default_pack() -> Pack:
    """Return the default pack, encoding the whole guidance (compiled once per process)."""
    return _load_shipped("default")
