"""`stats`: annotations by kind, auto-links, glossary use and drift (builder/commands/stats.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from builder.anchor.article import ArticleSummary, summarize
from builder.commands.stats import ArticleStats, SiteStats, format_stats, site_stats
from builder.diagnostics import Diagnostics
from builder.load.annotations import ContextLink, FactNote, Link, QuoteSelector, TermRef
from builder.load.config import SiteConfig
from builder.load.glossary import Glossary, GlossaryEntry, build_glossary
from tests.support.annotate import LOC, fn, run

TERMS = (
    GlossaryEntry("inflation", "Inflation", "A general rise in prices.", "g/inflation.yaml"),
    GlossaryEntry("central-bank", "central bank", "It sets rates.", "g/central-bank.yaml"),
    GlossaryEntry("deflation", "Deflation", "A general fall in prices.", "g/deflation.yaml"),
    GlossaryEntry("imf", "IMF", "The International Monetary Fund.", "g/imf.yaml"),
)
AUTO_ALL = SiteConfig(Path("."), "T", auto_link="all")
AUTO_FIRST = SiteConfig(Path("."), "T", auto_link="first")


def glossary() -> Glossary:
    """The glossary of TERMS, in the loader's order (by display term)."""
    ordered = sorted(TERMS, key=lambda t: (t.term.casefold(), t.id))
    return build_glossary({t.id: t for t in ordered}, Diagnostics())


def article(slug: str, markdown: str, *annotations: object, config: SiteConfig) -> ArticleSummary:
    """An article's summary, as the build gives stats."""
    annotated, _ = run(markdown, *annotations, config=config, terms=TERMS)
    return summarize(replace(annotated, article=replace(annotated.article, slug=slug)), "")


def three_articles() -> tuple[ArticleSummary, ...]:
    rates = article(
        "rates",
        "The central bank raised rates. Inflation fell, and inflation may fall again.\n\n"
        "Again the central bank acted.",
        fn("n1", "raised rates"),
        FactNote(
            "f", QuoteSelector("fell"), "Yes.", "accurate", (Link("S", "https://s.example/"),), LOC
        ),
        TermRef("t", QuoteSelector("Inflation"), "inflation", LOC),
        config=AUTO_ALL,
    )
    drifted = article(
        "drift",
        "Nothing here but a drfted phrase of text.",
        fn("x", "a drifted phrase of text"),
        config=AUTO_ALL,
    )
    linked = article(
        "a-much-longer-slug",
        "IMF and the central bank, and the central bank again.",
        ContextLink("c", QuoteSelector("IMF"), "https://imf.example/", LOC),
        config=AUTO_FIRST,
    )
    return rates, drifted, linked


def test_written_notes_are_counted_by_kind_and_auto_links_apart() -> None:
    stats = site_stats(three_articles(), glossary())
    assert stats == SiteStats(
        articles=(
            # One footnote, one fact and one term written; three terms linked automatically
            # (auto_link: all; the Inflation the sidecar links is not linked again).
            ArticleStats(
                "rates",
                {"footnote": 1, "context": 0, "fact": 1, "term": 1},
                auto_links=3,
                terms_used=2,
                drifted=0,
            ),
            ArticleStats(
                "drift",
                {"footnote": 1, "context": 0, "fact": 0, "term": 0},
                auto_links=0,
                terms_used=0,
                drifted=1,
            ),
            # auto_link: first links the central bank once; IMF is inside a context link.
            ArticleStats(
                "a-much-longer-slug",
                {"footnote": 0, "context": 1, "fact": 0, "term": 0},
                auto_links=1,
                terms_used=1,
                drifted=0,
            ),
        ),
        glossary_terms=4,
        unused_terms=("deflation", "imf"),  # in the glossary's order (by display term)
    )


def test_format_stats_is_a_plain_text_table() -> None:
    assert format_stats(site_stats(three_articles(), glossary())) == (
        "article             footnote  context  fact  term  auto-links  terms  drifted"
        "  author-notes\n"
        "rates               1         0        1     1     3           2/4    0        0\n"
        "drift               1         0        0     0     0           0/4    1        0\n"
        "a-much-longer-slug  0         1        0     0     1           1/4    0        0\n"
        "unused glossary terms: deflation, imf"
    )


def test_no_articles_leaves_every_term_unused() -> None:
    stats = site_stats((), glossary())
    assert stats == SiteStats((), 4, ("central-bank", "deflation", "imf", "inflation"))
    assert format_stats(stats) == (
        "article  footnote  context  fact  term  auto-links  terms  drifted  author-notes\n"
        "unused glossary terms: central-bank, deflation, imf, inflation"
    )


def test_the_authors_own_footnotes_are_counted_apart() -> None:
    """`[^1]` notes are the article's text, not annotations: never in `by_kind`."""
    essay = article(
        "essay",
        "Rates rose.[^1] Prices too.[^2] Rates again.[^1]\n\n[^1]: One.\n[^2]: Two.\n",
        fn("n", "Prices too"),
        config=AUTO_ALL,
    )
    stats = site_stats((essay,), glossary())
    assert stats.articles[0].by_kind == {"footnote": 1, "context": 0, "fact": 0, "term": 0}
    assert stats.articles[0].author_notes == 2
    assert format_stats(stats).splitlines()[1].split() == [
        *("essay", "1", "0", "0", "0", "0", "0/4", "0", "2")
    ]


def test_no_unused_terms_says_none() -> None:
    empty = build_glossary({}, Diagnostics())
    rates = article("rates", "Rates rose.", fn("n", "rose"), config=AUTO_ALL)
    assert format_stats(site_stats((rates,), empty)) == (
        "article  footnote  context  fact  term  auto-links  terms  drifted  author-notes\n"
        "rates    1         0        0     0     0           0/0    0        0\n"
        "unused glossary terms: none"
    )
