"""The pages made from the whole site: home, archive, tags, series, glossary term pages.

Each shows a little of many articles: it is given the articles' summaries and keyed by
what it shows of them (`ArticleSummary.shown` for the home and term pages, `.listed` for
the lists of articles), so an edit that changes nothing a page shows (a note's text, or
for a tag's page, another tag) keeps it. The glossary index, search and 404 pages are
made anew each build: they are cheap.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from functools import partial

from builder.anchor.article import ArticleSummary
from builder.incremental.keys import entry_key
from builder.incremental.memo import Memo
from builder.load.glossary import Glossary
from builder.render.article_lists import ArticleLists, ListCounts, newest_first
from builder.render.layouts import Renderer
from builder.render.pages import TermCard, TermPage, glossary_letters
from builder.site import (
    ARCHIVE_PAGE,
    ARTICLES_DIR,
    SERIES_PAGE,
    TAGS_PAGE,
    OutputFile,
    series_page,
    tag_page,
    term_card,
    term_page,
)

log = logging.getLogger(__name__)


def render_home(
    renderer: Renderer,
    glossary: Glossary,
    articles: Sequence[ArticleSummary],
    counts: ListCounts,
    memo: Memo,
) -> OutputFile | None:
    """The home page: the newest articles (`site.home_latest`), with their counts, and
    links to the archive, tags and series; kept while what it shows is the same."""
    latest = newest_first(articles)[: renderer.config.home_latest]
    inputs = [
        str(len(glossary.entries)),
        renderer.epub_file,
        repr(counts),
        *(a.shown for a in latest),
    ]
    return memo.page(
        "index.html",
        "home.html",
        inputs,
        lambda: renderer.render_home(latest, glossary, counts),
    )


def render_lists(renderer: Renderer, lists: ArticleLists, memo: Memo) -> list[OutputFile | None]:
    """The archive, the tags' and the series' pages: each kept while the names and the
    `listed` hashes of the articles it shows are the same."""
    years = lists.years
    made = [
        memo.page(
            ARCHIVE_PAGE,
            ARTICLES_DIR,
            [item.listed for year in years for item in year.articles],
            lambda: renderer.render_archive(years, lists.counts.articles),
        )
    ]
    if lists.tags:
        index = [f"{t.slug}\n{t.name}\n{len(t.articles)}" for t in lists.tags]
        made.append(
            memo.page(TAGS_PAGE, ARTICLES_DIR, index, lambda: renderer.render_tags(lists.tags))
        )
    for tag in lists.tags:
        inputs = [tag.name, *(item.listed for item in tag.articles)]
        made.append(
            memo.page(tag_page(tag.slug), ARTICLES_DIR, inputs, partial(renderer.render_tag, tag))
        )
    if lists.series:
        index = [f"{s.slug}\n{s.name}\n{len(s.articles)}" for s in lists.series]
        made.append(
            memo.page(
                SERIES_PAGE, ARTICLES_DIR, index, lambda: renderer.render_series_index(lists.series)
            )
        )
    for series in lists.series:
        inputs = [series.name, *(item.listed for item in series.articles)]
        made.append(
            memo.page(
                series_page(series.slug),
                ARTICLES_DIR,
                inputs,
                partial(renderer.render_series, series),
            )
        )
    return made


def render_term_cards(
    renderer: Renderer, cards: Mapping[str, TermCard], memo: Memo
) -> list[OutputFile | None]:
    """Each glossary entry's popover card (what an article's term link shows when opened):
    kept while the entry is the same. Article pages load them when a reader opens a term,
    so a definition's edit remakes its card and its own pages, not the articles."""
    return [
        memo.page(
            term_card(card.entry.id),
            card.entry.path,
            [entry_key(card.entry)],
            partial(renderer.render_term_card, card),
        )
        for card in cards.values()
    ]


def render_terms(renderer: Renderer, pages: list[TermPage], memo: Memo) -> list[OutputFile | None]:
    """Each glossary term's page: kept while its entry, those it links and what it shows
    of the articles that use it are the same."""
    letters = glossary_letters(pages, renderer.config.strings.text("glossary.alphabet"))
    initials = "".join(sorted({page.entry.term[:1].upper() for page in pages}))
    files = []
    for page in pages:
        inputs = [
            entry_key(page.entry),
            *(f"{other.id}\n{other.term}" for other in page.see_also),  # what it shows of them
            initials,
            *(uses.key() for uses in page.uses),
        ]
        path = term_page(page.entry.id)
        render = lambda page=page: renderer.render_term(page, letters)  # noqa: E731
        files.append(memo.page(path, page.entry.path, inputs, render))
    return files
