"""outreach-rules: what should a job candidate do next, and why?

Declarative rules, written in YAML rule packs, that turn job-search outreach
guidance into ranked, explained recommendations::

    from datetime import date
    from outreach_rules import next_action

    decision = next_action(application_dict, today=date(2026, 11, 26))
    decision.primary.action        # 'call_recruiter'
"""

# No `from __future__ import annotations` and no `from typing import ...` here:
# either would add a public-looking name to the package (see tests/test_api.py).
import typing

from ._version import __version__
from .actions import ACTIONS, ActionSpec
from .applications import load_application, parse_application
from .decision import BlockedAction, BlockReason, Decision, Reason, Recommendation
from .engine import ENGINES, decide, next_action
from .errors import (
    ApplicationError,
    EngineError,
    FieldProblem,
    OutreachRulesError,
    PackError,
    UnknownActionError,
    UnknownRuleError,
)
from .facts import Application
from .limits import DEFAULT_LIMITS, Limits
from .packs import Pack, Rule, default_pack, load_pack, load_pack_text, shipped_packs
from .vocabulary import FACT_SPECS, FactSpec, facts_of

if typing.TYPE_CHECKING:
    # Type checkers and the documentation see these as ordinary imports; at run
    # time they are loaded on first use by __getattr__ below.
    from .backends.durable import DurableRuleset, durable_ruleset
    from .batch import BatchResult, decide_many
    from .explanations import (
        ActionExplanation,
        Change,
        Counterfactual,
        Explanation,
        explain,
        why_not,
    )
    from .ics import plan_to_ics
    from .planning import Plan, PlanStep, plan
    from .trace import ConditionTrace, RuleTrace

# The parts a plain decision does not need, by the module that defines them.
# Importing them eagerly would add the durable backend, multiprocessing and the
# explanation, counterfactual and plan models to every `import outreach_rules`;
# they are imported when one of their names is first looked up (PEP 562).
_LAZY: dict[str, str] = {
    "DurableRuleset": "backends.durable",
    "durable_ruleset": "backends.durable",
    "BatchResult": "batch",
    "decide_many": "batch",
    "ActionExplanation": "explanations",
    "Change": "explanations",
    "Counterfactual": "explanations",
    "Explanation": "explanations",
    "explain": "explanations",
    "why_not": "explanations",
    "plan_to_ics": "ics",
    "Plan": "planning",
    "PlanStep": "planning",
    "plan": "planning",
    "ConditionTrace": "trace",
    "RuleTrace": "trace",
}


def __getattr__(name: str) -> object:
    """Import a lazily exported name on first use and keep it in the package."""
    # One plain import statement a module: the package never imports a module
    # by a computed name (tests/test_security.py looks for that).
    value: object
    match _LAZY.get(name):
        case "backends.durable":
            from .backends import durable

            value = getattr(durable, name)
        case "batch":
            from . import batch

            value = getattr(batch, name)
        case "explanations":
            from . import explanations

            value = getattr(explanations, name)
        case "ics":
            from . import ics

            value = getattr(ics, name)
        case "planning":
            from . import planning

            value = getattr(planning, name)
        case "trace":
            from . import trace

            value = getattr(trace, name)
        case _:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # Later look-ups find the name directly, without calling __getattr__ again.
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the package's names, the lazily imported ones included."""
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "ACTIONS",
    "DEFAULT_LIMITS",
    "ENGINES",
    "FACT_SPECS",
    "ActionExplanation",
    "ActionSpec",
    "Application",
    "ApplicationError",
    "BatchResult",
    "BlockReason",
    "BlockedAction",
    "Change",
    "ConditionTrace",
    "Counterfactual",
    "Decision",
    "DurableRuleset",
    "EngineError",
    "Explanation",
    "FactSpec",
    "FieldProblem",
    "Limits",
    "OutreachRulesError",
    "Pack",
    "PackError",
    "Plan",
    "PlanStep",
    "Reason",
    "Recommendation",
    "Rule",
    "RuleTrace",
    "UnknownActionError",
    "UnknownRuleError",
    "__version__",
    "decide",
    "decide_many",
    "default_pack",
    "durable_ruleset",
    "explain",
    "facts_of",
    "load_application",
    "load_pack",
    "load_pack_text",
    "next_action",
    "parse_application",
    "plan",
    "plan_to_ics",
    "shipped_packs",
    "why_not",
]
