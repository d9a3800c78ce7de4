"""Each article's own files: its page, its annotations.jsonld and its search text.

`ArticleFiles` makes them from an annotated result. A forked worker does so right after
annotating the article (`premade`), and sends the files, the page's scan and, for the
build cache, the article's record instead of the annotated tree. `ArticlePages` takes the
results in the articles' order while the workers go on, and passes every file through the
memo (`Memo.page`): a file whose inputs did not change since the last build is kept; a
file the worker did not make (the result was read back from the cache, or made in this
process, or its page failed to render there) is made here, from the tree, which is read
back from its record only then. Afterwards only the article's summary is kept: the pages
made from many articles are given summaries (`anchor.article.ArticleSummary`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from builder.anchor.annotate import AnnotatedArticle
from builder.anchor.article import ArticleResult, ArticleSummary
from builder.htmlscan import PageRefs
from builder.incremental.memo import Memo, Outcome, Reused
from builder.incremental.records import result_from_record
from builder.load.articles import Article, ArticleInfo
from builder.render.article_lists import SeriesNav, series_navs
from builder.render.layouts import Renderer
from builder.render.pages import TermCard
from builder.render.search import IndexedDoc, SearchEntry, article_doc, text_file
from builder.render.site_check import scan_page
from builder.site import OutputFile, article_annotations, article_page

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ArticleFiles:
    """Makes an article's page, annotations.jsonld and search text from its annotated
    result: in the main process, or in the worker that annotated it (`premade`), where
    the main process then only writes them. The same code either way, so the same bytes."""

    renderer: Renderer
    articles: Sequence[Article]
    """Every article, in the site's order: each page links to its neighbours."""
    cards: Mapping[str, TermCard]
    """Entry id -> the definition an article page shows for it."""
    _index: dict[str, int] = field(default_factory=dict)
    _series: dict[str, SeriesNav] = field(default_factory=dict)
    """Article slug -> where it is in its series."""
    _shown_terms: dict[str, str] = field(default_factory=dict)
    """Entry id -> what an article page shows of the entry: its id and display term (its
    definition is in its card, `site_pages.render_term_cards`)."""
    _label: str = ""
    """What the search index calls an article."""

    def __post_init__(self) -> None:
        self._index = {a.slug: i for i, a in enumerate(self.articles)}
        self._series = series_navs(self.articles)
        self._shown_terms = {i: f"{i}\n{card.entry.term}" for i, card in self.cards.items()}
        self._label = self.renderer.config.strings.text("search.kind.article")

    def article(self, result: ArticleResult) -> Article:
        assert result.summary is not None
        return self.articles[self._index[result.summary.article.slug]]

    def _neighbours(self, slug: str) -> tuple[Article | None, Article | None]:
        index = self._index[slug]
        previous = self.articles[index - 1] if index else None
        following = self.articles[index + 1] if index + 1 < len(self.articles) else None
        return previous, following

    def page_inputs(self, summary: ArticleSummary, record: str) -> tuple[str, ...]:
        """What the article's page shows besides its own result (`record`): its
        neighbours' titles, its place in a series, the terms it shows."""
        series = self._series.get(summary.article.slug)
        return (
            record,
            *(f"{a.slug}\n{a.title}" if a else "" for a in self._neighbours(summary.article.slug)),
            series.key() if series else "",
            *(self._shown_terms[t] for t in sorted(summary.by_term) if t in self._shown_terms),
        )

    def page(self, item: AnnotatedArticle) -> OutputFile | None:
        """The article's page (None after a template error, reported)."""
        slug = item.article.slug
        previous, following = self._neighbours(slug)
        return self.renderer.render_article(
            item, previous, following, self.cards, self._series.get(slug)
        )

    def annotations(self, item: AnnotatedArticle) -> OutputFile:
        return self.renderer.render_annotations(item)

    def search_entry(self, article: Article | ArticleInfo) -> SearchEntry:
        """What the search index says of the article's page."""
        return SearchEntry(article_page(article.slug), article.title, self._label)

    def search_text(self, result: ArticleResult) -> OutputFile:
        """The article's search text file: from the text the per-article stage made, or,
        for a result read back from a record, made again."""
        assert result.annotated is not None
        text = result.search_text or article_doc(result.annotated, self.renderer.config).text
        return text_file(self.search_entry(result.annotated.article).doc(text))

    def premade(self, result: ArticleResult) -> ArticleResult:
        """The result with its page (scanned), annotations.jsonld and search text made,
        their hashes taken: a worker's share of the main process's work. A page that
        fails to render is left out; the main process renders it again and reports the
        error."""
        if result.annotated is None:
            return result
        made = [_hashed(self.annotations(result.annotated)), _hashed(self.search_text(result))]
        page = self.page(result.annotated)
        if page is None:
            return replace(result, made=tuple(made), search_text="")
        page = _hashed(page)
        return replace(result, made=(page, *made), scan=scan_page(page), search_text="")


def _hashed(file: OutputFile) -> OutputFile:
    assert isinstance(file.data, bytes)
    return replace(file, sha256=hashlib.sha256(file.data).hexdigest())


@dataclass(slots=True)
class ArticlePages:
    """Collects the articles' files; feed it every article's outcome, in order, with `add`."""

    files: ArticleFiles
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

    def add(self, outcome: Outcome) -> None:
        """Take the next article's outcome: make its files, keep its summary."""
        problems = outcome.load_problems + outcome.anchor_problems
        summary = outcome.summary
        if summary is None or any(d.severity == "error" for d in problems):
            self.failed = True
        if self.failed or summary is None:
            return
        record = self.memo.remember(outcome)
        full = _full_result(outcome, self.files)
        made, scan = ((), None) if isinstance(outcome, Reused) else (outcome.made, outcome.scan)
        article = summary.article
        self.summaries.append(summary)
        entry = self.files.search_entry(article)
        self.search.append(IndexedDoc(entry, summary.words, _words(outcome)))
        annotations = article_annotations(article.slug)
        for kind, path, make in (
            ("annotations", annotations, lambda: self.files.annotations(_annotated(full()))),
            ("search text", entry.text_file, lambda: self.files.search_text(full())),
        ):
            file = self.memo.page(path, article.path, (kind, record), _ready(made, path, make))
            if file is not None:
                self.collections.append(self.hold(file))
        path = article_page(article.slug)
        page = self.memo.page(
            path,
            article.path,
            self.files.page_inputs(summary, record),
            _ready(made, path, lambda: self.files.page(_annotated(full()))),
        )
        if self.chapters is not None:
            self.chapters(_annotated(full()))
        if page is not None:
            if not page.kept:  # now, while the workers are busy
                self.scans[page.path] = self.memo.scan(page, scan)
            self.pages.append(self.hold(page))


def _ready(
    made: Sequence[OutputFile], path: str, make: Callable[[], OutputFile | None]
) -> Callable[[], OutputFile | None]:
    """`make`, or the file at `path` when the worker already made it."""
    for file in made:
        if file.path == path:
            return lambda: file
    return make


def _full_result(outcome: Outcome, files: ArticleFiles) -> Callable[[], ArticleResult]:
    """The whole result: at hand, or read back (once) from its record, the one the last
    build made or the one the worker made instead of sending the result whole."""
    if isinstance(outcome, Reused):
        return _once(outcome.load)
    if outcome.annotated is None and outcome.record:
        data, article = outcome.record, files.article(outcome)
        return _once(lambda: result_from_record(data, article))
    return lambda: outcome


def _once(make: Callable[[], ArticleResult]) -> Callable[[], ArticleResult]:
    """`make`, run at most once: set up for every article of every build, and most are
    never asked for, so lighter than `functools.cache` (a wrapper with its attributes)."""
    made: list[ArticleResult] = []

    def get() -> ArticleResult:
        if not made:
            made.append(make())
        return made[0]

    return get


def _words(outcome: Outcome) -> Callable[[], str]:
    """The article's search words (without holding on to the rest of its result)."""
    if isinstance(outcome, ArticleResult):
        words = outcome.search_words
        return lambda: words
    return outcome.words


def _annotated(result: ArticleResult) -> AnnotatedArticle:
    assert result.annotated is not None
    return result.annotated
