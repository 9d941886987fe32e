"""The engine: facts and a compiled pack in, a decision out (see :mod:`.decide`)."""
