"""Each article's own files, made as soon as its result is in: its page, its
annotations.jsonld and its search text.

The build hands over the per-article results in the articles' order while the
workers are still annotating the rest, so this main-process work overlaps theirs
instead of following it. Every file goes through the memo (`Memo.page`): a file
whose inputs did not change since the last build is kept, and an article whose
stored result still holds is read back only if one of its files must be made again.
Afterwards only the article's summary is kept: the pages made from many articles are
given summaries (`anchor.article.ArticleSummary`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from builder.anchor.annotate import AnnotatedArticle
from builder.anchor.article import ArticleResult, ArticleSummary
from builder.htmlscan import PageRefs
from builder.incremental.memo import Memo, Outcome
from builder.load.articles import Article
from builder.render.article_lists import SeriesNav, series_navs
from builder.render.layouts import Renderer
from builder.render.pages import TermCard
from builder.render.search import IndexedDoc, SearchEntry, article_doc, text_file
from builder.site import OutputFile, article_annotations, article_page

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ArticlePages:
    """Collects the articles' files; feed it every article's outcome, in order, with `add`."""

    renderer: Renderer
    articles: Sequence[Article]
    """Every article, in the site's order: each page links to its neighbours."""
    cards: Mapping[str, TermCard]
    """Entry id -> the definition an article page shows for it."""
    memo: Memo
    hold: Callable[[OutputFile], OutputFile]
    """Keeps a file made now until the site is written (`write.output.Stage.hold`)."""

    summaries: list[ArticleSummary] = field(default_factory=list)
    pages: list[OutputFile] = field(default_factory=list)
    """Article pages, in the articles' order."""
    collections: list[OutputFile] = field(default_factory=list)
    """The articles' annotations.jsonld and search text files, in the same order."""
    search: list[IndexedDoc] = field(default_factory=list)
    scans: dict[str, PageRefs] = field(default_factory=dict)
    """The ids and links of the article pages made now, for the link check."""
    chapters: Callable[[AnnotatedArticle], None] | None = None
    """Also given each annotated article, in order (the EPUB's chapters), when set."""
    failed: bool = False
    """An article had errors: the build will fail, so nothing more is made."""
    _shown_terms: dict[str, str] = field(default_factory=dict)
    """Entry id -> what an article page shows of the entry: its id and display term (its
    definition is in its card, `site_pages.render_term_cards`)."""
    _series: dict[str, SeriesNav] = field(default_factory=dict)
    """Article slug -> where it is in its series."""

    def __post_init__(self) -> None:
        self._shown_terms = {i: f"{i}\n{card.entry.term}" for i, card in self.cards.items()}
        self._series = series_navs(self.articles)

    def add(self, outcome: Outcome) -> None:
        """Take the next article's outcome: make its files, keep its summary."""
        problems = outcome.load_problems + outcome.anchor_problems
        summary = outcome.summary
        if summary is None or any(d.severity == "error" for d in problems):
            self.failed = True
        if self.failed or summary is None:
            return
        record = self.memo.remember(outcome)
        full = _full_result(outcome)
        article = summary.article
        index = len(self.summaries)
        self.summaries.append(summary)
        label = self.renderer.config.strings.text("search.kind.article")
        entry = SearchEntry(article_page(article.slug), article.title, label)
        self.search.append(IndexedDoc(entry, summary.words, _words(outcome)))
        for kind, path, make in (
            ("annotations", article_annotations(article.slug), self._annotations(full)),
            ("search text", entry.text_file, functools.partial(_search_text, entry, full, self)),
        ):
            made = self.memo.page(path, article.path, (kind, record), make)
            if made is not None:
                self.collections.append(self.hold(made))
        previous = self.articles[index - 1] if index else None
        following = self.articles[index + 1] if index + 1 < len(self.articles) else None
        terms = sorted(summary.by_term)
        series = self._series.get(article.slug)
        inputs = (
            record,
            *(f"{a.slug}\n{a.title}" if a else "" for a in (previous, following)),
            series.key() if series else "",
            *(self._shown_terms[t] for t in terms if t in self._shown_terms),
        )
        page = self.memo.page(
            article_page(article.slug),
            article.path,
            inputs,
            lambda: self.renderer.render_article(
                _annotated(full()), previous, following, self.cards, series
            ),
        )
        if self.chapters is not None:
            self.chapters(_annotated(full()))
        if page is not None:
            if not page.kept:
                self.scans[page.path] = self.memo.scan(page)  # now, while the workers are busy
            self.pages.append(self.hold(page))

    def _annotations(self, full: Callable[[], ArticleResult]) -> Callable[[], OutputFile]:
        return lambda: self.renderer.render_annotations(_annotated(full()))


def _full_result(outcome: Outcome) -> Callable[[], ArticleResult]:
    """The whole result: at hand, or read back (once) from the last build's record."""
    if isinstance(outcome, ArticleResult):
        return lambda: outcome
    return functools.cache(outcome.load)


def _words(outcome: Outcome) -> Callable[[], str]:
    """The article's search words (without holding on to the rest of its result)."""
    if isinstance(outcome, ArticleResult):
        words = outcome.search_words
        return lambda: words
    return outcome.words


def _annotated(result: ArticleResult) -> AnnotatedArticle:
    assert result.annotated is not None
    return result.annotated


def _search_text(
    entry: SearchEntry, full: Callable[[], ArticleResult], pages: ArticlePages
) -> OutputFile:
    """The article's search text file: from the text the per-article stage made, or,
    for a result read back from the cache, made again."""
    result = full()
    text = result.search_text
    if not text:
        text = article_doc(_annotated(result), pages.renderer.config).text
    return text_file(entry.doc(text))
