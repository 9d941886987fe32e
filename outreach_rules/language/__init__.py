"""The pack language: YAML to checked condition trees, templates and embedded tests.

It knows the fact vocabulary (:mod:`outreach_rules.model`) and no pack or
engine. What each operator means is written once, in :mod:`.operators`.
"""
