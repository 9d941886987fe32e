"""Many applications at once: :func:`~.api.decide_many` and the ``batch`` command's files."""
