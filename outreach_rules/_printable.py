"""Text from packs and applications made safe to print or export: :func:`printable`.

Everything the command line prints from user data (pack names and versions,
rule ids, messages that quote a file, file names, decisions) and every text
property of an exported calendar goes through this one function, so that a
name or a template cannot move a terminal's cursor, recolour or retitle it,
or reverse the order in which the rest of a line reads.
"""

from __future__ import annotations

__all__ = ["UNPRINTABLE", "printable"]

_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_LINE_SEPARATORS = (0x2028, 0x2029)  # line breaks to some readers, invisible to others

UNPRINTABLE: frozenset[int] = frozenset(
    (*range(0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0), *_BIDI, *_LINE_SEPARATORS)
)
"""The code points :func:`printable` escapes: the C0 controls but tab and newline, DEL, the
C1 controls, the Unicode direction marks, embeddings, overrides and isolates, and the
Unicode line and paragraph separators."""


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_ESCAPES = {code: _escape(code) for code in UNPRINTABLE}
_ONE_LINE = {**_ESCAPES, 0x09: "\\t", 0x0A: "\\n"}


def printable(text: str, *, one_line: bool = False) -> str:
    r"""Return *text* with every :data:`UNPRINTABLE` character shown as an escape.

    ESC becomes ``\x1b`` and RIGHT-TO-LEFT OVERRIDE ``\u202e``, visible where
    they were. Tab and newline are kept, as layout, unless *one_line* (for a
    name, a version or an id, which must not start a line of their own).
    """
    return text.translate(_ONE_LINE if one_line else _ESCAPES)
