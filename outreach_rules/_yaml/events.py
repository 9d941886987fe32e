"""The fast path: a YAML document built straight from libyaml's event stream.

Composing nodes makes PyYAML call back into Python for every scalar (the
resolver) and build a node object for it, then walk the graph twice more
(measuring, constructing). Reading libyaml's event stream once and building
the values directly does the same work in one loop, several times faster.
The loop handles what packs and applications are made of: plain and quoted
scalars, block and flow collections, anchors, aliases and merge keys.
Anything else (an explicit tag, an error of any kind) it leaves to
:func:`~.nodes.parse_by_nodes`, so refusals keep their exact messages and
positions: it only answers where it answers as the node reader would, which
``tests/_yaml/test_events.py`` checks on generated documents.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from ..limits import Limits
from .nodes import At, Loader, YamlMap, YamlSeq

__all__ = ["LeaveIt", "parse_by_events"]

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"

# Loader's own implicit resolvers (YAML 1.2 booleans), by first character.
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: resolvers
    for first, resolvers in Loader.yaml_implicit_resolvers.items()
    if first is not None and resolvers
}
_WILDCARD: list[tuple[str, re.Pattern[str]]] = Loader.yaml_implicit_resolvers.get(None, [])
_NO_WILDCARD = not _WILDCARD  # PyYAML has none; if one appears, every scalar is resolved
_SIMPLE_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_SIMPLE_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# PyYAML's safe constructors, for the rare scalar forms (0x1F, 1_000, 1:30, 1.5, .inf, times).
_CONSTRUCT: dict[str, Any] = {
    _INT: yaml.constructor.SafeConstructor.construct_yaml_int,
    _FLOAT: yaml.constructor.SafeConstructor.construct_yaml_float,
    _TIMESTAMP: yaml.constructor.SafeConstructor.construct_yaml_timestamp,
}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_NO_KEY: Any = object()  # a mapping waiting for its next key
_MERGE_KEY: Any = object()  # a mapping waiting for the value of a '<<' key


class LeaveIt(Exception):
    """The event reader leaves this document to the node reader."""


def _plain_scalar(value: str) -> Any:
    """The value of the untagged plain scalar *value*, as the node reader builds it."""
    tag = _STR
    for candidate, regexp in (*_RESOLVERS.get(value[:1], ()), *_WILDCARD):
        if regexp.match(value):
            tag = candidate
            break
    if tag is _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return yaml.constructor.SafeConstructor.bool_values[value.lower()]
    if tag == _INT and _SIMPLE_INT.match(value):
        return int(value)
    if tag == _TIMESTAMP and _SIMPLE_DATE.match(value):
        try:
            return date(int(value[:4]), int(value[5:7]), int(value[8:10]))
        except ValueError:
            raise LeaveIt from None  # the node reader says where and why
    construct = _CONSTRUCT.get(tag)
    if construct is None:  # '<<' out of place, '=', ...: the node reader refuses them
        raise LeaveIt
    try:
        return construct(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    except ValueError:
        raise LeaveIt from None


def _merged(result: YamlMap, merges: list[YamlMap]) -> None:
    """Put the keys of *merges* first in *result*, as PyYAML's ``flatten_mapping`` orders them.

    Our loader refuses a key given twice, merged or not, so there is no
    overriding to do. A key merged twice is left to the node reader: whether
    PyYAML keeps one or reports a repeat depends on its version (recent ones
    drop a merged key whose text is the very same string object).
    """
    own = list(result.items())
    own_at = result._key_at
    result.clear()
    result._key_at = {}
    for source in merges:
        for key, value in source.items():
            if key in result:
                raise LeaveIt
            result[key] = value
            result._key_at[key] = source._key_at[key]
    for key, value in own:
        if key in result:
            raise LeaveIt
        result[key] = value
        result._key_at[key] = own_at[key]


def parse_by_events(loader: Any, limits: Limits) -> Any:
    """Build the document *loader* reads from its event stream, or raise :class:`LeaveIt`.

    Measures as it builds, with the node reader's rules: nesting depth
    (aliases add none), text length, and size with every alias expanded,
    counted without expanding anything.
    """
    # One long function on purpose: its loop runs once per event of the document,
    # and a call per event (or per kind of event) cost a fifth of the load time
    # of a large pack when it was measured (issue 6). Each branch says which event
    # it handles.
    get_event = loader.get_event
    max_depth, max_string, max_nodes = limits.max_depth, limits.max_string, limits.max_nodes
    # anchor -> (value, position, expanded size); None while its collection is still open.
    anchors: dict[str, tuple[Any, At, int] | None] = {}
    resolved: dict[str, Any] = {}  # plain scalar -> its value (all immutable)
    root: Any = None
    done = False
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    # The innermost open collection lives in local variables (the loop runs once
    # per event, and locals are the cheapest to reach); the ones around it wait
    # on the stack as tuples of the same.
    into: Any = None  # a YamlMap or YamlSeq, or None outside every collection
    in_map = False
    key: Any = _NO_KEY  # a mapping's pending key: _NO_KEY, _MERGE_KEY or the text
    key_at: At = (0, 0)
    total = 0  # the expanded size of `into` so far
    anchor: str | None = None
    merges: list[YamlMap] | None = None
    stack: list[tuple[Any, bool, Any, At, int, str | None, list[YamlMap] | None]] = []
    depth = 0  # how many collections are open
    while True:
        event = get_event()
        kind = type(event)
        merge_key = False
        if kind is scalar_event:
            if event.tag is not None or depth > max_depth:
                raise LeaveIt
            text = event.value
            if len(text) > max_string:
                raise LeaveIt
            if not event.implicit[0] or (_NO_WILDCARD and text[:1] not in _RESOLVERS):
                value: Any = text  # quoted, or plain text no resolver looks at (most keys)
            elif text == "<<" and in_map and key is _NO_KEY and event.anchor is None:
                merge_key = True
                value = text
            else:  # the same few words and numbers recur: resolve each once
                value = resolved.get(text, _NO_KEY)
                if value is _NO_KEY:
                    value = resolved[text] = _plain_scalar(text)
            start = event.start_mark
            at: At = (start.line + 1, start.column + 1)
            size = 1
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise LeaveIt
                anchors[event.anchor] = (value, at, 1)
        elif kind is alias_event:
            found = anchors.get(event.anchor)
            if found is None:  # undefined, or a collection that contains its own alias
                raise LeaveIt
            value, at, size = found
        elif kind is map_start or kind is seq_start:
            if event.tag is not None or depth > max_depth:
                raise LeaveIt
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise LeaveIt
                anchors[event.anchor] = None
            if depth:
                stack.append((into, in_map, key, key_at, total, anchor, merges))
            depth += 1
            start = event.start_mark
            in_map = kind is map_start
            into = YamlMap() if in_map else YamlSeq()
            into._at = (start.line + 1, start.column + 1)
            key, total, anchor, merges = _NO_KEY, 1, event.anchor, None
            continue
        elif kind in collection_end:
            value, size, at = into, total, into._at
            if size > max_nodes:
                raise LeaveIt
            if merges:
                _merged(value, merges)
            if anchor is not None:
                anchors[anchor] = (value, at, size)
            depth -= 1
            if depth:
                into, in_map, key, key_at, total, anchor, merges = stack.pop()
            else:
                into = None
        elif kind is yaml.StreamEndEvent:
            return root
        elif kind is yaml.DocumentStartEvent:
            if done:  # a second document: the node reader says so
                raise LeaveIt
            continue
        else:  # StreamStart, DocumentEnd
            continue
        if into is None:
            root, done = value, True
            continue
        total += size
        if not in_map:
            into.append(value)
            into._item_at.append(at)
        elif key is _NO_KEY:
            if merge_key:
                key = _MERGE_KEY
            elif type(value) is str and value not in into:
                key, key_at = value, at
            else:  # a key that is not text, or a repeated one
                raise LeaveIt
        elif key is _MERGE_KEY:
            key = _NO_KEY
            if merges is None:
                merges = []
            if type(value) is YamlMap:
                merges.append(value)
            elif type(value) is YamlSeq and len(value) == 1 and type(value[0]) is YamlMap:
                merges.extend(value)
            else:  # several mappings: their order depends on the PyYAML version
                raise LeaveIt
        else:
            into[key] = value
            into._key_at[key] = key_at
            key = _NO_KEY
