"""The per-article stage, run on every core: sidecar, Markdown, anchoring, markup.

`annotate_articles` takes the loaded articles and what every article shares
(config, glossary) and returns one `ArticleResult` per article, in the articles'
order, whatever the number of processes: each article is done by the same
function alone, so `--jobs 1` and `--jobs N` give the same output.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from builder.anchor.annotate import AnnotatedArticle, annotate
from builder.anchor.markdown.render import render_article_tree
from builder.diagnostics import Diagnostic, Diagnostics
from builder.load.annotations import Annotation, load_sidecar
from builder.load.articles import Article
from builder.load.config import SiteConfig
from builder.load.glossary import Glossary
from builder.progress import NO_PROGRESS, Progress
from builder.render.search import article_doc, doc_words, pack_words

log = logging.getLogger(__name__)

MIN_PARALLEL = 16
"""Fewer articles than this are done in-process: starting workers costs more."""


@dataclass(frozen=True, slots=True)
class Shared:
    """What every article's stage reads: the same for all of them."""

    site_dir: Path
    config: SiteConfig
    glossary: Glossary
    sidecars: dict[str, str]
    """Article slug -> its sidecar's relative path."""


@dataclass(frozen=True, slots=True)
class ArticleResult:
    annotated: AnnotatedArticle | None
    """None when the sidecar had errors (the article is not annotated then)."""
    load_problems: tuple[Diagnostic, ...]
    """Found while reading the sidecar."""
    anchor_problems: tuple[Diagnostic, ...]
    """Found while anchoring and marking up."""
    search_words: str = ""
    """The article's words for the search index, counted on every core: `search.doc_words`
    packed one prefix per line (`search.pack_words`), a third of the memory of a dict."""
    search_text: str = ""
    """The article's text for its search text file (`search.article_doc`), made where its
    words are counted. Only for this build: not kept in the cache, nor in its record."""


def default_jobs() -> int:
    """Return the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def annotate_articles(
    articles: Sequence[Article],
    shared: Shared,
    jobs: int | None = None,
    progress: Progress = NO_PROGRESS,
) -> Iterator[ArticleResult]:
    """Run the per-article stage for every article, on up to `jobs` processes.

    Results are yielded in the articles' order as they come, so the caller can
    work on the first ones while the workers do the rest; consume them all.
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    jobs = min(jobs, len(articles))
    tracked = progress.track("Annotating", articles)
    if jobs <= 1 or len(articles) < MIN_PARALLEL:
        yield from (annotate_article(a, shared) for a in tracked)
        return
    chunk = max(1, len(articles) // (jobs * 8))
    # Forked workers share what is loaded; frozen, the collector does not copy it into each.
    gc.freeze()
    with ProcessPoolExecutor(
        jobs,
        mp_context=_context(),
        initializer=_set_shared,
        initargs=(shared, gc.get_threshold()),
    ) as pool:
        done = pool.map(_annotate_in_worker, articles, chunksize=chunk)  # starts the workers
        gc.unfreeze()
        # Each result advances the bar. A result holds a copy of its article made by
        # pickling: the one already in memory replaces it.
        for article, result in zip(tracked, done, strict=True):
            yield with_article(result, article)


def annotate_article(article: Article, shared: Shared) -> ArticleResult:
    """Load one article's sidecar, render its Markdown, anchor and mark its annotations."""
    diags = Diagnostics()  # not strict: the build makes warnings errors (Diagnostics.extend)
    annotations: tuple[Annotation, ...] = ()
    rel = shared.sidecars.get(article.slug)
    if rel is not None:
        sidecar = load_sidecar(
            shared.site_dir, rel, article.slug, set(shared.glossary.entries), shared.config, diags
        )
        annotations = sidecar.annotations
    load_problems = tuple(diags.items)
    if diags.errors:
        return ArticleResult(None, load_problems, ())
    diags.items.clear()
    tree = render_article_tree(article.markdown)
    annotated = annotate(article, tree, annotations, shared.glossary, shared.config, diags)
    doc = article_doc(annotated, shared.config)
    words = pack_words(doc_words(doc))
    return ArticleResult(annotated, load_problems, tuple(diags.items), words, doc.text)


def with_article(result: ArticleResult, article: Article) -> ArticleResult:
    """Return the result holding `article` (the same data) instead of its own copy."""
    if result.annotated is None or result.annotated.article is article:
        return result
    return replace(result, annotated=result.annotated.with_article(article))


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the loaded glossary for free, but is unsafe once other threads run
    # (a dev server's); spawn pickles `Shared` once per worker instead.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


_shared: Shared | None = None
"""Set once in each worker process by the pool's initializer."""


def _set_shared(shared: Shared, gc_thresholds: tuple[int, ...]) -> None:
    global _shared
    _shared = shared
    gc.set_threshold(*gc_thresholds)  # as the parent's, also for a spawned worker


def _annotate_in_worker(article: Article) -> ArticleResult:
    assert _shared is not None
    return annotate_article(article, _shared)
