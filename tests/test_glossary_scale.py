"""The glossary at scale: 500 terms and 5,000 articles. Term pages quote a bounded number of
passages per article and the glossary index lists no articles, so their size follows the
number of articles using a term (or of terms), not the number of uses; a generated site
built end to end shows the same on real pages."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.anchor.annotate import TermUse
from builder.anchor.article import ArticleSummary
from builder.diagnostics import Diagnostics
from builder.load.articles import ArticleInfo
from builder.load.config import load_config
from builder.load.glossary import load_glossary
from builder.pipeline import build_site
from builder.render import article_lists
from builder.render.article_lists import gather
from builder.render.layouts import Renderer
from builder.render.pages import (
    PASSAGES_PER_ARTICLE,
    TermPage,
    TermUses,
    glossary_letters,
    term_cards,
    term_pages,
)
from tests.support.sites import MakeSite, write_site

TERMS = 500
ARTICLES = 5_000


def summaries(count: int, terms: int, uses_each: int, seed: int = 3) -> list[ArticleSummary]:
    """`count` articles, each using 8 of the terms `uses_each` times."""
    rng = random.Random(seed)
    made = []
    for n in range(count):
        slug = f"a{n:05d}"
        uses = tuple(
            TermUse(f"term-{t:03d}", slug, f"t{t}-{i}", "Before the ", f"Term {t}", " and after.")
            for t in sorted(rng.sample(range(terms), 8))
            for i in range(uses_each)
        )
        info = ArticleInfo(
            slug, "", f"Article {n}", "", f"20{n % 20:02d}-01-01", None, "", None, 3,
            (f"Tag {n % 40}",),
        )  # fmt: skip
        made.append(ArticleSummary(info, uses, "", (("term", len(uses)),), 0, (), "", "", ""))
    return made


@pytest.fixture(scope="module")
def glossary_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {
        f"content/glossary/term-{t:03d}.yaml": f"term: Term {t}\ndefinition: Meaning {t}.\n"
        for t in range(TERMS)
    }
    return write_site(tmp_path_factory.mktemp("scale") / "site", files, layouts=False)  # type: ignore[arg-type]


def render_term(glossary_site: Path, uses_each: int, count: int = ARTICLES) -> tuple[int, int]:
    """Build the term pages for `count` articles; return the largest term page's size and the
    glossary index's."""
    diags = Diagnostics()
    config = load_config(glossary_site, diags)
    glossary = load_glossary(glossary_site, diags)
    assert config is not None and not diags.errors
    cards = term_cards(glossary, diags)
    pages = term_pages(glossary, summaries(count, TERMS, uses_each), cards)
    renderer = Renderer(config, diags)
    busiest: TermPage = max(pages, key=lambda p: len(p.uses))
    assert all(len(uses.shown) <= PASSAGES_PER_ARTICLE for page in pages for uses in page.uses)
    term = renderer.render_term(busiest, glossary_letters(pages))
    index = renderer.render_glossary_index(glossary, pages)
    assert term is not None and index is not None
    per_article = len(busiest.uses)
    return len(term.content) // per_article, len(index.content)


def test_term_pages_and_index_stay_bounded_at_500_terms_and_5000_articles(
    glossary_site: Path,
) -> None:
    few_per_article, index_few = render_term(glossary_site, uses_each=PASSAGES_PER_ARTICLE + 1)
    many_per_article, index_many = render_term(glossary_site, uses_each=9)
    # Twice the uses: each article's part of the term page is the same but for "and N more".
    assert many_per_article <= few_per_article + 2
    assert many_per_article < 1_200  # bytes per article using the term
    assert index_many == index_few  # the index shows counts of articles, not uses
    _, index_small_site = render_term(glossary_site, uses_each=9, count=500)
    assert index_many < index_small_site + 500 * 4  # the counts' digits, no list of articles


def test_what_a_term_page_shows_of_an_article_is_made_once_per_summary(
    glossary_site: Path,
) -> None:
    """A rebuild that keeps the summaries (the dev server's) takes each article's part of
    the term pages, and its key, as made; a summary made anew gets its own."""
    diags = Diagnostics()
    glossary = load_glossary(glossary_site, diags)
    cards = term_cards(glossary, diags)
    kept = summaries(50, TERMS, PASSAGES_PER_ARTICLE + 2)
    first = term_pages(glossary, kept, cards)
    keys = [uses.key() for page in first for uses in page.uses]
    again = term_pages(glossary, kept, cards)
    before = [uses for page in first for uses in page.uses]
    assert all(a is b for a, b in zip(before, [u for p in again for u in p.uses], strict=True))
    fresh = term_pages(glossary, summaries(50, TERMS, PASSAGES_PER_ARTICLE + 2), cards)
    made = [uses for page in fresh for uses in page.uses]
    assert not any(a is b for a, b in zip(made, before, strict=True))
    assert [uses.key() for uses in made] == keys  # the same text, the same key
    one = made[0]
    unmemoized = TermUses(one.item, one.shown, one.more, one.next_id)
    assert unmemoized.key() == one.key() and one.more == 2 and one.next_id


def test_lists_of_5000_articles_are_gathered_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    items = summaries(ARTICLES, TERMS, 1)
    calls: list[str] = []
    real = article_lists.taxonomy_slug
    monkeypatch.setattr(article_lists, "taxonomy_slug", lambda n: calls.append(n) or real(n))
    lists = gather(items)
    assert len(calls) == ARTICLES  # one tag each: each article is seen once, not once per tag
    assert sum(len(t.articles) for t in lists.tags) == ARTICLES
    assert len(lists.tags) == 40 and len(lists.years) == 20
    assert [y.year for y in lists.years] == sorted({y.year for y in lists.years}, reverse=True)


def test_a_generated_site_term_page_is_bounded_by_the_cap(tmp_path: Path) -> None:
    """Articles using one term many times: the built term page quotes the cap per article."""
    articles = 12
    mentions = 10
    files = {"content/glossary/inflation.yaml": "term: Inflation\ndefinition: Prices rise.\n"}
    for n in range(articles):
        paragraphs = [f"Paragraph {i}: inflation again, said speaker {n}." for i in range(mentions)]
        files[f"content/articles/a{n:02d}.md"] = f"# Article {n}\n\n" + "\n\n".join(paragraphs)
    site = write_site(
        tmp_path / "site", files, "title: Scale\nglossary: {auto_link: all}\n", layouts=False
    )
    build_site(site, tmp_path / "out")
    page = (tmp_path / "out/glossary/inflation/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    groups = soup.select("ul.uses")
    assert len(groups) == articles
    assert all(len(g.select("li")) == PASSAGES_PER_ARTICLE for g in groups)
    more = [p.get_text() for p in soup.select(".more-uses")]
    assert more == [f"and {mentions - PASSAGES_PER_ARTICLE} more passages in this article"] * 12
    assert len(re.findall("<mark>", page)) == articles * PASSAGES_PER_ARTICLE


def test_a_term_layout_written_for_article_and_passages_pairs_still_works(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """A site's own glossary_term.html from before the cap: pairs of article and passages."""
    old = (
        '{% extends "base.html" %}{% block main %}<h1>{{ entry.term }}</h1>'
        "{% for item, uses in page.uses %}<h2>{{ item.article.title }}</h2>"
        "{% for use in uses %}<p>{{ use.text }}</p>{% endfor %}{% endfor %}{% endblock %}\n"
    )
    text = "# Prices\n\n" + "\n\n".join(f"Inflation, part {i}." for i in range(5))
    site = make_site(
        {
            "content/articles/prices.md": text,
            "content/glossary/inflation.yaml": "term: Inflation\ndefinition: Prices rise.\n",
            "layouts/glossary_term.html": old,
        },
        "title: T\nglossary: {auto_link: all}\n",
    )
    build_site(site, tmp_path / "out")
    page = (tmp_path / "out/glossary/inflation/index.html").read_text(encoding="utf-8")
    assert "<h2>Prices</h2>" in page
    assert page.count("<p>Inflation</p>") == PASSAGES_PER_ARTICLE
