"""The public API: exactly what __all__ lists, typed and documented."""

from __future__ import annotations

import inspect
from pathlib import Path

import outreach_rules


def test_all_is_sorted_and_exactly_the_public_names() -> None:
    """__all__ lists every public name the package exports, once, and nothing else.

    Its order (isort-style) is checked by ruff's RUF022. ``dir()`` rather than
    ``vars()``: some names are imported on first use (the package's
    ``__getattr__``), and ``getattr`` loads them.
    """
    exported = {
        name
        for name in dir(outreach_rules)
        if not name.startswith("_") and not inspect.ismodule(getattr(outreach_rules, name))
    }
    assert len(set(outreach_rules.__all__)) == len(outreach_rules.__all__)
    assert set(outreach_rules.__all__) == exported | {"__version__"}


def test_every_public_name_is_documented() -> None:
    """Every exported class and function has a docstring."""
    for name in outreach_rules.__all__:
        value = getattr(outreach_rules, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name


def test_package_is_marked_typed() -> None:
    """py.typed ships with the package so type checkers use its annotations."""
    assert (Path(outreach_rules.__file__).parent / "py.typed").is_file()
