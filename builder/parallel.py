"""Run the per-article stage on every core, results in the articles' order.

`annotate_all` takes the articles to annotate and what they all share, and yields one
`ArticleResult` per article, in order, as they come: the caller makes each article's
files while the workers go on. Each article is done by the same function alone
(`anchor.article.annotate_article`), so `--jobs 1` and `--jobs N` give the same output.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from builder.anchor.article import ArticleContext, ArticleResult, annotate_article, with_article
from builder.load.articles import Article
from builder.progress import NO_PROGRESS, Progress

log = logging.getLogger(__name__)

MIN_PARALLEL = 16
"""Fewer articles than this are done in-process: starting workers costs more."""
CHUNK_MAX = 16
"""Articles sent to a worker at once, at most."""
IN_FLIGHT = 3
"""Chunks in flight for each worker: enough to keep it busy, few enough to bound the
results waiting for the main process."""


def default_jobs() -> int:
    """Return the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def annotate_all(
    articles: Sequence[Article],
    context: ArticleContext,
    jobs: int | None = None,
    progress: Progress = NO_PROGRESS,
    finish: Callable[[ArticleResult], ArticleResult] | None = None,
) -> Iterator[ArticleResult]:
    """Run the per-article stage for every article, on up to `jobs` processes.

    Results are yielded in the articles' order as they come, so the caller can
    work on the first ones while the workers do the rest; consume them all. `finish`,
    when given, is run on each result in the worker that made it (forked workers only:
    it shares the caller's objects); in one process, the caller does that work itself.
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    jobs = min(jobs, len(articles))
    tracked = progress.track("Annotating", articles)
    if jobs <= 1 or len(articles) < MIN_PARALLEL:
        yield from (annotate_article(a, context) for a in tracked)
        return
    size = max(1, min(CHUNK_MAX, len(articles) // (jobs * 8)))
    chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
    # Forked workers share what is loaded; frozen, the collector does not copy it into each.
    gc.freeze()
    mp_context = _context()
    if mp_context.get_start_method() != "fork":
        finish = None  # a spawned worker would need it pickled, and with it the layouts
    with ProcessPoolExecutor(
        jobs,
        mp_context=mp_context,
        initializer=_set_context,
        initargs=(context, gc.get_threshold(), finish),
    ) as pool:
        # A window of chunks in flight, not all of them: results the main process has not
        # taken yet are held whole in its memory (a realistic article's is ~0.2 MB
        # pickled), and it is often the slower side.
        window: deque[Future[list[ArticleResult]]] = deque()
        pending = iter(chunks)
        for chunk in islice(pending, jobs * IN_FLIGHT):
            window.append(pool.submit(_annotate_chunk, chunk))
        gc.unfreeze()
        tracked_articles = iter(tracked)
        while window:
            results = window.popleft().result()
            following = next(pending, None)
            if following is not None:
                window.append(pool.submit(_annotate_chunk, following))
            # Each result advances the bar. A result holds a copy of its article made by
            # pickling: the one already in memory replaces it.
            for result in results:
                yield with_article(result, next(tracked_articles))


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the loaded glossary for free, but is unsafe once other threads run
    # (a dev server's); spawn pickles the context once per worker instead.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


_worker_context: ArticleContext | None = None
"""Set once in each worker process by the pool's initializer."""
_worker_finish: Callable[[ArticleResult], ArticleResult] | None = None


def _set_context(
    context: ArticleContext,
    gc_thresholds: tuple[int, ...],
    finish: Callable[[ArticleResult], ArticleResult] | None,
) -> None:
    global _worker_context, _worker_finish
    _worker_context = context
    _worker_finish = finish
    gc.set_threshold(*gc_thresholds)  # as the parent's, also for a spawned worker


def _annotate_chunk(articles: Sequence[Article]) -> list[ArticleResult]:
    assert _worker_context is not None
    results = [annotate_article(article, _worker_context) for article in articles]
    if _worker_finish is not None:
        return [_worker_finish(result) for result in results]
    return results
