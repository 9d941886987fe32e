"""The testing kit: hypothesis strategies for applications, and property checks of packs.

Install it with the ``testing`` extra (``pip install 'outreach-rules[testing]'``, or
``pip install -e '.[testing]'`` from a checkout of the repository).

* :func:`applications` generates valid :class:`~outreach_rules.Application` s
  across the whole vocabulary, each with ``as_of`` set to the day it is for;
  keyword arguments pin parts (``applications(posting=st.none())``).
* :func:`applications_for` reads a pack's conditions and aims generation at
  each one's boundaries, so that every rule fires, and fails to fire, often.
* :func:`check_pack` checks what every pack must satisfy on generated input.
* :func:`find_counterexample` returns the shrunk application on which a check fails.

The names are loaded on first use (PEP 562): the pytest plugin lives in this
folder and is loaded by every pytest run where outreach-rules is installed,
with or without hypothesis, so importing the folder must not import it.
"""

import typing

if typing.TYPE_CHECKING:
    from .checks import (
        Counterexample,
        PackCheckError,
        check_invariants,
        check_pack,
        find_counterexample,
        invariant_problems,
        universal_problems,
    )
    from .strategies import (
        DEFAULT_TODAY,
        applications,
        applications_against,
        applications_for,
    )

# The public names, by the module that defines them (both import hypothesis).
_STRATEGIES = frozenset(
    {"DEFAULT_TODAY", "applications", "applications_against", "applications_for"}
)
_CHECKS = frozenset(
    {
        "Counterexample",
        "PackCheckError",
        "check_invariants",
        "check_pack",
        "find_counterexample",
        "invariant_problems",
        "universal_problems",
    }
)


def __getattr__(name: str) -> object:
    """Import a public name of the kit on first use (this is when hypothesis is imported)."""
    value: object
    if name in _STRATEGIES:
        from . import strategies

        value = getattr(strategies, name)
    elif name in _CHECKS:
        from . import checks

        value = getattr(checks, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later look-ups find it without calling __getattr__
    return value


def __dir__() -> list[str]:
    """List the kit's names, the lazily imported ones included."""
    return sorted(set(globals()) | _STRATEGIES | _CHECKS)


__all__ = [
    "DEFAULT_TODAY",
    "Counterexample",
    "PackCheckError",
    "applications",
    "applications_against",
    "applications_for",
    "check_invariants",
    "check_pack",
    "find_counterexample",
    "invariant_problems",
    "universal_problems",
]
