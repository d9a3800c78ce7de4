"""build_site(): run the stages in order, nothing else.

Read everything, report every input problem at once, transform, render, and
write last. `check_site` is the same without the search index and the write.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from builder.anchor.annotate import AnnotatedArticle
from builder.anchor.markdown.render import render_note
from builder.diagnostics import Diagnostic, Diagnostics, SourceLocation
from builder.incremental.cache import BuildCache, PageKeys, template_cache_dir
from builder.load.annotations import sidecar_paths
from builder.load.articles import load_articles
from builder.load.config import CONFIG_FILE, load_config, normalize_base_url, read_source_date_epoch
from builder.load.glossary import Glossary, GlossaryEntry, load_glossary
from builder.parallel import ArticleResult, Shared, annotate_articles
from builder.progress import NO_PROGRESS, Progress
from builder.render.article_files import ArticleFiles
from builder.render.feeds import render_feeds
from builder.render.layouts import (
    LAYOUTS_DIR,
    OutputFile,
    Renderer,
    glossary_letters,
    term_cards,
    term_pages,
)
from builder.render.search import (
    SearchDoc,
    SearchEntry,
    doc_words,
    pack_words,
    search_files,
    term_doc,
    text_file,
)
from builder.render.site_check import check_site_links
from builder.site import check_symlinks
from builder.write.lock import build_lock
from builder.write.output import (
    Stage,
    check_output_dir,
    check_paths,
    collect_assets,
    stage_for,
    update_site,
    write_site,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildResult:
    files: tuple[OutputFile, ...]
    warnings: tuple[Diagnostic, ...]
    articles: int
    terms: int
    annotated: tuple[AnnotatedArticle, ...] = ()
    """The articles with their notes, term uses and drifted annotations (for fix and stats)."""
    glossary: Glossary | None = None
    base_url: str = ""
    source_epoch: int | None = None


def check_site(
    site_dir: Path,
    strict: bool = False,
    jobs: int | None = None,
    base_url: str | None = None,
    progress: Progress = NO_PROGRESS,
    cache: BuildCache | None = None,
    built: Path | None = None,
) -> BuildResult:
    """Validate and render the whole site in memory; raise BuildFailed on errors.

    `jobs` is the number of processes for the per-article stage (default: one per core);
    `base_url` overrides site.yaml's (build --base-url, e.g. for a preview deployment).
    With a `cache` (`BuildCache.open(site_dir, read_only=True)` writes nothing), only
    what changed since the last build is redone; pages that did not change are taken
    from `built`, that build's output folder, which is only read.
    """
    return _render_site(site_dir, strict, jobs, base_url, progress, cache, built)


def build_site(
    site_dir: Path,
    out_dir: Path,
    strict: bool = False,
    jobs: int | None = None,
    cache: BuildCache | None = None,
    base_url: str | None = None,
    progress: Progress = NO_PROGRESS,
    in_place: bool = False,
    save_cache: bool = True,
) -> BuildResult:
    """Build the site in `site_dir` into `out_dir`; raise BuildFailed on errors.

    With a `cache` (`BuildCache.open(site_dir)`, or one kept across builds by a
    long-running process), only what changed since the last build is redone and
    rewritten; the output is byte-identical to a build without it. `in_place`
    (with a cache; for a folder only the caller serves, like the dev server's)
    replaces changed files one by one instead of swapping in a new tree. Without
    `save_cache` the caller saves the cache when it likes (the dev server: after it
    has told the pages to reload).
    """
    diags = Diagnostics(strict=strict)
    check_output_dir(out_dir, site_dir, diags)
    diags.raise_if_errors()
    with build_lock(out_dir), stage_for(out_dir, cache.outputs if cache else None) as stage:
        result = _render_site(site_dir, strict, jobs, base_url, progress, cache, out_dir, stage)
        if not result.base_url:
            log.warning(
                "%s has no base_url: canonical links, Open Graph URLs, sitemap.xml and feed.xml "
                "are left out (set it, or pass --base-url)",
                CONFIG_FILE,
            )
        files, mtime = list(result.files), result.source_epoch
        if cache is None:
            write_site(files, out_dir, mtime, stage=stage)  # write
            return result
        update_site(files, out_dir, cache.outputs, mtime, in_place=in_place, stage=stage)
        if save_cache:
            cache.save()
    return result


def _render_site(
    site_dir: Path,
    strict: bool,
    jobs: int | None,
    base_url: str | None,
    progress: Progress,
    cache: BuildCache | None,
    out_dir: Path | None,
    stage: Stage | None = None,
) -> BuildResult:
    diags = Diagnostics(strict=strict)
    for folder in ("content", LAYOUTS_DIR):
        check_symlinks(site_dir, folder, diags)  # before anything reads through them
    config = load_config(site_dir, diags)
    epoch = read_source_date_epoch(diags)
    diags.raise_if_errors()
    assert config is not None
    config = replace(config, source_epoch=epoch)
    if base_url is not None:
        config = replace(config, base_url=normalize_base_url(base_url))
    articles = load_articles(  # read
        site_dir, diags, cache.sources if cache else None, cache.front_matters if cache else None
    )
    glossary = load_glossary(site_dir, diags, cache.entries if cache else None)
    sidecars = sidecar_paths(site_dir, {a.slug for a in articles}, diags)
    shared = Shared(site_dir, config, glossary, sidecars)
    plan = cache.plan(site_dir, articles, sidecars, glossary, config) if cache else None
    reused = plan.reused if plan else {}
    # Template errors count only once the input has none, as if rendering came last.
    render_diags = Diagnostics(strict=strict)
    renderer = Renderer(config, render_diags, template_cache_dir() if cache else None)
    definition = partial(cache.render_definition, render=render_note) if cache else render_note
    made = ArticleFiles(
        renderer,
        config,
        term_cards(glossary, diags, definition),
        cache,
        out_dir,
        PageKeys.for_site(site_dir, config) if cache else None,
        plan.sources if plan else {},
        stage,
    )
    done = annotate_articles(plan.todo if plan else articles, shared, jobs, progress)
    problems: dict[str, ArticleResult] = {}  # the results' diagnostics alone
    for article in articles:  # the files of the first articles are made while workers run
        result = reused[article.slug] if article.slug in reused else next(done)
        problems[article.slug] = ArticleResult(None, result.load_problems, result.anchor_problems)
        made.add(result, plan.keys[article.slug] if plan else "")
    made.finish()
    next(done, None)  # none is left: this ends the bar and shuts the workers down
    for slug in sidecars:  # sidecar problems in file order, as if read one after another
        if slug in problems:
            diags.extend(problems[slug].load_problems)
    diags.raise_if_errors()
    for result in problems.values():  # transform
        diags.extend(result.anchor_problems)
    annotated = made.annotated
    _warn_unused_terms(annotated, glossary.entries, diags)
    diags.raise_if_errors()
    pages = term_pages(glossary, annotated, made.cards)
    letters = glossary_letters(pages)
    initials = "".join(sorted({page.entry.term[:1].upper() for page in pages}))
    rendered = [
        made.home(glossary),
        renderer.render_glossary_index(glossary, pages),
        renderer.render_not_found(),
        *made.pages,
    ]
    rendered += [made.term_page(page, initials, letters) for page in pages]
    rendered += [renderer.render_search(), *made.collections]
    diags.items.extend(render_diags.items)
    files = [f for f in rendered if f is not None]
    terms = {doc.path: doc for doc in map(term_doc, pages)}

    search = _search_files(made, made.search + [doc.entry for doc in terms.values()], terms, cache)
    search += map(text_file, terms.values())
    files += render_feeds(config, annotated, files, made.keep)
    files += search + collect_assets(site_dir, diags)
    check_paths(files, diags)
    diags.raise_if_errors()
    check_site_links(files, site_dir, diags, made.scan, made.link_check_scope(files))
    diags.raise_if_errors()
    if cache:
        cache.commit(glossary, made.page_keys, made.reads_records)
    return BuildResult(
        tuple(files),
        tuple(diags.warnings),
        len(articles),
        len(pages),
        tuple(annotated),
        glossary,
        base_url=config.base_url,
        source_epoch=config.source_epoch,
    )


def _search_files(
    made: ArticleFiles,
    entries: list[SearchEntry],
    terms: Mapping[str, SearchDoc],
    cache: BuildCache | None,
) -> list[OutputFile]:
    """The search index: articles' words come from the per-article stage (or their
    records), terms' are counted here. With a cache, a document whose words' hash did
    not change is not even read, and the shards an edit touches are read back from the
    output folder (`search.Postings`)."""

    def words_of(entry: SearchEntry) -> str:
        if entry.path in made.slugs:
            words = made.words[entry.path]
            return words or (cache.article_words(made.slugs[entry.path]) if cache else "")
        doc = terms[entry.path]
        return cache.search_words(doc) if cache else pack_words(doc_words(doc))

    if cache is None:
        return search_files(entries, words_of)

    def version_of(entry: SearchEntry) -> str:
        if entry.path in made.slugs:
            return cache.summary(made.slugs[entry.path]).words[1]
        return cache.words_key(terms[entry.path])

    def previous(entry: SearchEntry, version: str) -> str | None:
        if entry.path in made.slugs:
            return cache.previous_words(made.slugs[entry.path], version)
        return cache.words.get(version)

    cache.search.stored = made.stored_shard
    try:
        return search_files(entries, words_of, made.keep, cache.search, version_of, previous)
    finally:
        cache.search.stored = None  # it holds this build's files: not kept past the build


def _warn_unused_terms(
    annotated: list[AnnotatedArticle], entries: Mapping[str, GlossaryEntry], diags: Diagnostics
) -> None:
    used = {use.term for item in annotated for use in item.term_uses}
    for term_id, entry in entries.items():
        if term_id not in used:
            diags.warning(
                SourceLocation(entry.path),
                "unused-term",
                f"no article uses glossary term '{term_id}'",
                "add an alias that occurs in an article, link it with a term "
                "annotation, or remove the entry",
            )
