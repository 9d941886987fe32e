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
from .engine.decide import ENGINES, decide, facts_of, next_action
from .errors import (
    ApplicationError,
    EngineError,
    FieldProblem,
    OutreachRulesError,
    PackError,
    SettingsError,
    UnknownActionError,
    UnknownRuleError,
)
from .limits import DEFAULT_LIMITS, Limits
from .model.actions import ACTIONS, ActionSpec
from .model.application import Application
from .model.decision import BlockedAction, BlockReason, Decision, Reason, Recommendation
from .model.reading import load_application, parse_application
from .model.vocabulary import FACT_SPECS, FactSpec
from .packs.loading import default_pack, load_pack, load_pack_text
from .packs.pack import Pack, Rule
from .packs.reading import shipped_packs

if typing.TYPE_CHECKING:
    # Type checkers and the documentation see these as ordinary imports; at run
    # time they are loaded on first use by __getattr__ below.
    from .batch.api import BatchResult, decide_many
    from .engine.durable.compiler import DurableRuleset, durable_ruleset
    from .explaining.counterfactuals import Change, Counterfactual
    from .explaining.explanations import ActionExplanation, Explanation, explain, why_not
    from .explaining.ics import plan_to_ics
    from .explaining.planning import Plan, PlanStep, plan
    from .explaining.trace import ConditionTrace, RuleTrace

# The parts a plain decision does not need, by the module that defines them.
# Importing them eagerly would add the durable backend, multiprocessing and the
# explanation, counterfactual and plan models to every `import outreach_rules`;
# they are imported when one of their names is first looked up (PEP 562).
_LAZY: dict[str, str] = {
    "DurableRuleset": "engine.durable.compiler",
    "durable_ruleset": "engine.durable.compiler",
    "BatchResult": "batch.api",
    "decide_many": "batch.api",
    "ActionExplanation": "explaining.explanations",
    "Explanation": "explaining.explanations",
    "explain": "explaining.explanations",
    "why_not": "explaining.explanations",
    "Change": "explaining.counterfactuals",
    "Counterfactual": "explaining.counterfactuals",
    "plan_to_ics": "explaining.ics",
    "Plan": "explaining.planning",
    "PlanStep": "explaining.planning",
    "plan": "explaining.planning",
    "ConditionTrace": "explaining.trace",
    "RuleTrace": "explaining.trace",
}


def __getattr__(name: str) -> object:
    """Import a lazily exported name on first use and keep it in the package."""
    # One plain import statement a module: the package never imports a module
    # by a computed name (tests/test_security.py looks for that).
    value: object
    match _LAZY.get(name):
        case "engine.durable.compiler":
            from .engine.durable import compiler

            value = getattr(compiler, name)
        case "batch.api":
            from .batch import api

            value = getattr(api, name)
        case "explaining.explanations":
            from .explaining import explanations

            value = getattr(explanations, name)
        case "explaining.counterfactuals":
            from .explaining import counterfactuals

            value = getattr(counterfactuals, name)
        case "explaining.ics":
            from .explaining import ics

            value = getattr(ics, name)
        case "explaining.planning":
            from .explaining import planning

            value = getattr(planning, name)
        case "explaining.trace":
            from .explaining import trace

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
    "SettingsError",
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
