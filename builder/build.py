"""build_site(): run the stages in order, nothing else.

Read everything, report every input problem at once, transform, render, and
write last. `check_site` is the same without the search index and the write.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from builder.annotate import AnnotatedArticle
from builder.annotations import report_orphan_sidecars, sidecar_paths
from builder.articles import load_articles
from builder.cache import BuildCache, page_keys
from builder.config import CONFIG_FILE, load_config, normalize_base_url
from builder.diagnostics import Diagnostic, Diagnostics, SourceLocation
from builder.feeds import render_feeds
from builder.glossary import Glossary, load_glossary
from builder.jsonld import annotations_path
from builder.layouts import (
    LAYOUTS_DIR,
    OutputFile,
    Renderer,
    article_path,
    glossary_letters,
    term_pages,
    term_path,
)
from builder.lock import build_lock
from builder.markdown_render import render_note
from builder.output import (
    check_output_dir,
    check_paths,
    collect_assets,
    source_date_epoch,
    update_site,
    write_site,
)
from builder.paths import check_symlinks
from builder.progress import NO_PROGRESS, Progress
from builder.search import (
    DocWords,
    SearchDoc,
    article_doc,
    doc_words,
    search_files,
    term_doc,
    unpack_words,
)
from builder.site_check import check_site_links, scan_page
from builder.workers import Shared, annotate_articles

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


def check_site(
    site_dir: Path,
    strict: bool = False,
    jobs: int | None = None,
    base_url: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> BuildResult:
    """Validate and render the whole site in memory; raise BuildFailed on errors.

    `jobs` is the number of processes for the per-article stage (default: one per core);
    `base_url` overrides site.yaml's (build --base-url, e.g. for a preview deployment).
    """
    return _render_site(site_dir, strict, jobs, base_url, progress, None, None)


def build_site(
    site_dir: Path,
    out_dir: Path,
    strict: bool = False,
    jobs: int | None = None,
    cache: BuildCache | None = None,
    base_url: str | None = None,
    progress: Progress = NO_PROGRESS,
    in_place: bool = False,
) -> BuildResult:
    """Build the site in `site_dir` into `out_dir`; raise BuildFailed on errors.

    With a `cache` (`BuildCache.open(site_dir)`, or one kept across builds by a
    long-running process), only what changed since the last build is redone and
    rewritten; the output is byte-identical to a build without it. `in_place`
    (with a cache; for a folder only the caller serves, like the dev server's)
    replaces changed files one by one instead of swapping in a new tree.
    """
    diags = Diagnostics(strict=strict)
    check_output_dir(out_dir, site_dir, diags)
    mtime = source_date_epoch(diags)
    diags.raise_if_errors()
    with build_lock(out_dir):
        result = _render_site(site_dir, strict, jobs, base_url, progress, cache, out_dir)
        if not result.base_url:
            log.warning(
                "%s has no base_url: canonical links, Open Graph URLs, sitemap.xml and feed.xml "
                "are left out (set it, or pass --base-url)",
                CONFIG_FILE,
            )
        files = list(result.files)
        if cache is None:
            write_site(files, out_dir, mtime)  # write
            return result
        out = str(out_dir.absolute())
        cache.outputs[out] = update_site(
            files, out_dir, cache.outputs.get(out), mtime, in_place=in_place
        )
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
) -> BuildResult:
    diags = Diagnostics(strict=strict)
    for folder in ("content", LAYOUTS_DIR):
        check_symlinks(site_dir, folder, diags)  # before anything reads through them
    config = load_config(site_dir, diags)
    diags.raise_if_errors()
    assert config is not None
    if base_url is not None:
        config = replace(config, base_url=normalize_base_url(base_url))
    articles = load_articles(site_dir, diags)  # read
    glossary = load_glossary(site_dir, diags)
    sidecars = sidecar_paths(site_dir)
    report_orphan_sidecars(sidecars, {a.slug for a in articles}, diags)
    shared = Shared(site_dir, config, glossary, strict, sidecars)
    plan = cache.plan(site_dir, articles, sidecars, glossary, config, strict) if cache else None
    todo = plan.todo if plan else articles
    done = dict(
        zip((a.slug for a in todo), annotate_articles(todo, shared, jobs, progress), strict=True)
    )
    reused = plan.reused if plan else {}
    results = {a.slug: done[a.slug] if a.slug in done else reused[a.slug] for a in articles}
    for slug in sidecars:  # sidecar problems in file order, as if read one after another
        if slug in results:
            diags.items.extend(results[slug].load_problems)
    diags.raise_if_errors()
    for result in results.values():  # transform
        diags.items.extend(result.anchor_problems)
    annotated = [r.annotated for r in results.values() if r.annotated is not None]
    _warn_unused_terms(annotated, glossary.entries, diags)
    diags.raise_if_errors()
    renderer = Renderer(config, diags)  # render
    keys: dict[str, str] = {}
    if cache is None:
        pages = term_pages(glossary, annotated)
    else:
        pages = term_pages(
            glossary, annotated, partial(cache.render_definition, render=render_note)
        )
        records = cache.remember(plan.keys if plan else {}, results, glossary)
        keys = page_keys(site_dir, config, annotated, pages, records)
    by_term = {page.entry.id: page for page in pages}
    letters = glossary_letters(pages)
    rendered = [
        renderer.render_home(annotated, glossary),
        renderer.render_glossary_index(glossary, pages),
        renderer.render_not_found(),
    ]

    def render(path: str, source: str, make: Callable[[], OutputFile | None]) -> OutputFile | None:
        content = cache.reuse_page(path, keys[path], out_dir) if cache else None
        return make() if content is None else OutputFile(path, content, source)

    for i, item in enumerate(progress.track("Rendering", annotated)):
        previous = annotated[i - 1] if i else None
        following = annotated[i + 1] if i + 1 < len(annotated) else None
        rendered.append(
            render(
                article_path(item),
                item.article.path,
                partial(renderer.render_article, item, previous, following, by_term),
            )
        )
    for page in pages:
        rendered.append(
            render(term_path(page), page.entry.path, partial(renderer.render_term, page, letters))
        )
    rendered += [renderer.render_search()]
    for item in annotated:
        rendered.append(
            render(
                annotations_path(item),
                item.article.path,
                partial(renderer.render_annotations, item),
            )
        )
    made = [f for f in rendered if f is not None]
    docs = [article_doc(item, config) for item in annotated] + [term_doc(p) for p in pages]
    counted = {
        article_path(r.annotated): unpack_words(r.search_words)
        for r in results.values()
        if r.annotated
    }

    def words_of(doc: SearchDoc) -> DocWords:
        """Articles' words come from the per-article stage; terms' are counted here."""
        if doc.path in counted:
            return counted[doc.path]
        return cache.search_words(doc) if cache else doc_words(doc)

    search = search_files(docs, words_of)
    files = made + render_feeds(config, annotated, made) + search + collect_assets(site_dir, diags)
    check_paths(files, diags)
    diags.raise_if_errors()
    check_site_links(files, site_dir, diags, partial(cache.scan, keys) if cache else scan_page)
    diags.raise_if_errors()
    if cache:
        cache.pages = keys
    return BuildResult(
        tuple(files),
        tuple(diags.warnings),
        len(articles),
        len(pages),
        tuple(annotated),
        glossary,
        base_url=config.base_url,
    )


def _warn_unused_terms(
    annotated: list[AnnotatedArticle], entries: Mapping[str, object], diags: Diagnostics
) -> None:
    used = {use.term for item in annotated for use in item.term_uses}
    for term_id in entries:
        if term_id not in used:
            diags.warning(
                SourceLocation(f"content/glossary/{term_id}.yaml"),
                "unused-term",
                f"no article uses glossary term '{term_id}'",
                "add an alias that occurs in an article, link it with a term "
                "annotation, or remove the entry",
            )
