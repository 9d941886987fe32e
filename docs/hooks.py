"""MkDocs hooks for the documentation site (named in mkdocs.yml).

The pages link to a few files of the repository outside docs/, such as
``[martha_day8.yaml](../examples/martha_day8.yaml)``: right on GitHub, but
outside the site. These hooks copy each such file into the site under
``repository/`` and point the link there, so the link works in both places.
A link to a file that does not exist is left alone, and the strict build
reports it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

PREFIX = "repository"
_LINK = re.compile(r"(\]\()(\.\./[^)\s#]+)((?:#[^)\s]*)?\))")


def _outside(config: MkDocsConfig, src_uri: str, target: str) -> Path | None:
    """The repository file a page's relative link names, if it lies outside docs/ and exists."""
    docs = Path(config.docs_dir).resolve()
    path = (docs / posixpath.dirname(src_uri) / target).resolve()
    root = docs.parent
    if path.is_relative_to(docs) or not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add every repository file that a page links to from outside docs/."""
    root = Path(config.docs_dir).resolve().parent
    for page in [f for f in files if f.is_documentation_page()]:
        for match in _LINK.finditer(Path(page.abs_src_path or "").read_text(encoding="utf-8")):
            path = _outside(config, page.src_uri, match.group(2))
            if path is None:
                continue
            uri = f"{PREFIX}/{path.relative_to(root).as_posix()}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, **_: Any) -> str:
    """Point links to repository files outside docs/ at their copies in the site."""
    root = Path(config.docs_dir).resolve().parent

    def relink(match: re.Match[str]) -> str:
        path = _outside(config, page.file.src_uri, match.group(2))
        if path is None:
            return match.group(0)
        uri = f"{PREFIX}/{path.relative_to(root).as_posix()}"
        here = posixpath.dirname(page.file.src_uri) or "."
        return match.group(1) + posixpath.relpath(uri, here) + match.group(3)

    return _LINK.sub(relink, markdown)


_ROLE = re.compile(r":(?:class|func|meth|attr|mod|data|exc):(?=<code>)")


def on_page_content(html: str, **_: Any) -> str:
    """Drop the reStructuredText roles (``:class:``) that some docstrings put before code."""
    return _ROLE.sub("", html)
