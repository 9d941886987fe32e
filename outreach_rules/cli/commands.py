"""The ``outreach-rules`` command line: each subcommand, and :func:`main`.

Exit codes: 0 success, 1 a pack's tests or lint found problems (``test``,
``lint``) or some lines of a ``batch`` were bad, 2 bad input (an invalid
application, pack or option), with a message and no traceback.

Each command imports the optional parts it needs inside its function, so that
``next`` (the common command) starts without loading what it does not use.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import TextIO, cast

from pydantic import BaseModel

from .._printable import UNPRINTABLE
from ..engine.decide import check_engine, facts_of, next_action
from ..errors import ApplicationError, OutreachRulesError
from ..explaining.schemas import EXPLAINING_SCHEMA_KINDS
from ..model.application import Application, validate_application
from ..model.reading import load_application
from ..packs.loading import default_pack, load_pack
from ..packs.pack import Pack
from ..packs.schema import schema_text, shipped_schema_text
from .parser import build_parser
from .terminal import batch_progress, write_decision
from .text import printable, printable_model, render_decision

__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _test(args: argparse.Namespace, out: TextIO) -> int:
    pack = _pack(args)
    try:
        from ..testing.runner import run_pack

        report = run_pack(pack, max_examples=args.examples)
    except ImportError as exc:
        raise OutreachRulesError(
            f"{exc}; 'outreach-rules test' needs the 'testing' extra: "
            "pip install 'outreach-rules[testing]' (from a checkout of the repository: "
            "pip install -e '.[testing]')"
        ) from None
    out.write(printable(report.text()))
    coverage = report.coverage
    if args.fail_under is not None and coverage is not None and coverage.percent < args.fail_under:
        out.write(f"coverage {coverage.percent:.1f}% is under --fail-under {args.fail_under:g}%\n")
        return EXIT_FAILED
    return EXIT_FAILED if report.failed else EXIT_OK


def _lint(args: argparse.Namespace, out: TextIO) -> int:
    from ..packs.lint import lint_pack

    pack = _pack(args)
    findings = lint_pack(pack)
    for finding in findings:
        out.write(printable(f"{finding}\n"))
    count = len(findings)
    named = printable(f"pack {pack.name} {pack.version}", one_line=True)
    out.write(
        f"{count} finding{'s' if count != 1 else ''} in {named}\n"
        if count
        else f"ok: no findings in {named}\n"
    )
    return EXIT_FAILED if findings else EXIT_OK


def _pack(args: argparse.Namespace) -> Pack:
    """The pack the command names (the default one), bound to the settings given with --set."""
    name, base_dir = args.pack, args.base_dir
    pack = default_pack() if name is None else load_pack(name, base_dir=base_dir)
    settings = dict(getattr(args, "settings", ()))
    return pack.with_settings(settings) if settings else pack


# A pack's descriptions reach its schema, written with ensure_ascii=False: its
# controls and direction overrides are escaped as JSON escapes, still valid JSON.
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in UNPRINTABLE}


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    if args.kind in EXPLAINING_SCHEMA_KINDS:
        from ..explaining.schemas import explaining_schema_text

        if args.pack is not None:
            _pack(args)  # a pack named must still be one, though these schemas do not use it
        out.write(explaining_schema_text(args.kind))
    elif args.pack is None:
        out.write(shipped_schema_text(args.kind))
    else:
        out.write(schema_text(args.kind, _pack(args)).translate(_JSON_ESCAPES))
    return EXIT_OK


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    pack = _pack(args)
    fits = ""
    if check_engine(args.engine) == "durable":
        from ..engine.durable.compiler import durable_ruleset  # only this command needs it

        durable_ruleset(pack)  # compiling needs no durable_rules; limits raise PackError
        fits = "; fits the durable engine"
    named = printable(f"pack {pack.name} {pack.version}", one_line=True)
    out.write(
        f"ok: {named}, {len(pack.rules)} rules "
        f"from {len(pack.files)} file{'s' if len(pack.files) != 1 else ''}{fits}\n"
    )
    return EXIT_OK


def _inputs(
    args: argparse.Namespace, path: str | None = None, pack: Pack | None = None
) -> tuple[Application, date, Pack]:
    """The application at *path* (default: the command's), the day to advise for, the pack.

    The application is checked against the day and the pack (its custom facts) here,
    so that those problems name its file too, as its other problems do.
    """
    path = args.application if path is None else path
    app = load_application(path)
    # The library never reads the clock; the command line may, as a person expects.
    day = args.today or app.as_of or date.today()
    pack = _pack(args) if pack is None else pack
    try:
        validate_application(app, today=day)
        pack.facts_for(app, day)
    except ApplicationError as exc:
        raise ApplicationError(exc.problems, source=path) from None
    return app, day, pack


def _facts(args: argparse.Namespace, out: TextIO) -> int:
    app, day, pack = _inputs(args)
    facts = facts_of(app, day, pack=pack)
    out.write(json.dumps(facts, indent=2) + "\n")
    return EXIT_OK


def _next(args: argparse.Namespace, out: TextIO) -> int:
    check_engine(args.engine)
    paths: list[str] = args.applications
    if len(paths) == 1:
        _next_one(args, paths[0], None, out, several=False)  # the file's errors first
        return EXIT_OK
    # Several files: each is decided, in order, and a bad one does not stop the rest;
    # its error goes to stderr and the exit status says that one failed.
    pack = _pack(args)
    code = EXIT_OK
    for index, path in enumerate(paths):
        if not args.json:
            gap = "\n" if index else ""
            out.write(f"{gap}==> {printable(path, one_line=True)} <==\n")
        try:
            _next_one(args, path, pack, out, several=True)
        except OutreachRulesError as exc:
            _error(str(exc))
            code = EXIT_BAD_INPUT
    return code


def _next_one(
    args: argparse.Namespace, path: str, pack: Pack | None, out: TextIO, *, several: bool
) -> None:
    """Decide the application at *path* and print it: text, or JSON (a line, if *several*)."""
    app, day, pack = _inputs(args, path, pack)
    decision = next_action(app, today=day, pack=pack, engine=args.engine)
    if args.json:
        data = decision.model_dump(mode="json")
        if several:
            out.write(json.dumps({"file": path, "decision": data}) + "\n")
        else:
            out.write(json.dumps(data, indent=2) + "\n")
        return
    # Text for people: pack and application text cannot carry terminal controls.
    decision, app = printable_model(decision), printable_model(app)
    if not write_decision(decision, app, out, all_scripts=args.all_scripts):
        # Not a colour terminal, or no rich: the plain text, the same everywhere.
        width = min(100, max(60, shutil.get_terminal_size((88, 24)).columns - 2))
        out.write(render_decision(decision, app, width=width, all_scripts=args.all_scripts))


def _dump(model: BaseModel, out: TextIO) -> None:
    out.write(json.dumps(model.model_dump(mode="json"), indent=2) + "\n")


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    app, day, pack = _inputs(args)
    # Imported here, like the other commands' modules, so that `next` (the
    # common command) starts without loading what it does not use (issue 6).
    from ..explaining.explanations import explain, why_not

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


def _plan(args: argparse.Namespace, out: TextIO) -> int:
    app, day, pack = _inputs(args)
    from ..explaining.ics import plan_to_ics
    from ..explaining.planning import plan

    agenda = plan(app, today=day, horizon_days=args.days, pack=pack)
    if args.ics:
        try:
            data = plan_to_ics(agenda, name=f"{app.candidate.name}: {app.company.name}")
        except ImportError as exc:
            _error(str(exc))
            return EXIT_BAD_INPUT
        try:
            with open(args.ics, "wb") as file:
                file.write(data)
        except OSError as exc:
            _error(f"cannot write {args.ics}: {exc.strerror}")
            return EXIT_BAD_INPUT
    if args.json:
        _dump(agenda, out)
    else:
        out.write(printable_model(agenda).text())
        if args.ics:
            out.write(
                f"Wrote {len(agenda.steps)} events to {printable(args.ics, one_line=True)}.\n"
            )
    return EXIT_OK


def _batch(args: argparse.Namespace, out: TextIO) -> int:
    # Batch mode brings multiprocessing and concurrent.futures; only it needs them.
    from concurrent.futures.process import BrokenProcessPool

    from ..batch.api import Run
    from ..batch.files import STDIN, Stopped, default_errors_path, input_size, run_batch

    if args.out == STDIN and not args.errors:
        raise OutreachRulesError(
            "--out - writes the decisions to standard output: give --errors FILE for the bad lines"
        )
    settings = Run(
        _pack(args),
        args.today,
        check_engine(args.engine),
        source="<stdin>" if args.applications == STDIN else args.applications,
    )
    errors = args.errors or default_errors_path(args.out)
    # File names are the user's text: printed escaped, on one line.
    out_name, errors_name = printable(args.out, one_line=True), printable(errors, one_line=True)
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
            f"nothing was written to {out_name} or {errors_name}"
        ) from None
    except KeyboardInterrupt:
        sys.stderr.write(f"outreach-rules: interrupted; nothing was written to {out_name}\n")
        return EXIT_INTERRUPTED
    except Stopped as stop:
        sys.stderr.write(
            f"outreach-rules: stopped by {stop.name}; nothing was written to {out_name}\n"
        )
        return 128 + stop.signum  # as a shell reports a process a signal ended
    finally:
        if progress is not None:
            progress.close()
    sys.stderr.write(f"outreach-rules batch: {summary.text()}\n")
    if summary.failed:
        sys.stderr.write(
            f"decisions in {out_name}; bad lines, with their numbers, in {errors_name}\n"
        )
        return EXIT_FAILED
    return EXIT_OK


_Command = Callable[[argparse.Namespace, TextIO], int]

COMMANDS: Mapping[str, _Command] = MappingProxyType(
    {
        "next": _next,
        "validate": _validate,
        "test": _test,
        "lint": _lint,
        "facts": _facts,
        "explain": _explain,
        "plan": _plan,
        "schema": _schema,
        "batch": _batch,
    }
)
"""Each subcommand's function: it takes the parsed arguments and the output, gives the exit code."""


class _StdoutFailed(Exception):
    """Standard output could not be written: closed, or a write failed (a full disk)."""

    def __init__(self, error: OSError | None) -> None:
        super().__init__(error)
        self.reason = "it is closed" if error is None else error.strerror or str(error)


class _Stdout:
    """Standard output as the commands see it: a write that fails raises :class:`_StdoutFailed`.

    Only writes to standard output go through it, so that a failure there is told
    apart from one with an input file. A reader that went away (``BrokenPipeError``)
    passes through as it is: that is not an error.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write *text*, or raise :class:`_StdoutFailed`."""
        if self._stream is None:  # the process was started with its stdout closed
            raise _StdoutFailed(None)
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _StdoutFailed(exc) from None

    def flush(self) -> None:
        """Flush what is buffered, or raise :class:`_StdoutFailed`."""
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _StdoutFailed(exc) from None

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)  # isatty, fileno, encoding: as the stream's


def _error(message: str) -> None:
    """Tell the person on standard error, if it can be written; never raise."""
    try:
        sys.stderr.write(f"outreach-rules: error: {printable(message)}\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # stderr closed or full: the exit code says it
        pass


def _drop_stdout() -> None:
    """Point the stdout descriptor at /dev/null once its failure is handled.

    The interpreter's last flush of what is still buffered then cannot fail again.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # closed, or not a file (captured in tests)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    try:
        return COMMANDS[args.command](args, out)
    except OutreachRulesError as exc:
        _error(str(exc))
        return EXIT_BAD_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit code.

    Standard output that cannot be written (closed, or a full disk) gives a message
    on standard error and exit code 2; a reader that went away (``| head``) ends the
    run quietly with 0, as Unix tools do. Neither is a traceback.
    """
    out = _Stdout(sys.stdout)
    try:
        try:
            args = build_parser().parse_args(argv)
        except BrokenPipeError:
            raise
        except OSError as exc:  # writing --help or --version (the parser lets it through)
            raise _StdoutFailed(exc) from None
        except SystemExit:
            out.flush()
            raise
        code = _run(args, cast(TextIO, out))  # _Stdout has what the commands use of a TextIO
        out.flush()
        return code
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, as Unix tools do.
        _drop_stdout()
        return EXIT_OK
    except _StdoutFailed as exc:
        _drop_stdout()
        _error(f"cannot write to standard output: {exc.reason}")
        return EXIT_BAD_INPUT
