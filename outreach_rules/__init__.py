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
from .decision import BlockedAction, BlockReason, Decision, Reason, Recommendation
from .engine import ENGINES, decide, next_action
from .errors import ApplicationError, EngineError, FieldProblem, OutreachRulesError, PackError
from .facts import Application
from .packs import Pack, Rule, default_pack, load_pack, load_pack_text, shipped_packs
from .vocabulary import FACT_SPECS, FactSpec, facts_of

__all__ = [
    "ACTIONS",
    "ENGINES",
    "FACT_SPECS",
    "ActionSpec",
    "Application",
    "ApplicationError",
    "BlockReason",
    "BlockedAction",
    "Decision",
    "DurableRuleset",
    "EngineError",
    "FactSpec",
    "FieldProblem",
    "OutreachRulesError",
    "Pack",
    "PackError",
    "Reason",
    "Recommendation",
    "Rule",
    "__version__",
    "decide",
    "default_pack",
    "durable_ruleset",
    "facts_of",
    "load_application",
    "load_pack",
    "load_pack_text",
    "next_action",
    "parse_application",
    "shipped_packs",
]
