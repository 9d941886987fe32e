"""Loading packs by name, path or text: shipped ones compiled once, any pickled as its recipe."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.paths import ROOT

from outreach_rules import Pack, PackError, load_pack, load_pack_text
from outreach_rules.packs.loading import default_pack
from outreach_rules.packs.reading import shipped_packs


def test_shipped_packs_and_default_by_name() -> None:
    """The default pack is shipped, loads by name, and is compiled once."""
    assert "default" in shipped_packs()
    assert load_pack("default") is default_pack()
    assert isinstance(default_pack(), Pack)


@pytest.mark.parametrize("how", ["shipped", "shipped-limits", "path", "text"])
def test_a_pack_pickles_as_its_recipe_and_decides_the_same(how: str, tmp_path: Path) -> None:
    """A pack pickles as the recipe that loaded it, and comes back deciding the same."""
    import pickle
    from datetime import date

    from outreach_rules import Limits, decide, load_application

    root = ROOT
    text = (root / "rulesets" / "default.yaml").read_text()
    if how == "shipped":
        pack = load_pack("default")
    elif how == "shipped-limits":
        pack = load_pack("default", limits=Limits(max_rules=500))
    elif how == "path":
        (tmp_path / "mine.yaml").write_text(text)
        pack = load_pack(tmp_path / "mine.yaml")
    else:
        pack = load_pack_text(text, filename="mine.yaml")
    again = pickle.loads(pickle.dumps(pack))
    assert (again is pack) == (how == "shipped")  # the default pack is compiled once
    assert (again.name, again.digest, again.rule_ids) == (pack.name, pack.digest, pack.rule_ids)
    assert again.rules[0].file == pack.rules[0].file
    app = load_application(root / "examples" / "martha_day8.yaml")
    day = date(2026, 11, 26)
    assert decide(again, app, day) == decide(pack, app, day)


def test_a_pack_loads_from_a_path_given_as_text_or_as_a_path(tmp_path: Path) -> None:
    """load_pack takes a str or a Path to one file and makes equal packs from them."""
    path = tmp_path / "p.yaml"
    path.write_text("name: p\nextends: default\n", encoding="utf-8")
    by_path, by_text = load_pack(path), load_pack(str(path))
    assert by_path is not by_text
    assert (by_path.name, by_path.digest) == (by_text.name, by_text.digest)
    assert by_path.rule_ids == default_pack().rule_ids


def test_a_name_that_is_neither_shipped_nor_a_file_is_not_found() -> None:
    """A name no shipped pack has, and no file has, is not-found naming it."""
    with pytest.raises(PackError) as caught:
        load_pack("defualt")
    assert (caught.value.code, caught.value.file) == ("not-found", "defualt")


def test_shipped_packs_say_where_they_came_from() -> None:
    """A shipped pack's rules come from <shipped>/NAME.yaml, wherever the package is installed."""
    pack = default_pack()
    assert pack.files == ("<shipped>/default.yaml",)
    assert {rule.file for rule in pack.rules} == {"<shipped>/default.yaml"}
    assert load_pack_text("name: t\nextends: default\n").files == ("<shipped>/default.yaml",)
