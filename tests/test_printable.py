"""printable: the one function that escapes what is printed or exported from user data."""

from __future__ import annotations

import pytest

from outreach_rules._printable import UNPRINTABLE, printable
from outreach_rules.cli import text


def test_controls_and_direction_overrides_become_visible_escapes() -> None:
    """ESC, BEL, DEL, C1 and the bidi controls show as escapes where they were."""
    assert printable("a\x1b[31mb\x07\x7f\x85\u202ec\u2066\u200f") == (
        "a\\x1b[31mb\\x07\\x7f\\x85\\u202ec\\u2066\\u200f"
    )


def test_tab_and_newline_are_layout_unless_one_line() -> None:
    """Multi-line text keeps its tabs and newlines; a name or a version does not."""
    assert printable("a\tb\nc") == "a\tb\nc"
    assert printable("a\tb\nc", one_line=True) == "a\\tb\\nc"
    assert printable("1.0\r\n", one_line=True) == "1.0\\x0d\\n"


@pytest.mark.parametrize("code", sorted(UNPRINTABLE))
def test_nothing_unprintable_survives(code: int) -> None:
    """Each escaped code point is gone from the result, which is plain ASCII around it."""
    shown = printable(f"x{chr(code)}y", one_line=True)
    assert chr(code) not in shown
    assert shown.isascii()


def test_ordinary_text_is_unchanged() -> None:
    """Letters of every script, quotes and emoji pass as they are."""
    words = "Martha Øwens, “program manager” at Ācme 株式会社 — عربي 🙂"
    assert printable(words) == printable(words, one_line=True) == words


def test_the_command_line_s_printable_is_the_same_function() -> None:
    """outreach_rules.cli.text.printable, public before, is this function."""
    assert text.printable is printable
