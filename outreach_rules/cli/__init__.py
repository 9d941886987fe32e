"""The ``outreach-rules`` command line (:func:`main`; the commands are in :mod:`.commands`)."""

from .commands import main

__all__ = ["main"]
