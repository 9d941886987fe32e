"""The one module of outreach-rules that imports hypothesis (the ``testing`` extra).

The rest of the testing kit imports hypothesis's names from here, so that a
missing install is one clear error, wherever it is first noticed.
"""

try:
    from hypothesis import HealthCheck, find, settings
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument, NoSuchExample
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    raise ImportError(
        "outreach_rules.testing needs hypothesis: install the 'testing' extra "
        "(pip install 'outreach-rules[testing]'; from a checkout of the repository: "
        "pip install -e '.[testing]')"
    ) from exc

__all__ = ["HealthCheck", "InvalidArgument", "NoSuchExample", "find", "settings", "st"]
