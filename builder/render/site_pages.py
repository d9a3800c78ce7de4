"""The pages made from the whole site: home, glossary index and term pages, search, 404.

The home page and each term page show a little of many articles: they are given the
articles' summaries and keyed by what those show (`ArticleSummary.shown`), so an edit
that changes no summary (a note's text, say) keeps them. The other pages are made
anew each build: they are cheap.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from functools import partial

from builder.anchor.article import ArticleSummary
from builder.incremental.keys import entry_key
from builder.incremental.memo import Memo
from builder.load.glossary import Glossary
from builder.render.layouts import Renderer
from builder.render.pages import TermCard, TermPage, glossary_letters
from builder.site import OutputFile, term_card, term_page

log = logging.getLogger(__name__)


def render_home(
    renderer: Renderer, glossary: Glossary, articles: Sequence[ArticleSummary], memo: Memo
) -> OutputFile | None:
    """The home page: every article, with its counts; kept while no summary changed."""
    inputs = [str(len(glossary.entries)), renderer.epub_file, *(a.shown for a in articles)]
    return memo.page(
        "index.html", "home.html", inputs, lambda: renderer.render_home(articles, glossary)
    )


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
            *(item.shown for item, _ in page.uses),
        ]
        path = term_page(page.entry.id)
        render = lambda page=page: renderer.render_term(page, letters)  # noqa: E731
        files.append(memo.page(path, page.entry.path, inputs, render))
    return files
