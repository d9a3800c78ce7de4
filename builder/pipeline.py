"""The build, stage by stage: read, annotate, render, check, write.

`check_site` runs every stage but the last; `build_site` runs them all, writing only
at the end, into a new folder swapped in whole. Both take one `BuildOptions` and go
through the same `_render`, so `check` reports exactly what `build` would. A memo
(`incremental.memo`) lets a stage reuse what the last build made; without one,
everything is made anew, and the output is the same byte for byte.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from builder.anchor.article import ArticleContext, ArticleResult, ArticleSummary
from builder.diagnostics import Diagnostic, Diagnostics, SourceLocation
from builder.incremental.memo import NO_MEMO, Memo, Outcome, Plan
from builder.load.assets import collect_assets
from builder.load.config import SiteConfig
from builder.load.glossary import Glossary
from builder.load.inputs import Inputs, load_inputs
from builder.parallel import annotate_all
from builder.progress import NO_PROGRESS, Progress
from builder.render.article_lists import gather
from builder.render.article_pages import ArticleFiles, ArticlePages
from builder.render.epub import EpubRenderer, modified_epoch
from builder.render.epub_book import EpubBook
from builder.render.feeds import render_feeds
from builder.render.layouts import Renderer
from builder.render.pages import TermCard, term_cards, term_pages
from builder.render.search import indexed_term, search_files, term_doc, text_file
from builder.render.site_check import check_site_links
from builder.render.site_pages import render_home, render_lists, render_term_cards, render_terms
from builder.site import CONFIG_FILE, OutputFile, epub_name
from builder.write.checks import check_output_dir, check_paths
from builder.write.epub_zip import EpubZip
from builder.write.lock import build_lock
from builder.write.output import Stage
from builder.write.update import open_stage, write_output

log = logging.getLogger(__name__)

Hold = Callable[[OutputFile], OutputFile]
"""Keeps a file made early until the site is written: in the new site's folder, or compressed."""


def _as_made(file: OutputFile) -> OutputFile:
    return file


@dataclass(frozen=True, slots=True)
class BuildOptions:
    strict: bool = False
    """Warnings count as errors."""
    jobs: int | None = None
    """Processes for the per-article stage (None: one per core)."""
    base_url: str | None = None
    """Replaces site.yaml's (build --base-url, e.g. for a preview deployment)."""
    progress: Progress = NO_PROGRESS
    in_place: bool = False
    """Write changed files one by one instead of swapping in a new tree (with a memo that
    knows the output folder; for a folder only the caller serves, like the dev server's)."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    files: tuple[OutputFile, ...]
    warnings: tuple[Diagnostic, ...]
    articles: tuple[ArticleSummary, ...]
    """What fix and stats need of each article: its drifted annotations and counts."""
    glossary: Glossary
    config: SiteConfig


def check_site(
    site_dir: Path, options: BuildOptions = BuildOptions(), memo: Memo = NO_MEMO
) -> BuildResult:
    """Validate and render the whole site in memory; raise BuildFailed on errors."""
    return _render(site_dir, options, memo, None)


def build_site(
    site_dir: Path, out_dir: Path, options: BuildOptions = BuildOptions(), memo: Memo = NO_MEMO
) -> BuildResult:
    """Build the site in `site_dir` into `out_dir`; raise BuildFailed on errors."""
    diags = Diagnostics(strict=options.strict)
    check_output_dir(out_dir, site_dir, diags)
    diags.raise_if_errors()
    pending = out_dir.parent / f".{out_dir.name}.epub-{os.getpid()}"
    with build_lock(out_dir), open_stage(out_dir, memo) as stage:
        result = _render(
            site_dir,
            options,
            memo,
            stage,
            pending,
        )
        if not result.config.base_url:
            log.warning(
                "%s has no base_url: canonical links, Open Graph URLs, sitemap.xml and feed.xml "
                "are left out (set it, or pass --base-url)",
                CONFIG_FILE,
            )
        epoch = result.config.source_epoch
        try:
            write_output(list(result.files), out_dir, epoch, memo, options.in_place, stage)
            if result.config.epub:  # written beside the site while it was made: now into it
                if epoch is not None:
                    os.utime(pending, (epoch, epoch))
                os.replace(pending, out_dir / epub_name(result.config.title))
        finally:
            pending.unlink(missing_ok=True)
    return result


def epub_site(
    site_dir: Path,
    target: Path | None,
    options: BuildOptions = BuildOptions(),
    memo: Memo = NO_MEMO,
) -> tuple[Path, BuildResult]:
    """Write the edition as an EPUB to `target` (default: public/<slug>.epub) after the
    same checks of the input as `build`; raise BuildFailed on errors, writing nothing.

    With a memo that remembers (`BuildCache`), the articles the last build annotated are
    read back, not annotated again: their rendered bodies and notes make the chapters.
    """
    diags, inputs, plan, render_diags, renderer, cards = _start(site_dir, options, memo)
    config = inputs.config
    target = target or site_dir / "public" / epub_name(config.title)
    modified = modified_epoch(config, [a.date or "" for a in inputs.articles])
    slugs = [a.slug for a in inputs.articles]
    with EpubZip.open(target, modified) as archive:  # removed unless the block succeeds
        book = EpubBook(EpubRenderer(renderer, slugs), archive.add)
        _annotate(inputs, plan, book.add_outcome, options, diags)  # annotate, each chapter
        _warn_unused_terms(book.summaries, inputs.glossary, diags)
        diags.raise_if_errors()
        book.finish(inputs.glossary, cards, book.summaries, modified)  # render
        diags.items.extend(render_diags.items)
        diags.raise_if_errors()
    result = BuildResult((), tuple(diags.warnings), tuple(book.summaries), inputs.glossary, config)
    return target, result


def _start(
    site_dir: Path, options: BuildOptions, memo: Memo
) -> tuple[Diagnostics, Inputs, Plan, Diagnostics, Renderer, dict[str, TermCard]]:
    """Read the site and plan what to annotate; the renderer and the glossary's cards.

    Template errors go to a list of their own: they count only once the input has none,
    as if rendering came last."""
    diags = Diagnostics(strict=options.strict)
    inputs = load_inputs(site_dir, options.base_url, diags, memo)  # read
    plan = memo.plan(inputs)
    render_diags = Diagnostics(strict=options.strict)
    renderer = Renderer(inputs.config, render_diags, memo.layouts_cache())
    cards = term_cards(inputs.glossary, diags, memo)
    return diags, inputs, plan, render_diags, renderer, cards


def _render(
    site_dir: Path,
    options: BuildOptions,
    memo: Memo,
    stage: Stage | None,
    epub_to: Path | None = None,
) -> BuildResult:
    """Make every file of the site; with `epub_to` and `epub: true`, write the EPUB there
    too, a chapter as each article's result comes in."""
    with ExitStack() as stack:
        return _render_site(site_dir, options, memo, stage, epub_to, stack)


def _render_site(
    site_dir: Path,
    options: BuildOptions,
    memo: Memo,
    stage: Stage | None,
    epub_to: Path | None,
    stack: ExitStack,
) -> BuildResult:
    diags, inputs, plan, render_diags, renderer, cards = _start(site_dir, options, memo)
    article_files = ArticleFiles(renderer, inputs.articles, cards)
    # Files made early are kept out of memory until the site is written: in the stage (a
    # site written whole), or compressed; the pages made from every article, and the search
    # index's shards, only in a stage (compressing them would slow an edit that makes them).
    hold: Hold = stage.hold if stage else OutputFile.held_compressed
    spill: Hold = stage.hold if stage else _as_made
    pages = ArticlePages(article_files, memo, hold)
    book = None
    modified = modified_epoch(inputs.config, [a.date or "" for a in inputs.articles])
    if epub_to is not None and inputs.config.epub:
        archive = stack.enter_context(EpubZip.open(epub_to, modified))
        book = EpubBook(EpubRenderer(renderer, [a.slug for a in inputs.articles]), archive.add)
        pages.chapters = book.add_article
    finish = _in_workers(article_files.premade, None if book else memo.sent_back())
    _annotate(inputs, plan, pages.add, options, diags, finish)  # annotate, and their files
    articles = pages.summaries
    _warn_unused_terms(articles, inputs.glossary, diags)
    diags.raise_if_errors()
    terms = term_pages(inputs.glossary, articles, cards)  # render
    lists = gather(articles)
    groups: list[Callable[[], Sequence[OutputFile | None]]] = [
        lambda: [render_home(renderer, inputs.glossary, articles, lists.counts, memo)],
        lambda: render_lists(renderer, lists, memo),
        lambda: [renderer.render_glossary_index(inputs.glossary, terms)],
        lambda: [renderer.render_not_found(), *pages.pages],
        lambda: render_terms(renderer, terms, memo),
        lambda: render_term_cards(renderer, cards, memo),
        lambda: [renderer.render_search(), *pages.collections],
    ]
    files = [spill(f) for group in groups for f in group() if f is not None]  # group by group
    diags.items.extend(render_diags.items)
    term_docs = [term_doc(page, inputs.config) for page in terms]
    index = pages.search + [indexed_term(doc, memo) for doc in term_docs]
    search = search_files(index, memo) + [text_file(doc) for doc in term_docs]
    search = [spill(f) for f in search]
    files += [spill(f) for f in render_feeds(inputs.config, articles, files, memo, lists.tags)]
    files += search + collect_assets(site_dir, diags)
    check_paths(files, diags)  # check
    diags.raise_if_errors()
    epub = {epub_name(inputs.config.title)} if inputs.config.epub else set()
    check_site_links(files, site_dir, diags, memo, pages.scans, frozenset(epub))
    diags.raise_if_errors()
    if book is not None:
        book.finish(inputs.glossary, cards, articles, modified)
        diags.items.extend(render_diags.items)
        diags.raise_if_errors()
    memo.commit()
    return BuildResult(
        tuple(files), tuple(diags.warnings), tuple(articles), inputs.glossary, inputs.config
    )


def _annotate(
    inputs: Inputs,
    plan: Plan,
    add: Callable[[Outcome], None],
    options: BuildOptions,
    diags: Diagnostics,
    finish: Callable[[ArticleResult], ArticleResult] | None = None,
) -> None:
    """Run the per-article stage on the articles the plan names, on every core, and make
    each article's files as its result comes in; report every sidecar problem (in the
    sidecars' order, as if read one after another), then every anchoring problem."""
    context = ArticleContext(inputs.site_dir, inputs.config, inputs.glossary, inputs.sidecars)
    results = annotate_all(plan.todo, context, options.jobs, options.progress, finish)
    problems = {}
    for article in inputs.articles:  # the files of the first articles are made while workers run
        outcome = plan.reused.get(article.slug) or next(results)
        problems[article.slug] = (outcome.load_problems, outcome.anchor_problems)
        add(outcome)
    next(results, None)  # none is left: this ends the bar and shuts the workers down
    for slug in inputs.sidecars:
        if slug in problems:
            diags.extend(problems[slug][0])
    diags.raise_if_errors()
    for _, anchoring in problems.values():
        diags.extend(anchoring)


def _in_workers(
    make: Callable[[ArticleResult], ArticleResult],
    send: Callable[[ArticleResult], ArticleResult] | None,
) -> Callable[[ArticleResult], ArticleResult]:
    """What each worker does after annotating an article: make its files, then make of
    the result what is sent back (the EPUB's chapters need the annotated article whole)."""
    if send is None:
        return make
    return lambda result: send(make(result))


def _warn_unused_terms(
    articles: list[ArticleSummary], glossary: Glossary, diags: Diagnostics
) -> None:
    used = {term for item in articles for term in item.by_term}
    for term_id, entry in glossary.entries.items():
        if term_id not in used:
            diags.warning(
                SourceLocation(entry.path),
                "unused-term",
                f"no article uses glossary term '{term_id}'",
                "add an alias that occurs in an article, link it with a term "
                "annotation, or remove the entry",
            )
