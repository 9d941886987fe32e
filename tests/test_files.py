"""Pack and application files: regular files only, read within the limit (issue 16, point 8).

Regression: ``extends`` to a FIFO waited for a writer for ever, ``validate
/dev/zero`` read until MemoryError, files were read whole before their size
was checked, and a symlink loop, a NUL or an over-long name in a path raised a
raw RuntimeError, ValueError or OSError. The checks that could hang on the
old code run in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import assert_bad_input, run

from outreach_rules import ApplicationError, Limits, PackError, load_application, load_pack
from outreach_rules._files import Unreadable, read_limited
from outreach_rules.packs.loading import load_pack_text

ROOT = Path(__file__).resolve().parent.parent
PACK = "name: tiny\nrules:\n  - {id: r, then: {action: wait}, because: Wait., source: s}\n"
LONG = "a" * 300  # longer than any file system's names


def _loop(folder: Path) -> Path:
    (folder / "a").symlink_to(folder / "b")
    (folder / "b").symlink_to(folder / "a")
    return folder / "a"


SPECIAL = """
import json, os, sys
from outreach_rules import load_application, load_pack, load_pack_text
from outreach_rules.cli import main
folder = sys.argv[1]
results = {}
def attempt(name, call):
    try:
        call()
        results[name] = "loaded"
    except Exception as exc:
        results[name] = [type(exc).__name__, getattr(exc, "code", None), str(exc)]
fifo = os.path.join(folder, "fifo")
attempt("pack-fifo", lambda: load_pack(fifo))
attempt("pack-zero", lambda: load_pack("/dev/zero"))
attempt("app-fifo", lambda: load_application(fifo))
attempt("app-zero", lambda: load_application("/dev/zero"))
attempt("extends-fifo", lambda: load_pack_text(
    "name: x\\nextends: ./fifo\\nrules: []\\n", base_dir=folder))
results["cli-validate"] = main(["validate", "/dev/zero"])
results["cli-next"] = main(["next", fifo])
print(json.dumps(results))
"""


def test_fifos_and_devices_are_refused_without_waiting(tmp_path: Path) -> None:
    """A FIFO or /dev/zero as a pack, an extends or an application: a clear error, at once."""
    os.mkfifo(tmp_path / "fifo")
    done = subprocess.run(
        [sys.executable, "-c", SPECIAL, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,  # the old code never returned: a FIFO waited for a writer
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    results = json.loads(done.stdout)
    for name in ("pack-fifo", "pack-zero", "extends-fifo"):
        kind, code, message = results[name]
        assert (kind, code) == ("PackError", "not-a-file"), name
        assert "not a regular file" in message
    assert "FIFO" in results["pack-fifo"][2]
    assert "<string>:2:1: extends './fifo': cannot read the pack" in results["extends-fifo"][2]
    assert "character device" in results["pack-zero"][2]
    for name in ("app-fifo", "app-zero"):
        kind, _, message = results[name]
        assert kind == "ApplicationError"
        assert "not a regular file" in message
    assert results["cli-validate"] == results["cli-next"] == 2
    assert "Traceback" not in done.stderr
    assert "not a regular file" in done.stderr


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_loop, "loop of symbolic links"),
        (lambda folder: folder, "a directory"),
        (lambda folder: folder / LONG, "too long"),
        (lambda folder: Path(str(folder) + "/bad\x00name.yaml"), "NUL"),
    ],
    ids=["symlink-loop", "directory", "long-name", "nul"],
)
def test_unreadable_paths_are_clear_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, says: str
) -> None:
    """A symlink loop, a directory, an over-long name, a NUL: an error that says which."""
    assert callable(make)
    path = make(tmp_path)
    with pytest.raises(PackError) as pack_error:
        load_pack(path)
    assert pack_error.value.code in ("not-found", "not-a-file")
    assert says in pack_error.value.problem
    with pytest.raises(ApplicationError) as app_error:
        load_application(path)
    assert says in str(app_error.value)
    assert len(str(app_error.value)) < 500  # a long path is shortened
    if "\x00" not in str(path):  # a NUL cannot reach the command line's arguments
        for argv in (["validate", str(path)], ["next", str(path)]):
            code, out, err = run(capsys, *argv)
            assert_bad_input(code, out, err)
            assert says in err


@pytest.mark.parametrize(
    "ref",
    ["./loop", "./bad\x00name.yaml", "./" + LONG + ".yaml", LONG],
    ids=["symlink-loop", "nul", "long-path", "long-name"],
)
def test_extends_to_an_unreadable_path_names_the_extending_pack(tmp_path: Path, ref: str) -> None:
    """extends to a symlink loop, a NUL or an over-long name: a PackError at the extends line."""
    _loop(tmp_path)
    (tmp_path / "loop").symlink_to(tmp_path / "a")
    text = f"name: child\nextends: {json.dumps(ref)}\nrules: []\n"
    (tmp_path / "child.yaml").write_text(text)
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path / "child.yaml")
    assert caught.value.code in ("not-found", "unknown-pack")
    assert caught.value.line == 2
    with pytest.raises(PackError):
        load_pack_text(text, base_dir=tmp_path)


def test_a_file_over_the_limit_is_read_no_further(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the limit nothing more is read: a 50 MB sparse file costs the limit and a byte."""
    big = tmp_path / "big.yaml"
    with big.open("wb") as file:
        file.truncate(50_000_000)
    read: list[int] = []
    original = os.read

    def counting(fd: int, size: int) -> bytes:
        data = original(fd, size)
        read.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting)
    with pytest.raises(PackError) as pack_error:
        load_pack(big, limits=Limits(max_pack_bytes=10_000))
    assert pack_error.value.code == "too-large"
    assert "50,000,000 bytes" in pack_error.value.problem
    assert sum(read) == 10_001
    read.clear()
    with pytest.raises(ApplicationError, match="limit is 1,000"):
        load_application(big, limits=Limits(max_application_bytes=1_000))
    assert sum(read) == 1_001


def test_read_limited_reads_a_regular_file_whole_and_refuses_others(tmp_path: Path) -> None:
    """The reader gives a regular file's bytes; anything else is Unreadable, marked special."""
    (tmp_path / "p.yaml").write_text(PACK)
    assert read_limited(str(tmp_path / "p.yaml"), len(PACK)) == PACK.encode()
    with pytest.raises(Unreadable) as over:
        read_limited(str(tmp_path / "p.yaml"), len(PACK) - 1)
    assert over.value.size == len(PACK)
    with pytest.raises(Unreadable) as special:
        read_limited(str(tmp_path), 100)
    assert special.value.special
    with pytest.raises(Unreadable, match="not found"):
        read_limited(str(tmp_path / "missing"), 100)
    assert load_pack(tmp_path / "p.yaml").name == "tiny"
