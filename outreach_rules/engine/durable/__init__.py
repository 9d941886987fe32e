"""The durable_rules backend: a pack compiled to a durable_rules ruleset, matched by Rete.

The compiler (:mod:`.compiler`) is pure Python and needs no durable_rules; the
runtime (:mod:`.session`) imports durable_rules on first use. The native
engine lives in :mod:`outreach_rules.packs.matcher`; this backend answers only
"which rules fire?", and the conflict resolution after that stays the
library's own (:mod:`outreach_rules.engine.resolve`).
"""
