"""The event reader gives what PyYAML's node reader gives, marks included.

``parse_yaml`` reads documents from libyaml's event stream and leaves anything
unusual (explicit tags, every kind of error) to the node reader, which is
PyYAML's own compose-and-construct with our YAML 1.2 booleans. These tests
generate documents with anchors, aliases, merge keys, every quoting style,
ints in every form, dates, nulls and booleans of every spelling, in block
and flow collections, and check the two readers agree exactly.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.paths import ROOT

from outreach_rules._yaml.events import LeaveIt, parse_by_events
from outreach_rules._yaml.nodes import Base, YamlMap, YamlSeq, parse_by_nodes
from outreach_rules._yaml.reader import parse_yaml
from outreach_rules.errors import PackError
from outreach_rules.limits import DEFAULT_LIMITS, Limits

# Plain scalars of every kind the resolver knows, and some it does not.
# fmt: off
PLAIN = [
    "0", "-0", "+12", "012", "0o12", "0x1F", "-0x1f", "0b101", "1_000", "1:30", "190:20:30", "-7",
    "42", "09", "1.5", "-.5", ".5", "1.", "1e5", "1.0e+5", "6.8523015e+5", ".inf", "-.Inf",
    "+.INF", ".nan", ".NaN", "1:30.5", "2026-11-20", "2026-13-01", "2026-02-30", "2002-12-14",
    "2001-12-14t21:59:43.10-05:00", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false",
    "False", "FALSE", "yes", "Yes", "no", "NO", "on", "On", "off", "OFF", "y", "n", "abc",
    "r00001", "house_default", "<<", "=", "when", "all", "any", "not", "in", "12abc", "-x", "x-y",
]


# fmt: on
WORDS = ["a", "b", "c", "id", "when", "<<", "=", "1", "true", "on", "null", "2026-11-20"]


def quoted(draw: st.DrawFn, text: str) -> str:
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


class Writer:
    """Writes one random document, remembering the anchors defined so far."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.anchors: list[str] = []
        self.count = 0

    def anchor(self) -> str:
        if self.draw(st.integers(0, 4)) == 0:
            self.count += 1
            return f"&a{self.count} "
        return ""

    def done(self, prefix: str) -> None:
        if prefix:
            self.anchors.append(prefix.strip()[1:])

    def alias(self) -> str | None:
        if self.anchors and self.draw(st.integers(0, 5)) == 0:
            return "*" + self.draw(st.sampled_from(self.anchors))
        return None

    def scalar(self) -> str:
        alias = self.alias()
        if alias:
            return alias
        prefix = self.anchor()
        text = prefix + quoted(self.draw, self.draw(st.sampled_from(PLAIN)))
        self.done(prefix)
        return text

    def key(self) -> str:
        alias = self.alias()
        if alias and self.draw(st.booleans()):
            return alias + " "  # '*a :' (an alias needs a space before ':')
        return quoted(self.draw, self.draw(st.sampled_from(WORDS)))

    def flow(self, depth: int) -> str:
        kind = self.draw(st.sampled_from(["scalar", "scalar", "map", "seq"])) if depth else "scalar"
        if kind == "scalar":
            return self.scalar()
        alias = self.alias()
        if alias:
            return alias
        prefix = self.anchor()
        n = self.draw(st.integers(0, 3))
        if kind == "seq":
            text = prefix + "[" + ", ".join(self.flow(depth - 1) for _ in range(n)) + "]"
        else:
            items = [f"{self.key()}: {self.flow(depth - 1)}" for _ in range(n)]
            if self.anchors and self.draw(st.integers(0, 3)) == 0:
                items.insert(self.draw(st.integers(0, len(items))), f"<<: {self.merge()}")
            text = prefix + "{" + ", ".join(items) + "}"
        self.done(prefix)
        return text

    def merge(self) -> str:
        picked = self.draw(st.lists(st.sampled_from(self.anchors), min_size=1, max_size=3))
        if len(picked) == 1 and self.draw(st.booleans()):
            return "*" + picked[0]
        return "[" + ", ".join("*" + name for name in picked) + "]"

    def block(self, depth: int, indent: int) -> str:
        """A block collection at *indent*, each line ending in a newline."""
        pad = " " * indent
        kind = self.draw(st.sampled_from(["map", "seq"]))
        n = self.draw(st.integers(1, 4))
        lines = []
        for _ in range(n):
            head = pad + (f"{self.key()}:" if kind == "map" else "-")
            if depth and self.draw(st.integers(0, 2)) == 0:
                prefix = self.anchor()
                lines.append(f"{head} {prefix}".rstrip() + "\n" + self.block(depth - 1, indent + 2))
                self.done(prefix)
            elif self.draw(st.integers(0, 6)) == 0:
                lines.append(
                    f"{head} |\n{pad}  line one\n{pad}  {self.draw(st.sampled_from(PLAIN))}\n"
                )
            else:
                lines.append(f"{head} {self.flow(depth)}\n")
        if kind == "map" and self.anchors and self.draw(st.integers(0, 3)) == 0:
            lines.insert(self.draw(st.integers(0, len(lines))), f"{pad}<<: {self.merge()}\n")
        return "".join(lines)


@st.composite
def documents(draw: st.DrawFn) -> str:
    writer = Writer(draw)
    if draw(st.integers(0, 5)) == 0:
        return writer.flow(3) + "\n"
    return writer.block(3, 0)


def same(a: Any, b: Any) -> None:
    """Assert *a* and *b* are the same data with the same marks."""
    assert type(a) is type(b), (a, b)
    if isinstance(a, YamlMap):
        assert list(a) == list(b)
        assert (a.mark, a.key_marks) == (b.mark, b.key_marks)
        for key in a:
            same(a[key], b[key])
    elif isinstance(a, YamlSeq):
        assert len(a) == len(b)
        assert (a.mark, a.item_marks) == (b.mark, b.item_marks)
        for x, y in zip(a, b, strict=True):
            same(x, y)
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b)
    else:
        assert a == b


def by_nodes(text: str, limits: Limits) -> Any:
    try:
        return parse_by_nodes(text, "<doc>", limits)
    except PackError as exc:
        return exc


def by_events(text: str, limits: Limits) -> Any:
    loader = Base(text)
    try:
        return parse_by_events(loader, limits)
    finally:
        loader.dispose()


def check(text: str, limits: Limits = DEFAULT_LIMITS) -> bool:
    """Compare the readers on *text*; return whether the event reader answered itself."""
    expected = by_nodes(text, limits)
    try:
        got = by_events(text, limits)
    except LeaveIt:
        answered = False
    except Exception:  # a syntax error: parse_yaml leaves those to the node reader too
        assert isinstance(expected, PackError)
        answered = False
    else:
        assert not isinstance(expected, PackError), f"{expected} but the event reader read it"
        same(got, expected)
        answered = True
    # And what callers see: the same value, or the same error at the same place.
    if isinstance(expected, PackError):
        with pytest.raises(PackError) as info:
            parse_yaml(text, filename="<doc>", limits=limits)
        seen = info.value
        assert (seen.code, str(seen), seen.line, seen.column) == (
            expected.code,
            str(expected),
            expected.line,
            expected.column,
        )
    else:
        same(parse_yaml(text, filename="<doc>", limits=limits), expected)
    return answered


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_event_reader_agrees_with_node_reader(text: str) -> None:
    """On generated documents, parse_yaml equals PyYAML's reader: data, marks, errors."""
    check(text)


@settings(max_examples=80, deadline=None)
@given(documents(), st.integers(1, 6), st.integers(1, 60), st.integers(1, 12))
def test_limits_agree(text: str, depth: int, nodes: int, string: int) -> None:
    """Under tight limits the two readers refuse (or accept) the same documents."""
    check(text, Limits(max_depth=depth, max_nodes=nodes, max_string=string))


SAMPLES = {
    "anchors and merges": """\
base: &base {a: 1, b: [x, y]}
more: &more
  c: 2026-11-20
  d: ~
m1:
  <<: *base
  e: true
m2: {<<: [*base], <<: *more, f: 'on'}
seq: [*base, *more, &s scalar, *s]
""",
    "every int": "[0, -0, +12, 012, 0x1F, 0b101, 1_000, 1:30, 42, '7']\n",
    "floats and times": "[1.5, .inf, -.Inf, 1:30.5, 2001-12-14t21:59:43.10-05:00, 1e5]\n",
    "booleans": "[true, True, TRUE, false, False, FALSE, yes, no, on, off, y, n]\n",
    "nulls": "{a: ~, b: null, c: Null, d: NULL, e: , f: ''}\n",
    "block text": 'a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: "x\\ty"\n',
    "empty": "",
    "scalar": "just text\n",
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_event_reader_reads_samples_itself(name: str) -> None:
    """The event reader answers these documents itself (no fallback) and agrees."""
    assert check(SAMPLES[name])


def test_event_reader_reads_shipped_packs_itself() -> None:
    """Every shipped pack and example application is read by the event reader, identically."""
    paths = [
        *sorted((ROOT / "rulesets").glob("*.yaml")),
        *sorted((ROOT / "examples").glob("*.yaml")),
    ]
    assert paths
    for path in paths:
        assert check(path.read_text(encoding="utf-8")), path


def test_synthetic_pack_is_read_by_events() -> None:
    """The bench's synthetic pack goes through the event reader and agrees with PyYAML."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from synthetic import synthetic_pack_text
    finally:
        sys.path.remove(str(ROOT / "bench"))
    values = {"days_since_submission": [1, 7, 10], "heard_back": [True, False]}
    assert check(synthetic_pack_text(64, values))


@pytest.mark.parametrize(
    "text",
    [
        "a: !!str 5\n",
        "a: !!python/object/apply:os.system ['true']\n",
        "a: 2026-13-01\n",
        "a: 1\na: 2\n",
        "? [a]\n: 1\n",
        "a: &x [*x]\n",
        "a: *nowhere\n",
        "a: [1\n",
        "a: 1\n---\nb: 2\n",
        "a: =\n",
        "a: {<<: 5}\n",
        "x: &x {a: 1}\ny: {<<: *x, a: 2}\n",
        "x: &x {a: 1}\ny: &y {b: 1}\nz: {<<: [*x, *y]}\n",
        "x: &x {a: 1}\nz: {<<: *x, <<: *x}\n",
    ],
)
def test_event_reader_leaves_the_unusual_to_pyyaml(text: str) -> None:
    """Tags and mistakes are left to the node reader, whose answer parse_yaml gives."""
    assert not check(text)
