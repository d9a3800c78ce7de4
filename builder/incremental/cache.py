"""The build cache: what the last build computed, keyed by hashes of its inputs.

An incremental build re-runs the per-article stage only for articles whose
inputs changed (the article, its sidecar, the settings and code it depends on,
or a glossary entry it uses or whose names occur in its text), renders only
the pages whose inputs changed, and rewrites only the files whose bytes
changed. The cache lives in `<site>/.cache/build/`; deleting it is always
safe, the next build is then a full one. Its index is signed with a key kept
outside the site (in the user's cache folder), so a cache committed to the
site's repository by someone else is never trusted.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import importlib
import json
import logging
import os
import re
import secrets
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from builder.anchor.anchoring import fold_text
from builder.anchor.annotate import AnnotatedArticle
from builder.anchor.markdown.render import RenderedNote
from builder.diagnostics import BuildFailed, Diagnostic, Diagnostics, SourceLocation
from builder.htmlscan import measure_body
from builder.incremental.known import Known, forget_others, load_known
from builder.incremental.lazy_record import (
    LazyAnnotated,
    RecordSummary,
    lazy_result,
    summarize,
    words_line,
)
from builder.load.annotations import TermRef
from builder.load.articles import ARTICLES_DIR, Article, FrontMatters
from builder.load.config import CONFIG_FILE, SiteConfig
from builder.load.glossary import Glossary, GlossaryEntry
from builder.parallel import ArticleResult, with_article
from builder.render.layouts import LAYOUTS_DIR, OutputFile
from builder.render.search import Postings, SearchDoc, doc_words, pack_words
from builder.render.site_check import PageRefs, scan_page
from builder.write.output import real_out_dir

log = logging.getLogger(__name__)

CACHE_DIR = ".cache/build"
SCANS_PER_BUCKET = 32
"""About how many page scans one file of `scans/` holds."""
FORMAT = 3
"""Bump when the layout of the cache files changes."""
_DEPENDENCIES = ("markdown", "jinja2", "markupsafe", "nh3", "pyyaml")


@functools.cache
def code_fingerprint() -> str:
    """Hash the builder's own code and its dependencies' versions: a new version voids the cache."""
    parts = [str(FORMAT), sys.version]
    for dist in _DEPENDENCIES:
        try:
            parts.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}: not installed")
    package = Path(__file__).resolve().parent.parent
    for source in sorted(package.rglob("*.py")):  # every module, in every subpackage
        name = source.relative_to(package).as_posix()
        parts.append(f"{name}:{hashlib.sha256(source.read_bytes()).hexdigest()}")
    return digest(*parts)


def digest(*parts: str | bytes) -> str:
    """Hash several parts unambiguously (each is length-prefixed)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def folder_digest(folder: Path) -> str:
    """Hash every file under a folder, with its relative path."""
    parts: list[str | bytes] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


@dataclass(slots=True)
class CachedArticle:
    key: str
    """Hash of the inputs the per-article stage read."""
    record: str
    """Hash of the stored result (without the article: the key covers that)."""
    size: int
    """The record file's size in bytes."""
    summary: RecordSummary
    """What the pages made from every article need of it: the record file's first line."""
    head: tuple[int, str]
    """That line's length and hash: the index names them, so it is read and checked alone."""
    result: ArticleResult | None = None
    """The result, once an article is attached: made in this process, or read lazily."""


@dataclass(slots=True)
class Plan:
    """Which articles the per-article stage must run on, and the results it can reuse."""

    todo: list[Article]
    reused: dict[str, ArticleResult]
    keys: dict[str, str]
    sources: dict[str, str]
    """Slug -> a hash of the article file: what a page made from many articles (home)
    shows of it besides its results."""


@dataclass(slots=True)
class BuildCache:
    """What the last successful build computed; see the module docstring.

    Keep one instance across builds in a long-running process (the dev server):
    it then also skips reading and decoding the cache files.
    """

    folder: Path | None
    """Where it is saved; None keeps it in memory only."""
    articles: dict[str, CachedArticle] = field(default_factory=dict)
    glossary: dict[str, list[str]] = field(default_factory=dict)
    """Entry id -> [display term, *names]: what the cached articles were linked against."""
    pages: dict[str, str] = field(default_factory=dict)
    """Output path -> hash of everything the page was rendered from."""
    definitions: dict[str, list[str]] = field(default_factory=dict)
    """A definition's HTML and the links sanitizing dropped, by code and Markdown."""
    """Hash of a definition's Markdown -> its sanitized HTML."""
    outputs: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    """Output folder (and its spare) -> {path: [sha256, size, mtime_ns]} of the files in it."""
    words: dict[str, str] = field(default_factory=dict)
    """Hash of a search document's title and text -> its words (search.doc_words, packed)."""
    words_used: set[str] = field(default_factory=set)
    """The `words` keys this build asked for: only those are saved."""
    scans: dict[str, PageRefs] = field(default_factory=dict)
    """Page path and key -> the page's ids and links (site_check.scan_html), as read or
    made in this process."""
    scan_files: dict[str, int] = field(default_factory=dict)
    """Page path and key -> the bucket of `scans/` that holds its scan. A bucket (about
    `SCANS_PER_BUCKET` scans) is read only when a build asks for one of its scans: the
    link check mostly needs the new pages'."""
    scan_buckets: dict[int, str] = field(default_factory=dict)
    """Bucket -> the hash of its file, `scans/<hash>.json` (a JSON object: key -> scan)."""
    _buckets_read: set[int] = field(default_factory=set)
    scans_used: set[str] = field(default_factory=set)
    _remembered: dict[str, CachedArticle] = field(default_factory=dict)
    """What this build's `remember()` calls stored, until `commit()`."""
    _outputs_seen: tuple[Path, str] | None = None
    _sources: dict[str, tuple[Article, str]] = field(default_factory=dict)
    reads_records: dict[str, bool] = field(default_factory=dict)
    """Path of a page made from many articles -> whether its last render read more of them
    than their summaries (then it is keyed by their records)."""
    link_checked: str = ""
    """The hash of the paths of the last successful build, whose links all checked out."""
    _files_now: str = ""
    """The output folder `reuse_page` was last asked about, and its real path."""
    records: Path | None = None
    """Where the records of the articles read from the index are (None: none were read)."""
    sources: Known[Article] = field(default_factory=dict)
    """Article files as last read (in memory only: a kept cache skips unchanged ones)."""
    entries: Known[GlossaryEntry] = field(default_factory=dict)
    """Glossary entry files as last read, likewise."""
    front_matters: FrontMatters = field(default_factory=FrontMatters)
    """Article front matters as last parsed (saved: a CLI build parses only changed ones)."""
    sidecars: Known[str] = field(default_factory=dict)
    """Sidecar files as last read: the hash of each (in memory only), likewise."""
    search: Postings = field(default_factory=Postings)
    """The search index as last made: in memory, or from the last build's `search_state`."""
    search_state: dict[str, Any] = field(default_factory=dict)
    """What the last successful build's index was made of (`Postings.state`)."""

    @classmethod
    def open(cls, site_dir: Path, read_only: bool = False) -> BuildCache:
        """Load the site's cache; start empty if it is missing, stale, damaged or unsigned.

        A `read_only` cache is used but never written (`check`).
        """
        cache = cls(None if read_only else site_dir / CACHE_DIR)
        key = _signing_key()
        index_file = site_dir / CACHE_DIR / "index.json"
        if key is None or not index_file.is_file():
            return cache
        try:
            mac, _, body = index_file.read_bytes().partition(b"\n")
            if not hmac.compare_digest(hmac.new(key, body, "sha256").hexdigest().encode(), mac):
                log.info("%s: not signed on this machine; ignoring it", index_file)
                return cache
            index = json.loads(body, object_hook=_revive_in_index)
            if index["fingerprint"] != code_fingerprint():
                return cache
            records = site_dir / CACHE_DIR / "records"
            for slug, (article_key, record, size, head) in index["articles"].items():
                summary = _read_summary(records, record, size, (head[0], head[1]))
                cache.articles[slug] = CachedArticle(article_key, record, size, summary, head)
            cache.records = records
            cache.glossary = index["glossary"]
            cache.pages = index["pages"]
            cache.definitions = index["definitions"]
            cache.outputs = index["outputs"]
            cache.words = index["words"]
            cache.scan_files = index["scans"]
            cache.scan_buckets = {int(b): sha for b, sha in index["scan_buckets"].items()}
            cache.link_checked = index["link_checked"]
            cache.reads_records = index["reads_records"]
            cache.search_state = index["search"]
            cache.front_matters = FrontMatters(
                {rel: (d, (p[0], tuple(p[1]))) for rel, (d, p) in index["front_matter"].items()}
            )
            if cache.search_state:
                cache.search = Postings.from_state(cache.search_state)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("%s: unreadable build cache, building everything (%s)", index_file, exc)
            return cls(cache.folder)
        return cache

    def save(self) -> None:
        """Write the cache (records first, then the signed index that names them)."""
        key = _signing_key()
        if self.folder is None or key is None:
            return
        records = self.folder / "records"
        records.mkdir(parents=True, exist_ok=True)
        ignore = self.folder.parent / ".gitignore"
        if not ignore.exists():
            _write_atomic(ignore, b"# Build cache: safe to delete.\n*\n")
        keep = {f"{a.record}.json" for a in self.articles.values()}
        for cached in self.articles.values():
            path = records / f"{cached.record}.json"
            if not path.exists() and cached.result is not None:
                # remember() had no key then; the same bytes, so the same hash
                _write_atomic(path, _record_bytes(cached.summary, cached.result))
        index = {
            "fingerprint": code_fingerprint(),
            "articles": {s: [a.key, a.record, a.size, a.head] for s, a in self.articles.items()},
            "glossary": self.glossary,
            "pages": self.pages,
            "definitions": self.definitions,
            "outputs": self.outputs,
            "words": {k: v for k, v in self.words.items() if k in self.words_used},
            "scans": self._save_scans(),
            "scan_buckets": self.scan_buckets,
            "link_checked": self.link_checked,
            "reads_records": self.reads_records,
            "search": self.search_state,
            "front_matter": self.front_matters.known,
        }
        # The signature, a line, then the index: read back with one JSON parse.
        body = encode(index)
        mac = hmac.new(key, body, "sha256").hexdigest().encode()
        _write_atomic(self.folder / "index.json", mac + b"\n" + body)
        for stale in records.iterdir():
            if stale.name not in keep:
                stale.unlink(missing_ok=True)
        names = {f"{name}.json" for name in self.scan_buckets.values()}
        for stale in (self.folder / "scans").iterdir():
            if stale.name not in names:
                stale.unlink(missing_ok=True)

    def _save_scans(self) -> dict[str, int]:
        """Write the buckets whose scans changed (a new one, or one no longer used: a full
        build writes a few dozen files, an edit a few); return the index's part."""
        assert self.folder is not None
        folder = self.folder / "scans"
        folder.mkdir(parents=True, exist_ok=True)
        used = self.scans_used
        buckets = max(1, len(used) // SCANS_PER_BUCKET)
        new = {k: _bucket(k, buckets) for k in used & self.scans.keys() - self.scan_files.keys()}
        gone = [k for k in self.scan_files if k not in used]
        dirty = set(new.values()) | {self.scan_files[k] for k in gone}
        for bucket in dirty - self._buckets_read:
            if bucket in self.scan_buckets:
                self._read_bucket(bucket)  # keeps its scans that are still used
        where = {k: b for k, b in self.scan_files.items() if k in used} | new
        members: dict[int, dict[str, PageRefs]] = {b: {} for b in dirty}
        for key, bucket in where.items():
            if bucket in members:
                if key not in self.scans:  # its bucket was unreadable: scanned again next time
                    continue
                members[bucket][key] = self.scans[key]
        for bucket, scans in members.items():
            self.scan_buckets.pop(bucket, None)
            if scans:
                data = encode(dict(sorted(scans.items())))
                name = hashlib.sha256(data).hexdigest()
                if not (folder / f"{name}.json").exists():
                    _write_atomic(folder / f"{name}.json", data)
                self.scan_buckets[bucket] = name
        self.scan_files = {k: b for k, b in where.items() if b in self.scan_buckets}
        self._buckets_read |= dirty
        return self.scan_files

    def plan(
        self,
        site_dir: Path,
        articles: Sequence[Article],
        sidecars: dict[str, str],
        glossary: Glossary,
        config: SiteConfig,
    ) -> Plan:
        """Split the articles into those to annotate again and those whose result still holds."""
        self._start_build()
        settings = digest(code_fingerprint(), config.auto_link, repr(config.verdicts))
        changed_terms, names = self._changed_terms(glossary)
        todo: list[Article] = []
        reused: dict[str, ArticleResult] = {}
        keys: dict[str, str] = {}
        sources: dict[str, str] = {}
        forget_others(self.sidecars, ARTICLES_DIR, set(sidecars.values()))
        for article in articles:
            rel = sidecars.get(article.slug)
            sidecar = "-"
            if rel:
                sidecar = load_known(site_dir, rel, Diagnostics(), self.sidecars, _hash_file) or ""
            source = sources[article.slug] = self._source_hash(article)
            key = keys[article.slug] = digest(settings, source, sidecar)
            cached = self.articles.get(article.slug)
            if cached is None or cached.key != key or not cached.summary.annotated:
                todo.append(article)
                continue
            # Records leave out the article, which was just read from the same bytes.
            if cached.result is None:
                load = functools.partial(self._load_record, cached.record)
                result = lazy_result(cached.summary, article, load)
            else:
                result = with_article(cached.result, article)
            assert result.annotated is not None
            if _uses_terms(result.annotated, changed_terms, names):
                todo.append(article)
            else:
                cached.result = reused[article.slug] = result
        self._sources = {a.path: self._sources[a.path] for a in articles if a.path in self._sources}
        return Plan(todo, reused, keys, sources)

    def _source_hash(self, article: Article) -> str:
        """A hash of the article's file (remembered for the same Article: `sources`)."""
        known = self._sources.get(article.path)
        if known is None or known[0] is not article:
            known = self._sources[article.path] = (
                article,
                digest(article.path, article.source_text),
            )
        return known[1]

    def article_words(self, slug: str) -> str:
        """The search words of an article this build remembered, read from its record
        (checked against the summary's hash) unless its result is at hand."""
        cached = self._remembered[slug]
        if cached.result is not None and cached.result.search_words:
            return cached.result.search_words
        try:
            return self._read_words(cached)
        except (OSError, ValueError) as exc:
            raise _damaged(cached.record, exc) from exc

    def previous_words(self, slug: str, version: str) -> str | None:
        """The search words the last build's record of an article holds, if their hash
        is `version` and they can be read (a CLI build needs them to take the article
        out of the index's shards it was in)."""
        cached = self.articles.get(slug)
        if cached is None or cached.summary.words[1] != version:
            return None
        try:
            return self._read_words(cached)
        except (OSError, ValueError) as exc:
            log.info("record %s: words unreadable (%s)", cached.record, exc)
            return None

    def _read_words(self, cached: CachedArticle) -> str:
        """A record's second line: its article's search words."""
        size, sha = cached.summary.words
        if not size or self.records is None:
            return ""
        with (self.records / f"{cached.record}.json").open("rb") as file:
            file.seek(cached.head[0] + 1)
            line = file.read(size)
        if hashlib.sha256(line).hexdigest() != sha:
            raise ValueError("its search words do not match the summary's hash")
        words = json.loads(line)
        if not isinstance(words, str):
            raise ValueError("its search words are not a string")
        return words

    def stand_in(self, item: AnnotatedArticle) -> AnnotatedArticle:
        """A `LazyAnnotated` for an article this build remembered, which no longer holds
        its result (read back from its record if needed); `item` itself if there is no
        record to read back."""
        cached = self._remembered[item.article.slug]
        written = self.folder is not None and self.records is not None  # not for `check`
        if isinstance(item, LazyAnnotated) or not written or _signing_key() is None:
            return item
        cached.result = None
        return LazyAnnotated(
            item.article, cached.summary, functools.partial(self._load_record, cached.record)
        )

    def summary(self, slug: str) -> RecordSummary:
        """The summary of an article this build remembered."""
        return self._remembered[slug].summary

    def _load_record(self, record: str) -> ArticleResult:
        """Read and decode one stored result (a lazily read article asks for it)."""
        if self.records is None:
            raise ValueError(f"record {record}: the cache was not read from a folder")
        try:
            data = _read_record(self.records, record)
            start = data.index(b"\n", data.index(b"\n") + 1) + 1  # past the summary and words
            result = _decode_result(data[start:])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise _damaged(record, exc) from exc
        return result

    def _changed_terms(self, glossary: Glossary) -> tuple[set[str], re.Pattern[str] | None]:
        """Return the ids of entries whose names or title changed, and a matcher of those names."""
        now = {i: [e.term, *e.names] for i, e in glossary.entries.items()}
        changed = {
            i for i in now.keys() | self.glossary.keys() if now.get(i) != self.glossary.get(i)
        }
        names = {fold_text(n) for i in changed for n in now.get(i, []) + self.glossary.get(i, [])}
        if not names:
            return changed, None
        # Any case and no word-boundary subtleties: finding too many articles only costs time.
        pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
        return changed, re.compile(f"(?i:{pattern})") if pattern else None

    def _start_build(self) -> None:
        """Forget the words and scans the last build did not use (a kept cache would grow with
        every edit), then start counting what this one uses: save() writes only those."""
        if self.words_used:
            self.words = {k: v for k, v in self.words.items() if k in self.words_used}
        if self.scans_used:
            self.scans = {k: v for k, v in self.scans.items() if k in self.scans_used}
        self.words_used.clear()
        self.scans_used.clear()
        self._remembered = {}
        self._outputs_seen = None  # the folder may have become a link since

    def remember(self, slug: str, key: str, result: ArticleResult) -> str:
        """Store one article's result of this build; return the hash its pages are keyed by.

        Records are written now, rather than held in memory until save(); what the
        cache holds changes only at `commit()`, when the build has succeeded.
        """
        cached = self.articles.get(slug)
        if cached is None or cached.result is not result:
            result = replace(result, search_text="")  # this build's only (ArticleFiles)
            summary = summarize(result)
            data = _record_bytes(summary, result)
            line = data[: data.index(b"\n")]
            record = hashlib.sha256(data).hexdigest()
            head = (len(line), hashlib.sha256(line).hexdigest())
            cached = CachedArticle(key, record, len(data), summary, head, result)
            if _signing_key() is not None:
                self._write_record(cached.record, data)
        else:
            cached = CachedArticle(
                key, cached.record, cached.size, cached.summary, cached.head, result
            )
        self._remembered[slug] = cached
        # The key covers the article itself, which the record leaves out.
        return digest(cached.key, cached.record)

    def commit(
        self, glossary: Glossary, pages: dict[str, str], reads_records: dict[str, bool]
    ) -> None:
        """Keep what this successful build remembered, its glossary and its pages' keys."""
        self.articles, self._remembered = self._remembered, {}
        self.glossary = {i: [e.term, *e.names] for i, e in glossary.entries.items()}
        self.pages = pages
        self.reads_records = reads_records
        self.search_state = self.search.state()
        self.link_checked, self._files_now = self._files_now, ""

    def _write_record(self, record: str, data: bytes) -> None:
        """Store a record under its hash; save() later names it in the index (or removes it)."""
        if self.folder is None:
            return
        path = self.folder / "records" / f"{record}.json"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, data)
        self.records = path.parent  # where stand-ins read it back

    def render_definition(self, source: str, render: Callable[[str], RenderedNote]) -> RenderedNote:
        """Return a definition rendered, rendering it only when its Markdown is new."""
        key = digest(code_fingerprint(), source)
        if key not in self.definitions:
            rendered = render(source)
            self.definitions[key] = [rendered.html, *rendered.dropped]
        html, *dropped = self.definitions[key]
        return RenderedNote(html, dropped=tuple(dropped))

    @staticmethod
    def words_key(doc: SearchDoc) -> str:
        """What a search document's words are stored under: a hash of its title and text."""
        return digest(code_fingerprint(), doc.title, doc.text)

    def search_words(self, doc: SearchDoc) -> str:
        """Return a search document's words, packed, counting them only when its text is new."""
        key = self.words_key(doc)
        self.words_used.add(key)
        if key not in self.words:
            self.words[key] = pack_words(doc_words(doc))
        return self.words[key]

    def scan(self, keys: dict[str, str], page: OutputFile) -> PageRefs:
        """Return a page's ids and links (`keys` has every page's key: `ArticleFiles` gives
        a page made anew every build its content's hash), reading the page only when its
        key is new."""
        key = f"{page.path}\n{keys[page.path]}"
        self.scans_used.add(key)
        refs = self._stored_scan(key)
        if refs is None:
            refs = self.scans[key] = scan_page(page)
        return refs

    def _stored_scan(self, key: str) -> PageRefs | None:
        """The scan stored under `key`, read from its bucket if this process has not yet."""
        refs = self.scans.get(key)
        bucket = self.scan_files.get(key)
        if refs is None and bucket is not None and bucket not in self._buckets_read:
            self._read_bucket(bucket)
            refs = self.scans.get(key)
        return refs

    def _read_bucket(self, bucket: int) -> None:
        """Take in the scans of one bucket file (checked against the index's hash)."""
        self._buckets_read.add(bucket)
        name = self.scan_buckets.get(bucket)
        if name is None or self.records is None:
            return
        try:
            data = (self.records.parent / "scans" / f"{name}.json").read_bytes()
            if hashlib.sha256(data).hexdigest() != name:
                raise ValueError("its hash is not the one the index names")
            scans = json.loads(data, object_hook=_revive_in_index)
            if not isinstance(scans, dict) or not all(
                isinstance(v, PageRefs) for v in scans.values()
            ):
                raise ValueError("it holds no scans")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.info("scans %s unreadable (%s); scanning those pages again", name, exc)
            del self.scan_buckets[bucket]
            return
        for key, refs in scans.items():
            self.scans.setdefault(key, refs)

    def link_check_scope(
        self, paths: Sequence[str], keys: dict[str, str], scan: Callable[[str], PageRefs]
    ) -> set[str] | None:
        """The pages whose links, ids and id references need checking (None: every page).

        `scan` gives a page's ids and links, by path. The last build passed the
        link check; a page it made with the same key, among the same files, could fail
        now only if a page it links to lost an id. So unless some page made again has
        other ids than before, only the pages made again are checked.
        """
        # Every page's scan stays valid while its key does, checked now or not.
        self.scans_used.update(f"{p}\n{k}" for p, k in keys.items() if p.endswith(".html"))
        self._files_now = digest(*sorted(paths))
        if self._files_now != self.link_checked:
            return None
        scope = set()
        for path, key in keys.items():
            if not path.endswith(".html") or self.pages.get(path) == key:
                continue
            before = self._stored_scan(f"{path}\n{self.pages.get(path)}")
            if before is None or set(before.ids) != set(scan(path).ids):
                return None
            scope.add(path)
        return scope

    def reuse_page(
        self, path: str, key: str, out_dir: Path | None, source: str
    ) -> OutputFile | None:
        """Return the file the last build wrote at `path` if nothing it depends on changed.

        It is left where it is: its bytes are read only if something asks for them.
        """
        if out_dir is None or self.pages.get(path) != key:
            return None
        folder, states = self._output_state(out_dir)
        state = states.get(path)
        if state is None:
            return None
        target = os.path.join(folder, path)
        try:
            stat = os.stat(target)
        except OSError:
            return None
        if stat.st_size != state[1] or stat.st_mtime_ns != state[2]:
            return None
        return OutputFile(path, Path(target), source, sha256=state[0])

    def _output_state(self, out_dir: Path) -> tuple[str, dict[str, list[Any]]]:
        """The output folder's real path and what the last build left in it (looked up once)."""
        if self._outputs_seen is None or self._outputs_seen[0] != out_dir:
            folder = str(real_out_dir(out_dir))
            self._outputs_seen = (out_dir, folder)
        folder = self._outputs_seen[1]
        return folder, self.outputs.get(folder, {})


@dataclass(frozen=True, slots=True)
class PageKeys:
    """Hash, for each page, everything its layout is given; see `BuildCache.reuse_page`.

    `record` arguments are what `BuildCache.remember` returned for the article.
    """

    base: str
    """The code, the site's folder and settings, and the layouts: every page depends on these."""

    @classmethod
    def for_site(cls, site_dir: Path, config: SiteConfig) -> PageKeys:
        return cls(
            digest(
                code_fingerprint(),
                str(site_dir.absolute()),
                (site_dir / CONFIG_FILE).read_bytes(),
                config.base_url,  # build --base-url overrides the file
                str(config.source_epoch),  # the date of undated articles' JSON-LD and feeds
                folder_digest(site_dir / LAYOUTS_DIR),
            )
        )

    def of(self, kind: str, record: str) -> str:
        """A file made from the article's record alone (annotations.jsonld, search text)."""
        return digest(self.base, kind, record)

    def article(self, before: str, record: str, after: str, entries: Sequence[str]) -> str:
        """An article page shows its neighbours (`before`, `after`: their records or '') and
        the definitions of the terms it uses (popovers, term list): `entries` are those
        glossary entries' `entry_key`s."""
        return digest(self.base, "article", before, record, after, *entries)

    @staticmethod
    def entry_key(entry: GlossaryEntry) -> str:
        """What an article page shows of a glossary entry, as one string."""
        return repr(entry)

    def term(self, entries: Sequence[str], initials: str, shown: Sequence[str]) -> str:
        """A term page shows its entry and the entries it links to (`entries`: their
        `entry_key`s), the A-Z bar (`initials`) and the articles that use it (`shown`: one
        string for each, what it shows of them)."""
        return digest(self.base, "term", initials, *entries, "", *shown)


def _uses_terms(item: AnnotatedArticle, changed: set[str], names: re.Pattern[str] | None) -> bool:
    """Whether a glossary change can change this article's markup."""
    if not changed:
        return False
    if any(use.term in changed for use in item.term_uses):
        return True
    if any(isinstance(n.annotation, TermRef) and n.annotation.term in changed for n in item.notes):
        return True
    return names is not None and names.search(item.text) is not None


def _damaged(record: str, exc: Exception) -> BuildFailed:
    """A record that fails its hash once the build uses it: `cache-damaged`."""
    return BuildFailed(
        [
            Diagnostic(
                f"the build cache changed while it was in use, or is damaged ({exc})",
                SourceLocation(f"{CACHE_DIR}/records/{record}.json"),
                "cache-damaged",
                f"delete {CACHE_DIR}/ (always safe) and build again",
            )
        ]
    )


def _bucket(key: str, buckets: int) -> int:
    """The scans bucket a new key goes to (kept there while the key is used)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % buckets


def _hash_file(site_dir: Path, rel: str, diags: Diagnostics) -> str:
    return hashlib.sha256((site_dir / rel).read_bytes()).hexdigest()


def _read_record(records: Path, record: str) -> bytes:
    """Read a stored result and check it is the one the signed index names."""
    data = (records / f"{record}.json").read_bytes()
    if hashlib.sha256(data).hexdigest() != record:
        raise ValueError(f"record {record} is damaged")
    return data


def _record_bytes(summary: RecordSummary, result: ArticleResult) -> bytes:
    """A record file: the summary on one line (JSON has no raw newline), the search words
    on the next, then the rest of the result."""
    rest = _encode_result(replace(result, search_words=""))
    return encode(summary) + b"\n" + words_line(result.search_words) + b"\n" + rest


def _read_summary(records: Path, record: str, size: int, head: tuple[int, str]) -> RecordSummary:
    """Read a record's first line, its summary (the rest is read when first needed, and
    checked against the record's hash then; a record missing or cut short voids the
    cache now)."""
    with (records / f"{record}.json").open("rb") as file:
        if os.fstat(file.fileno()).st_size != size:
            raise ValueError(f"record {record} is damaged")
        line = file.read(head[0])
    if hashlib.sha256(line).hexdigest() != head[1]:
        raise ValueError(f"record {record} is damaged")
    summary = decode(line)
    if not isinstance(summary, RecordSummary):
        raise ValueError(f"record {record} has no summary")
    return summary


def _encode_result(result: ArticleResult) -> bytes:
    if result.annotated is None:
        return encode(result)
    # Left out: the article (plan() puts the one just read back: a fifth of the bytes) and
    # the body's text, which _decode_result measures again from the body HTML.
    item = replace(result.annotated.with_article(None), own_text="")  # type: ignore[arg-type]
    return encode(replace(result, annotated=item))


def _decode_result(data: bytes) -> ArticleResult:
    result: ArticleResult = decode(data)
    item = result.annotated
    if item is not None:
        measured = measure_body(item.body_html)
        item = replace(item, own_text=measured.own_text)
        result = replace(result, annotated=item)
    return result


def user_cache_dir() -> Path:
    """This user's folder for the builder (outside any site, so no contributor can write it)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "edition-builder"


def template_cache_dir() -> Path | None:
    """Where compiled layouts are kept for this version of the builder (None: unavailable).

    Jinja's bytecode cache loads marshalled code, so it lives with the signing key in
    the user's own folder, never in the site's `.cache/`.
    """
    folder = user_cache_dir() / f"templates-{code_fingerprint()[:16]}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


_keys_read: dict[Path, bytes] = {}
"""Signing keys this process has read, by path (a build asks once per article)."""


def _signing_key() -> bytes | None:
    """Return this machine's key for signing caches, creating it on first use."""
    path = user_cache_dir() / "cache.key"
    if path in _keys_read:
        return _keys_read[path]
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
        key = path.read_bytes()
    except FileExistsError:
        key = path.read_bytes()
    except OSError as exc:
        log.info("no cache key at %s (%s); building without a cache", path, exc)
        return None
    _keys_read[path] = key
    return key


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


# Cached values are the build's own frozen dataclasses, written as JSON (never pickle:
# the cache sits in a folder others may write to). Only classes of this package load.


def encode(value: object) -> bytes:
    """Write a value made of the builder's dataclasses, tuples and plain values as JSON."""
    # json's C encoder walks tuples and strings itself and calls _plain for the rest:
    # a third of the time of walking every value in Python first.
    text = json.dumps(value, default=_plain, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def decode(data: bytes) -> Any:
    """Read a value written by `encode`."""
    return json.loads(data, object_hook=_revive)


def _plain(value: object) -> dict[str, object]:
    """One of the builder's dataclasses as {"@": its class, "v": [its field values]}."""
    cls = type(value)
    names = _field_names(cls)
    return {"@": f"{cls.__module__}:{cls.__qualname__}", "v": [getattr(value, n) for n in names]}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not (dataclasses.is_dataclass(cls) and cls.__module__.startswith("builder.")):
            raise TypeError(f"cannot cache a {cls.__qualname__}")
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _revive_in_index(obj: dict[str, Any]) -> object:
    """The index mixes plain mappings (pages, outputs, …) with encoded dataclasses."""
    return _revive(obj) if obj.keys() == {"@", "v"} else obj


def _revive(obj: dict[str, Any]) -> object:
    cls = _dataclass(obj["@"])
    return cls(*[_tuples(v) if v.__class__ is list else v for v in obj["v"]])


def _tuples(value: list[Any]) -> tuple[Any, ...]:
    return tuple([_tuples(v) if v.__class__ is list else v for v in value])


@functools.cache
def _dataclass(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not module.startswith("builder.") or "." in qualname:
        raise ValueError(f"unexpected class {name!r} in the cache")
    try:
        imported = importlib.import_module(module)
    except ImportError as exc:  # written by a builder whose modules were laid out otherwise
        raise ValueError(f"unexpected class {name!r} in the cache") from exc
    cls = getattr(imported, qualname, None)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"unexpected class {name!r} in the cache")
    return cls
