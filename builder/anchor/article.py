"""The per-article stage: one article's sidecar, Markdown, anchoring and search words.

`annotate_article` is what each worker process runs (`parallel.py`), the same for
every article and alone, so the output does not depend on the number of processes.
Its `ArticleResult` holds the whole annotated article, from which the article's own
files are made, and an `ArticleSummary`: all that the build keeps of the article
after that, and all that the pages made from many articles are given.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from builder.anchor.annotate import AnnotatedArticle, Drift, TermUse, annotate
from builder.anchor.author_note_report import report_author_notes
from builder.anchor.markdown.author_notes import AuthorNoteWords
from builder.anchor.markdown.render import render_article
from builder.diagnostics import Diagnostic, Diagnostics
from builder.htmlscan import PageRefs
from builder.load.annotations import Annotation, TermRef, load_sidecar
from builder.load.articles import Article, ArticleInfo
from builder.load.config import SiteConfig
from builder.load.glossary import Glossary
from builder.render.filters import reading_minutes
from builder.render.search import article_doc, doc_words, pack_words
from builder.site import OutputFile

log = logging.getLogger(__name__)

LISTED = ("slug", "title", "author", "date", "source", "summary", "minutes")
"""What a list of articles (partials/article_list.html) shows of each: `ArticleSummary.listed`."""


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What every article's stage reads: the same for all of them."""

    site_dir: Path
    config: SiteConfig
    glossary: Glossary
    sidecars: dict[str, str]
    """Article slug -> its sidecar's relative path."""


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the build keeps of an annotated article once its own files are made.

    The pages made from many articles (home, glossary terms, feeds, the search index)
    and the commands (fix, stats) are given summaries, never whole articles: what they
    show of an article is exactly this, so an edit elsewhere in it (a note's text)
    leaves them as they are.
    """

    article: ArticleInfo
    """Its metadata, not its text: what a list of articles shows of it."""
    term_uses: tuple[TermUse, ...]
    excerpt: str
    counts: tuple[tuple[str, int], ...]
    """How many notes of each kind, in reading order of first use (automatic glossary
    links count as terms)."""
    automatic: int
    """How many notes are automatic glossary links rather than written in the sidecar."""
    drifts: tuple[Drift, ...]
    words: str
    """A hash of the article's search words: the index redoes an article whose hash changed."""
    shown: str
    """A hash of everything above but `drifts`, `words` and the article's tags and series:
    what the home and term pages are keyed by (an edit elsewhere in the article, its tags
    included, leaves it as it was)."""
    listed: str = ""
    """A hash of what a list of articles (a tag's, a series', the archive) shows of it:
    its title, byline, summary and reading time (`LISTED`)."""
    author_notes: int = 0
    """How many footnotes of its own the article has (the author's, not the edition's:
    never in `counts`); no page made from summaries shows it, `stats` does."""
    by_term: Mapping[str, tuple[TermUse, ...]] = field(init=False, repr=False, compare=False)
    """`term_uses` grouped by glossary entry id, in order of first use (made once per
    summary: a rebuild that keeps the summary does not group its uses again)."""
    derived: dict[tuple[str, str], Any] = field(init=False, repr=False, compare=False)
    """What the pages made from many articles derive from this summary alone, kept with
    it for the same reason: (kind, name) -> the value (`render.pages.TermUses.of`)."""

    def __post_init__(self) -> None:
        grouped: dict[str, list[TermUse]] = {}
        for use in self.term_uses:
            grouped.setdefault(use.term, []).append(use)
        object.__setattr__(self, "by_term", {t: tuple(u) for t, u in grouped.items()})
        object.__setattr__(self, "derived", {})

    @property
    def note_counts(self) -> dict[str, int]:
        """How many notes of each kind the article has (a list of articles shows them)."""
        return dict(self.counts)


SENT_ONLY = {"cached": False}
"""The metadata of a field a worker hands over with a result but no record keeps
(`incremental.codec` writes every other field)."""


@dataclass(frozen=True, slots=True)
class ArticleResult:
    annotated: AnnotatedArticle | None
    """None when the sidecar had errors (the article is not annotated then)."""
    load_problems: tuple[Diagnostic, ...]
    """Found while reading the sidecar."""
    anchor_problems: tuple[Diagnostic, ...]
    """Found while anchoring and marking up."""
    summary: ArticleSummary | None = None
    """None exactly when `annotated` is."""
    search_words: str = ""
    """The article's words for the search index, counted on every core: `search.doc_words`
    packed one prefix per line (`search.pack_words`), a third of the memory of a dict."""
    search_text: str = ""
    """The article's text for its search text file (`search.article_doc`), made where its
    words are counted."""
    made: tuple[OutputFile, ...] = field(default=(), metadata=SENT_ONLY)
    """The article's own files made where it was annotated, a worker (its page and
    annotations.jsonld, `render.article_pages.ArticleFiles.premade`); the main process
    makes them when they are not here."""
    scan: PageRefs | None = field(default=None, metadata=SENT_ONLY)
    """Its page's ids and links, scanned where the page was made."""
    record: bytes = field(default=b"", metadata=SENT_ONLY)
    """The build cache's record of it (`incremental.records`), when the worker made it;
    `annotated` is then left out of what the worker sends back, and read back from this
    record if the main process needs it (`incremental.records.result_from_record`)."""


def annotate_article(article: Article, context: ArticleContext) -> ArticleResult:
    """Load one article's sidecar, render its Markdown, anchor and mark its annotations."""
    diags = Diagnostics()  # not strict: the build makes warnings errors (Diagnostics.extend)
    annotations: tuple[Annotation, ...] = ()
    rel = context.sidecars.get(article.slug)
    if rel is not None:
        glossary_ids = set(context.glossary.entries)
        sidecar = load_sidecar(
            context.site_dir, rel, article.slug, glossary_ids, context.config, diags
        )
        annotations = sidecar.annotations
    load_problems = tuple(diags.items)
    if diags.errors:
        return ArticleResult(None, load_problems, ())
    diags.items.clear()
    rendered = render_article(article.markdown, AuthorNoteWords.of(context.config.strings))
    report_author_notes(article, rendered.author_notes.problems, diags)
    annotated = annotate(
        article,
        rendered.root,
        annotations,
        context.glossary,
        context.config,
        diags,
        rendered.author_notes.notes,
    )
    doc = article_doc(annotated, context.config)
    words = pack_words(doc_words(doc))
    summary = summarize(annotated, words)
    return ArticleResult(annotated, load_problems, tuple(diags.items), summary, words, doc.text)


def summarize(item: AnnotatedArticle, words: str) -> ArticleSummary:
    """Make the summary of an annotated article whose search words are `words`."""
    counts: dict[str, int] = {}
    for note in item.notes:
        counts[note.kind] = counts.get(note.kind, 0) + 1
    automatic = sum(
        isinstance(n.annotation, TermRef) and n.annotation.automatic for n in item.notes
    )
    info = item.article.info(reading_minutes(item.article.markdown))
    untagged = replace(info, tags=(), series=None)  # the pages keyed by `shown` show neither
    shown = (untagged, item.term_uses, item.excerpt, tuple(counts.items()), automatic)
    return ArticleSummary(
        article=info,
        term_uses=item.term_uses,
        excerpt=item.excerpt,
        counts=tuple(counts.items()),
        automatic=automatic,
        drifts=item.drifts,
        words=_sha256(words),
        shown=_sha256(repr(shown)),
        author_notes=len(item.author_notes),
        listed=_sha256(repr([getattr(info, name) for name in LISTED])),
    )


def with_article(result: ArticleResult, article: Article) -> ArticleResult:
    """Return the result holding `article` (the same data) instead of its own copy."""
    if result.annotated is None or result.annotated.article is article:
        return result
    return replace(result, annotated=result.annotated.with_article(article))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
