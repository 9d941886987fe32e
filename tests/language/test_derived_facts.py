"""Derived facts a pack writes: checked against their types, ordered by what they read, added."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest
from support.builders import TODAY, minimal_app
from support.packs import pack_error

from outreach_rules import Limits, Pack, PackError, default_pack, load_pack_text, next_action
from outreach_rules.model.application import validate_application


def derived(body: str, rules: str = "") -> str:
    """A pack ``mine`` whose ``derived:`` is *body* (YAML, indented under it), and *rules*."""
    text = "name: mine\nderived:\n" + textwrap.indent(textwrap.dedent(body).strip(), "  ")
    return text + ("\nrules:\n" + textwrap.indent(textwrap.dedent(rules), "  ") if rules else "")


def facts_of(pack: Pack, **app: object) -> dict[str, object]:
    """The facts of a minimal application with *app*, on TODAY, as *pack* reads them."""
    return pack.facts_for(validate_application(minimal_app(**app)), TODAY)


def rule(because: str, when: str = "null") -> str:
    """One rule recommending wait *when*, explained by *because*."""
    return f"""\
    - id: r
      when: {when}
      then: {{action: wait}}
      because: "{because}"
      source: {{house_default: t}}
    """


# --- definitions and their types -----------------------------------------------------


def test_a_derived_fact_is_a_fact_of_the_pack() -> None:
    """A derived fact gets its value, its description, its definition and who can change it."""
    pack = load_pack_text(
        derived("""\
        due:
          type: date
          description: When it is due.
          value: {plus_days: [{fact: submitted_on}, 3]}
        """)
    )
    spec = pack.facts["due"]
    assert (spec.type, spec.description, spec.origin, spec.derived) == (
        "date",
        "When it is due.",
        "pack",
        True,
    )
    assert spec.definition == "{value: {plus_days: [{fact: submitted_on}, 3]}}"
    assert facts_of(pack, submitted_on="2026-11-18")["due"] == date(2026, 11, 21)
    assert facts_of(pack)["due"] is None


def test_a_yes_no_fact_may_be_a_condition() -> None:
    """type bool with 'when' is true exactly when the condition holds."""
    pack = load_pack_text(
        derived("""\
        small_firm:
          type: bool
          when: {company.size: {in: [small, medium]}}
        """)
    )
    assert pack.facts["small_firm"].description == "Derived by the pack: small_firm."
    assert facts_of(pack, company={"name": "A", "size": "small"})["small_firm"] is True
    assert facts_of(pack)["small_firm"] is False


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("x: {type: int}", "give exactly one of 'value' (an expression) and 'when'"),
        ("x: {type: bool, value: true, when: {submitted: true}}", "give exactly one of"),
        ("x: {type: int, when: {submitted: true}}", "'when' gives true or false, but its type"),
        ("x: {type: int, value: {fact: submitted_on}}", "is declared int, but its value is date"),
        ("x: {type: date, value: 3}", "is declared date, but its value is int"),
        ("x: {type: list, value: a}", "is declared list, but its value is str"),
        ("x: {type: enum, value: a}", "an enum needs 'choices'"),
        ("x: {type: int, choices: [a], value: 1}", "'choices' is for enum facts only"),
        ("x: {type: str, choices: [a], value: a}", "'choices' is for enum facts only"),
        (
            "x: {type: enum, choices: [small, large], value: {fact: company.size}}",
            "may give ['medium'], which is not one of its choices (small, large)",
        ),
        (
            "x: {type: enum, choices: [big], value: {first_present: [{fact: company.name}, big]}}",
            "is an enum, but its value may be any text, not only one of its choices (big)",
        ),
    ],
)
def test_a_definition_that_does_not_fit_its_type_is_bad_derived(body: str, problem: str) -> None:
    """Exactly one of value and when; the value of the declared type; an enum's values its own."""
    error = pack_error(derived(body))
    assert error.code == "bad-derived"
    assert problem in error.problem
    assert (error.file, error.line) == ("mine.yaml", 3)


@pytest.mark.parametrize(
    ("body", "choices"),
    [
        (
            "x: {type: enum, choices: [early, late, never], value: {if: {submitted: true}, "
            "then: early, else: late}}",
            ("early", "late", "never"),
        ),
        ("x: {type: enum, choices: [small, medium, large], value: {fact: company.size}}", None),
        ("x: {type: str, value: {fact: company.size}}", ()),
    ],
)
def test_an_enum_takes_texts_among_its_choices(body: str, choices: tuple[str, ...] | None) -> None:
    """Literal texts or an enum fact whose values are among the choices fit; a str takes an enum."""
    spec = load_pack_text(derived(body)).facts["x"]
    assert spec.choices == (choices if choices is not None else ("small", "medium", "large"))


def test_a_derived_fact_named_like_a_fact_of_the_vocabulary_is_refused() -> None:
    """A derived fact may not take the name of a built-in fact: duplicate-fact, at its line."""
    error = pack_error(derived("submitted_on: {type: date, value: 2026-01-01}"))
    assert error.code == "duplicate-fact"
    assert error.problem.startswith("derived fact 'submitted_on' has the name of a fact")
    assert (error.line, error.hint) == (3, "give it another name")


# --- who can change it ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "owner"),
    [
        ("int", "{days_between: [{fact: submitted_on}, {fact: today}]}", "time"),
        ("str", "{first_present: [{fact: company.size}, none]}", "employer"),
        ("int", "{count: history}", "candidate"),
        ("bool", "{when: {heard_back: true}}", "employer"),
        ("int", "3", "candidate"),
    ],
)
def test_who_can_change_a_derived_fact_is_worked_out_from_what_it_reads(
    kind: str, value: str, owner: str
) -> None:
    """Reading the day makes it time's; else the employer's if it reads one of theirs."""
    pack = load_pack_text(derived(f"x: {{type: {kind}, value: {value}}}"))
    assert pack.facts["x"].changeable_by == owner


def test_who_can_change_it_may_be_declared() -> None:
    """changeable_by, when given, is taken as it is."""
    pack = load_pack_text(derived("x: {type: int, value: 3, changeable_by: employer}"))
    assert pack.facts["x"].changeable_by == "employer"


# --- when it is there: the "may be absent" check -------------------------------------


@pytest.mark.parametrize(
    ("value", "when", "ok"),
    [
        ("{plus_days: [{fact: submitted_on}, 7]}", "null", False),
        ("{plus_days: [{fact: submitted_on}, 7]}", "{submitted: true}", True),
        ("{plus_days: [{fact: submitted_on}, 7]}", '{days_since_submission: {">": 3}}', True),
        ("{plus_days: [{fact: submitted_on}, 7]}", "{x: {present: true}}", True),
        ("{count: history}", "null", True),
        ("{if: {submitted: true}, then: 1}", "{submitted: true}", False),
        ("{if: {submitted: true}, then: 1}", "{x: {present: true}}", True),
        ("{if: {submitted: true}, then: 1}", '{x: {">": 0}}', True),
        ("{if: {submitted_on: {present: true}}, then: 1}", "{submitted: true}", True),
        ("{first_present: [{fact: submitted_on}, {fact: today}]}", "null", True),
        (
            "{first_present: [{fact: interview.on}, {fact: submitted_on}]}",
            "{heard_back: true}",
            False,
        ),
        ("{first_present: [{fact: submitted_on}, 2026-01-01]}", "null", True),
        ("{latest: history, by: on}", "{has_contacts: true}", False),
        ("{latest: history, by: on}", "{x: {present: true}}", True),
    ],
)
def test_a_placeholder_of_a_derived_fact_needs_proof_it_is_there(
    value: str, when: str, ok: bool
) -> None:
    """{x} without fallback is accepted only when the rule's condition proves x there."""
    kind = "int" if "count" in value or "then: 1" in value else "date"
    text = derived(f"x: {{type: {kind}, value: {value}}}", rule("x is {x}.", when))
    if ok:
        load_pack_text(text)
    else:
        error = pack_error(text)
        assert error.code == "unfilled-placeholder"
        assert error.problem == "because: {x} may be absent when this rule fires"


def test_a_yes_no_fact_proves_what_its_condition_proves() -> None:
    """x: true, x defined as {submitted_on: {present: true}}, proves {submitted_on} there."""
    body = "x: {type: bool, when: {submitted_on: {present: true}}}"
    load_pack_text(derived(body, rule("Sent {submitted_on}.", "{x: true}")))
    assert load_pack_text(derived(body)).facts["x"].establishes == ("submitted_on",)
    error = pack_error(derived(body, rule("Sent {submitted_on}.", "{x: false}")))
    assert error.code == "unfilled-placeholder"


# --- order, cycles and depth ---------------------------------------------------------


def test_derived_facts_may_read_each_other_in_any_order() -> None:
    """A fact may read one declared after it: they are defined in the order their reads need."""
    pack = load_pack_text(
        derived("""\
        c: {type: int, value: {add: [{fact: b}, 1]}}
        b: {type: int, value: {count: history, where: {item.on: {">=": {fact: a}}}}}
        a: {type: date, value: {plus_days: [{fact: submitted_on}, -1]}}
        """)
    )
    history = [{"on": "2026-11-17", "channel": "call"}, {"on": "2026-11-19", "channel": "call"}]
    found = facts_of(pack, submitted_on="2026-11-18", history=history)
    assert (found["a"], found["b"], found["c"]) == (date(2026, 11, 17), 2, 3)


@pytest.mark.parametrize(
    ("body", "problem", "line"),
    [
        (
            "a: {type: bool, when: {b: true}}\nb: {type: bool, when: {a: true}}",
            "derived facts read each other in a cycle: a -> b -> a",
            3,
        ),
        (
            "a: {type: int, value: {fact: b}}\nb: {type: int, value: {fact: c}}\n"
            "c: {type: int, value: {count: history, where: {item.on: {'>=': {fact: a}}}}}",
            "derived facts read each other in a cycle: a -> b -> c -> a",
            3,
        ),
        (
            "a: {type: str, value: {text: '{b}'}}\nb: {type: str, value: {text: '{a|none}'}}",
            "derived facts read each other in a cycle: a -> b -> a",
            3,
        ),
        (
            "a: {type: int, value: {add: [{fact: a}, 1]}}",
            "derived facts read each other in a cycle: a -> a",
            3,
        ),
    ],
)
def test_derived_facts_that_read_each_other_in_a_cycle_are_refused(
    body: str, problem: str, line: int
) -> None:
    """A cycle, through conditions, fact references, texts or itself, is derived-cycle, named."""
    error = pack_error(derived(body))
    assert (error.code, error.problem, error.line) == ("derived-cycle", problem, line)


def test_a_fact_cannot_read_the_definition_it_replaces() -> None:
    """Defining replied again in terms of replied is a cycle, with a hint saying why."""
    error = pack_error(
        "name: mine\nextends: default\nderived:\n"
        "  replied: {type: bool, when: {any: [{heard_back: true}, {replied: true}]}}\n"
    )
    assert error.code == "derived-cycle"
    assert error.hint is not None
    assert "replaces the inherited definition" in error.hint


@pytest.mark.parametrize("name", ["value", "when", "count", "text", "fact", "item"])
def test_a_fact_named_like_a_key_of_the_language_is_not_read_by_that_key(name: str) -> None:
    """A derived fact named 'value' (or 'when', 'count', ...) is not read by every case's value."""
    pack = load_pack_text(
        derived(f"""\
        a:
          type: int
          value:
            cases: [{{when: {{heard_back: true}}, value: 1}}]
            else: {{count: history}}
        {name}:
          type: bool
          when: {{a: 1}}
        """)
    )
    assert facts_of(pack, heard_back=True)[name] is True


def chain(length: int) -> str:
    """Derived facts d0 = 1, d1 = d0 + 1, ...: each reads the one before, declared last first."""
    links = "".join(
        f"  d{n}: {{type: int, value: {{add: [{{fact: d{n - 1}}}, 1]}}}}\n"
        for n in range(length - 1, 0, -1)
    )
    return f"name: mine\nderived:\n{links}  d0: {{type: int, value: 1}}\n"


def test_a_chain_of_derived_facts_is_as_deep_as_its_expressions() -> None:
    """Each link nests its expression in the next: 21 links of depth 3 are 63 deep, allowed."""
    pack = load_pack_text(chain(22))
    assert facts_of(pack)["d21"] == 22


def test_a_chain_deeper_than_the_limit_is_refused_not_a_crash() -> None:
    """Thousands of facts each reading the last were a RecursionError; now derived-cycle."""
    with pytest.raises(PackError) as info:
        load_pack_text(chain(3000))
    error = info.value
    assert error.code == "derived-cycle"
    assert error.problem.startswith("derived fact 'd2999' nests more than 64 deep")
    assert "(d2999 -> d2998 -> d2997 -> ... -> " in error.problem
    assert error.hint is not None
    assert "Limits(max_depth=...)" in error.hint


def test_the_depth_counts_the_expressions_of_every_link() -> None:
    """22 links of depth 3 are 66 deep: refused by default, allowed with a larger limit."""
    with pytest.raises(PackError) as info:
        load_pack_text(chain(23))
    assert info.value.code == "derived-cycle"
    assert info.value.problem == (
        "derived fact 'd22' nests more than 64 deep through the facts it reads "
        "(d22 -> d21 -> d20 -> ... -> d1 -> d0)"
    )
    pack = load_pack_text(chain(23), limits=Limits(max_depth=70))
    assert facts_of(pack)["d22"] == 23


def test_a_long_allowed_chain_decides_without_error() -> None:
    """A rule on the last of a chain nearly as deep as the limit allows decides as usual."""
    text = chain(22) + (
        "rules:\n  - id: r\n    when: {d21: 22}\n    then: {action: wait}\n"
        "    because: x\n    source: {house_default: t}\n"
    )
    pack = load_pack_text(text)
    assert next_action(minimal_app(), today=TODAY, pack=pack).action_ids == ("wait",)


# --- redefining an inherited fact ----------------------------------------------------


def test_an_extending_pack_redefines_an_inherited_derived_fact_for_every_rule() -> None:
    """replied defined again as heard_back only: inherited rules read the new definition."""
    pack = load_pack_text(
        "name: mine\nextends: default\nderived:\n"
        "  replied: {type: bool, when: {heard_back: true}}\n"
    )
    app = minimal_app(
        submitted_on="2026-11-18",
        history=[{"on": "2026-11-20", "channel": "email", "outcome": "reviewed"}],
    )
    assert facts_of(default_pack(), **app)["replied"] is True
    assert facts_of(pack, **app)["replied"] is False


# --- bounded work: tests per list item, definitions written through aliases ----------


def _doubling(levels: int, start: str, anchor: str = "t") -> str:
    """The items of an ``any`` that YAML aliases double *levels* times (copies of *start*)."""
    a = anchor
    lines = [f"      - &{a}0 {start}"]
    lines += [f"      - &{a}{i} {{any: [*{a}{i - 1}, *{a}{i - 1}]}}" for i in range(1, levels + 1)]
    return "\n".join(lines)


def _counting(levels: int, name: str = "calls") -> str:
    """A pack deriving *name*: the history items for which any of 2**(levels+1)-1 tests holds."""
    return (
        f"name: mine\nderived:\n  {name}:\n    type: int\n    value:\n"
        f"      count: history\n      where:\n        any:\n"
        + textwrap.indent(_doubling(levels, "{item.channel: call}", name), "    ")
        + "\n"
    )


def test_the_tests_per_list_item_are_bounded_for_the_whole_pack() -> None:
    """A 'where' of 1,023 comparisons (from a few lines of aliases), each run on every item
    of a 20,000-item history in every decision, is refused when the pack loads (with the
    15 tests of the standard facts every pack has)."""
    error = pack_error(_counting(9))
    assert error.code == "too-many-item-tests"
    assert error.problem == (
        "derived fact 'calls': this 'where' brings the tests the pack's derived facts run on "
        "each item of a list to 1,038; the limit is 256"
    )
    assert error.file == "mine.yaml"
    assert error.line is not None
    assert error.hint is not None
    assert "Limits(max_item_tests=...)" in error.hint


def test_the_item_test_budget_is_shared_by_every_derived_fact_and_can_be_raised() -> None:
    """Two facts of 127 tests each fit one by one, not together (the standard facts every
    pack has use 15); a larger limit allows them."""
    one = _counting(6)
    assert load_pack_text(one).facts["calls"].type == "int"
    two = one + _counting(6, "others").split("derived:\n", 1)[1]
    assert pack_error(two).code == "too-many-item-tests"
    pack = load_pack_text(two, limits=Limits(max_item_tests=600))
    app = minimal_app(history=[{"on": "2026-11-20", "channel": "call", "outcome": "reviewed"}])
    assert facts_of(pack, **app)["others"] == 1


def test_the_default_pack_stays_well_inside_the_item_test_budget() -> None:
    """The guidance needs far fewer tests per item than the limit allows."""
    tight = Limits(max_item_tests=32)
    assert (
        load_pack_text("name: mine\nextends: default\n", limits=tight)
        .facts["follow_up_count"]
        .derived
    )


def test_a_definition_repeated_through_aliases_is_written_once_in_the_reference() -> None:
    """A few lines of nested aliases stand for 2**14 tests: the definition the fact
    reference shows writes each shared part once (it took 12 s and 270 MB written out)."""
    text = "name: mine\nderived:\n  bomb:\n    type: bool\n    when:\n      any:\n"
    text += textwrap.indent(_doubling(14, "{heard_back: true}"), "  ") + "\n"
    pack = load_pack_text(text)
    definition = pack.facts["bomb"].definition
    assert len(definition) < 2_000
    assert definition.startswith("{when: {any: [&id")
    assert facts_of(pack)["bomb"] is False
    assert facts_of(pack, heard_back=True)["bomb"] is True
