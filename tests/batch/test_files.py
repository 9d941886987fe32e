"""`outreach-rules batch`: JSON Lines in, decisions and errors out, in order, written atomically."""

from __future__ import annotations

import io
import itertools
import json
import multiprocessing
import os
import resource
import signal
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support.builders import example_applications
from support.packs import NO_RECRUITER_CALLS
from support.processes import alive, descendants, start_cli, wait_for

import outreach_rules.batch.files as batchfile
from outreach_rules import Decision, default_pack, next_action
from outreach_rules.batch import jsonl as jsonl_module
from outreach_rules.batch import pool
from outreach_rules.batch.api import Run
from outreach_rules.batch.files import (
    AtomicFile,
    Stopped,
    Summary,
    default_errors_path,
    input_size,
    run_batch,
    stopping_on_signals,
)
from outreach_rules.cli import main

APPS = example_applications()


# Lines of a JSON Lines file, with one bad line of each kind; the comment is its number.
BAD_LINES = {
    3: "not json at all",
    5: "[1, 2, 3]",
    8: '{"candidate": {}}',  # invalid: no name, no company
    10: json.dumps({k: v for k, v in APPS[0].items() if k != "as_of"}),  # no day
    12: '{"a": ' * 2000 + "1" + "}" * 2000,  # nested too deeply (or invalid)
}


BLANK_LINES = {6, 13}


def _lines(count: int = 30) -> list[str]:
    """*count* lines: good applications, the bad lines of BAD_LINES, blank lines."""
    good = itertools.cycle(APPS)
    lines = []
    for number in range(1, count + 1):
        if number in BAD_LINES:
            lines.append(BAD_LINES[number])
        elif number in BLANK_LINES:
            lines.append("   ")
        else:
            lines.append(json.dumps(next(good)))
    return lines


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        code = main(["batch", *argv])
    except SystemExit as exc:  # argparse usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    assert captured.out == ""
    return code, captured.err


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    return _write(tmp_path / "applications.jsonl", _lines())


def test_batch_writes_decisions_in_order_and_bad_lines_with_their_numbers(
    capsys: pytest.CaptureFixture[str], jsonl: Path, tmp_path: Path
) -> None:
    """Each good line gives its decision, in order; each bad line its error; exit status 1."""
    out = tmp_path / "decisions.jsonl"
    code, err = _run(capsys, str(jsonl), "--out", str(out))
    assert code == 1
    lines = _lines()
    good = [n for n in range(1, 31) if n not in BAD_LINES and n not in BLANK_LINES]
    decisions = _read_jsonl(out)
    assert [d["line"] for d in decisions] == good
    for record in decisions:
        expected = next_action(json.loads(lines[record["line"] - 1]))
        assert record["decision"] == expected.model_dump(mode="json")
        assert Decision.model_validate(record["decision"]) == expected
    errors = _read_jsonl(tmp_path / "decisions.errors.jsonl")
    assert [e["line"] for e in errors] == sorted(BAD_LINES)
    by_line = {e["line"]: e for e in errors}
    assert by_line[3]["error"].startswith(f"{jsonl}:3: invalid application")
    assert "invalid JSON at column 1" in by_line[3]["error"]
    assert "got an array" in by_line[5]["error"]
    assert {p["path"] for p in by_line[8]["problems"]} >= {"candidate.name", "company"}
    assert by_line[10]["problems"][0]["path"] == "as_of"
    assert "no day to advise for" in by_line[10]["error"]
    assert "nested too deeply" in by_line[12]["error"] or "invalid JSON" in by_line[12]["error"]
    assert [by_line[n]["input"] for n in sorted(BAD_LINES)] == [lines[n - 1] for n in BAD_LINES]
    assert err == (
        "outreach-rules batch: 30 lines in = 23 decisions out + 5 errors + 2 blank\n"
        f"decisions in {out}; bad lines, with their numbers, in {tmp_path}/decisions.errors.jsonl\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "applications.jsonl",
        "decisions.errors.jsonl",
        "decisions.jsonl",
    ]  # and no temporary file left behind


def test_batch_with_two_workers_and_small_chunks_writes_the_same_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--workers 2 with 3-line chunks (many in flight) writes byte for byte what 1 worker writes."""
    source = _write(tmp_path / "in.jsonl", _lines(90))
    assert _run(capsys, str(source), "--out", str(tmp_path / "one.jsonl"))[0] == 1
    code, _ = _run(
        capsys, str(source), "--out", str(tmp_path / "two.jsonl"), "--workers", "2",
        "--chunk-size", "3",
    )  # fmt: skip
    assert code == 1
    for name in ("{}.jsonl", "{}.errors.jsonl"):
        one = (tmp_path / name.format("one")).read_bytes()
        assert one == (tmp_path / name.format("two")).read_bytes()
    lines = [r["line"] for r in _read_jsonl(tmp_path / "two.jsonl")]
    assert lines == sorted(lines)


def test_batch_all_good_exits_0_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every line decided: exit status 0, an empty errors file, the sum on stderr."""
    source = _write(tmp_path / "in.jsonl", [json.dumps(a) for a in APPS[:5]])
    out = tmp_path / "out.jsonl"
    code, err = _run(capsys, str(source), "--out", str(out), "--errors", str(tmp_path / "e.jsonl"))
    assert code == 0
    assert err == "outreach-rules batch: 5 lines in = 5 decisions out + 0 errors\n"
    assert (tmp_path / "e.jsonl").read_bytes() == b""
    assert len(_read_jsonl(out)) == 5


def test_batch_reads_odd_bytes_and_long_lines_as_bad_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Invalid UTF-8 and a line over the size limit are errors; the lines after them still count."""
    good = json.dumps(APPS[0]).encode()
    too_long = b'{"x": "' + b"a" * 1_000_001 + b'"}'
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join([good, b'{"\xff": 1}', too_long, good]))  # no final newline
    out = tmp_path / "out.jsonl"
    code, err = _run(capsys, str(source), "--out", str(out))
    assert code == 1
    assert [r["line"] for r in _read_jsonl(out)] == [1, 4]
    errors = _read_jsonl(tmp_path / "out.errors.jsonl")
    assert [e["line"] for e in errors] == [2, 3]
    assert "not UTF-8" in errors[0]["error"]
    assert "over 1,000,000 bytes" in errors[1]["error"]
    assert "input" not in errors[1]  # cut short while reading: not kept
    assert "4 lines in = 2 decisions out + 2 errors" in err


def test_batch_today_pack_and_stdin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-` reads standard input; --today and --pack apply to every line."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(NO_RECRUITER_CALLS, encoding="utf-8")
    data = "".join(json.dumps(a) + "\n" for a in APPS[:6]).encode()
    stdin = tmp_path / "stdin"
    stdin.write_bytes(data)
    with stdin.open("rb") as handle:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(handle))
        out = tmp_path / "out.jsonl"
        args = ["-", "--out", str(out), "--today", "2026-12-24", "--pack", str(pack)]
        code, _ = _run(capsys, *args)
    assert code == 0
    decisions = [r["decision"] for r in _read_jsonl(out)]
    assert decisions == [
        next_action(a, today="2026-12-24", pack=pack).model_dump(mode="json") for a in APPS[:6]
    ]
    assert {d["pack"] for d in decisions} == {"no-recruiter-calls"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.jsonl", "--out", "o.jsonl"], "cannot read missing.jsonl"),
        (["in.jsonl", "--out", "no/such/folder/o.jsonl"], "cannot write no/such/folder/o.jsonl"),
        (["in.jsonl", "--out", "o.jsonl", "--errors", "o.jsonl"], "the same file"),
        (["in.jsonl", "--out", "in.jsonl"], "both the input and an output"),
        (["in.jsonl", "--out", "-", "--errors", "in.jsonl"], "both the input and an output"),
        (["in.jsonl", "--out", "-", "--errors", "-"], "both standard output"),
        (["in.jsonl", "--out", "o.jsonl", "--pack", "nope"], "nope"),
        (["in.jsonl", "--out", "o.jsonl", "--workers", "0"], "--workers"),
        (["in.jsonl", "--out", "o.jsonl", "--workers", "two"], "--workers"),
        (["in.jsonl", "--out", "o.jsonl", "--workers", "1000000"], "at most 1,024 (got 1,000,000)"),
        (["in.jsonl", "--out", "o.jsonl", "--engine", "nativ"], "did you mean 'native'"),
        (["in.jsonl"], "--out"),
    ],
)
def test_batch_usage_errors_exit_2_and_write_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    """Bad options, an unreadable input or an unwritable output: exit 2, a message, no files."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "in.jsonl", [json.dumps(APPS[0])])
    code, err = _run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["in.jsonl"]


def _fail_on_second_chunk(
    exception: BaseException,
) -> Any:
    real = batchfile.decide_lines

    def decide_lines(settings: Any, chunk: tuple[int, list[bytes]]) -> Any:
        if chunk[0] > 1:
            raise exception
        return real(settings, chunk)

    return decide_lines


@pytest.mark.parametrize("exception", [KeyboardInterrupt(), RuntimeError("a bug")])
def test_batch_stopped_midway_leaves_the_old_files_untouched_and_no_temporary_file(
    capsys: pytest.CaptureFixture[str],
    jsonl: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    exception: BaseException,
) -> None:
    """Ctrl-C or a crash after output began: the old outputs stay as they were, no temp file."""
    out = tmp_path / "decisions.jsonl"
    out.write_text("old decisions\n", encoding="utf-8")
    (tmp_path / "decisions.errors.jsonl").write_text("old errors\n", encoding="utf-8")
    monkeypatch.setattr(batchfile, "decide_lines", _fail_on_second_chunk(exception))
    argv = [str(jsonl), "--out", str(out), "--chunk-size", "4"]
    if isinstance(exception, KeyboardInterrupt):
        code, err = _run(capsys, *argv)
        assert code == 130
        assert "interrupted" in err
    else:
        with pytest.raises(RuntimeError, match="a bug"):
            main(["batch", *argv])
    assert out.read_text(encoding="utf-8") == "old decisions\n"
    assert (tmp_path / "decisions.errors.jsonl").read_text(encoding="utf-8") == "old errors\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "applications.jsonl",
        "decisions.errors.jsonl",
        "decisions.jsonl",
    ]


def _dies_at_line_9(settings: Any, chunk: tuple[int, list[bytes]]) -> Any:
    """decide_lines, but the process ends at once on the chunk holding line 9."""
    if chunk[0] <= 9 < chunk[0] + len(chunk[1]):
        os._exit(9)
    return jsonl_module.decide_lines(settings, chunk)


def test_batch_worker_crash_writes_nothing_under_the_final_name(
    capsys: pytest.CaptureFixture[str],
    jsonl: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker killed mid-run (here: at line 9) exits 2 and leaves no output file at all."""
    monkeypatch.setattr(batchfile, "decide_lines", _dies_at_line_9)
    monkeypatch.setattr(pool, "pool_context", lambda _: multiprocessing.get_context("fork"))
    out = tmp_path / "decisions.jsonl"
    code, err = _run(capsys, str(jsonl), "--out", str(out), "--workers", "2", "--chunk-size", "2")
    assert code == 2
    assert "a worker process stopped unexpectedly" in err
    assert [p.name for p in tmp_path.iterdir()] == ["applications.jsonl"]


# --- the files themselves ----------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "text"),
    [
        (Summary(1, 1, 0, 0), "1 line in = 1 decision out + 0 errors"),
        (Summary(5, 3, 1, 1), "5 lines in = 3 decisions out + 1 error + 1 blank"),
        (Summary(0, 0, 0, 0), "0 lines in = 0 decisions out + 0 errors"),
    ],
)
def test_a_summary_adds_up_in_words(summary: Summary, text: str) -> None:
    """N lines in = D decisions out + E errors (+ B blank), each noun in the right number."""
    assert summary.text() == text


@pytest.mark.parametrize(
    ("out", "errors"),
    [
        ("decisions.jsonl", "decisions.errors.jsonl"),
        ("runs/out.jsonl", "runs/out.errors.jsonl"),
        ("decisions.txt", "decisions.txt.errors.jsonl"),
    ],
)
def test_the_errors_file_goes_with_the_output(out: str, errors: str) -> None:
    """The default errors file is the output's name with .errors.jsonl."""
    assert default_errors_path(out) == errors


def test_an_atomic_file_appears_only_when_committed(tmp_path: Path) -> None:
    """Until commit, the final name keeps what it had; discard leaves no temporary file."""
    path = tmp_path / "out.jsonl"
    path.write_text("old\n", encoding="utf-8")
    kept = AtomicFile(str(path))
    kept.write(b"new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    kept.commit()
    assert path.read_text(encoding="utf-8") == "new\n"
    dropped = AtomicFile(str(path))
    dropped.write(b"newer\n")
    dropped.discard()
    assert path.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_run_batch_reports_progress_and_sums(tmp_path: Path, jsonl: Path) -> None:
    """run_batch writes both files, tells the progress each chunk, and returns the sums."""

    class Recorder:
        def __init__(self) -> None:
            self.calls: list[tuple[int, int]] = []
            self.closed = False

        def advance(self, lines: int, bytes_read: int) -> None:
            self.calls.append((lines, bytes_read))

        def close(self) -> None:
            self.closed = True

    progress = Recorder()
    settings = Run(default_pack(), None, "native", source="in.jsonl")
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    summary = run_batch(
        str(jsonl), str(out), str(errors), settings, workers=1, chunk_size=8, progress=progress
    )
    assert summary == Summary(30, 23, 5, 2)
    assert [lines for lines, _ in progress.calls] == [8, 8, 8, 6]
    assert sum(size for _, size in progress.calls) == jsonl.stat().st_size
    assert len(_read_jsonl(out)) == 23
    assert len(_read_jsonl(errors)) == 5
    assert input_size(str(jsonl)) == jsonl.stat().st_size
    assert input_size("-") is None
    assert input_size(str(tmp_path / "missing.jsonl")) is None


def test_batch_lines_give_back_the_applications_ids_and_meta(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`batch` writes each line's id after its number, decided or not, and a bad line's meta;
    a decision holds its own id and meta."""
    meta = {"crm": "hubspot", "row": 3}
    lines = [
        json.dumps({**APPS[0], "id": "a-1", "meta": meta}),
        json.dumps(
            {**APPS[1], "id": "a-2", "meta": meta, "company": {"name": "X", "size": "huge"}}
        ),
        json.dumps(APPS[2]),
    ]
    source = _write(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    code, _ = _run(capsys, str(source), "--out", str(out))
    assert code == 1
    decided = out.read_text(encoding="utf-8").splitlines()
    assert decided[0].startswith('{"line":1,"id":"a-1","decision":')
    assert decided[1].startswith('{"line":3,"decision":')
    decision = json.loads(decided[0])["decision"]
    assert (decision["application_id"], decision["meta"]) == ("a-1", meta)
    (error,) = _read_jsonl(tmp_path / "out.errors.jsonl")
    assert (error["line"], error["id"], error["meta"]) == (2, "a-2", meta)
    assert error["problems"][0]["path"] == "company.size"


# --- signals: a run stopped from outside (a real process, real signals) -------------------


def _batch_on_a_fifo(
    tmp_path: Path, *argv: str, processes: int = 2
) -> tuple[subprocess.Popen[bytes], Any, set[int]]:
    """A real `batch --workers 2` reading a FIFO, mid-run: its process, the FIFO, the processes
    it started (its workers; with durable also a forkserver and a resource tracker).

    Four lines are written and the FIFO stays open, so the run waits for more
    with its workers started and its temporary files created.
    """
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    process = start_cli(
        "batch", "in.fifo", "--out", "out.jsonl", "--workers", "2", "--chunk-size", "1",
        *argv, cwd=tmp_path,
    )  # fmt: skip
    writer = fifo.open("w", encoding="utf-8")  # waits for the batch to open it
    writer.write("".join(json.dumps(app) + "\n" for app in APPS[:4]))
    writer.flush()
    started = lambda: len(descendants(process.pid)) >= processes  # noqa: E731
    if not wait_for(lambda: started() and len(_temporary(tmp_path)) == 2):
        writer.close()
        process.kill()
        process.communicate()
        pytest.fail("the batch did not start its workers and files")
    return process, writer, descendants(process.pid)


def _temporary(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signalled_batch_removes_its_temporary_files_and_stops_its_workers(
    tmp_path: Path, signum: signal.Signals
) -> None:
    """SIGTERM, SIGHUP or SIGINT to the main process alone: it removes its temporary files,
    its workers end, the old output is kept, and it exits 128 + the signal with a message."""
    (tmp_path / "out.jsonl").write_text("old decisions\n", encoding="utf-8")
    process, writer, workers = _batch_on_a_fifo(tmp_path)
    with process, writer:
        process.send_signal(signum)
        err = process.communicate(timeout=10)[1].decode()
    assert process.returncode == 128 + signum
    assert "Traceback" not in err
    assert ("interrupted" if signum == signal.SIGINT else f"stopped by {signum.name}") in err
    assert wait_for(lambda: not any(alive(pid) for pid in workers), timeout=5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.fifo", "out.jsonl"]
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == "old decisions\n"


@pytest.mark.parametrize(("engine", "processes"), [("native", 2), ("durable", 4)])
def test_a_killed_batch_takes_its_workers_with_it(
    tmp_path: Path, engine: str, processes: int
) -> None:
    """SIGKILL cannot be caught: the workers still end at once (forked ones by the kernel, the
    durable engine's, started from a forkserver, by watching the main process), the final
    names are untouched, and only the hidden temporary files are left (as documented)."""
    process, writer, workers = _batch_on_a_fifo(tmp_path, "--engine", engine, processes=processes)
    with process, writer:
        process.kill()
        process.communicate(timeout=10)
        assert wait_for(lambda: not any(alive(pid) for pid in workers), timeout=5)
    assert not (tmp_path / "out.jsonl").exists()
    left = _temporary(tmp_path)
    assert len(left) == 2
    assert all(name.startswith((".out.jsonl.", ".out.errors.jsonl.")) for name in left)


def test_stopping_on_signals_turns_them_into_stopped_and_restores_the_handlers() -> None:
    """In the block, SIGTERM raises Stopped (named); after it, the old handlers are back."""
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Stopped) as stopped, stopping_on_signals():
        os.kill(os.getpid(), signal.SIGTERM)  # the handler raises at once
    assert stopped.value.name == "SIGTERM"
    assert signal.getsignal(signal.SIGTERM) is before


# --- what --out may be: the rule for each kind of file ------------------------------------


def _good_input(tmp_path: Path, count: int = 3) -> Path:
    return _write(tmp_path / "in.jsonl", [json.dumps(app) for app in APPS[:count]])


def _device(path: Path, minor: int) -> Path:
    """A character device of Linux's memory driver at *path*: 3 null, 7 full (needs root)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:  # pragma: no cover - as root in the tests' container it can
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return path


def test_batch_writes_through_a_device_and_leaves_it_a_device(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--out naming a device (a null device, as /dev/null is) streams to it: it stays a device."""
    null = _device(tmp_path / "null", 3)
    code, err = _run(capsys, str(_good_input(tmp_path)), "--out", str(null))
    assert (code, err) == (0, "outreach-rules batch: 3 lines in = 3 decisions out + 0 errors\n")
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert null.lstat().st_rdev == os.makedev(1, 3)
    assert _temporary(tmp_path) == []


def test_batch_writes_through_a_fifo(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--out naming a FIFO streams the decisions to its reader; it stays a FIFO."""
    fifo = tmp_path / "decisions.fifo"
    os.mkfifo(fifo)
    with subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE) as reader:
        try:
            code, _ = _run(capsys, str(_good_input(tmp_path)), "--out", str(fifo))
            text = reader.communicate(timeout=10)[0].decode()
        finally:
            reader.kill()  # if the FIFO was never written to, its reader still waits
    assert code == 0
    assert [json.loads(line)["line"] for line in text.splitlines()] == [1, 2, 3]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_batch_to_standard_output(tmp_path: Path) -> None:
    """--out - writes the decisions to standard output (it needs --errors FILE)."""
    _good_input(tmp_path)
    with start_cli(
        "batch", "in.jsonl", "--out", "-", "--errors", "e.jsonl", cwd=tmp_path,
        stdout=subprocess.PIPE,
    ) as process:  # fmt: skip
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert [json.loads(line)["line"] for line in out.decode().splitlines()] == [1, 2, 3]
    with start_cli("batch", "in.jsonl", "--out", "-", cwd=tmp_path) as process:
        err = process.communicate(timeout=30)[1]
    assert process.returncode == 2
    assert b"give --errors FILE" in err


def test_batch_refuses_a_symbolic_link_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A link to a regular file (or to nothing) is refused: neither replaced nor written through."""
    target = tmp_path / "theirs.jsonl"
    target.write_text("theirs\n", encoding="utf-8")
    link, dangling = tmp_path / "out.jsonl", tmp_path / "nowhere.jsonl"
    link.symlink_to(target)
    dangling.symlink_to(tmp_path / "missing")
    source = str(_good_input(tmp_path))
    for name in (link, dangling):
        code, err = _run(capsys, source, "--out", str(name))
        assert code == 2
        assert f"--out {name} is a symbolic link" in err
        assert "Traceback" not in err
    assert link.is_symlink()
    assert dangling.is_symlink()
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert _temporary(tmp_path) == []


def test_batch_keeps_an_existing_file_s_mode_and_owner_and_makes_new_ones_private(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file already there is replaced keeping its mode (and owner, as root); a new one is 0600."""
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    owner = (os.geteuid(), os.getegid())
    if os.geteuid() == 0:
        owner = (4321, 4321)
        os.chown(out, *owner)
    old_umask = os.umask(0)  # a new file is 0600 whatever the umask
    try:
        code, _ = _run(capsys, str(_good_input(tmp_path)), "--out", str(out))
    finally:
        os.umask(old_umask)
    assert code == 0
    found = out.stat()
    assert (stat.S_IMODE(found.st_mode), found.st_uid, found.st_gid) == (0o640, *owner)
    assert len(_read_jsonl(out)) == 3
    assert stat.S_IMODE((tmp_path / "out.errors.jsonl").stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("", "--out is empty"),
        ("folder", "--out folder is a folder: give a file name, such as folder/decisions.jsonl"),
        ("bad\0name", "the name holds a NUL character"),
        ("x" * 300, "File name too long"),
    ],
)
def test_batch_output_names_that_cannot_be_files_exit_2_and_replace_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    out: str,
    message: str,
) -> None:
    """An empty name, a folder, a NUL, an over-long name: exit 2 and a message, no traceback;
    the errors file that goes with it keeps what it had."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    errors = tmp_path / "folder.errors.jsonl"
    errors.write_text("old errors\n", encoding="utf-8")
    _good_input(tmp_path)
    argv = ["in.jsonl", "--out", out] + ([] if out == "folder" else ["--errors", errors.name])
    code, err = _run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert errors.read_text(encoding="utf-8") == "old errors\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "folder",
        "folder.errors.jsonl",
        "in.jsonl",
    ]


def test_batch_on_a_full_device_exits_2_with_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Writing to a full device (as /dev/full is) fails the run: exit 2, a message, no traceback,
    and the errors file is not replaced."""
    errors = tmp_path / "e.jsonl"
    errors.write_text("old errors\n", encoding="utf-8")
    full = _device(tmp_path / "full", 7)
    code, err = _run(
        capsys, str(_good_input(tmp_path)), "--out", str(full), "--errors", str(errors)
    )
    assert code == 2
    assert f"cannot write {full}: No space left on device" in err
    assert errors.read_text(encoding="utf-8") == "old errors\n"
    assert _temporary(tmp_path) == []


def _small_file_limit() -> None:
    """In the child: files may not grow past 4 KiB, and going past fails the write (EFBIG)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_batch_out_of_room_for_a_file_exits_2_and_keeps_the_old_files(tmp_path: Path) -> None:
    """A real write that fails for want of room (a 4 KiB file-size limit, as a full disk does):
    exit 2 with a message, no traceback, both old files kept, no temporary file."""
    _good_input(tmp_path, 20)
    (tmp_path / "out.jsonl").write_text("old decisions\n", encoding="utf-8")
    (tmp_path / "out.errors.jsonl").write_text("old errors\n", encoding="utf-8")
    with start_cli(
        "batch", "in.jsonl", "--out", "out.jsonl", cwd=tmp_path, preexec_fn=_small_file_limit
    ) as process:
        err = process.communicate(timeout=30)[1].decode()
    assert process.returncode == 2, err
    assert "cannot write out.jsonl: File too large" in err
    assert "Traceback" not in err
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == "old decisions\n"
    assert (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8") == "old errors\n"
    assert _temporary(tmp_path) == []


@pytest.mark.parametrize("engine", ["native", "durable"])
def test_a_pack_file_replaced_during_a_real_batch_changes_no_decision(
    tmp_path: Path, engine: str
) -> None:
    """A real `batch --workers 2` (durable workers start from forkserver, and get the pack as
    text): the pack file is replaced after the run checked it and before any worker starts;
    every decision is still from the pack the run checked."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(NO_RECRUITER_CALLS, encoding="utf-8")
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    argv = ["batch", "in.fifo", "--out", "out.jsonl", "--workers", "2", "--chunk-size", "1"]
    with start_cli(*argv, "--pack", "pack.yaml", "--engine", engine, cwd=tmp_path) as process:
        with fifo.open("w", encoding="utf-8") as writer:  # open: the pack has been loaded
            assert wait_for(lambda: len(_temporary(tmp_path)) == 2)
            pack.write_text("name: replacement\nextends: default\ndisable: [heard-back]\n", "utf-8")
            writer.write("".join(json.dumps(app) + "\n" for app in APPS[:6]))
        err = process.communicate(timeout=60)[1].decode()
    assert process.returncode == 0, err
    decisions = [record["decision"] for record in _read_jsonl(tmp_path / "out.jsonl")]
    assert len(decisions) == 6
    assert {d["pack"] for d in decisions} == {"no-recruiter-calls"}


def test_the_summary_prints_output_names_escaped(tmp_path: Path, capsys: Any, jsonl: Path) -> None:
    """File names are the user's text: a terminal escape or a direction override in the name
    of --out is shown escaped in the summary, on one line, never sent to the terminal."""
    out = tmp_path / "dec\x1b]0;pwned\x07\u202eisions.jsonl"
    code, err = _run(capsys, str(jsonl), "--out", str(out))
    assert code == 1
    for raw in ("\x1b", "\u202e", "\x07"):
        assert raw not in err
    assert "dec\\x1b]0;pwned\\x07\\u202eisions.jsonl" in err
    assert out.exists()
