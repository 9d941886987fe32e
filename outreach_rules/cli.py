"""The ``outreach-rules`` command line.

Exit codes: 0 success, 1 a pack's tests or lint found problems (``test``,
``lint``) or some lines of a ``batch`` were bad, 2 bad input (an invalid
application, pack or option), with a message and no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date
from typing import TextIO

from pydantic import BaseModel

from ._version import __version__
from .applications import load_application
from .engine import check_engine, next_action
from .errors import OutreachRulesError
from .facts import Application, validate_application
from .packs import Pack, default_pack, load_pack
from .render import printable_model, render_decision
from .schema import SCHEMA_KINDS, shipped_schema_text
from .terminal import batch_progress, write_decision
from .vocabulary import facts_of

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C

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
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="outreach-rules",
        description="What should a job candidate do next, and why?",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    nxt = commands.add_parser(
        "next",
        help="recommend the next action for an application",
        description="Recommend the next action for an application, with why, a script and "
        "dates, the alternatives, and what is ruled out.",
        epilog="examples:\n  outreach-rules next examples/martha_day8.yaml\n"
        "  outreach-rules next app.yaml --today 2026-11-26 --pack my_pack.yaml --json\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    nxt.add_argument("application", help="the application, as a YAML or JSON file")
    _add_today(
        nxt, "the day to advise for (default: the application's as_of, else the system date)"
    )
    _add_pack(nxt)
    _add_engine(
        nxt,
        "which engine matches the rules: native (default) or durable (durable_rules, "
        "pip install outreach-rules[durable]); the decision is the same",
    )
    nxt.add_argument("--json", action="store_true", help="print the decision as JSON")
    nxt.add_argument(
        "--all-scripts",
        action="store_true",
        help="show the script of every recommendation, not only the next one",
    )

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

    facts = commands.add_parser(
        "facts",
        help="show every fact rules see for an application",
        description="Show every fact, given and derived, that rules see for an application.",
        epilog="example:\n  outreach-rules facts examples/martha_day8.yaml --today 2026-11-26\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    facts.add_argument("application", help="the application, as a YAML or JSON file")
    _add_today(facts)

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
    _add_schema_command(commands)
    _add_batch_command(commands)
    return parser


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
    """--pack, and the --base-dir its 'extends' may read from."""
    sub.add_argument(
        "--pack",
        metavar="PACK",
        help="a pack file, or a shipped pack's name (default: the default pack)",
    )
    _add_base_dir(sub)


def _add_engine(sub: argparse.ArgumentParser, text: str) -> None:
    sub.add_argument("--engine", default="native", metavar="ENGINE", help=text)


def _common(sub: argparse.ArgumentParser) -> None:
    _add_today(sub)
    _add_pack(sub)
    sub.add_argument("--json", action="store_true", help="print JSON instead of text")


def _add_schema_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sch = commands.add_parser(
        "schema",
        help="print the JSON Schema of applications, packs or decisions",
        description="Print the JSON Schema (draft 2020-12) of an application file, a pack\n"
        "file, or the decision that 'next --json' prints, for editors and validators:\n"
        "the schema shipped in the package, generated from the models.",
        epilog="examples:\n  outreach-rules schema pack > pack.schema.json\n"
        "  outreach-rules schema application\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sch.add_argument("kind", choices=SCHEMA_KINDS, help="which schema")


def _add_batch_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        type=_positive,
        default=1,
        metavar="N",
        help="processes to decide in (default: 1, this process)",
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


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage from 0 to 100")
    return value


def _test(args: argparse.Namespace, out: TextIO) -> int:
    pack = _pack(args.pack, args.base_dir)
    try:
        from .runner import run_pack

        report = run_pack(pack, max_examples=args.examples)
    except ImportError as exc:
        raise OutreachRulesError(
            f"{exc}; 'outreach-rules test' needs the 'testing' extra: "
            "pip install 'outreach-rules[testing]'"
        ) from None
    out.write(report.render())
    coverage = report.coverage
    if args.fail_under is not None and coverage is not None and coverage.percent < args.fail_under:
        out.write(f"coverage {coverage.percent:.1f}% is under --fail-under {args.fail_under:g}%\n")
        return EXIT_FAILED
    return EXIT_FAILED if report.failed else EXIT_OK


def _lint(args: argparse.Namespace, out: TextIO) -> int:
    from .lint import lint_pack

    pack = _pack(args.pack, args.base_dir)
    findings = lint_pack(pack)
    for finding in findings:
        out.write(f"{finding}\n")
    count = len(findings)
    out.write(
        f"{count} finding{'s' if count != 1 else ''} in pack {pack.name} {pack.version}\n"
        if count
        else f"ok: no findings in pack {pack.name} {pack.version}\n"
    )
    return EXIT_FAILED if findings else EXIT_OK


def _pack(name: str | None, base_dir: str | None = None) -> Pack:
    return default_pack() if name is None else load_pack(name, base_dir=base_dir)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    if args.command == "schema":
        out.write(shipped_schema_text(args.kind))
        return EXIT_OK
    if args.command == "validate":
        pack = _pack(args.pack, args.base_dir)
        fits = ""
        if check_engine(args.engine) == "durable":
            from .backends.durable import durable_ruleset  # only this command needs it

            durable_ruleset(pack)  # compiling needs no durable_rules; limits raise PackError
            fits = "; fits the durable engine"
        out.write(
            f"ok: pack {pack.name} {pack.version}, {len(pack.rules)} rules "
            f"from {len(pack.files)} file{'s' if len(pack.files) != 1 else ''}{fits}\n"
        )
        return EXIT_OK
    if args.command == "test":
        return _test(args, out)
    if args.command == "lint":
        return _lint(args, out)
    if args.command == "batch":
        return _batch(args)
    app = load_application(args.application)
    # The library never reads the clock; the command line may, as a person expects.
    day = args.today or app.as_of or date.today()
    if args.command == "facts":
        validate_application(app, today=day)  # dates must not lie after the day
        out.write(json.dumps(facts_of(app, day), indent=2) + "\n")
        return EXIT_OK
    if args.command == "explain":
        return _explain(args, app, day, out)
    if args.command == "plan":
        return _plan(args, app, day, out)
    check_engine(args.engine)
    decision = next_action(app, today=day, pack=_pack(args.pack, args.base_dir), engine=args.engine)
    if args.json:
        out.write(json.dumps(decision.model_dump(mode="json"), indent=2) + "\n")
        return EXIT_OK
    # Text for people: pack and application text cannot carry terminal controls.
    decision, app = printable_model(decision), printable_model(app)
    if not write_decision(decision, app, out, all_scripts=args.all_scripts):
        # Not a colour terminal, or no rich: the plain text, the same everywhere.
        width = min(100, max(60, shutil.get_terminal_size((88, 24)).columns - 2))
        out.write(render_decision(decision, app, width=width, all_scripts=args.all_scripts))
    return EXIT_OK


def _dump(model: BaseModel, out: TextIO) -> None:
    out.write(json.dumps(model.model_dump(mode="json"), indent=2) + "\n")


def _explain(args: argparse.Namespace, app: Application, day: date, out: TextIO) -> int:
    # Imported here, like the other commands' modules, so that `next` (the
    # common command) starts without loading what it does not use (issue 6).
    from .explanations import explain, why_not

    pack = _pack(args.pack, args.base_dir)
    result: BaseModel
    if args.action is None:
        result = explain(app, today=day, pack=pack)
        if not args.json:
            out.write(printable_model(result).text())
    else:
        result = answer = why_not(app, args.action, today=day, pack=pack)
        if not args.json:
            out.write(printable_model(answer).text())
    if args.json:
        _dump(result, out)
    return EXIT_OK


def _plan(args: argparse.Namespace, app: Application, day: date, out: TextIO) -> int:
    from .ics import plan_to_ics
    from .planning import plan

    agenda = plan(app, today=day, horizon_days=args.days, pack=_pack(args.pack, args.base_dir))
    if args.ics:
        try:
            data = plan_to_ics(agenda, name=f"{app.candidate.name}: {app.company.name}")
        except ImportError as exc:
            sys.stderr.write(f"outreach-rules: error: {exc}\n")
            return EXIT_BAD_INPUT
        try:
            with open(args.ics, "wb") as file:
                file.write(data)
        except OSError as exc:
            sys.stderr.write(f"outreach-rules: error: cannot write {args.ics}: {exc.strerror}\n")
            return EXIT_BAD_INPUT
    if args.json:
        _dump(agenda, out)
    else:
        out.write(printable_model(agenda).text())
        if args.ics:
            out.write(f"Wrote {len(agenda.steps)} events to {args.ics}.\n")
    return EXIT_OK


def _batch(args: argparse.Namespace) -> int:
    # Batch mode brings multiprocessing and concurrent.futures; only it needs them.
    from concurrent.futures.process import BrokenProcessPool

    from .batch import Settings
    from .batchfile import STDIN, default_errors_path, input_size, run_batch

    settings = Settings(
        _pack(args.pack, args.base_dir),
        args.today,
        check_engine(args.engine),
        source="<stdin>" if args.applications == STDIN else args.applications,
    )
    errors = args.errors or default_errors_path(args.out)
    progress = batch_progress(sys.stderr, input_size(args.applications))
    try:
        summary = run_batch(
            args.applications,
            args.out,
            errors,
            settings,
            workers=args.workers,
            chunk_size=args.chunk_size,
            progress=progress,
        )
    except BrokenProcessPool:
        raise OutreachRulesError(
            "a worker process stopped unexpectedly (out of memory, or killed); "
            f"nothing was written to {args.out} or {errors}"
        ) from None
    except KeyboardInterrupt:
        sys.stderr.write(f"outreach-rules: interrupted; nothing was written to {args.out}\n")
        return EXIT_INTERRUPTED
    finally:
        if progress is not None:
            progress.close()
    sys.stderr.write(f"outreach-rules batch: {summary.text()}\n")
    if summary.failed:
        sys.stderr.write(f"decisions in {args.out}; bad lines, with their numbers, in {errors}\n")
        return EXIT_FAILED
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    try:
        return _run(args, sys.stdout)
    except OutreachRulesError as exc:
        sys.stderr.write(f"outreach-rules: error: {exc}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
