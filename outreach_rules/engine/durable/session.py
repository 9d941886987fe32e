"""The durable_rules runtime: one host, one lock, a fresh session per decision.

:func:`fired_rule_ids` asserts one application as one fact (see
:mod:`.compiler` for how a pack and an application are
compiled) in a fresh session, collects the rules whose actions ran, and
deletes the session, error or not. Every call into durable_rules is
serialised behind one lock, on one host created without durable_rules'
background threads. durable_rules is imported on first use only.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Final

from ...errors import EngineError
from ...packs.pack import Pack
from .compiler import INSTALL_HINT, SENTINEL, DurableRuleset, durable_ruleset

__all__ = ["MAX_REGISTERED_RULESETS", "fired_rule_ids"]

MAX_REGISTERED_RULESETS: Final = 32
"""The most rulesets (distinct packs) registered with durable_rules at once in one process.

Each holds about 64 KB in durable_rules' C core; past this many, the least
recently used one is unregistered and freed (and registered again if used again)."""

_ERRORS: Final[Mapping[int, str]] = {
    106: "too many tests under one node of the network",
    107: "too many 'any' groups under one node of the network",
    108: "too many rules end at one node of the network",
    113: "a rule has too many expressions",
    302: "the posted fact has too many properties",
    303: "too many tests matched at once (its matching stack holds 64)",
    304: "too many matches in one frame",
}


class _Runtime:
    """The one durable_rules host of this process, used only while holding :attr:`lock`."""

    def __init__(self, engine: Any) -> None:
        class QuietHost(engine.Host):  # type: ignore[misc]
            # durable_rules' host starts timer threads that run pending actions of
            # any session; they could take over ours mid-decision. Nothing here
            # uses timers or queued actions, so the host runs none.
            def _run(self) -> None:
                pass

        self.engine = engine
        self.core: Any = engine.durable_rules_engine  # the C core durable.engine drives
        self.host: Any = QuietHost()
        self.lock = threading.Lock()
        # Registered rulesets, least recently used first (see MAX_REGISTERED_RULESETS).
        self.registered: OrderedDict[str, None] = OrderedDict()
        self.fired: dict[str, list[str]] = {}
        self.sessions = itertools.count(1)

    def _record(self, rule_id: str) -> Callable[[Any], None]:
        fired = self.fired

        def action(c: Any) -> None:  # one parameter: durable_rules runs it synchronously
            fired[c.s.sid].append(rule_id)

        return action

    def register(self, ruleset: DurableRuleset) -> None:
        if ruleset.name in self.registered:
            self.registered.move_to_end(ruleset.name)
            return
        while len(self.registered) >= MAX_REGISTERED_RULESETS:
            self._forget(self.registered.popitem(last=False)[0])
        definition = ruleset.definition()
        for rule_id, rule in definition.items():
            rule["run"] = self._record(rule_id)
        try:
            self.host.register_rulesets({ruleset.name: definition})
        except Exception as exc:
            raise EngineError(
                f"durable_rules refused the ruleset of pack {ruleset.pack!r}: {_explain(exc)}",
                engine="durable",
            ) from None
        self.registered[ruleset.name] = None

    def _forget(self, name: str) -> None:
        """Unregister the ruleset *name* and free its network (about 64 KB, measured).

        durable_rules 2.0.28 has no public way to unregister: its host keeps each
        ruleset in ``_ruleset_directory`` and ``_ruleset_list``, and its C core
        frees one with ``delete_ruleset(handle)``. Only called under the lock,
        between decisions, so no session of the ruleset is alive.
        """
        host = self.host
        ruleset = host._ruleset_directory.pop(name, None)
        if ruleset is None:
            return
        with contextlib.suppress(ValueError):
            host._ruleset_list.remove(ruleset)
        handle = getattr(ruleset, "_handle", None)
        if handle is not None:
            self.core.delete_ruleset(handle)

    def match(self, ruleset: DurableRuleset, posted: dict[str, Any]) -> frozenset[str]:
        with self.lock, warnings.catch_warnings():
            # On Python 3.12 durable_rules calls datetime.utcfromtimestamp for every
            # action, which warns; under -W error that would fail every decision.
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"durable\.")
            self.register(ruleset)
            sid = str(next(self.sessions))
            posted["sid"] = sid
            self.fired[sid] = []
            try:
                self.host.assert_fact(ruleset.name, posted)
            except Exception as exc:
                raise EngineError(
                    f"durable_rules failed on pack {ruleset.pack!r}: {_explain(exc)}",
                    engine="durable",
                ) from None
            finally:
                fired = self.fired.pop(sid)
                # Fails only when the error came before the session was made.
                with contextlib.suppress(Exception):
                    self.host.delete_state(ruleset.name, sid)
        return frozenset(fired) - {SENTINEL}


def _explain(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    for code, meaning in _ERRORS.items():
        if f"error code: {code}" in text:
            return f"{meaning} (durable_rules error {code})"
    return text


_RUNTIME: _Runtime | None = None
_RUNTIME_LOCK = threading.Lock()


def _runtime() -> _Runtime:
    global _RUNTIME
    with _RUNTIME_LOCK:
        if _RUNTIME is None:
            try:
                import durable.engine as engine  # an optional install: imported on first use
            except ImportError:
                raise EngineError(
                    "the durable engine needs durable_rules, which is not installed",
                    engine="durable",
                    hint=INSTALL_HINT,
                ) from None
            _RUNTIME = _Runtime(engine)
        return _RUNTIME


def fired_rule_ids(
    pack: Pack, facts: Mapping[str, Any], *, ruleset: DurableRuleset | None = None
) -> frozenset[str]:
    """Return the ids of the rules of *pack* that durable_rules finds matching *facts*.

    *ruleset* overrides the compiled form (tests use it to plant a wrong one).

    Raises:
        EngineError: durable_rules is not installed, or it failed.
        PackError: ``engine-limit``, the pack is over one of durable_rules' limits.
    """
    compiled = ruleset or durable_ruleset(pack)
    runtime = _runtime()
    return runtime.match(compiled, compiled.post(facts))
