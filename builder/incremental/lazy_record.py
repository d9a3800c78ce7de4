"""A cached article result whose record is decoded only when something needs more than its summary.

An incremental build reuses the per-article results of every unchanged article,
but the pages it renders again from all of them (home, term pages, feeds) need
only a little of each: its diagnostics, term uses, excerpt and note counts. Those
are the `RecordSummary`, the first line of the article's record file. The second
line holds the article's search words, read only when the search index needs
them; the rest of the record (body HTML, notes, texts) is read and decoded on the
first access to any other field, so the result behaves exactly like the full one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from builder.anchor.annotate import AnnotatedArticle, TermUse
from builder.diagnostics import Diagnostic
from builder.load.articles import Article
from builder.parallel import ArticleResult


@dataclass(frozen=True, slots=True)
class RecordSummary:
    """What an unchanged article contributes to the pages made from every article."""

    annotated: bool
    """False when the sidecar had errors (the result has no AnnotatedArticle)."""
    load_problems: tuple[Diagnostic, ...]
    anchor_problems: tuple[Diagnostic, ...]
    words: tuple[int, str]
    """(length, sha256) of the record's second line, the article's search words (read
    only when the search index needs them: `words_line`)."""
    term_uses: tuple[TermUse, ...]
    excerpt: str
    note_counts: tuple[tuple[str, int], ...]
    shown: str = ""
    """A hash of what a `LazyAnnotated` gives without loading its record (term uses,
    excerpt, note counts): a page that read no more is keyed by it."""


def summarize(result: ArticleResult) -> RecordSummary:
    item = result.annotated
    uses = item.term_uses if item else ()
    excerpt = item.excerpt if item else ""
    counts = tuple(sorted(item.note_counts.items())) if item else ()
    shown = hashlib.sha256(repr((uses, excerpt, counts)).encode("utf-8")).hexdigest()
    words = words_line(result.search_words)
    return RecordSummary(
        item is not None,
        result.load_problems,
        result.anchor_problems,
        (len(words), hashlib.sha256(words).hexdigest()),
        uses,
        excerpt,
        counts,
        shown,
    )


def words_line(words: str) -> bytes:
    """A record's second line: the search words (`search.pack_words`) as a JSON string."""
    return json.dumps(words, ensure_ascii=False).encode("utf-8")


Loader = Callable[[], ArticleResult]
"""Reads and decodes the full record (without its article)."""


def lazy_result(summary: RecordSummary, article: Article, load: Loader) -> ArticleResult:
    """The result of `summary`'s article, decoding the record only when more is asked for."""
    item = LazyAnnotated(article, summary, load) if summary.annotated else None
    # Its search words are read apart, and only when needed (`BuildCache.article_words`).
    return ArticleResult(item, summary.load_problems, summary.anchor_problems)


_EAGER = ("article", "term_uses", "excerpt")
_FIELDS = tuple(f.name for f in fields(AnnotatedArticle))


class LazyAnnotated(AnnotatedArticle):
    """An AnnotatedArticle with `article`, `term_uses`, `excerpt` and `note_counts` at hand.

    Its other fields are empty slots until one is read: `__getattr__` (which Python
    calls only then) loads the record and fills them all.
    """

    __slots__ = ("_summary", "_load")

    def __init__(self, article: Article, summary: RecordSummary, load: Loader) -> None:
        for name, value in zip(_EAGER, (article, summary.term_uses, summary.excerpt), strict=True):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_summary", summary)
        object.__setattr__(self, "_load", load)

    @property
    def note_counts(self) -> dict[str, int]:
        return dict(self._summary.note_counts)

    def with_article(self, article: Article) -> AnnotatedArticle:
        if not self.loaded:
            return LazyAnnotated(article, self._summary, self._load)
        return AnnotatedArticle(*(getattr(self, n) for n in _FIELDS)).with_article(article)

    @property
    def loaded(self) -> bool:
        """Whether the record has been read (its fields are all set)."""
        try:
            object.__getattribute__(self, "body_html")
        except AttributeError:
            return False
        return True

    def __getattr__(self, name: str) -> Any:
        if name not in _FIELDS:
            raise AttributeError(name)
        full = self._load().annotated
        if full is None:
            raise ValueError(f"the cached record of {self.article.path} has no annotated article")
        for field_name in _FIELDS:
            if field_name not in _EAGER:
                object.__setattr__(self, field_name, getattr(full, field_name))
        return getattr(self, name)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle (e.g. for a worker) as the plain AnnotatedArticle it stands for."""
        return (AnnotatedArticle, tuple(getattr(self, n) for n in _FIELDS))
