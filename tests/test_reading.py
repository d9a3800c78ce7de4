"""Reading aids in the built HTML: sidenotes, typography, contents, back-links, home, glossary."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.anchor.typography import smarten as typographic
from builder.pipeline import BuildResult, build_site
from builder.render.layouts import CARD_CALLBACK, backlink_letter, reading_minutes, text_fragment
from builder.render.scripts import read_script
from tests.support.contract import soup_of, text_without_inserted
from tests.support.sites import SLUG, MakeSite


@pytest.fixture(scope="module")
def article(bundled: tuple[Path, BuildResult]) -> BeautifulSoup:
    return soup_of(bundled[0] / "articles" / SLUG / "index.html")


def build(make_site: MakeSite, tmp_path: Path, files: dict[str, str]) -> Path:
    out = tmp_path / "out"
    build_site(make_site(files), out)
    return out


# ---- Markup for the three layers -----------------------------------------------------------


def test_every_footnote_and_fact_has_a_hidden_sidenote_after_its_marker(
    article: BeautifulSoup,
) -> None:
    markers = article.select("sup.footnote-ref, sup.fact-badge")
    assert len(markers) >= 40
    for sup in markers:
        note = sup.find_next_sibling()
        assert note is not None and "sidenote" in note["class"], sup
        assert note["data-for"] == sup["data-for"]
        assert note.has_attr("hidden")  # without CSS the endnote is the only copy
        assert note.select_one(".sidenote-label a")["href"] == f"#note-{sup['data-for']}"
        assert all(a.get("tabindex") == "-1" for a in note.find_all("a"))


def test_sidenotes_hold_only_phrasing_content(make_site: MakeSite, tmp_path: Path) -> None:
    out = build(
        make_site,
        tmp_path,
        {
            "content/articles/a.md": "One two three.\n",
            "content/articles/a.annotations.yaml": """\
            annotations:
              - id: n
                kind: footnote
                quote: two
                note: |
                  First *para*.

                  - item [link](https://example.org/)
                  - item two

                  > quoted
            """,
        },
    )
    page = soup_of(out / "articles/a/index.html")
    note = page.select_one(".sidenote")
    assert note is not None and note.find_parent("p") is not None
    assert not note.find_all(["p", "ul", "ol", "li", "blockquote", "div"])
    assert [s["class"] for s in note.select(".sidenote-body > span")] == [
        ["sn-p"],
        ["sn-ul"],
        ["sn-blockquote"],
    ]
    assert " ".join(note.get_text().split()) == "1 First para. item link item two quoted"
    assert note.find("a", href="https://example.org/")["tabindex"] == "-1"
    # The endnote keeps the real blocks.
    assert page.select_one("#note-n .note-body ul li a") is not None


def test_dpub_aria_roles(article: BeautifulSoup, bundled: tuple[Path, BuildResult]) -> None:
    for ref in article.select("[role=doc-noteref]"):
        assert ref.name == "a" and ref.parent.name == "sup"
    assert not article.select("sup[role]")
    endnotes = article.select_one("[role=doc-endnotes]")
    assert endnotes is not None and endnotes.name == "section"
    heading = endnotes.find(id=endnotes["aria-labelledby"])
    assert heading is not None and heading.name == "h2"
    assert not article.select("[role=doc-endnote]")
    for li in endnotes.select("li.note"):
        assert not li.has_attr("role")
    for back in article.select("[role=doc-backlink]"):
        assert back.get_text(strip=True) not in {"", "↩", "↑"}
    assert article.select("a.annotation-term[role=doc-glossref]")
    out, _ = bundled
    assert soup_of(out / "glossary/index.html").select_one("[role=doc-glossary]") is not None


def test_a_term_used_three_times_has_back_links_a_b_c(article: BeautifulSoup) -> None:
    entry = article.select_one("#ed-term-six-party-talks")
    assert entry is not None
    backs = entry.select("[role=doc-backlink]")
    assert [b.get_text(strip=True)[-1] for b in backs] == ["a", "b", "c"]
    assert all("use" in b.get_text() for b in backs)  # named for screen readers, not just "a"
    for back in backs:
        target = article.find(id=back["href"][1:])
        assert target is not None and target["data-kind"] == "term"
    single = article.select_one(f"#note-{'korean-crisis-2013'} [role=doc-backlink]")
    assert single is not None and single.get_text(" ", strip=True).startswith("Back to the text")


def test_backlink_letters() -> None:
    assert [backlink_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "a",
        "b",
        "z",
        "aa",
        "ab",
        "zz",
        "aaa",
    ]


def test_popover_cards_define_every_term_and_context_link(
    article: BeautifulSoup, bundled: tuple[Path, BuildResult]
) -> None:
    """Context cards are in the page's <template>; each term's card is a file of its own,
    glossary/<id>/card.js, holding its title and its definition as the term page has it."""
    cards = article.select_one("template#ed-cards")
    assert cards is not None
    keys = {div["data-card"] for div in cards.find_all("div", attrs={"data-card": True})}
    contexts = {
        el["data-annotation"] for el in article.select("[data-kind=context][data-annotation]")
    }
    assert keys == contexts
    assert all(div["data-title"] for div in cards.find_all("div", attrs={"data-card": True}))
    out, _ = bundled
    terms = {a["href"].split("/")[-2] for a in article.select("a.annotation-term")}
    assert len(terms) >= 15
    for term in terms:
        path = f"glossary/{term}/card.js"
        named, card = read_script(CARD_CALLBACK, (out / path).read_bytes())
        page = soup_of(out / f"glossary/{term}/index.html")
        definition = page.select_one(".definition")
        assert named == path and definition is not None
        assert card["title"] == page.select_one("h1").get_text()  # type: ignore[union-attr]
        shown = BeautifulSoup(card["html"], "html.parser")
        assert shown.select_one(".definition").decode_contents() == definition.decode_contents()  # type: ignore[union-attr]
        link = shown.select_one(".card-link a")
        assert link is not None and link["href"] == f"../../glossary/{term}/index.html"


# ---- Typography ----------------------------------------------------------------------------


def test_typographic_quotes_and_dashes_and_straight_quotes_still_anchor(
    make_site: MakeSite, tmp_path: Path
) -> None:
    out = build(
        make_site,
        tmp_path,
        {
            "content/articles/a.md": (
                'He said "all options" -- twice --- and Kerry\'s aide waited...\n'
            ),
            "content/articles/a.annotations.yaml": """\
            annotations:
              - id: q
                kind: footnote
                quote: "\\"all options\\" -- twice"
                note: A "note" -- with quotes.
              - id: r
                kind: footnote
                quote: "Kerry’s aide waited…"
                note: Curly quote in the sidecar.
            """,
        },
    )
    page = soup_of(out / "articles/a/index.html")
    body = page.select_one("[data-article-body]")
    assert body is not None
    assert text_without_inserted(body).strip() == (
        "He said \u201call options\u201d \u2013 twice \u2014 and Kerry\u2019s aide waited\u2026"
    )
    assert page.select_one("#ann-q").get_text() == "\u201call options\u201d \u2013 twice"
    assert "\u201cnote\u201d \u2013 with" in page.select_one("#note-q").get_text()


# ---- Article page aids ---------------------------------------------------------------------

HEADINGS_ARTICLE = """\
---
title: Sections
source: {name: Example News, url: "https://news.example/2013/story.html"}
---
Intro with a claim about the talks-in-waiting, which is long enough to need start and end words.

## Main

First section.

## Notes and ed-notes

Second section.

### Why now?

Third.
"""


def test_table_of_contents_and_heading_ids(make_site: MakeSite, tmp_path: Path) -> None:
    out = build(make_site, tmp_path, {"content/articles/a.md": HEADINGS_ARTICLE})
    page = soup_of(out / "articles/a/index.html")
    toc = page.select("nav.toc li a")
    assert [(a.get_text(), a["href"]) for a in toc] == [
        ("Main", "#main-2"),
        ("Notes and ed-notes", "#notes-and-ed-notes"),
        ("Why now?", "#why-now"),
    ]
    assert page.select_one("nav.toc .toc-level-3 a")["href"] == "#why-now"
    ids = [el["id"] for el in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    # No table of contents for an article without headings.
    out2 = build(make_site, tmp_path / "two", {"content/articles/b.md": "Just text.\n"})
    assert soup_of(out2 / "articles/b/index.html").select_one("nav.toc") is None


def test_fact_notes_link_to_their_passage_in_the_original(
    make_site: MakeSite, tmp_path: Path
) -> None:
    out = build(
        make_site,
        tmp_path,
        {
            "content/articles/a.md": HEADINGS_ARTICLE,
            "content/articles/a.annotations.yaml": """\
            annotations:
              - id: f
                kind: fact
                quote: >-
                  a claim about the talks-in-waiting, which is long enough
                  to need start and end words
                verdict: accurate
                note: Checked.
                sources: [{title: Report, url: "https://report.example/"}]
            """,
        },
    )
    link = soup_of(out / "articles/a/index.html").select_one("#note-f .original-passage a")
    assert link is not None
    assert link["href"] == (
        "https://news.example/2013/story.html"
        "#:~:text=a%20claim%20about%20the,start%20and%20end%20words"
    )


def test_text_fragment() -> None:
    assert text_fragment('"dealing with every contingency"', "https://x.example/a.html") == (
        "https://x.example/a.html#:~:text=dealing%20with%20every%20contingency"
    )
    assert text_fragment("B-52, & more", "https://x.example/a?x=1#top") == (
        "https://x.example/a?x=1#:~:text=B%2D52%2C%20%26%20more"
    )
    # A site's home page cannot hold the passage.
    assert text_fragment("anything", "https://www.wsws.org/") == ""
    assert text_fragment("anything", "") == ""


def test_typographic_titles_and_summaries() -> None:
    assert typographic("the \"threat\" -- Kerry's ('90s) 'visit'...") == (
        "the \u201cthreat\u201d \u2013 Kerry\u2019s (\u201990s) \u2018visit\u2019\u2026"
    )


def test_reading_minutes() -> None:
    assert reading_minutes("") == 1
    assert reading_minutes("word " * 230) == 1
    assert reading_minutes("word " * 231) == 2


def test_home_shows_summary_reading_time_and_counts(bundled: tuple[Path, BuildResult]) -> None:
    out, _ = bundled
    home = soup_of(out / "index.html")
    item = home.select_one(".article-list li")
    assert item is not None
    assert item.select_one(".summary").get_text(strip=True).startswith("After John Kerry")
    counts = item.select_one(".counts").get_text(" ", strip=True)
    assert counts.startswith("5 min read")
    for text in ["17 notes", "26 fact checks", "13 context links", "19 terms"]:
        assert text in counts, counts
    assert "the North Korean \u201cthreat\u201d" in item.select_one(".summary").get_text()


def test_home_counts_one_of_a_kind_in_the_singular(make_site: MakeSite, tmp_path: Path) -> None:
    files = {
        "content/articles/a.md": "---\ntitle: A\n---\nThe harbour wall held.\n",
        "content/articles/a.annotations.yaml": (
            "annotations:\n"
            "  - id: wall\n"
            "    kind: footnote\n"
            '    quote: "harbour wall"\n'
            "    note: Built in 1890.\n"
        ),
        "content/glossary/harbour.yaml": "term: harbour\ndefinition: A sheltered port.\n",
    }
    home = soup_of(build(make_site, tmp_path, files) / "index.html")
    counts = home.select_one(".article-list .counts").get_text(" ", strip=True)
    assert "1 note" in counts and "1 notes" not in counts, counts
    assert "1 term" in counts and "1 terms" not in counts, counts
    assert home.select_one(".glossary-link").get_text(" ", strip=True).endswith("1 term explained.")


def test_article_header_and_previous_next(make_site: MakeSite, tmp_path: Path) -> None:
    files = {
        f"content/articles/{slug}.md": f"---\ntitle: {slug.upper()}\norder: {n}\n---\nText.\n"
        for n, slug in enumerate(["one", "two", "three"], 1)
    }
    out = build(make_site, tmp_path, files)
    middle = soup_of(out / "articles/two/index.html")
    assert middle.select_one("a[rel=prev]")["href"] == "../one/index.html"
    assert middle.select_one("a[rel=next]")["href"] == "../three/index.html"
    assert middle.select_one(".reading-time").get_text(strip=True) == "1 min read"
    first = soup_of(out / "articles/one/index.html")
    assert first.select_one("a[rel=prev]") is None


def test_glossary_has_a_to_z_navigation(bundled: tuple[Path, BuildResult]) -> None:
    out, _ = bundled
    for page in [out / "glossary/index.html", out / "glossary/six-party-talks/index.html"]:
        bar = soup_of(page).select_one("nav.az")
        assert bar is not None
        letters = [li.get_text(strip=True) for li in bar.select("li")]
        assert letters[:3] == ["A", "B", "C"] and "Z" in letters
        linked = {a.get_text() for a in bar.select("a")}
        assert {"S", "Y", "K"} <= linked and "Q" not in linked
        assert bar.select_one("span.az-empty") is not None


def test_not_found_page_exists(bundled: tuple[Path, BuildResult]) -> None:
    out, _ = bundled
    page = soup_of(out / "404.html")
    assert page.h1.get_text() == "Page not found"
    # Links are absolute (from base_url): the host serves this page at any depth.
    assert page.find("a", href="https://example.org/edition/index.html") is not None
