"""Limits on what a pack or an application may ask of the library.

Packs and applications may come from people you do not know. These limits
keep a hostile or broken one from exhausting memory or time: each is checked
while reading, before anything expensive happens, and breaking one is a
clear error, never a crash. The defaults suit hand-written packs and real
applications; pass your own :class:`Limits` to raise or lower them for one
call (``load_pack(path, limits=Limits(max_rules=50_000))``). They are values,
not settings: nothing global changes.

This module imports nothing from the rest of the package.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "MAX_DEPTH", "Limits"]

MAX_DEPTH = 200
"""The highest ``Limits.max_depth`` allowed: conditions, expressions and derived facts
nested this deep load, decide, explain and plan within Python's default recursion limit
(1,000 frames); at 300 an expression already broke it (tests/test_limits.py)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits applied while reading one pack (with what it extends) or one application.

    Attributes:
        max_pack_bytes: the size of one pack file.
        max_application_bytes: the size of one application file or text.
        max_rules: rules in a pack, inherited ones included.
        max_nodes: values one YAML document may stand for once aliases are
            expanded ("billion laughs" documents are refused quickly).
        max_depth: how deeply collections may nest in one YAML document (and
            so how deeply conditions and expressions may nest), and how deeply
            a derived fact may nest through the derived facts it reads. At
            most :data:`MAX_DEPTH` (200): deeper, reading and compiling would
            run out of Python's stack.
        max_string: the length, in characters, of any one text in a document.
        max_extends_depth: packs in one ``extends`` chain.
        max_meta_bytes: the size of an application's ``meta``, as JSON.
        max_item_tests: the tests a pack's derived facts run on each item of a
            list (the comparisons of every ``where``, all derived facts together),
            so that the work of a decision grows with its lists by a bounded step.
    """

    max_pack_bytes: int = 2_000_000
    max_application_bytes: int = 1_000_000
    max_rules: int = 10_000
    max_nodes: int = 1_000_000
    max_depth: int = 64
    max_string: int = 20_000
    max_extends_depth: int = 16
    max_meta_bytes: int = 4_096
    max_item_tests: int = 256

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(
                    f"Limits.{name} must be a whole number of at least 1 (got {repr(value)[:80]})"
                )
        if self.max_depth > MAX_DEPTH:
            raise ValueError(
                f"Limits.max_depth must be at most {MAX_DEPTH} (got {self.max_depth:,}): "
                "deeper nesting would exhaust Python's stack"
            )


DEFAULT_LIMITS = Limits()
"""The limits used when none are given."""
