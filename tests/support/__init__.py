"""Helpers shared by the tests (importable as ``support``: pyproject puts tests/ on the path).

* :mod:`.builders`: every application the tests build;
* :mod:`.packs`: pack texts and pack helpers more than one test file uses;
* :mod:`.paths`: the repository's folders and example files;
* :mod:`.cli`: running the command line in-process;
* :mod:`.processes`: the command line as a real process, and the processes it starts;
* :mod:`.fuzzing`: the fuzzers' strategies and checks (also used by tests/fuzz/long_run.py).
"""
