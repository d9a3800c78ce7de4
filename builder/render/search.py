"""Full-text search for a static host: the edition's own index of article and glossary pages.

Takes the annotated articles and the glossary's term pages; returns the index as
OutputFiles under `search-index/`, which `layouts/static/search.js` reads in the
browser. No server, no WebAssembly, nothing to run after the build:

- `meta.js`: every document (page URL, title, kind, where its text is) and the
  list of word shards;
- `words/<prefix>.js`: for the words that begin with one two-character prefix
  (its UTF-8 in hex names the file), each document's words and their counts, as
  `[[document, "word count word count …"], …]`. A query loads one shard per word;
- `text/<page>.js`: a document's plain text, loaded for the results shown, to
  cut an excerpt around the words found.

Each file is a script, `editionSearchLoaded("<its path>",<JSON>);`, which search.js
loads with a `<script>` element, so that search works from a folder too
(`render/scripts.py` says why and how the JSON is escaped); `read_script` reads a file
back.

A document's words depend on its text alone, so they are counted once and kept: an
article's in the per-article stage (with its cached record), a term's in the build
cache (`words_of`); assembling the shards is then one pass over those strings. An
article's text file is made and reused with its other files (`article_files`).
Words are runs of letters and digits after NFKD folding with marks dropped and
lower-casing; search.js folds queries the same way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from typing import TYPE_CHECKING, Any

from builder.anchor.annotate import AnnotatedArticle
from builder.htmlscan import html_text
from builder.load.annotations import ContextLink, FactNote
from builder.load.config import SiteConfig
from builder.render import scripts
from builder.site import SEARCH_DIR, OutputFile, article_page, term_page

if TYPE_CHECKING:
    from builder.incremental.memo import Memo
    from builder.render.pages import TermPage

META_FILE = f"{SEARCH_DIR}/meta.js"
SOURCE = "search index"
FORMAT = 2
"""Bump when the index layout changes; search.js refuses other versions."""
PREFIX = 2
TITLE_WEIGHT = 5
"""A word in the title counts as this many in the text: title matches rank first."""

CALLBACK = "editionSearchLoaded"
"""The function every index file calls with its path and its data (search.js defines it)."""

_WORD = re.compile(r"[^\W_]+")
"""Runs of letters and digits: an apostrophe splits ("l'État" gives "l" and "etat", and
words of one letter are not indexed), so "État" finds "l'État" and so does the whole."""
_LETTERS = str.maketrans(
    {
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06cc": "\u064a",  # Persian yeh -> yeh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0640": None,  # tatweel
        **{chr(0x660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x6F0 + d): str(d) for d in range(10)},  # extended (Persian, Urdu)
    }
)
_ARABIC_RE = re.compile("[\u0600-\u06ff]")
DocWords = dict[str, str]
"""Shard prefix -> "word count word count …" for one document."""


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """A page in the index: what a result shows, and where its text is."""

    path: str
    """The page's path in the output folder (`articles/x/index.html`)."""
    title: str
    kind: str
    """What the result list calls it: strings' `search.kind.article` or `search.kind.term`."""

    @property
    def text_file(self) -> str:
        return f"{SEARCH_DIR}/text/{self.path.removesuffix('/index.html')}.js"

    def doc(self, text: str) -> SearchDoc:
        return SearchDoc(self.path, self.title, self.kind, text)


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """A page's entry with its text, from which its words and its text file are made."""

    path: str
    title: str
    kind: str
    text: str
    """The page's text, plain (paragraphs on their own lines), for words and excerpts."""

    @property
    def entry(self) -> SearchEntry:
        return SearchEntry(self.path, self.title, self.kind)


@dataclass(frozen=True, slots=True)
class IndexedDoc:
    """A page as the index takes it: its entry, and its words, made only when needed."""

    entry: SearchEntry
    version: str
    """A hash of its words: a page whose hash did not change is not even read again."""
    words: Callable[[], str]
    """Its words, packed (`pack_words`)."""


def indexed_term(doc: SearchDoc, memo: Memo) -> IndexedDoc:
    """A glossary term's page for the index: its words are counted once per text."""
    version = hashlib.sha256(f"{doc.title}\n{doc.text}".encode()).hexdigest()
    count = partial(memo.value, "search-words", (version,), lambda: pack_words(doc_words(doc)))
    return IndexedDoc(doc.entry, version, count)


def text_file(doc: SearchDoc) -> OutputFile:
    """The page's text, which search.js loads to cut excerpts for the results shown."""
    path = doc.entry.text_file
    return OutputFile(path, _script(path, {"text": doc.text}), SOURCE)


def article_doc(item: AnnotatedArticle, config: SiteConfig) -> SearchDoc:
    """An article with its notes: what the reader sees on its page, without the markers."""
    parts = [item.own_text]
    for note in item.notes:
        ann = note.annotation
        if isinstance(ann, FactNote):
            parts.append(config.verdict_labels.get(ann.verdict, ann.verdict))
        if isinstance(ann, ContextLink) and ann.title:
            parts.append(ann.title)
        parts.append(html_text(note.html))
    text = "\n".join(p for p in parts if p)
    kind = config.strings.text("search.kind.article")
    return SearchDoc(article_page(item.article.slug), item.article.title, kind, text)


def term_doc(page: TermPage, config: SiteConfig) -> SearchDoc:
    """A glossary term: its names and definition."""
    entry = page.entry
    names = ", ".join(n for n in entry.names if n != entry.term)
    text = "\n".join(p for p in (names, html_text(str(page.definition))) if p)
    kind = config.strings.text("search.kind.term")
    return SearchDoc(term_page(entry.id), entry.term, kind, text)


def words(text: str) -> list[str]:
    """Fold text and split it into words, as search.js does with a query."""
    return _WORD.findall(fold(text))


def fold(text: str) -> str:
    """NFKD, without marks (category M), Arabic letter variants as one letter, lower case:
    `fold` in search.js.

    NFKD with marks dropped takes accents off (é -> e), Arabic diacritics (harakat,
    shadda, sukun, superscript alef) and the hamza of أ إ آ ؤ ئ (-> ا ا ا و ي); `_LETTERS`
    then does what NFKD does not: ٱ -> ا, ى and Persian ی -> ي, ة -> ه, ک -> ك, tatweel
    (a letter, not a mark) dropped, Arabic-Indic digits as 0-9.
    """
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    marks = [c for c in set(text) if unicodedata.category(c)[0] == "M"]
    if marks:  # a class of the marks present: a few times faster than str.translate
        text = re.sub(f"[{''.join(map(re.escape, marks))}]", "", text)
    if _ARABIC_RE.search(text):
        text = text.translate(_LETTERS)
    return text.lower()


def doc_words(doc: SearchDoc) -> DocWords:
    """Count a document's words (title words weigh more), grouped by shard prefix."""
    counts = Counter(words(doc.text))
    for word in words(doc.title):
        counts[word] += TITLE_WEIGHT
    indexed = sorted(word for word in counts if len(word) >= PREFIX)
    return {
        prefix: " ".join([f"{word} {counts[word]}" for word in group])
        for prefix, group in groupby(indexed, key=_prefix)
    }


def _prefix(word: str) -> str:
    return word[:PREFIX]


def pack_words(words: DocWords) -> str:
    """One string for a document's words: "prefix entries" lines (prefixes hold no space)."""
    return "\n".join(f"{prefix} {entries}" for prefix, entries in words.items())


def unpack_words(packed: str) -> DocWords:
    """The inverse of `pack_words`."""
    return dict(line.split(" ", 1) for line in packed.split("\n")) if packed else {}


def shard_file(prefix: str) -> str:
    return f"{SEARCH_DIR}/words/{prefix.encode('utf-8').hex()}.js"


class Unavailable(Exception):
    """A shard of the last build's index could not be read back (`Postings.stored`)."""


@dataclass(slots=True)
class Postings:
    """The index's shards as last made, so that a build redoes only the documents whose
    words changed.

    The dev server keeps one in memory (`BuildCache.search`). A CLI build starts from
    what the cache recorded of the last build (documents, a hash of each one's words,
    each shard's key) and reads back from the output folder (`stored`) only the shards
    an edit touches; a new one (no cache) takes every document.
    """

    docs: list[tuple[str, str, str]] = field(default_factory=list)
    """(path, title, kind) of each document, by number."""
    versions: list[str] = field(default_factory=list)
    """A hash of each document's words ('' when unknown: the words are compared)."""
    packed: list[str | None] = field(default_factory=list)
    """Each document's words, packed (`pack_words`); None when not read."""
    shards: dict[str, dict[int, str]] = field(default_factory=dict)
    """Prefix -> document number -> that document's "word count …" for the prefix; a
    shard not read back yet is missing here but has a key."""
    keys: dict[str, str] = field(default_factory=dict)
    """Prefix -> a hash of what its shard holds."""
    stored: Callable[[str], dict[int, str] | None] | None = None
    """Reads the last build's shard of a prefix back (None: it cannot)."""

    def update(
        self,
        docs: Sequence[IndexedDoc],
        previous: Callable[[str, str], str | None] | None = None,
    ) -> None:
        """Take this build's documents, redoing only those whose words or place changed.

        A document whose version did not change is skipped unread; `previous(path,
        version)` gives the words a document had under its last version, when they were
        not kept. If anything needed cannot be had, every document is taken again.
        """
        entries = [doc.entry for doc in docs]
        listed = [(e.path, e.title, e.kind) for e in entries]
        versions = [doc.version for doc in docs]
        if [(d[0], d[2]) for d in listed] != [(d[0], d[2]) for d in self.docs]:
            self._restart(listed)  # numbers moved: start again
        self.docs = listed  # a new title moves no number (the shards hold numbers)
        try:
            touched = self._take(docs, versions, previous)
        except Unavailable:
            self._restart(listed)
            touched = self._take(docs, versions, previous)
        self.versions = versions
        for prefix in touched:
            if self.shards[prefix]:
                self.keys[prefix] = hashlib.sha256(_content_key(self.shard(prefix))).hexdigest()
            else:
                del self.shards[prefix], self.keys[prefix]

    def _restart(self, docs: list[tuple[str, str, str]]) -> None:
        self.docs, self.versions, self.packed = docs, [""] * len(docs), [""] * len(docs)
        self.shards, self.keys, self.stored = {}, {}, None

    def _take(
        self,
        docs: Sequence[IndexedDoc],
        versions: list[str],
        previous: Callable[[str, str], str | None] | None,
    ) -> set[str]:
        touched: set[str] = set()
        for number, doc in enumerate(docs):
            if versions[number] and versions[number] == self.versions[number]:
                continue
            now = doc.words()
            before = self.packed[number]
            if before is None:  # not read: the words it had under its last version
                before = previous(doc.entry.path, self.versions[number]) if previous else None
                if before is None:
                    raise Unavailable(doc.entry.path)
            self.packed[number] = now
            if before is now or before == now:
                continue
            was, found = unpack_words(before), unpack_words(now)
            for prefix in was.keys() | found.keys():
                if was.get(prefix) != found.get(prefix):
                    shard = self._shard(prefix)
                    if prefix in found:
                        shard[number] = found[prefix]
                    else:
                        del shard[number]
                    touched.add(prefix)
        return touched

    def _shard(self, prefix: str) -> dict[int, str]:
        """A shard to change: as last made (read back if need be), or a new one."""
        if prefix not in self.shards:
            if prefix in self.keys:
                found = self.stored(prefix) if self.stored else None
                if found is None:
                    raise Unavailable(prefix)
                self.shards[prefix] = found
            else:
                self.shards[prefix] = {}
        return self.shards[prefix]

    def shard(self, prefix: str) -> list[tuple[int, str]]:
        """A shard's entries, in document order."""
        return sorted(self._shard(prefix).items())

    def state(self) -> dict[str, Any]:
        """What a later build needs to start from this index (`BuildCache` saves it)."""
        return {"docs": self.docs, "versions": self.versions, "keys": self.keys}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Postings:
        docs = [tuple(doc) for doc in state["docs"]]
        return cls(docs, list(state["versions"]), [None] * len(docs), {}, dict(state["keys"]))


def search_files(docs: Sequence[IndexedDoc], memo: Memo) -> list[OutputFile]:
    """Build the index of `docs` (in the order given: a document's number is its place):
    `meta.js` and the word shards; each page's `text_file` is made apart (an article's
    with its other files). The memo gives the index to update (the last build's, when
    it has one: only the shards an edit touched are gathered again) and keeps the files
    whose content did not change."""
    postings = memo.search_postings()
    postings.update(docs, memo.previous_words)
    try:
        return _files(docs, postings, memo)
    except Unavailable:  # a shard to make again (not kept) could not be read back
        postings._restart(postings.docs)
        postings.update(docs, memo.previous_words)
        return _files(docs, postings, memo)


def _files(docs: Sequence[IndexedDoc], postings: Postings, memo: Memo) -> list[OutputFile]:
    shards = sorted(postings.keys)
    meta = {
        "version": FORMAT,
        "prefix": PREFIX,
        "docs": [[d.entry.path, d.entry.title, d.entry.kind, d.entry.text_file] for d in docs],
        "shards": {prefix: shard_file(prefix) for prefix in shards},
    }
    files: list[OutputFile] = []
    made: list[tuple[str, str, Callable[[], object]]] = [(META_FILE, repr(meta), lambda: meta)]
    made += [(shard_file(p), postings.keys[p], partial(postings.shard, p)) for p in shards]
    for path, key, value in made:

        def make(path: str = path, value: Callable[[], object] = value) -> OutputFile:
            return OutputFile(path, _script(path, value()), SOURCE)

        file = memo.page(path, SOURCE, (key,), make)
        if file is not None:
            files.append(file)
    return files


def read_shard(data: bytes) -> dict[int, str]:
    """A shard file's entries, as `Postings.shards` holds them."""
    entries = read_script(data)[1]
    if not isinstance(entries, list):
        raise ValueError("a shard is a list")
    return {int(number): str(found) for number, found in entries}


def read_script(data: bytes) -> tuple[str, Any]:
    """An index file's path and data."""
    return scripts.read_script(CALLBACK, data)


def _content_key(shard: list[tuple[int, str]]) -> bytes:
    """What a shard holds, as bytes (cheaper to make and hash than its JSON)."""
    return "\n".join(f"{number} {found}" for number, found in shard).encode("utf-8")


def _script(path: str, value: object) -> bytes:
    """An index file: a call of `CALLBACK` with the file's own path and its data."""
    return scripts.script_file(CALLBACK, path, value)
