"""Other rule engines that can decide which rules of a pack match (see ``docs/engines.md``).

The native engine lives in :mod:`outreach_rules.engine`; each module here
answers only "which rules fire?" for one outside engine, and the conflict
resolution after that stays the library's own.
"""
