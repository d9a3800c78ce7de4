"""Finding things in the glossary: A-Z jump links and related terms both ways."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from builder.pipeline import build_site
from tests.support.sites import MakeSite

ARTICLE = "---\ntitle: A\n---\nApples, bananas, zebras and Émile.\n"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_az_bar_shows_every_letter_and_links_only_those_with_terms(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site(
        {
            "content/articles/a.md": ARTICLE,
            "content/glossary/zebra.yaml": "term: Zebras\ndefinition: Striped.\n",
            "content/glossary/apple.yaml": "term: Apples\ndefinition: Fruit.\nsee_also: [zebra]\n",
            "content/glossary/banana.yaml": "term: bananas\ndefinition: Yellow.\n",
            "content/glossary/emile.yaml": "term: Émile\ndefinition: A name.\n",
        }
    )
    out = tmp_path / "out"
    build_site(site, out)
    index = soup(out / "glossary/index.html")
    bar = index.select_one("nav.az")
    assert bar is not None
    shown = [el.get_text() for el in bar.find_all(["a", "span"])]
    # Émile is filed under E, its accent folded as search folds it.
    assert shown == [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    assert [a.get_text() for a in bar.find_all("a")] == ["A", "B", "E", "Z"]
    for link in bar.find_all("a"):
        assert index.find(id=link["href"][1:]) is not None
    sections = [h.get_text() for h in index.select("[role=doc-glossary] h2")]
    assert sections == ["A", "B", "E", "Z"]
    # Related terms go both ways: apple names zebra, so zebra's page lists apple.
    zebra = soup(out / "glossary/zebra/index.html")
    assert [a.get_text() for a in zebra.select("h2 + ul a")][:1] == ["Apples"]
    apple = soup(out / "glossary/apple/index.html")
    assert "Zebras" in [a.get_text() for a in apple.select("h2 + ul a")]
