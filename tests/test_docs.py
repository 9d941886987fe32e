"""The documentation tells the truth: the reference is current and every example runs.

Fenced blocks in README.md, CONTRIBUTING.md, CHANGELOG.md and docs/**/*.md are
checked by language:

* ``python``: run, in order, one namespace per file, from the repository root.
* ``yaml``: a pack (a top-level ``rules:`` or ``extends:``) must load with
  ``load_pack_text``, relative ``extends`` resolving in docs/examples/; a
  list of rules (starting ``- id:``) must load inside a pack; an application
  (a top-level ``candidate:``) must validate. Any other YAML block fails.
* ``console``: each ``$ outreach-rules ...`` line runs the command line in a
  terminal 88 columns wide and its output (stdout and stderr) must be the
  lines that follow, where a line ``...`` stands for any lines;
  ``$ echo $?`` prints the last exit code.

The line before a block may say ``<!-- no-test -->`` (the block is not run)
or, before a YAML pack, ``<!-- expect-error: CODE -->`` (loading it must
raise ``PackError`` with that ``code``; a ```text block that follows it
directly must be the error's message, for a pack given as text).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import shlex
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

import outreach_rules
from outreach_rules import ACTIONS, FACT_SPECS, PackError, default_pack, load_pack_text
from outreach_rules._yaml.reader import parse_yaml
from outreach_rules.cli import main as cli_main
from outreach_rules.errors import PACK_ERROR_CODES
from outreach_rules.language.document import ActionDoc, BlockDoc, PackFile, RuleDoc, ThenDoc
from outreach_rules.language.operators import OPERATORS
from outreach_rules.model.decision import (
    BlockedAction,
    BlockReason,
    Decision,
    Reason,
    Recommendation,
)
from outreach_rules.model.reading import parse_application
from outreach_rules.model.vocabulary import item_fields
from outreach_rules.packs.schema import json_schema

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REFERENCE = DOCS / "reference"
PAGES = [ROOT / name for name in ("README.md", "CONTRIBUTING.md", "CHANGELOG.md")]
PAGES += sorted(DOCS.rglob("*.md"))
TERMINAL_COLUMNS = "88"

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`\s]*)\s*$")
_MARKER = re.compile(r"<!--\s*(no-test|expect-error:[^>]*?)\s*-->")
_EXPECT = re.compile(r"^expect-error:\s*(?P<code>[a-z][a-z-]*)$")


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    page: Path
    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    marker: str | None  # 'no-test', 'expect-error: CODE', or None

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def _blocks(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening or not opening.group("info"):
            index += 1
            continue
        indent, fence = len(opening.group("indent")), opening.group("fence")
        before = next((line for line in reversed(lines[:index]) if line.strip()), "")
        marker = _MARKER.fullmatch(before.strip())
        end = index + 1
        while end < len(lines) and not (
            lines[end].strip().startswith(fence) and not lines[end].strip().strip(fence[0])
        ):
            end += 1
        body = "\n".join(line[indent:] for line in lines[index + 1 : end])
        found.append(
            Block(
                page,
                index + 1,
                opening.group("info").lower(),
                body + "\n",
                marker.group(1) if marker else None,
            )
        )
        index = end + 1
    return found


ALL_BLOCKS = [block for page in PAGES for block in _blocks(page)]


def _tested(lang: str) -> list[Block]:
    return [b for b in ALL_BLOCKS if b.lang == lang and b.marker != "no-test"]


def _ids(blocks: list[Block]) -> list[str]:
    return [b.where for b in blocks]


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, with a terminal of known width."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", TERMINAL_COLUMNS)


# --- (a) the generated reference is current ----------------------------------


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_reference", DOCS / "gen_reference.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_reference_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """`gen_reference.py --check` passes: committed files equal freshly generated ones."""
    status = _generator().main(["--check"])
    assert status == 0, capsys.readouterr().err


def test_generation_is_deterministic() -> None:
    """Generating twice gives the same bytes."""
    generator = _generator()
    assert generator.outputs() == generator.outputs()


# --- (b) every example runs --------------------------------------------------


def test_markers_precede_blocks() -> None:
    """Every marker comment is well formed and followed by a block, so none is silently ignored."""
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not re.fullmatch(r"\s*<!--.*(no-test|expect).*-->\s*", line):
                continue
            where = f"{page.relative_to(ROOT)}:{number}"
            marker = _MARKER.fullmatch(line.strip())
            assert marker, f"{where}: malformed marker"
            assert marker.group(1) == "no-test" or _EXPECT.match(marker.group(1)), where
            following = next((t for t in lines[number:] if t.strip()), "")
            assert _FENCE.match(following), f"{where}: a marker with no block after it"


def test_there_are_examples() -> None:
    """The block parser finds the examples (a parser that finds nothing proves nothing)."""
    assert len(_tested("python")) >= 5
    assert len(_tested("yaml")) >= 10
    assert len(_tested("console")) >= 3


PYTHON_PAGES = sorted({b.page for b in _tested("python")})


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=[str(p.relative_to(ROOT)) for p in PYTHON_PAGES])
@pytest.mark.usefixtures("at_root")
def test_python_examples_run(page: Path) -> None:
    """Every ```python block of the page runs, in order, sharing one namespace."""
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for block in _tested("python"):
        if block.page != page:
            continue
        assert block.marker is None, f"{block.where}: only no-test applies to python blocks"
        # Padded so that a traceback names the page and the line the failure is on.
        source = "\n" * block.line + block.text
        try:
            exec(compile(source, str(block.page), "exec"), namespace)
        except Exception as exc:
            raise AssertionError(f"the example at {block.where} failed: {exc!r}") from exc


def _yaml_kind(text: str) -> str | None:
    if re.search(r"^(rules|extends):", text, re.MULTILINE):
        return "pack"
    first = next((t for t in text.splitlines() if t.strip() and not t.startswith("#")), "")
    if first.startswith("- id:"):
        return "rules"
    if re.search(r"^candidate:", text, re.MULTILINE):
        return "application"
    return None


def _as_pack(block: Block) -> str:
    if _yaml_kind(block.text) == "rules":
        return "name: doc-example\nrules:\n" + textwrap.indent(block.text, "  ")
    return block.text


@pytest.mark.parametrize("block", _tested("yaml"), ids=_ids(_tested("yaml")))
def test_yaml_examples_load(block: Block) -> None:
    """Every ```yaml pack loads (or fails with the code it says); every application validates."""
    kind = _yaml_kind(block.text)
    assert kind is not None, f"{block.where}: neither a pack, rules nor an application"
    if kind == "application":
        assert block.marker is None, f"{block.where}: markers apply to packs"
        parse_application(block.text, filename=block.where)
        return
    if block.marker is None:
        load_pack_text(_as_pack(block), filename=block.where, base_dir=DOCS / "examples")
        return
    expected = _EXPECT.match(block.marker)
    assert expected, f"{block.where}: unknown marker {block.marker!r}"
    with pytest.raises(PackError) as caught:
        load_pack_text(_as_pack(block), base_dir=DOCS / "examples")
    assert caught.value.code == expected.group("code"), str(caught.value)
    message = _message_after(block)
    if message is not None:
        assert str(caught.value) == message, f"{block.where}: the message is now:\n{caught.value}"


@pytest.mark.parametrize(
    "block",
    [b for b in _tested("yaml") if b.marker is None],
    ids=_ids([b for b in _tested("yaml") if b.marker is None]),
)
def test_yaml_examples_match_the_schemas(block: Block) -> None:
    """Every ```yaml pack or application that loads is also valid for its JSON Schema.

    A pack is checked against the schema of itself, which knows its own custom
    and derived facts (what `outreach-rules schema pack --pack PACK` prints).
    """
    kind = "application" if _yaml_kind(block.text) == "application" else "pack"
    data = json.loads(json.dumps(parse_yaml(_as_pack(block), filename=block.where), default=str))
    pack = None
    if kind == "pack":
        pack = load_pack_text(_as_pack(block), filename=block.where, base_dir=DOCS / "examples")
    validator = Draft202012Validator(json_schema(kind, pack))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == [], block.where


def _message_after(block: Block) -> str | None:
    """The ```text block right after *block* (blank lines between), if any: its error message."""
    lines = block.page.read_text(encoding="utf-8").splitlines()
    following = next((b for b in ALL_BLOCKS if b.page == block.page and b.line > block.line), None)
    if following is None or following.lang != "text":
        return None
    closing = block.line + block.text.count("\n")  # the 0-based index of the closing fence
    if any(line.strip() for line in lines[closing + 1 : following.line - 1]):
        return None
    return following.text.rstrip("\n")


def _session(text: str) -> Iterator[tuple[str, str]]:
    """Split a console block into (command, expected output) pairs."""
    command: str | None = None
    output: list[str] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            if command is not None:
                yield command, "\n".join(output)
            command, output = line[2:], []
        else:
            output.append(line)
    if command is not None:
        yield command, "\n".join(output)


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Whether *actual* is *expected*, where a line ``...`` stands for any lines."""
    parts = [[]]  # type: list[list[str]]
    for line in expected:
        if line == "...":
            parts.append([])
        else:
            parts[-1].append(line)
    if len(parts) == 1:
        return actual == expected
    head, *middle, tail = parts
    if actual[: len(head)] != head:
        return False
    position = len(head)
    for part in middle:
        found = next(
            (i for i in range(position, len(actual) + 1) if actual[i : i + len(part)] == part),
            None,
        )
        if found is None:
            return False
        position = found + len(part)
    return not tail or (len(actual) - len(tail) >= position and actual[-len(tail) :] == tail)


def _run(command: str, last_status: int) -> tuple[str, int]:
    argv = shlex.split(command)
    if argv == ["echo", "$?"]:
        return f"{last_status}\n", last_status
    assert argv[0] == "outreach-rules", f"only outreach-rules and 'echo $?' run here: {command}"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            status = cli_main(argv[1:])
        except SystemExit as stop:  # argparse: --help, --version, usage errors
            status = stop.code if isinstance(stop.code, int) else 1
    return buffer.getvalue(), status


@pytest.mark.parametrize("block", _tested("console"), ids=_ids(_tested("console")))
@pytest.mark.usefixtures("at_root")
def test_console_examples_print_what_they_show(block: Block) -> None:
    """Every ```console command prints exactly the output the page shows."""
    status = 0
    for command, expected in _session(block.text):
        actual, status = _run(command, status)
        expected_lines = expected.rstrip("\n").splitlines()
        assert _matches(expected_lines, actual.rstrip("\n").splitlines()), (
            f"{block.where}: `{command}` printed:\n{actual}"
        )


# --- (c) the reference lists everything ---------------------------------------


def test_fact_reference_lists_every_fact() -> None:
    """docs/reference/facts.md has a row for every fact path."""
    text = (REFERENCE / "facts.md").read_text(encoding="utf-8")
    missing = [p for p in FACT_SPECS if f"| `{p}` |" not in text]
    assert not missing


def test_fact_reference_lists_the_fields_of_list_items() -> None:
    """docs/reference/facts.md has a row for each field of the items of history, contacts
    and interview.with (issue 16, point 21)."""
    text = (REFERENCE / "facts.md").read_text(encoding="utf-8")
    rows = [
        f"| `{name}` | `{path}` |"
        for name, fields in item_fields().items()
        for path in fields.specs
    ]
    assert len(rows) >= 9
    assert [row for row in rows if row not in text] == []


def test_action_reference_lists_every_action() -> None:
    """docs/reference/actions.md has a section for every action id."""
    text = (REFERENCE / "actions.md").read_text(encoding="utf-8")
    missing = [a for a in ACTIONS if f"## `{a}`" not in text]
    assert not missing


def test_default_pack_reference_lists_every_rule() -> None:
    """docs/reference/default-pack.md has a section for every rule of the default pack."""
    text = (REFERENCE / "default-pack.md").read_text(encoding="utf-8")
    missing = [r for r in default_pack().rule_ids if f"## `{r}`" not in text]
    assert not missing


def test_every_error_code_raised_is_registered_and_documented() -> None:
    """Every PackError code in the source is in PACK_ERROR_CODES, and the docs list them all."""
    text = (DOCS / "pack-language.md").read_text(encoding="utf-8")
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in Path(outreach_rules.__file__).parent.rglob("*.py")
    )
    raised = set(re.findall(r"\bcode\s*=\s*\"([a-z][a-z-]*)\"", source))
    assert len(raised) > 20
    assert raised <= set(PACK_ERROR_CODES), sorted(raised - set(PACK_ERROR_CODES))
    assert not [c for c in PACK_ERROR_CODES if f"`{c}`" not in text]
    assert not [op for op in OPERATORS if f"`{op}`" not in text]


# --- links -------------------------------------------------------------------


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"^(```|~~~).*?^\1", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    anchors = set(re.findall(r'<a id="([^"]+)"', text))
    for heading in re.findall(r"^#{1,6} +(.+?) *$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.replace("`", "").lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def test_links_between_pages_resolve() -> None:
    """Every relative link in the docs points at a file that exists, and at a heading in it."""
    broken = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.M | re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}")
            elif anchor and file.suffix == ".md" and anchor not in _anchors(file):
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken


# --- the site ------------------------------------------------------------------


def _nav_pages(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _nav_pages(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _nav_pages(value)


def _site_config() -> dict[str, Any]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert isinstance(config, dict)
    return config


def test_site_navigation_names_existing_pages() -> None:
    """Every page in the mkdocs.yml navigation exists, once, and the site builds strictly."""
    config = _site_config()
    assert config["strict"] is True
    pages = list(_nav_pages(config["nav"]))
    assert len(pages) == len(set(pages))
    assert [p for p in pages if not (DOCS / p).is_file()] == []
    generated = {p.relative_to(DOCS).as_posix() for p in REFERENCE.glob("*.md")}
    assert generated <= set(pages), "every reference page is in the navigation"


def test_api_page_documents_exactly_the_public_api() -> None:
    """docs/reference/api.md renders each name of __all__ once (but __version__), nothing else."""
    text = (REFERENCE / "api.md").read_text(encoding="utf-8")
    rendered = re.findall(r"^::: outreach_rules\.(\w+)$", text, re.MULTILINE)
    assert sorted(rendered) == sorted(set(outreach_rules.__all__) - {"__version__"})


def test_nested_lists_are_indented_four_spaces() -> None:
    """No list item is indented one to three spaces: MkDocs would flatten it, GitHub would not."""
    shallow = []
    for page in PAGES:
        text = re.sub(r"^(```|~~~).*?^\1", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
        for line in text.splitlines():
            if re.match(r"^ {1,3}([-*+]|\d+\.) ", line):
                shallow.append(f"{page.relative_to(ROOT)}: {line.strip()}")
    assert shallow == []


# --- project files -------------------------------------------------------------


def test_changelog_keeps_a_changelog() -> None:
    """CHANGELOG.md has an Unreleased section, standard change types, and the current version."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "keepachangelog.com" in text
    releases = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert releases[0] == "[Unreleased]"
    kinds = set(re.findall(r"^### (.+)$", text, re.MULTILINE))
    assert kinds
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    assert outreach_rules.__version__ in text


def test_contributing_covers_the_common_changes() -> None:
    """CONTRIBUTING.md says how to run the tests, add a rule and an action, and regenerate."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    for needed in ("Run the checks", "Add or change a rule", "Add an action", "Regenerate"):
        assert any(h.startswith(needed) for h in headings), needed
    assert "make test" in text
    assert "docs/gen_reference.py" in text


def test_default_pack_reference_gives_every_rule_an_example() -> None:
    """Every rule's section in docs/reference/default-pack.md links an example it fires for."""
    text = (REFERENCE / "default-pack.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    for rule_id in default_pack().rule_ids:
        section = next(s for s in sections if s.startswith(f"`{rule_id}`"))
        assert re.search(r"\]\(\.\./\.\./examples/\w+\.yaml\)", section), rule_id


def test_decision_reference_lists_every_field() -> None:
    """docs/reference/decision.md has a row for every JSON key of the decision and its parts."""
    text = (REFERENCE / "decision.md").read_text(encoding="utf-8")
    for model in (Decision, Recommendation, Reason, BlockedAction, BlockReason):
        keys = model.model_json_schema(mode="serialization")["properties"]
        assert [k for k in keys if f"| `{k}` |" not in text] == [], model.__name__


def test_pack_language_lists_every_pack_key() -> None:
    """docs/pack-language.md has a row for every key of a pack, rule, then, block and action."""
    text = (DOCS / "pack-language.md").read_text(encoding="utf-8")
    for model in (PackFile, RuleDoc, ThenDoc, BlockDoc, ActionDoc):
        keys = [f.alias or name for name, f in model.model_fields.items()]
        assert [k for k in keys if f"| `{k}` |" not in text] == [], model.__name__


def _resolves(reference: str) -> bool:
    """Whether a dotted ``outreach_rules...`` name is a module, or a name in one."""
    parts = reference.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            if not hasattr(found, name):
                return False
            found = getattr(found, name)
        return True
    return False


def test_references_in_docstrings_name_what_exists() -> None:
    """Every :mod:/:class:/:func: reference to outreach_rules in the source names a real thing.

    Modules move (issue 12 moved them all into folders); a docstring that still
    names the old place sends a reader nowhere.
    """
    pattern = re.compile(r":(?:mod|class|func|meth|data|attr):`~?(outreach_rules(?:\.\w+)+)")
    stale = [
        f"{path.relative_to(ROOT)}: {found.group(1)}"
        for path in sorted((ROOT / "outreach_rules").rglob("*.py"))
        for found in pattern.finditer(path.read_text(encoding="utf-8"))
        if not _resolves(found.group(1))
    ]
    assert stale == []


def test_every_extra_named_shows_how_to_install_it_from_a_checkout() -> None:
    """`pip install 'outreach-rules[X]'` fails from a clone (not on PyPI): each page and
    message that names an extra that way also gives `-e '.[X]'` (issue 16, point 20)."""
    sources = list(PAGES)
    sources += [ROOT / "outreach_rules" / "explaining" / "ics.py"]
    sources += [ROOT / "outreach_rules" / "cli" / "commands.py"]
    missing = []
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for extra in sorted(set(re.findall(r"outreach-rules\[(\w+)\]", text))):
            if not re.search(rf"""-e ['"]\.\[{extra}\]['"]""", text) and extra != "EXTRA":
                missing.append(f"{source.name}: {extra}")
    assert missing == []


def test_the_readme_says_plan_ics_needs_the_calendar_extra() -> None:
    """The README keeps two set-up commands, and says `plan --ics` needs what they do not
    install (issue 16, point 20)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set up", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in setup.splitlines()] == [["make", "demo"], ["make", "test"]]
    ics_line = next(line for line in text.splitlines() if "--ics" in line)
    assert "calendar extra" in ics_line
    assert "pip install -e '.[calendar]'" in text
