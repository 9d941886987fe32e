"""outreach-rules: what should a job candidate do next, and why?

Declarative rules, written in YAML rule packs, that turn job-search outreach
guidance into ranked, explained recommendations::

    from datetime import date
    from outreach_rules import next_action

    decision = next_action(application_dict, today=date(2026, 11, 26))
    decision.primary.action        # 'call_recruiter'
"""

from ._version import __version__
from .actions import ACTIONS, ActionSpec
from .applications import load_application, parse_application
from .backends.durable import DurableRuleset, durable_ruleset
from .batch import BatchResult, decide_many
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
from .explanations import ActionExplanation, Change, Counterfactual, Explanation, explain, why_not
from .facts import Application
from .ics import plan_to_ics
from .limits import DEFAULT_LIMITS, Limits
from .packs import Pack, Rule, default_pack, load_pack, load_pack_text, shipped_packs
from .planning import Plan, PlanStep, plan
from .trace import ConditionTrace, RuleTrace
from .vocabulary import FACT_SPECS, FactSpec, facts_of

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
