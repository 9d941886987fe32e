"""The ``outreach-rules`` command line's arguments: one parser, a function per subcommand."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn, cast

from .._printable import printable
from .._version import __version__
from .._yaml import parse_yaml
from ..errors import PackError, short_repr
from ..explaining.schemas import EXPLAINING_SCHEMA_KINDS
from ..model.dates import as_day, day_range_problem
from ..packs.schema import SCHEMA_KINDS

__all__ = ["build_parser"]

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    _Commands = argparse._SubParsersAction[argparse.ArgumentParser]

_EXAMPLES = """\
examples:
  outreach-rules next examples/martha_day8.yaml
  outreach-rules next application.yaml --today 2026-11-26 --json
  outreach-rules next application.yaml --pack my_pack.yaml
  outreach-rules next application.yaml --engine durable
  outreach-rules validate my_pack.yaml
  outreach-rules test my_pack.yaml --examples 500 --fail-under 90
  outreach-rules lint my_pack.yaml
  outreach-rules facts application.yaml
  outreach-rules explain application.yaml --action call_recruiter
  outreach-rules plan application.yaml --days 21 --ics plan.ics
  outreach-rules schema pack > pack.schema.json
  outreach-rules batch applications.jsonl --out decisions.jsonl --workers 2
"""


def _iso_day(text: str) -> date:
    # as_day reads YYYY-MM-DD only (not 20261118 or 2026-W47-3, which fromisoformat takes).
    day = as_day(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"{short_repr(text)} is not a date as YYYY-MM-DD")
    problem = day_range_problem(day)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return day


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors quote the command line through :func:`printable`."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and *message* (what was typed, escaped) and exit with status 2."""
        super().error(printable(message))

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse ignores a failed write of help or usage; let it reach main, which says so.
        if message:
            (file or sys.stderr).write(message)


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser: one subcommand each, with its options, help and examples."""
    parser = _Parser(
        prog="outreach-rules",
        description="What should a job candidate do next, and why?",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # Each command's parser is a _Parser too (argparse makes them of the parser's class).
    commands = cast(
        "_Commands", parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    )
    _add_next_command(commands)
    _add_validate_command(commands)
    _add_test_command(commands)
    _add_lint_command(commands)
    _add_facts_command(commands)
    _add_explain_command(commands)
    _add_plan_command(commands)
    _add_schema_command(commands)
    _add_batch_command(commands)
    return parser


def _add_next_command(commands: _Commands) -> None:
    nxt = commands.add_parser(
        "next",
        help="recommend the next action for an application",
        description="Recommend the next action for an application, with why, a script and "
        "dates, the alternatives, and what is ruled out.",
        epilog="examples:\n  outreach-rules next examples/martha_day8.yaml\n"
        "  outreach-rules next app.yaml --today 2026-11-26 --pack my_pack.yaml --json\n"
        "  outreach-rules next examples/*.yaml\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    nxt.add_argument(
        "applications",
        nargs="+",
        metavar="APPLICATION",
        help="the application, as a YAML or JSON file; several are decided one after "
        "another, each under a '==> FILE <==' line (with --json: one JSON object a line, "
        '{"file": FILE, "decision": {...}}); exit status 2 if any failed',
    )
    _add_today(
        nxt, "the day to advise for (default: each application's as_of, else the system date)"
    )
    _add_pack(nxt)
    _add_engine(
        nxt,
        "which engine matches the rules: native (default) or durable (durable_rules, "
        "pip install 'outreach-rules[durable]', or -e '.[durable]' from a checkout); the "
        "decision is the same",
    )
    nxt.add_argument("--json", action="store_true", help="print the decision as JSON")
    nxt.add_argument(
        "--all-scripts",
        action="store_true",
        help="show the script of every recommendation, not only the next one",
    )


def _add_validate_command(commands: _Commands) -> None:
    val = commands.add_parser(
        "validate",
        help="check a rule pack",
        description="Load and check a rule pack: every fact, operator, value, template and "
        "action is checked; mistakes are reported with file, line and rule.",
        epilog="example:\n  outreach-rules validate my_pack.yaml\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    val.add_argument("pack", help="a pack file, or a shipped pack's name")
    _add_engine(val, "also check the pack against this engine's limits (durable: durable_rules)")
    _add_base_dir(val)


def _add_test_command(commands: _Commands) -> None:
    tst = commands.add_parser(
        "test",
        help="run a pack's examples and invariants, and measure rule coverage",
        description="Run a pack's examples, then check its invariants and the properties every "
        "pack must have on generated applications. A failure shows the shrunk application as "
        "YAML to paste, and the decision it got. Needs the 'testing' extra (hypothesis).",
        epilog="examples:\n  outreach-rules test my_pack.yaml\n"
        "  outreach-rules test my_pack.yaml --examples 1000 --fail-under 95\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tst.add_argument("pack", help="a pack file, or a shipped pack's name")
    tst.add_argument(
        "--examples",
        type=_positive,
        default=200,
        metavar="N",
        help="applications each generated check tries (default: 200)",
    )
    tst.add_argument(
        "--fail-under",
        type=_percent,
        metavar="PCT",
        help="fail when rule coverage is under PCT percent",
    )
    _add_base_dir(tst)


def _add_lint_command(commands: _Commands) -> None:
    lint = commands.add_parser(
        "lint",
        help="find rules that can never fire or never win, and unused actions",
        description="Find rules whose condition can never hold, rules a block always overrules, "
        "actions no rule recommends, and overlapping rules that recommend the same action at "
        "different priorities. Each finding names file, line and rule.",
        epilog="example:\n  outreach-rules lint my_pack.yaml\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    lint.add_argument("pack", help="a pack file, or a shipped pack's name")
    _add_base_dir(lint)


def _add_facts_command(commands: _Commands) -> None:
    facts = commands.add_parser(
        "facts",
        help="show every fact rules see for an application",
        description="Show every fact, given and derived, that rules see for an application: "
        "those of the pack, with its settings, custom facts and the facts it derives.",
        epilog="examples:\n  outreach-rules facts examples/martha_day8.yaml --today 2026-11-26\n"
        "  outreach-rules facts app.yaml --pack my_pack.yaml --set follow_up_after_days=10\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    facts.add_argument("application", help="the application, as a YAML or JSON file")
    _add_today(facts)
    _add_pack(facts)


def _add_explain_command(commands: _Commands) -> None:
    exp = commands.add_parser(
        "explain",
        help="show why: the rules and conditions behind the advice, or why not an action",
        description="Show the rules behind each recommendation and each ruled-out action, "
        "every condition with the value it saw; with --action, why that action is or is not "
        "recommended and what would change it.",
        epilog="examples:\n  outreach-rules explain examples/martha_day8.yaml\n"
        "  outreach-rules explain examples/no_calls_posting.yaml --action call_recruiter\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("application", help="the application, as a YAML or JSON file")
    exp.add_argument("--action", metavar="ID", help="explain this action id: why, or why not")
    _common(exp)


def _add_plan_command(commands: _Commands) -> None:
    pln = commands.add_parser(
        "plan",
        help="a dated plan, assuming no reply",
        description="Step the clock forward day by day, assuming no reply, and list the "
        "dated steps: what to do from which day.",
        epilog="examples:\n  outreach-rules plan examples/day3_waiting.yaml\n"
        "  outreach-rules plan app.yaml --days 30 --ics plan.ics\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pln.add_argument("application", help="the application, as a YAML or JSON file")
    pln.add_argument(
        "--days", type=int, default=21, metavar="N", help="how many days ahead (default: 21)"
    )
    pln.add_argument(
        "--ics",
        metavar="FILE",
        help="also write the steps as an iCalendar file (needs the 'calendar' extra)",
    )
    _common(pln)


def _add_base_dir(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--base-dir",
        metavar="DIR",
        help="a folder the pack's 'extends' may read from (default: the pack's own folder)",
    )


def _add_today(
    sub: argparse.ArgumentParser,
    text: str = "the day (default: the application's as_of, else the system date)",
) -> None:
    sub.add_argument("--today", type=_iso_day, metavar="DATE", help=text)


def _add_pack(sub: argparse.ArgumentParser) -> None:
    """--pack, the --base-dir its 'extends' may read from, and --set for its settings."""
    sub.add_argument(
        "--pack",
        metavar="PACK",
        help="a pack file, or a shipped pack's name (default: the default pack)",
    )
    _add_base_dir(sub)
    sub.add_argument(
        "--set",
        action="append",
        type=_setting,
        default=[],
        dest="settings",
        metavar="NAME=VALUE",
        help="give one of the pack's settings a value for this run, e.g. "
        "--set follow_up_after_days=10 (repeat for several; lists as [a, b])",
    )


def _setting(text: str) -> tuple[str, Any]:
    """``NAME=VALUE``, the value read as YAML (``10``, ``true``, ``2026-11-20``, ``[a, b]``)."""
    name, equals, value = text.partition("=")
    name = name.strip()
    if not equals or not name:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not NAME=VALUE (e.g. follow_up_after_days=10)"
        )
    try:
        return name, parse_yaml(value, filename="--set") if value.strip() else ""
    except PackError as exc:
        raise argparse.ArgumentTypeError(
            f"{text!r}: the value is not valid: {exc.problem}"
        ) from None


def _add_engine(sub: argparse.ArgumentParser, text: str) -> None:
    sub.add_argument("--engine", default="native", metavar="ENGINE", help=text)


def _common(sub: argparse.ArgumentParser) -> None:
    _add_today(sub)
    _add_pack(sub)
    sub.add_argument("--json", action="store_true", help="print JSON instead of text")


def _add_schema_command(commands: _Commands) -> None:
    sch = commands.add_parser(
        "schema",
        help="print the JSON Schema of applications, packs, decisions, explanations or plans",
        description="Print the JSON Schema (draft 2020-12) of an application file, a pack\n"
        "file, or the decision that 'next --json' prints, for editors and validators:\n"
        "the schema shipped in the package, generated from the models. With --pack, the\n"
        "schema knows that pack's custom facts and the facts it derives. Also the JSON of\n"
        "'explain --json' (explanation), 'explain --action ID --json' (why-not) and\n"
        "'plan --json' (plan), which is the same for every pack.",
        epilog="examples:\n  outreach-rules schema pack > pack.schema.json\n"
        "  outreach-rules schema application\n"
        "  outreach-rules schema application --pack my_pack.yaml\n"
        "  outreach-rules schema plan\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sch.add_argument("kind", choices=(*SCHEMA_KINDS, *EXPLAINING_SCHEMA_KINDS), help="which schema")
    sch.add_argument(
        "--pack",
        metavar="PACK",
        help="generate the schema for this pack (a file, or a shipped pack's name); "
        "explanation, why-not and plan do not depend on it",
    )
    _add_base_dir(sch)


def _add_batch_command(commands: _Commands) -> None:
    bat = commands.add_parser(
        "batch",
        help="decide every application of a JSON Lines file, in parallel",
        description="Decide every line of a JSON Lines file (one application a line) and\n"
        'write one decision a line, in input order, as {"line": N, "decision": {...}}.\n'
        "Bad lines go to the errors file with their line number and never stop the run.\n"
        "Both files are written atomically: renamed into place when the run completes.\n"
        "Exit status: 0 every line decided, 1 some lines were bad, 2 the run did not\n"
        "complete (nothing written).",
        epilog="examples:\n  outreach-rules batch applications.jsonl --out decisions.jsonl\n"
        "  outreach-rules batch applications.jsonl --out decisions.jsonl --workers 4 "
        "--today 2026-11-26\n"
        "  cat applications.jsonl | outreach-rules batch - --out decisions.jsonl "
        "--errors bad.jsonl\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bat.add_argument("applications", help="a JSON Lines file of applications, or - for stdin")
    bat.add_argument("--out", required=True, metavar="FILE", help="where to write the decisions")
    bat.add_argument(
        "--errors",
        metavar="FILE",
        help="where to write the bad lines (default: the --out name with .errors.jsonl "
        "for .jsonl: decisions.jsonl -> decisions.errors.jsonl)",
    )
    bat.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="processes to decide in (default: 1, this process); at most 4 a CPU are "
        "started, and no more than there are chunks of lines",
    )
    bat.add_argument(
        "--chunk-size",
        type=_positive,
        default=500,
        metavar="N",
        help="lines sent to a worker at a time (default: 500)",
    )
    _add_today(
        bat,
        "the day to advise for, for every line (default: each application's as_of; "
        "a line with neither is an error)",
    )
    _add_pack(bat)
    _add_engine(bat, "which engine matches the rules: native (default) or durable")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return value


def _workers(text: str) -> int:
    from ..batch.pool import check_workers  # only batch needs it (and multiprocessing)

    try:
        return check_workers(_positive(text), "it")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage from 0 to 100")
    return value
