"""Tags, series, the archive and the home's latest articles, on a realistic site built end
to end (tests/support/taxonomy_site.py): what each page lists, in which order, where it
links, the feeds and the sitemap, and that the output is reproducible."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as etree
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.diagnostics import Diagnostics
from builder.load.articles import Series, load_article
from builder.load.config import load_config
from builder.pipeline import build_site
from builder.site import taxonomy_slug
from tests.support import taxonomy_site as tx
from tests.support.sites import FIXTURES, REPO, MakeSite, write_site
from tests.support.snapshots import tree

BASE = "https://example.org/tx/"
ATOM = "{http://www.w3.org/2005/Atom}"
NEWEST_FIRST = [
    "elections",
    "rates-fall",
    "ports",
    "rates-hold",
    "trade-deal",
    "souk",
    "rates-rise",
    "notes-undated",
]
"""The fixture's articles by date, newest first, the undated last."""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The taxonomy site, built."""
    root = tmp_path_factory.mktemp("taxonomy")
    site = write_site(root / "site", tx.FILES, tx.SITE_YAML, layouts=False)
    build_site(site, root / "out")
    return root / "out"


def soup(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text(encoding="utf-8"), "html.parser")


def listed_slugs(page: BeautifulSoup) -> list[str]:
    """The articles a list of articles links to, in order."""
    return [a["href"].split("/")[-2] for a in page.select(".article-list h2 a, .article-list h3 a")]


# ---- slugs and front matter -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Économie", "économie"),
        ("ÉCONOMIE", "économie"),
        ("E\u0301conomie", "économie"),  # decomposed: the same page as composed
        ("الاقتصاد", "الاقتصاد"),
        ("Trade & Tariffs", "trade-tariffs"),
        ("  Central   banks ", "central-banks"),
        ("ﬁnance", "finance"),  # a ligature, by compatibility
        ("Straße", "strasse"),
        ("日本 経済", "日本-経済"),
        ("%%", ""),
    ],
)
def test_taxonomy_slugs_keep_every_script_and_fold_case(name: str, slug: str) -> None:
    assert taxonomy_slug(name) == slug


def test_front_matter_tags_and_series_are_read(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/articles/a.md": (
                "---\ntags: [' Central  banks', E\u0301conomie]\n"
                "series: {name: The Rate Cycle, part: 2}\n---\nText.\n"
            )
        }
    )
    diags = Diagnostics()
    article = load_article(site, "content/articles/a.md", diags)
    assert diags.items == []
    assert article is not None
    assert article.tags == ("Central banks", "Économie")  # trimmed, composed
    assert article.series == Series("The Rate Cycle", 2)
    assert dict(article.locations)["tags.1"].column == 27
    assert article.info(1).tags == article.tags and article.info(1).series == article.series


def test_home_latest_is_read_from_site_yaml(make_site: MakeSite) -> None:
    for text, latest in [("title: T\nhome: {latest: 3}\n", 3), ("title: T\n", 20)]:
        config = load_config(make_site({}, text), Diagnostics())
        assert config is not None and config.home_latest == latest


# ---- the pages ----------------------------------------------------------------------------


def test_home_lists_the_latest_articles_and_links_to_the_other_lists(out: Path) -> None:
    home = soup(out, "index.html")
    shown = [a["href"].split("/")[1] for a in home.select(".article-list h3 a")]
    assert shown == NEWEST_FIRST[:5]  # home: {latest: 5}
    assert home.select_one(".section-label").get_text() == "Latest articles"
    links = {a["href"] for a in home.select("nav.browse a")}
    assert links == {"archive/index.html", "tags/index.html", "series/index.html"}


def test_the_archive_lists_every_article_once_by_year(out: Path) -> None:
    page = soup(out, "archive/index.html")
    assert [h.get_text() for h in page.select("section > h2")] == [
        "2026",
        "2025",
        "2024",
        "Undated",
    ]
    assert listed_slugs(page) == NEWEST_FIRST
    assert [s["aria-labelledby"] for s in page.select("section")] == [
        "year-2026",
        "year-2025",
        "year-2024",
        "year-undated",
    ]


def test_the_tags_page_lists_each_tag_with_its_count(out: Path) -> None:
    page = soup(out, "tags/index.html")
    found = {li.a.get_text(): li.select_one(".count").get_text() for li in page.select("li")}
    assert found == {name: f"{n} article" + ("s" if n > 1 else "") for name, n in tx.TAGS.items()}
    for li in page.select("li"):
        assert (out / "tags" / li.a["href"]).is_file()
    # Alphabetical without regard to accents; each name isolated from the text around it.
    names = [bdi.get_text() for bdi in page.select("li a bdi")]
    assert names == ["Central banks", "Économie", "Politics", "Trade", "الاقتصاد"]


@pytest.mark.parametrize(
    ("tag", "slugs"),
    [
        ("Économie", ["rates-fall", "rates-hold", "trade-deal", "rates-rise"]),
        ("الاقتصاد", ["rates-fall", "souk"]),
        ("Trade", ["ports", "trade-deal", "souk"]),
    ],
)
def test_a_tag_page_lists_its_articles_newest_first_with_its_feed(
    out: Path, tag: str, slugs: list[str]
) -> None:
    folder = f"tags/{taxonomy_slug(tag)}"
    page = soup(out, f"{folder}/index.html")
    assert page.h1.get_text() == tag
    assert listed_slugs(page) == slugs
    feed_link = page.select_one('head link[rel=alternate][href="feed.xml"]')
    assert feed_link is not None and feed_link["type"] == "application/atom+xml"
    feed = etree.fromstring((out / folder / "feed.xml").read_bytes())
    entries = [e.find(f"{ATOM}id").text for e in feed.iter(f"{ATOM}entry")]  # type: ignore[union-attr]
    assert entries == [f"{BASE}articles/{slug}/" for slug in slugs]
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href", "").endswith("/feed.xml")
    assert self_link.get("href", "").isascii()  # percent-encoded


def test_an_article_links_its_tags(out: Path) -> None:
    page = soup(out, "articles/rates-fall/index.html")
    tags = {a.get_text(): a["href"] for a in page.select(".tags a[rel=tag]")}
    assert tags == {
        "Économie": "../../tags/économie/index.html",
        "الاقتصاد": "../../tags/الاقتصاد/index.html",
    }


def test_a_series_page_lists_its_parts_in_order(out: Path) -> None:
    assert [a.get_text() for a in soup(out, "series/index.html").select("li a")] == [
        "The Rate Cycle"
    ]
    page = soup(out, "series/the-rate-cycle/index.html")
    assert page.select_one("ol.article-list") is not None
    assert listed_slugs(page) == tx.SERIES_ORDER


@pytest.mark.parametrize("position", [0, 1, 2])
def test_an_article_in_a_series_links_its_neighbours_in_it(out: Path, position: int) -> None:
    slug = tx.SERIES_ORDER[position]
    page = soup(out, f"articles/{slug}/index.html")
    assert page.select_one(".series-part").get_text(" ", strip=True) == (
        f"Part {position + 1} of 3 in the series The Rate Cycle"
    )
    nav = page.select_one("nav.series-nav")
    hrefs = [a["href"] for a in nav.select("a")]
    expected = [
        f"../{tx.SERIES_ORDER[i]}/index.html" for i in (position - 1, position + 1) if 0 <= i < 3
    ]
    assert hrefs == expected
    assert soup(out, "articles/ports/index.html").select_one("nav.series-nav") is None


def test_a_term_page_caps_the_passages_of_each_article(out: Path) -> None:
    page = soup(out, "glossary/inflation/index.html")
    ports = next(h for h in page.select("h3") if h.a["href"].endswith("/ports/index.html"))
    passages = ports.find_next_sibling("ul").select("li")
    assert len(passages) == 3
    more = ports.find_next_sibling("p", class_="more-uses")
    assert more.get_text() == f"and {tx.INFLATION_IN_PORTS - 3} more passages in this article"
    target = more.a["href"].split("#")[1]
    assert soup(out, "articles/ports/index.html").find(id=target) is not None
    index = soup(out, "glossary/index.html")
    assert [dd.get_text() for dd in index.select("dd.used-count")] == [
        "Used in 5 articles",  # Inflation
        "Used in 3 articles",  # Interest rate
        "Used in 1 article",  # Tariff
    ]


def test_the_sitemap_has_every_new_page_and_is_valid(out: Path) -> None:
    from lxml import etree as lxml_etree

    data = (out / "sitemap.xml").read_bytes()
    schema = lxml_etree.XMLSchema(lxml_etree.parse(str(FIXTURES / "sitemap.xsd")))
    assert schema.validate(lxml_etree.fromstring(data)), schema.error_log
    locs = {el.text for el in etree.fromstring(data).iter() if el.tag.endswith("loc")}
    for path in ["archive/", "tags/", "series/", "series/the-rate-cycle/", "tags/trade/"]:
        assert BASE + path in locs
    assert f"{BASE}tags/%C3%A9conomie/" in locs
    pages = [p for p in out.rglob("*.html") if p.name == "index.html"]
    assert len(locs) == len(pages) - 1  # all but the search page (404.html is no index.html)


def test_builds_in_two_hash_seeds_are_byte_identical(tmp_path: Path) -> None:
    trees = []
    for seed in ("1", "2"):
        site = write_site(tmp_path / seed, tx.FILES, tx.SITE_YAML, layouts=False)
        done = subprocess.run(
            [sys.executable, "-m", "builder", "build", "--site", str(site), "-q"],
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        trees.append(tree(site / "public"))
    assert trees[0] == trees[1]
