"""The build cache: the memo that remembers what the last build made.

An incremental build annotates again only the articles whose inputs changed (the
article, its sidecar, the code and settings, or a glossary entry that can touch it:
`plan.py`), makes again only the files whose inputs changed (`page`), and the write
stage rewrites only the files whose bytes changed. The cache lives in
`<site>/.cache/build/` (`store.py`); deleting it is always safe, the next build is then
a full one. What each part keeps: records of the articles' results (`records.py`),
the pages' keys and the output folders' state, page scans for the link check
(`scans.py`), the source files as read (`sources.py`), values made from a key alone
(definitions, front matters and glossary entries parsed, search words), what the last
link check passed (`checked_links.py`), and the search index's state.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from builder.anchor.article import ArticleResult, with_article
from builder.diagnostics import BuildFailed, Diagnostics
from builder.htmlscan import PageRefs
from builder.incremental.checked_links import CheckedLinks
from builder.incremental.keys import PageKeys, SiteKey, article_settings, digest
from builder.incremental.memo import Loader, Memo, Outcome, OutputState, Plan, Reused
from builder.incremental.plan import Names, changed_terms, glossary_names, has_names, uses_terms
from builder.incremental.records import (
    CachedArticle,
    damaged_record,
    read_result,
    read_summary,
    read_words,
    record_name,
    record_of,
    store_record,
    without_tree,
)
from builder.incremental.scans import Scans
from builder.incremental.sources import SourceFiles
from builder.incremental.store import (
    make_folders,
    read_index,
    signing_key,
    template_cache_dir,
    write_index,
)
from builder.load.articles import Article
from builder.load.inputs import Inputs
from builder.render.search import Postings, read_shard, shard_file
from builder.render.site_check import scan_page
from builder.site import CACHE_DIR, OutputFile, article_page
from builder.write.output import real_out_dir
from builder.write.update import folder_matches

log = logging.getLogger(__name__)

T = TypeVar("T")
V = TypeVar("V")


@dataclass(slots=True)
class BuildCache(Memo):
    """What the last successful build made; see the module docstring.

    Keep one across builds in a long-running process (the dev server): it then also
    skips reading files that did not change, and reading the cache files.
    """

    folder: Path | None
    """Where it is saved; None keeps it in memory only (`check`)."""
    output: Path | None = None
    """The output folder whose files can be kept (`check`: public/, only read)."""
    output_private: bool = False
    """Only this process writes `output` (the dev server's preview folder): it is not
    walked at each build's start to see that it is as the last build left it."""
    hearing: bool = False
    """This process hears of every change to the sources (the dev server's watcher), and
    says which (`heard`): a source file read before is taken as it was, unlooked at."""
    records: Path | None = None
    """Where the stored results are (None: none were read or written yet)."""
    articles: dict[str, CachedArticle] = field(default_factory=dict)
    names: Names = field(default_factory=dict)
    """What the cached articles were linked against (`plan.glossary_names`)."""
    pages: dict[str, str] = field(default_factory=dict)
    """Output path -> hash of everything the page was made from."""
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Kind -> key -> a value made from that key alone (`value`)."""
    outputs_state: dict[str, OutputState] = field(default_factory=dict)
    """Output folder (and its spare) -> what the last build left in it."""
    scans: Scans = field(default_factory=Scans)
    links: CheckedLinks = field(default_factory=CheckedLinks)
    """What the last link check passed: the site's files, those its pages link to."""
    search: Postings = field(default_factory=Postings)
    """The search index as last made: in memory, or from the last build's state."""
    search_state: dict[str, Any] = field(default_factory=dict)
    sources: SourceFiles = field(default_factory=SourceFiles)
    """The source files as last read, while unchanged; the sidecars' hashes (saved)."""
    # This build's, until commit():
    _site: SiteKey | None = None
    _names: Names = field(default_factory=dict)
    _keys: dict[str, str] = field(default_factory=dict)
    _remembered: dict[str, CachedArticle] = field(default_factory=dict)
    _page_keys: dict[str, str] = field(default_factory=dict)
    _key_memo: PageKeys = field(default_factory=PageKeys)
    _kept_files: dict[str, OutputFile] = field(default_factory=dict)
    """Path -> a file kept from the output folder (`_out_folder`): the same object while
    it is kept."""
    _values_used: set[tuple[str, str]] = field(default_factory=set)
    _sources: dict[str, tuple[Article, str]] = field(default_factory=dict)
    _out_folder: str | None = None
    _last_paths: dict[str, str] | None = None

    @classmethod
    def open(
        cls, site_dir: Path, output: Path | None = None, read_only: bool = False
    ) -> BuildCache:
        """Load the site's cache; start empty if it is missing, stale, damaged or unsigned.

        `output` is the folder whose files a build may keep. A `read_only` cache is used
        but never written (`check`).
        """
        folder = site_dir / CACHE_DIR
        cache = cls(None if read_only else folder, output)
        try:
            index = read_index(folder)
            if index is None:
                return cache
            records = folder / "records"
            for slug, (key, record, size, head) in index["articles"].items():
                stored = read_summary(records, record, size, (head[0], head[1]))
                cache.articles[slug] = CachedArticle(key, record, size, (head[0], head[1]), stored)
            cache.records = records
            cache.names = index["names"]
            cache.pages = index["pages"]
            cache.values = index["values"]
            cache.outputs_state = index["outputs"]
            cache.scans = Scans.from_index(index["scans"], index["scan_buckets"], folder / "scans")
            cache.links = CheckedLinks(index["link_checked"], index["linked"])
            cache.search_state = index["search"]
            cache.sources.sidecars = index["sidecars"]
            if cache.search_state:
                cache.search = Postings.from_state(cache.search_state)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("%s: unreadable build cache, building everything (%s)", folder, exc)
            return cls(cache.folder, output)
        return cache

    def _storage(self) -> Path | None:
        """The cache's folder, when there is one and this machine can sign what it holds."""
        return self.folder if signing_key() is not None else None

    def save(self) -> None:
        """Write the cache (records first, then the signed index that names them)."""
        folder = self._storage()
        if folder is None:
            return
        records = make_folders(folder)
        self.scans.save(folder / "scans")
        index = {
            "articles": {s: [a.key, a.record, a.size, a.head] for s, a in self.articles.items()},
            "names": self.names,
            "pages": self.pages,
            "values": self.values,
            "outputs": self.outputs_state,
            **self.scans.index(),
            "link_checked": self.links.files,
            "linked": self.links.linked,
            "search": self.search_state,
            "sidecars": self.sources.sidecars,
        }
        write_index(folder, index)
        keep = {f"{a.record}.json" for a in self.articles.values()}
        for stale in records.iterdir():
            if stale.name not in keep:
                stale.unlink(missing_ok=True)

    # --- reading the site ---------------------------------------------------------

    def read(self, site_dir: Path, rel: str, diags: Diagnostics, load: Loader[T]) -> T | None:
        found, values = self.sources.read(site_dir, rel, diags, load, self.hearing)
        self._values_used.update(values)  # used again, though the file was not read
        return found

    def heard(self, changed: Collection[str]) -> None:
        """Forget the source files that changed (paths in the site), as a watcher heard."""
        self.sources.heard(changed)

    def value(self, kind: str, key: Sequence[str], make: Callable[[], V]) -> V:
        name = digest(kind, *key)
        self._values_used.add((kind, name))
        self.sources.used((kind, name))
        kept = self.values.setdefault(kind, {})
        if name not in kept:
            kept[name] = make()
        return kept[name]  # type: ignore[no-any-return]

    def layouts_cache(self) -> Path | None:
        return template_cache_dir()

    # --- the articles -------------------------------------------------------------

    def plan(self, inputs: Inputs) -> Plan:
        """Split the articles into those to annotate again and those whose result holds."""
        self._start_build(inputs)
        config = inputs.config
        settings = article_settings(config)
        changed, names = changed_terms(self.names, self._names)
        todo: list[Article] = []
        reused: dict[str, Reused] = {}
        for article in inputs.articles:
            rel = inputs.sidecars.get(article.slug)
            sidecar = self.sources.sidecar_hash(inputs.site_dir, rel, self.hearing) if rel else "-"
            key = self._keys[article.slug] = digest(settings, self._source(article), sidecar or "")
            cached = self.articles.get(article.slug)
            if cached is None or cached.key != key or cached.stored.summary is None:
                todo.append(article)
                continue
            summary = cached.stored.summary
            assert summary is not None
            if changed and (uses_terms(summary, changed) or has_names(self._words(cached), names)):
                todo.append(article)
                continue
            load = functools.partial(self._load, cached, article)
            stored = cached.stored
            words = functools.partial(self._words, cached)
            reused[article.slug] = Reused(
                summary, stored.load_problems, stored.anchor_problems, load, words
            )
        # Files this build did not read (gone, or no longer listed) are forgotten.
        self.sources.forget_unread()
        return Plan(todo, reused)

    def _start_build(self, inputs: Inputs) -> None:
        self._site = SiteKey.of(inputs.site_dir, inputs.config)
        # The output folder's real path, looked up once (it may have become a link since),
        # and checked once: its files are kept (`_kept`) only while it is as left.
        out = str(real_out_dir(self.output)) if self.output else None
        if out != self._out_folder:  # the files kept are named by their path in the folder
            self._kept_files = {}
        self._out_folder = out
        if out in self.outputs_state and not (
            self.output_private or folder_matches(Path(out), self.outputs_state[out])
        ):
            del self.outputs_state[out]
        self._names = glossary_names(inputs.glossary)
        self._keys, self._remembered, self._page_keys = {}, {}, {}
        self._last_paths = None
        self.scans.start_build()
        live = {a.path for a in inputs.articles}
        self._sources = {p: s for p, s in self._sources.items() if p in live}

    def _source(self, article: Article) -> str:
        """A hash of the article's file (remembered for the same Article object)."""
        known = self._sources.get(article.path)
        if known is None or known[0] is not article:
            known = self._sources[article.path] = (
                article,
                digest(article.path, article.source_text),
            )
        return known[1]

    def _words(self, cached: CachedArticle) -> str:
        """The search words of an article of the last build (read from its record)."""
        if cached.held is not None:
            return cached.held.search_words
        if self.records is None:
            return ""
        try:
            return read_words(self.records, cached.record, cached.head[0], cached.stored)
        except (OSError, ValueError) as exc:
            raise damaged_record(cached.record, exc) from exc

    def _load(self, cached: CachedArticle, article: Article) -> ArticleResult:
        """Read one stored result back (an article whose file must be made again)."""
        if cached.held is not None:
            return with_article(cached.held, article)
        if self.records is None:
            raise damaged_record(cached.record, ValueError("the cache was not read from a folder"))
        try:
            return read_result(self.records, cached.record, article)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise damaged_record(cached.record, exc) from exc

    def remember(self, outcome: Outcome) -> str:
        """Keep an article's result of this build; its record is written now (what the
        cache holds changes only at `commit()`, when the build has succeeded)."""
        summary = outcome.summary
        assert summary is not None
        slug = summary.article.slug
        cached = self.articles.get(slug)
        if isinstance(outcome, ArticleResult):
            data, stored = record_of(outcome)
            record, head = record_name(data)
            cached = CachedArticle(self._keys[slug], record, len(data), head, stored)
            if (folder := self._storage()) is not None:  # save() names it, or removes it
                self.records = store_record(folder / "records", record, data)
            else:
                cached.held = replace(outcome, search_text="", made=(), scan=None)
        assert cached is not None
        self._remembered[slug] = cached
        # The key covers the article itself, which the record leaves out.
        if not cached.files_key:
            cached.files_key = digest(cached.key, cached.record)
        return cached.files_key

    def sent_back(self) -> Callable[[ArticleResult], ArticleResult] | None:
        return without_tree if self._storage() is not None else None

    # --- the files ----------------------------------------------------------------

    def page(
        self,
        path: str,
        source: str,
        inputs: Sequence[str],
        make: Callable[[], OutputFile | None],
    ) -> OutputFile | None:
        assert self._site is not None, "plan() starts a build"
        key = self._page_keys[path] = self._key_memo.key(self._site, path, inputs)
        return self._kept(path, key, source) or make()

    def _kept(self, path: str, key: str, source: str) -> OutputFile | None:
        """The file the last build wrote at `path`, if it was made with `key` (the folder
        was found as left when the build started). Its bytes are read only if asked for."""
        if self._out_folder is None or self.pages.get(path) != key:
            return None
        state = self.outputs_state.get(self._out_folder, {}).get(path)
        if state is None:
            return None
        known = self._kept_files.get(path)  # as the last build kept it (no new Path)
        if known is None or known.sha256 != state[0] or known.source != source:
            target = Path(os.path.join(self._out_folder, path))
            known = self._kept_files[path] = OutputFile(path, target, source, state[0])
        return known

    def scan(self, page: OutputFile, scanned: PageRefs | None = None) -> PageRefs:
        key = self._page_keys.setdefault(page.path, f"={page.hash}")  # made anew each build
        return self.scans.get(page.path, key, lambda: scanned or scan_page(page))

    def link_check_scope(self, files: Sequence[OutputFile]) -> Collection[str] | None:
        """The pages whose links, ids and id references need checking (None: every page).

        The last build passed the link check. A page it made with the same key could fail
        now only if a file it links to went away or a page it links to lost an id. So unless
        a file some page links to went away or some page made again has other ids than
        before, only the pages made again and the new pages are checked (a file added, a
        search shard for a new word say, breaks no link that resolved; nor does one gone
        that no page links to, a search shard for a word no longer used).
        """
        pages = {f.path: f for f in files if f.path.endswith(".html")}
        for page in pages.values():
            self._page_keys.setdefault(page.path, f"={page.hash}")
        keys = {p: k for p, k in self._page_keys.items() if p in pages}
        self.scans.keep({f"{p}\n{k}" for p, k in keys.items()})
        if not self.links.still_hold(sorted(f.path for f in files)):
            return None  # no build checked yet, or a file that pages link to went away
        scope = set()
        for path, key in keys.items():
            before_key = self.pages.get(path)
            if before_key == key:
                continue
            if before_key is not None:
                before = self.scans.stored(f"{path}\n{before_key}")
                if before is None or set(before.ids) != set(self.scan(pages[path]).ids):
                    return None
            scope.add(path)
        return scope

    def links_checked(self, targets: Collection[str], whole: bool) -> None:
        self.links.passed(targets, whole)

    # --- the search index ---------------------------------------------------------

    def search_postings(self) -> Postings:
        self.search.stored = self._stored_shard
        return self.search

    def _stored_shard(self, prefix: str) -> dict[int, str] | None:
        """The last build's shard of `prefix`, read back from the output folder (None when
        it is not there as the last build left it)."""
        path = shard_file(prefix)
        kept = self._kept(path, self.pages.get(path, ""), "")
        if kept is None:
            return None
        try:
            return read_shard(kept.content)
        except (OSError, ValueError, TypeError) as exc:
            log.info("%s: not read back (%s)", path, exc)
            return None

    def previous_words(self, path: str, version: str) -> str | None:
        if self._last_paths is None:
            self._last_paths = {article_page(slug): slug for slug in self.articles}
        slug = self._last_paths.get(path)
        if slug is None:  # a glossary term: its words are a value made from `version`
            found = self.values.get("search-words", {}).get(digest("search-words", version))
            return found if isinstance(found, str) else None
        cached = self.articles[slug]
        if cached.stored.summary is None or cached.stored.summary.words != version:
            return None
        try:
            return self._words(cached)
        except BuildFailed:
            return None

    # --- the end of a build -------------------------------------------------------

    def outputs(self) -> dict[str, OutputState]:
        return self.outputs_state

    def commit(self) -> None:
        """Keep what this successful build remembered, its glossary and its pages' keys."""
        self.articles, self._remembered = self._remembered, {}
        self.names = self._names
        self.pages, self._page_keys = self._page_keys, {}
        self._key_memo.keep_only(self.pages)
        self._kept_files = {p: f for p, f in self._kept_files.items() if p in self.pages}
        self.values = {
            kind: {k: v for k, v in kept.items() if (kind, k) in self._values_used}
            for kind, kept in self.values.items()
        }
        self._values_used = set()
        self.search.stored = None  # it reads this build's folder: not kept past the build
        self.search_state = self.search.state()
        self.links.commit()
