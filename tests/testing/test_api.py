"""The kit's face (outreach_rules.testing): exactly its public names, loaded on first use."""

from __future__ import annotations

import inspect

import pytest

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


def test_a_name_the_kit_does_not_have_is_an_attribute_error() -> None:
    """An unknown name is an AttributeError, and dir() lists the names before they load."""
    with pytest.raises(AttributeError, match="has no attribute 'applicatons'"):
        testing.applicatons  # noqa: B018
    assert set(testing.__all__) <= set(dir(testing))


def test_a_lazy_name_is_the_object_its_module_defines() -> None:
    """Each public name of the kit is the very object its module defines."""
    from outreach_rules.testing import checks, strategies

    assert testing.applications is strategies.applications
    assert testing.check_pack is checks.check_pack
    assert testing.DEFAULT_TODAY is strategies.DEFAULT_TODAY
