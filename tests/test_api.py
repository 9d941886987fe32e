"""The public API: exactly what __all__ lists, typed and documented."""

from __future__ import annotations

import inspect
from pathlib import Path

import outreach_rules


def test_all_is_sorted_and_exactly_the_public_names() -> None:
    """__all__ lists every public name the package exports, once, and nothing else.

    Its order (isort-style) is checked by ruff's RUF022. ``dir()`` rather than
    ``vars()``: some names are imported on first use (the package's
    ``__getattr__``), and ``getattr`` loads them.
    """
    exported = {
        name
        for name in dir(outreach_rules)
        if not name.startswith("_") and not inspect.ismodule(getattr(outreach_rules, name))
    }
    assert len(set(outreach_rules.__all__)) == len(outreach_rules.__all__)
    assert set(outreach_rules.__all__) == exported | {"__version__"}


def test_every_public_name_is_documented() -> None:
    """Every exported class and function has a docstring."""
    for name in outreach_rules.__all__:
        value = getattr(outreach_rules, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name


def test_package_is_marked_typed() -> None:
    """py.typed ships with the package so type checkers use its annotations."""
    assert (Path(outreach_rules.__file__).parent / "py.typed").is_file()


# The public names as of 0.1 (issue 12): they must all keep working. Add to this
# list when the API grows; never take a name out without keeping it working.
PUBLIC_0_1 = (
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
)


def test_every_public_name_of_0_1_is_still_exported() -> None:
    """Every name of 0.1's __all__ is still in __all__ and can be imported."""
    assert set(PUBLIC_0_1) <= set(outreach_rules.__all__)
    for name in PUBLIC_0_1:
        assert getattr(outreach_rules, name) is not None, name


def test_no_folder_of_the_package_shadows_a_public_name() -> None:
    """A subpackage named like a public name would replace it once imported (explain, plan...)."""
    import outreach_rules.cli
    import outreach_rules.explaining.explanations
    import outreach_rules.explaining.planning  # what used to replace `explain`

    folders = {p.name for p in Path(outreach_rules.__file__).parent.iterdir() if p.is_dir()}
    assert not folders & set(outreach_rules.__all__)
    for name in outreach_rules.__all__:
        assert not inspect.ismodule(getattr(outreach_rules, name)), name
