"""An article's files, made as soon as its result is in: its page, its annotations.jsonld,
its search text and the ids and links the link check needs.

The build hands over the per-article results in the articles' order while the
workers are still annotating the rest, so this main-process work overlaps theirs
instead of following it. A page is rendered once the next article's result is in
(it links to both neighbours). With a build cache, a file whose key did not change
is kept in the output folder instead of rendered. A build that writes a whole new
site writes new files into it at once (`output.Stage`); otherwise they are held
compressed until written. Once an article's pages are made, only a stand-in that
can read its record back is kept (`BuildCache.stand_in`).

It also makes the pages that show many articles (home, term pages), keyed by what
their render read of them, and answers the link check's and search index's
questions about the last build's files.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from builder.anchor.annotate import AnnotatedArticle
from builder.incremental.cache import BuildCache, PageKeys, digest
from builder.incremental.lazy_record import LazyAnnotated
from builder.load.config import SiteConfig
from builder.load.glossary import Glossary, GlossaryEntry
from builder.parallel import ArticleResult
from builder.render.jsonld import annotations_path
from builder.render.layouts import OutputFile, Renderer, TermCard, TermPage, article_path, term_path
from builder.render.search import SearchEntry, article_doc, read_shard, shard_file, text_file
from builder.render.site_check import PageRefs, scan_page
from builder.write.output import Stage

log = logging.getLogger(__name__)


def _full(item: AnnotatedArticle) -> ArticleResult:
    """`item` as the result a `LazyAnnotated` stand-in for it loads."""
    return ArticleResult(item, (), (), "")


@dataclass(slots=True)
class ArticleFiles:
    """Collects the articles' files; feed it with `add()` in order, then call `finish()`."""

    renderer: Renderer
    config: SiteConfig
    cards: Mapping[str, TermCard]
    """Entry id -> the definition an article page shows for it."""
    cache: BuildCache | None = None
    out_dir: Path | None = None
    """Where reusable files are read back from (with a cache)."""
    keys: PageKeys | None = None
    """With a cache: how pages are keyed."""
    sources: Mapping[str, str] = field(default_factory=dict)
    """With a cache: slug -> hash of the article file (`Plan.sources`)."""
    stage: Stage | None = None
    """Where a build that writes a whole new site puts files as they are made."""

    annotated: list[AnnotatedArticle] = field(default_factory=list)
    pages: list[OutputFile] = field(default_factory=list)
    """Article pages, in the articles' order."""
    collections: list[OutputFile] = field(default_factory=list)
    """The articles' annotations.jsonld and search text files, in the same order."""
    search: list[SearchEntry] = field(default_factory=list)
    slugs: dict[str, str] = field(default_factory=dict)
    """Article page path -> the article's slug."""
    words: dict[str, str] = field(default_factory=dict)
    """Article page path -> its words as counted by the per-article stage (packed:
    `search.pack_words`); '' for a reused result (see `BuildCache.article_words`)."""
    page_keys: dict[str, str] = field(default_factory=dict)
    """Output path -> its key (with a cache); the build adds the other pages' keys."""
    records: dict[str, str] = field(default_factory=dict)
    """Slug -> what `BuildCache.remember` returned ('' without a cache)."""
    reads_records: dict[str, bool] = field(default_factory=dict)
    """Page made from many articles -> whether its render read more than their summaries."""
    failed: bool = False
    """An article had errors: the build will fail, so nothing more is made."""
    _scans: dict[str, PageRefs] = field(default_factory=dict)
    _waiting: AnnotatedArticle | None = None
    """The last article added: its page waits for the next one."""
    _entry_keys: dict[str, str] = field(default_factory=dict)
    """Entry id -> `PageKeys.entry_key` of it, made once per build."""

    def __post_init__(self) -> None:
        if self.keys is not None:
            self._entry_keys = {i: self.keys.entry_key(c.entry) for i, c in self.cards.items()}

    def _entry_key(self, entry: GlossaryEntry) -> str:
        """`PageKeys.entry_key(entry)`, made once per build."""
        key = self._entry_keys.get(entry.id)
        if key is None:
            key = self._entry_keys[entry.id] = PageKeys.entry_key(entry)
        return key

    def add(self, result: ArticleResult, key: str) -> None:
        """Take the next article's result (`key`: its per-article key, with a cache)."""
        problems = result.load_problems + result.anchor_problems
        item = result.annotated
        if item is None or any(d.severity == "error" for d in problems):
            self.failed = True
        if self.failed or item is None:
            return
        slug = item.article.slug
        record = self.records[slug] = self.cache.remember(slug, key, result) if self.cache else ""
        self.annotated.append(item)
        entry = SearchEntry(article_path(item), item.article.title, "Article")
        self.search.append(entry)
        self.slugs[entry.path] = slug
        self.words[entry.path] = result.search_words
        jsonld = partial(self.renderer.render_annotations, item)
        for kind, path, make in (
            ("annotations", annotations_path(item), jsonld),
            ("search text", entry.text_file, partial(self._search_text, entry, item, result)),
        ):
            file_key = self.keys.of(kind, record) if self.keys else ""
            made = self.reuse_or_render(path, item.article.path, file_key, make)
            if made is not None:
                self.collections.append(self._hold(made))
        if self._waiting is not None:
            self._render_page(self._waiting, item)
            self._release(len(self.annotated) - 3)  # the previous page's `previous`
        self._waiting = item

    def finish(self) -> None:
        """Render the last article's page."""
        if self._waiting is not None and not self.failed:
            self._render_page(self._waiting, None)
            self._release(len(self.annotated) - 2)
            self._release(len(self.annotated) - 1)
        self._waiting = None

    def _hold(self, file: OutputFile) -> OutputFile:
        """Keep a file made now until the site is written: in the new site's folder when
        the build makes a whole new one (`stage`), else compressed."""
        return self.stage.hold(file) if self.stage else file.held_compressed()

    def _release(self, index: int) -> None:
        """Hold an article whose pages are made only as a stand-in that reads its record
        back if asked for more than its summary: the full results were most of what a
        build held (without a cache, there is no record to read back)."""
        if index >= 0 and self.cache is not None:
            self.annotated[index] = self.cache.stand_in(self.annotated[index])

    def home(self, glossary: Glossary) -> OutputFile | None:
        """The home page, kept when what it shows of the articles is unchanged."""
        entries = [self._entry_key(e) for e in glossary.entries.values()]
        slugs = [item.article.slug for item in self.annotated]
        return self._made_from_articles(
            "index.html",
            "home.html",
            self.annotated,
            lambda shown: self.keys.of("index.html", digest(*entries, *shown)) if self.keys else "",
            lambda views: self.renderer.render_home([views[s] for s in slugs], glossary),
        )

    def term_page(
        self, page: TermPage, initials: str, letters: Mapping[str, list[TermPage]]
    ) -> OutputFile | None:
        """A glossary term's page, kept when its entry and what it shows of the articles
        that use it are unchanged."""
        entries = [self._entry_key(e) for e in (page.entry, *page.see_also)]
        return self._made_from_articles(
            term_path(page),
            page.entry.path,
            [item for item, _ in page.uses],
            lambda shown: self.keys.term(entries, initials, shown) if self.keys else "",
            lambda views: self.renderer.render_term(
                replace(page, uses=tuple((views[i.article.slug], f) for i, f in page.uses)),
                letters,
            ),
        )

    def _made_from_articles(
        self,
        path: str,
        source: str,
        items: Sequence[AnnotatedArticle],
        key: Callable[[list[str]], str],
        render: Callable[[Mapping[str, AnnotatedArticle]], OutputFile | None],
    ) -> OutputFile | None:
        """A page that shows a little of many articles (`items`).

        Keyed by their full records, it would be made again after every edit of any of
        them. So `render` is given stand-ins (slug -> `LazyAnnotated`) that load the full
        record only when more than the summary is read. When none did, the page is keyed
        (`key`, from one string per article) by the article files and what the summaries
        show, which a note's text, say, does not change; a layout that reads more is
        noticed, and its page keyed by the records.
        """
        if self.cache is None or self.keys is None:
            return render({item.article.slug: item for item in items})
        slugs = [item.article.slug for item in items]
        summaries = {slug: self.cache.summary(slug) for slug in slugs}

        def key_for(by_records: bool) -> str:
            shown = self.records if by_records else {s: summaries[s].shown for s in slugs}
            return key([str(by_records), *(self.sources[s] + shown[s] for s in slugs)])

        last = self.cache.reads_records.get(path)
        if last is not None:
            last_key = key_for(last)
            kept = self.cache.reuse_page(path, last_key, self.out_dir, source)
            if kept is not None:
                self.page_keys[path], self.reads_records[path] = last_key, last
                return kept
        views = {
            item.article.slug: LazyAnnotated(
                item.article, summaries[item.article.slug], partial(_full, item)
            )
            for item in items
        }
        page = render(views)
        read = any(view.loaded for view in views.values())
        self.page_keys[path], self.reads_records[path] = key_for(read), read
        return page

    def scan(self, page: OutputFile) -> PageRefs:
        """Return a page's ids and links (site_check), scanning each page once."""
        refs = self._scans.get(page.path)
        if refs is None:
            if self.cache is None:
                scanned = scan_page(page)
            else:
                self._key_by_content(page)
                scanned = self.cache.scan(self.page_keys, page)
            refs = self._scans[page.path] = scanned
        return refs

    def _key_by_content(self, page: OutputFile) -> None:
        """Give a page made anew every build (404, search) a key: its content's hash."""
        if page.path not in self.page_keys:
            self.page_keys[page.path] = f"={page.hash}"

    def link_check_scope(self, files: list[OutputFile]) -> set[str] | None:
        """The pages the link check needs to look at: None for all (see `BuildCache`)."""
        if self.cache is None:
            return None
        pages = {f.path: f for f in files if f.path.endswith(".html")}
        for page in pages.values():
            self._key_by_content(page)
        scan = lambda path: self.scan(pages[path])  # noqa: E731
        return self.cache.link_check_scope([f.path for f in files], self.page_keys, scan)

    def _search_text(
        self, entry: SearchEntry, item: AnnotatedArticle, result: ArticleResult
    ) -> OutputFile:
        """The article's search text file: from the text the per-article stage made, or,
        for a result reused from the cache, made again."""
        text = result.search_text
        return text_file(entry.doc(text) if text else article_doc(item, self.config))

    def _render_page(self, item: AnnotatedArticle, following: AnnotatedArticle | None) -> None:
        index = len(self.annotated) - (2 if following else 1)  # `following` is already added
        previous = self.annotated[index - 1] if index else None
        key = ""
        if self.keys:
            terms = sorted({use.term for use in item.term_uses})
            key = self.keys.article(
                self.records[previous.article.slug] if previous else "",
                self.records[item.article.slug],
                self.records[following.article.slug] if following else "",
                [self._entry_keys[t] for t in terms if t in self._entry_keys],
            )
        page = self.reuse_or_render(
            article_path(item),
            item.article.path,
            key,
            partial(self.renderer.render_article, item, previous, following, self.cards),
        )
        if page is not None:
            if not page.kept:
                self.scan(page)  # now, while the workers are busy
            self.pages.append(self._hold(page))

    def keep(
        self, path: str, source: str, inputs: str, make: Callable[[], OutputFile]
    ) -> OutputFile | None:
        """`reuse_or_render` for a file keyed by `inputs`, everything it is made from (a
        `layouts.Keep`)."""
        key = self.keys.of(path, digest(inputs)) if self.keys else ""
        return self.reuse_or_render(path, source, key, make)

    def stored_shard(self, prefix: str) -> dict[int, str] | None:
        """The last build's search shard of `prefix`, read back from the output folder
        (None when it is not there as the last build left it)."""
        if self.cache is None:
            return None
        path = shard_file(prefix)
        kept = self.cache.reuse_page(path, self.cache.pages.get(path, ""), self.out_dir, "")
        if kept is None:
            return None
        try:
            return read_shard(kept.content)
        except (OSError, ValueError, TypeError) as exc:
            log.info("%s: not read back (%s)", path, exc)
            return None

    def reuse_or_render(
        self, path: str, source: str, key: str, make: Callable[[], OutputFile | None]
    ) -> OutputFile | None:
        """Keep the file the last build wrote when its key did not change; make it otherwise."""
        if self.cache is None:
            return make()
        self.page_keys[path] = key
        return self.cache.reuse_page(path, key, self.out_dir, source) or make()
