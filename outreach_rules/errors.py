"""The exceptions raised by outreach-rules.

Every error the public API raises on bad input derives from
:class:`OutreachRulesError`, and also from :class:`ValueError`, so callers can
catch either. Errors carry their data as attributes (file, line, rule id, fact
path, a stable ``code``) and render a message for people: what went wrong,
where, and what to do.

This module imports nothing from the rest of the package.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "PACK_ERROR_CODES",
    "ApplicationError",
    "EngineError",
    "FieldProblem",
    "Mark",
    "OutreachRulesError",
    "PackError",
    "SettingsError",
    "Site",
    "UnknownActionError",
    "UnknownRuleError",
    "did_you_mean",
    "short_repr",
    "short_text",
    "wrong_type",
]

PACK_ERROR_CODES: Mapping[str, str] = MappingProxyType(
    {
        # Reading the file
        "bad-argument": "`load_pack` was given neither a path nor a shipped pack's name, or "
        "`load_pack_text` something other than text; or a `filename`, `base_dir` or `limits` "
        "of the wrong type",
        "not-found": "the pack file cannot be read: missing, unreadable, a loop of symbolic "
        "links, a NUL or an over-long name in its path",
        "not-a-file": "the pack path (or an `extends`) names a directory, FIFO, device or socket, "
        "not a regular file: it is refused without being read",
        "too-large": "the pack file or text is over the size limit (`Limits.max_pack_bytes`)",
        "too-long": "one text in the document is over `Limits.max_string` characters",
        "encoding": "the pack file is not UTF-8",
        "yaml-syntax": "the text is not valid YAML, uses a tag that builds objects, has an "
        "impossible date such as `2026-13-01`, a whole number of more digits than Python reads "
        "(4,300), or a set (`!!set`, whose order is not fixed)",
        "yaml-key": "a mapping key is not text",
        "duplicate-key": "a key appears twice in one mapping",
        "yaml-depth": "the document nests too deeply (`Limits.max_depth`)",
        "yaml-too-large": "the document expands to too many values, aliases inside aliases "
        "(`Limits.max_nodes`)",
        "yaml-recursive": "an alias refers to a node that contains it",
        # The pack's structure
        "bad-pack": "the document is not a mapping",
        "unknown-key": "a key the format does not have (with a did-you-mean)",
        "missing-key": "a required key is missing: `name`, a rule's `id` or `source`, "
        "`then.action`, a block's `action` or `reason`, an action's `title`; or `because` for "
        "a rule with `then`",
        "bad-value": "a value of the wrong type or outside its choices; an invalid id; a "
        "comparison with `null`; a bad `{fact: ...}` reference",
        "empty-rule": "a rule with neither `then` nor `blocks`",
        "unused-because": "`because` on a rule without `then`",
        "bad-source": "`source` is neither a non-empty passage nor `{house_default: WHY}`",
        "duplicate-rule": "two rules of one file share an id",
        "duplicate-action": "`actions` redefines a built-in action",
        "too-many-rules": "the pack, with what it extends, has more than `Limits.max_rules` rules",
        "limit": "the pack's tests of one fact are too many to index within "
        "`Limits.max_match_work` (many literals, or many rules, on one fact)",
        "too-many-item-tests": "the `where` of the pack's derived facts test each item of a "
        "list more than `Limits.max_item_tests` times in all",
        # What the rules mean
        "unknown-fact": "a fact path the vocabulary does not have (with a did-you-mean)",
        "unknown-operator": "an operator the language does not have (with a did-you-mean)",
        "bad-operator": "an operator that does not apply to the fact's type",
        "bad-condition": "a malformed condition: empty, `all`/`any`/`not` with siblings, "
        "`all`/`any` without a list, a fact with no operator",
        "bad-template": "a lone `{` or `}`, a malformed placeholder, or a placeholder naming a "
        "group of facts",
        "unfilled-placeholder": "a placeholder without fallback whose fact may be absent when "
        "the rule fires",
        "bad-date": "`not_before` or `due_by` is not a date fact or `{fact: ..., days: N}`, or "
        "shifts it by more than 36,525 days",
        # Settings, custom facts and derived facts
        "unknown-setting": "`{setting: NAME}`, a rule's or a patch's `settings:`, or a new "
        "default under `settings:`, names no setting of the pack (with a did-you-mean)",
        "bad-setting": "a setting declared without its type and default, a default or a new "
        "default that does not fit its type, choices or bounds, a standard setting declared "
        "again with another type, or a rule's setting it does not use",
        "bad-custom-fact": "a custom fact declared with a default that does not fit, or an enum "
        "without choices",
        "duplicate-fact": "a custom fact declared twice in one chain, or a derived fact named "
        "like a fact of the vocabulary",
        "bad-derived": "a derived fact whose expression is malformed, or whose value is not of "
        "its declared type (or its choices)",
        "derived-cycle": "derived facts that read each other in a cycle, or nest deeper than "
        "`Limits.max_depth` through the facts they read",
        "bad-patch": "a patch of a rule that no longer has the part it changes (the rule it "
        "patches changed shape)",
        "unknown-action": "an action id neither built in nor declared under `actions`",
        # Composition
        "unknown-pack": "`extends` names no shipped pack",
        "extends-path": "`extends` points outside the allowed folder, or a pack given as text "
        "extends a file without `base_dir`",
        "extends-cycle": "`extends` comes back to a pack already in the chain, or the chain is "
        "longer than `Limits.max_extends_depth`",
        "unknown-rule": "`disable` names no inherited rule or invariant",
        "disable-without-extends": "`disable` in a pack that extends nothing",
        "changed": "a pack sent to a worker process (a batch) came out different there: its "
        "files changed while it was in use",
        # Other engines
        "engine-limit": "the pack is over a limit of the engine asked for (see "
        "[engines](engines.md#limits))",
        # Embedded tests
        "bad-example": "an example whose application is invalid, that has no day (`today` or "
        "`as_of`), that expects nothing, or that both expects and excludes an action",
        "bad-invariant": "an invariant with both or neither of `never` and `always`, or no action",
        "duplicate-invariant": "two invariants share an id (an inherited one included)",
        "duplicate-example": "two examples of one pack file share a name",
    }
)
"""Every ``PackError.code``, with what it means. Codes are stable: programs may match on them."""


_SHORT = reprlib.Repr()
_SHORT.maxlevel = 3
_SHORT.maxstring = 80
_SHORT.maxother = 80
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = _SHORT.maxset = 6


def short_repr(value: object) -> str:
    """Return a bounded ``repr`` of *value* for an error message: deep or huge input stays short."""
    return _SHORT.repr(value)


MAX_MESSAGE_PART = 1_000
"""The most characters of any one part of an error's message (a problem, a hint, a file)."""

MAX_PROBLEMS_SHOWN = 50
"""The most problems an :class:`ApplicationError` lists in its message (all are in ``problems``)."""


def short_text(text: str, limit: int = 80) -> str:
    """Return *text* cut to about *limit* characters, its middle elided, for an error message.

    User text echoed in a message (a key, a name) is shortened so that a huge
    one cannot make a huge message.
    """
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    return f"{text[:half]}...{text[-half:]}"


def wrong_type(function: str, argument: str, expected: str, got: object) -> TypeError:
    """The ``TypeError`` for an argument of the wrong type: the call, the argument, what it wants.

    Used where a caller passed an object of the wrong kind (not bad data):
    ``wrong_type("decide", "pack", "a Pack", 3)``.
    """
    return TypeError(f"{function}(): {argument} must be {expected} (got {type(got).__name__})")


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return the choice closest to a misspelt *word*, or ``None`` if none is close."""
    import difflib  # only error messages need it; not worth loading on every import

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


class OutreachRulesError(ValueError):
    """Root of every error outreach-rules raises on bad input."""


def _rebuild(
    cls: type[OutreachRulesError], args: tuple[object, ...], kwargs: dict[str, object]
) -> OutreachRulesError:
    """Make an error again from its constructor's arguments (see the ``__reduce__`` methods)."""
    return cls(*args, **kwargs)


class PackError(OutreachRulesError):
    """A rule pack is malformed or refers to something that does not exist.

    Attributes:
        problem: what is wrong, in one sentence.
        file: the pack file (or ``"<string>"`` for a pack given as text).
        line: 1-based line of the offending YAML node, if known.
        column: 1-based column of that node, if known.
        rule_id: the rule the problem is in, if any.
        hint: what to do about it (often a did-you-mean).
        code: a stable identifier for the kind of problem, e.g. ``"unknown-fact"``;
            every code is listed in :data:`PACK_ERROR_CODES`.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        rule_id: str | None = None,
        hint: str | None = None,
        code: str,
    ) -> None:
        self.problem = problem
        self.file = file
        self.line = line
        self.column = column
        self.rule_id = rule_id
        self.hint = hint
        self.code = code
        super().__init__(self._render())

    def __reduce__(self) -> tuple[object, ...]:
        # An exception pickles as its message by default, which this constructor
        # cannot take: errors cross process boundaries in decide_many(workers=N).
        kwargs = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule_id": self.rule_id,
            "hint": self.hint,
            "code": self.code,
        }
        return (_rebuild, (type(self), (self.problem,), kwargs))

    def _render(self) -> str:
        # Each part is bounded (MAX_MESSAGE_PART): a part may echo user text, and a
        # huge key or name must not make a huge message.
        where = short_text(self.file or "<pack>", MAX_MESSAGE_PART)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.rule_id is not None:
            text += f"rule {short_repr(self.rule_id)}: "
        text += short_text(self.problem, MAX_MESSAGE_PART)
        if self.hint:
            text += f"\n  hint: {short_text(self.hint, MAX_MESSAGE_PART)}"
        return text


class UnknownRuleError(OutreachRulesError, KeyError):
    """A rule id that is not in the pack (also a ``KeyError``, as for a mapping lookup).

    Attributes:
        rule_id: the id asked for.
        suggestion: the closest id in the pack, if any is close.
    """

    def __init__(self, rule_id: str, pack_name: str, suggestion: str | None) -> None:
        self.rule_id = rule_id
        self.suggestion = suggestion
        message = f"no rule {rule_id!r} in pack {pack_name!r}"
        if suggestion:
            message += f"; did you mean {suggestion!r}?"
        self.message = message
        self._pack_name = pack_name
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled from its parts, not its message (see PackError.__reduce__).
        return (_rebuild, (type(self), (self.rule_id, self._pack_name, self.suggestion), {}))

    def __str__(self) -> str:
        # KeyError would quote the message; show it as written.
        return self.message


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem with one field of an application.

    ``path`` is the dotted path of the field (``"posting.recruiter.phone"``,
    ``"history.2.on"``), ``message`` says what is wrong, ``value`` is what was
    given (``None`` when the field was missing).
    """

    path: str
    message: str
    value: object = None

    def __str__(self) -> str:
        return f"{self.path or '(application)'}: {self.message}"


class ApplicationError(OutreachRulesError):
    """An application (the input facts) is invalid.

    Attributes:
        problems: every problem found, each naming the field path.
        source: the file the application came from, if known.
    """

    _WHAT = "invalid application"

    def __init__(self, problems: Sequence[FieldProblem], *, source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        count = len(self.problems)
        head = f"{short_text(source, MAX_MESSAGE_PART)}: " if source else ""
        head += f"{self._WHAT} ({count} problem{'s' if count != 1 else ''})"
        # Bounded as PackError's parts are: problems echo user text.
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        lines = [head] + [f"  - {short_text(str(p), MAX_MESSAGE_PART)}" for p in shown]
        if count > len(shown):
            lines.append(f"  ... and {count - len(shown):,} more")
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled from its parts, not its message (see PackError.__reduce__).
        return (_rebuild, (type(self), (self.problems,), {"source": self.source}))

    @property
    def paths(self) -> tuple[str, ...]:
        """The dotted field paths that have problems, in order."""
        return tuple(p.path for p in self.problems)


class SettingsError(ApplicationError):
    """Values given for a pack's settings (``settings={...}``, ``--set``) do not fit it.

    An :class:`ApplicationError` too: the settings are part of the input of a
    call. Each problem is at ``settings.NAME``: an unknown setting (with a
    did-you-mean), or a value that does not fit its declaration.
    """

    _WHAT = "invalid settings"


class UnknownActionError(OutreachRulesError):
    """An action id that is not in the pack's catalogue was asked about.

    Attributes:
        action: the id asked about.
        pack: the name of the pack whose catalogue it is not in.
        suggestion: the closest known id, if one is close.
    """

    def __init__(self, action: str, known: Iterable[str], *, pack: str) -> None:
        self.action = action
        self.pack = pack
        self._known = tuple(known)
        self.suggestion = did_you_mean(action, self._known)
        message = f"unknown action {action!r} in pack {pack!r}"
        if self.suggestion:
            message += f"; did you mean {self.suggestion!r}?"
        else:
            message += " (see docs/reference/actions.md for every action)"
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled from its parts, not its message (see PackError.__reduce__).
        return (_rebuild, (type(self), (self.action, self._known), {"pack": self.pack}))


class EngineError(OutreachRulesError):
    """An engine cannot be used: an unknown name, an engine not installed, or one that failed.

    Attributes:
        engine: the engine asked for.
        hint: what to do about it (a did-you-mean, or how to install it).
    """

    def __init__(self, problem: str, *, engine: str, hint: str | None = None) -> None:
        self.problem = problem
        self.engine = engine
        self.hint = hint
        super().__init__(problem + (f"\n  hint: {hint}" if hint else ""))

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled from its parts, not its message (see PackError.__reduce__).
        kwargs = {"engine": self.engine, "hint": self.hint}
        return (_rebuild, (type(self), (self.problem,), kwargs))


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based line and column in a YAML file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Site:
    """Where in a pack a piece of it came from: the file and, inside it, the rule."""

    file: str
    rule_id: str | None = None

    def error(
        self, problem: str, mark: Mark | None, *, code: str, hint: str | None = None
    ) -> PackError:
        """Build a :class:`PackError` for *problem* at *mark* in this file and rule."""
        return PackError(
            problem,
            file=self.file,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            rule_id=self.rule_id,
            hint=hint,
            code=code,
        )
