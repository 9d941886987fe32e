"""Helpers shared by the tests (importable as ``support``: pyproject puts tests/ on the path).

* :mod:`.factories`: realistic applications for the default pack's tests;
* :mod:`.fuzzing`: the fuzzers' strategies and checks (also used by tests/fuzz/long_run.py);
* :mod:`.strategies_durable`: generated applications for the engines' differential tests;
* :mod:`.packs`: pack texts more than one test file uses.
"""
