"""The data in and out: the application, the fact vocabulary, the actions, the decision.

Nothing here knows of packs or engines: the pack language checks packs against
this vocabulary, and the engine fills a :class:`~.decision.Decision` from it.
"""
