"""The errors: OutreachRulesErrors and ValueErrors, rendered for people, pickled from parts."""

from __future__ import annotations

import pickle

from support.packs import pack_error

from outreach_rules import ApplicationError, OutreachRulesError


def test_errors_are_value_errors() -> None:
    """PackError is an OutreachRulesError and a ValueError."""
    err = pack_error("name: x\nrule: []\n")
    assert isinstance(err, OutreachRulesError)
    assert isinstance(err, ValueError)


def test_errors_pickle_from_their_parts() -> None:
    """ApplicationError, PackError and EngineError come back from pickle equal, problems intact."""
    from outreach_rules import EngineError, FieldProblem, PackError

    errors = [
        ApplicationError([FieldProblem("company", "this field is required")], source="a.jsonl:3"),
        PackError("bad", file="p.yaml", line=3, column=1, rule_id="r", hint="h", code="bad-value"),
        EngineError("unknown engine 'x'", engine="x", hint="engines: native, durable"),
    ]
    for error in errors:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert str(back) == str(error)
        assert vars(back) == vars(error)
