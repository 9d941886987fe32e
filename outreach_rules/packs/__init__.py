"""Packs: read (:mod:`.reading`), composed (:mod:`.extends`), compiled (:mod:`.compiling`) once.

:func:`~.loading.load_pack` is the way in; a :class:`~.pack.Pack` is frozen and
matched by the :class:`~.matcher.Matcher` built from it; :mod:`.lint` checks
one statically.
"""
