"""The pytest plugin: a pack file's examples and invariants as pytest items.

Installed with the package (entry point ``pytest11``). pytest collects:

* every file named ``*.pack.yaml`` under the paths it searches, and
* every pack file given with ``--packs PATH`` (repeatable; a folder means
  every ``*.yaml`` in it), wherever it is.

Each pack gives one item per example (``example[NAME]``), one per invariant
(``invariant[ID]``), one for the properties every pack must have
(``properties``) and one for lint (``lint``). ``--pack-examples N`` sets how
many applications each generated check tries (default 100). A pack that does
not load is a collection error with the file, line and rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..errors import PackError
from ..packs.loading import load_pack
from ..packs.pack import Pack

__all__ = ["PackCollector", "PackItem"]

PATTERN = "*.pack.yaml"
"""The file names pytest collects as packs."""

_DEFAULT_EXAMPLES = 100


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--packs`` and ``--pack-examples``."""
    group = parser.getgroup("outreach-rules", "outreach-rules pack tests")
    group.addoption(
        "--packs",
        action="append",
        default=[],
        metavar="PATH",
        help=f"a pack file (or a folder of them) to test, besides files named {PATTERN}",
    )
    group.addoption(
        "--pack-examples",
        type=int,
        default=_DEFAULT_EXAMPLES,
        metavar="N",
        help=f"applications each generated pack check tries (default {_DEFAULT_EXAMPLES})",
    )


def _given(config: pytest.Config) -> set[Path]:
    found: set[Path] = set()
    for name in config.getoption("packs"):
        path = Path(name)
        if not path.is_absolute():
            path = config.invocation_params.dir / path
        path = path.resolve()
        found.update(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return found


def pytest_configure(config: pytest.Config) -> None:
    """Add the ``--packs`` files to what pytest collects."""
    given = _given(config)
    config.stash[_GIVEN] = given
    config.args.extend(str(p) for p in sorted(given) if str(p) not in config.args)


_GIVEN = pytest.StashKey[set[Path]]()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> PackCollector | None:
    """Collect ``*.pack.yaml`` files and the files given with ``--packs``."""
    if file_path.match(PATTERN) or file_path.resolve() in parent.config.stash.get(_GIVEN, set()):
        collector: PackCollector = PackCollector.from_parent(parent, path=file_path)
        return collector
    return None


class PackCollector(pytest.File):
    """A pack file: loads the pack and yields its checks."""

    def collect(self) -> Iterator[PackItem]:
        """Yield one item per example and invariant, then ``properties`` and ``lint``."""
        try:
            pack = load_pack(self.path)
        except PackError as exc:
            raise self.CollectError(str(exc)) from None
        for example in pack.examples:
            yield PackItem.from_parent(
                self, name=f"example[{example.name}]", pack=pack, check=("example", example.name)
            )
        for invariant in pack.invariants:
            yield PackItem.from_parent(
                self,
                name=f"invariant[{invariant.id}]",
                pack=pack,
                check=("invariant", invariant.id),
            )
        yield PackItem.from_parent(self, name="properties", pack=pack, check=("pack", ""))
        yield PackItem.from_parent(self, name="lint", pack=pack, check=("lint", ""))


class PackCheckFailed(Exception):
    """A pack check failed; the message is the runner's report of it."""


class PackItem(pytest.Item):
    """One check of a pack: an example, an invariant, every pack's properties, or lint."""

    def __init__(self, *, pack: Pack, check: tuple[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pack = pack
        self.check = check

    def runtest(self) -> None:
        """Run the check; raise :class:`PackCheckFailed` with the report when it fails."""
        from . import runner

        kind, key = self.check
        examples = int(self.config.getoption("pack_examples"))
        if kind == "lint":
            from ..packs.lint import lint_pack

            findings = lint_pack(self.pack)
            if findings:
                raise PackCheckFailed("\n".join(str(f) for f in findings))
            return
        if kind == "example":
            example = next(e for e in self.pack.examples if e.name == key)
            outcome = runner.run_example(self.pack, example)
        elif kind == "invariant":
            invariant = next(i for i in self.pack.invariants if i.id == key)
            outcome = runner.run_invariant(self.pack, invariant, max_examples=examples)
        else:
            outcome = runner.run_universal(self.pack, max_examples=examples)
        if not outcome.passed:
            raise PackCheckFailed(outcome.text())

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        """Show the runner's report, not a traceback."""
        if isinstance(excinfo.value, PackCheckFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the check is: the pack file, and the line of the example or invariant."""
        kind, key = self.check
        line = None
        if kind == "example":
            line = next(e.line for e in self.pack.examples if e.name == key)
        elif kind == "invariant":
            line = next(i.line for i in self.pack.invariants if i.id == key)
        return self.path, None if line is None else line - 1, f"{self.path.name}::{self.name}"
