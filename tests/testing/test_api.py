"""The kit's face (outreach_rules.testing): exactly its public names, loaded on first use."""

from __future__ import annotations

import inspect

import outreach_rules.testing as testing


def test_testing_all_is_exactly_its_public_names() -> None:
    """outreach_rules.testing exports what __all__ lists, each documented.

    The kit is a folder whose names load on first use, as the package's do
    (``dir()`` lists them; ``getattr`` loads them).
    """
    defined = {
        name
        for name in dir(testing)
        if not name.startswith("_")
        and (inspect.isfunction(getattr(testing, name)) or inspect.isclass(getattr(testing, name)))
    }
    assert set(testing.__all__) == defined | {"DEFAULT_TODAY"}
    assert all(inspect.getdoc(getattr(testing, name)) for name in defined)
