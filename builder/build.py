"""build_site(): run the stages in order, nothing else.

Read everything, report every input problem at once, transform, render, and
write last. `check_site` is the same without the write.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from builder.annotate import AnnotatedArticle
from builder.annotations import report_orphan_sidecars, sidecar_paths
from builder.articles import load_articles
from builder.config import load_config
from builder.diagnostics import Diagnostic, Diagnostics, SourceLocation
from builder.glossary import load_glossary
from builder.layouts import OutputFile, Renderer, term_pages
from builder.output import check_output_dir, check_paths, collect_assets, write_site
from builder.workers import Shared, annotate_articles

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildResult:
    files: tuple[OutputFile, ...]
    warnings: tuple[Diagnostic, ...]
    articles: int
    terms: int


def check_site(site_dir: Path, strict: bool = False, jobs: int | None = None) -> BuildResult:
    """Validate and render the whole site in memory; raise BuildFailed on errors.

    `jobs` is the number of processes for the per-article stage (default: one per core).
    """
    diags = Diagnostics(strict=strict)
    config = load_config(site_dir, diags)
    diags.raise_if_errors()
    assert config is not None
    articles = load_articles(site_dir, diags)  # read
    glossary = load_glossary(site_dir, diags)
    sidecars = sidecar_paths(site_dir)
    report_orphan_sidecars(sidecars, {a.slug for a in articles}, diags)
    shared = Shared(site_dir, config, glossary, strict, sidecars)
    done = annotate_articles(articles, shared, jobs)
    results = dict(zip((a.slug for a in articles), done, strict=True))
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
    pages = term_pages(glossary, annotated)
    rendered = [
        renderer.render_home(annotated, glossary),
        renderer.render_glossary_index(glossary, pages),
    ]
    for i, item in enumerate(annotated):
        rendered.append(
            renderer.render_article(
                item,
                annotated[i - 1] if i else None,
                annotated[i + 1] if i + 1 < len(annotated) else None,
            )
        )
    rendered += [renderer.render_term(page) for page in pages]
    files = [f for f in rendered if f is not None] + collect_assets(site_dir, diags)
    check_paths(files, diags)
    diags.raise_if_errors()
    return BuildResult(tuple(files), tuple(diags.warnings), len(articles), len(pages))


def build_site(
    site_dir: Path, out_dir: Path, strict: bool = False, jobs: int | None = None
) -> BuildResult:
    """Build the site in `site_dir` into `out_dir`; raise BuildFailed on errors."""
    diags = Diagnostics(strict=strict)
    check_output_dir(out_dir, site_dir, diags)
    diags.raise_if_errors()
    result = check_site(site_dir, strict, jobs)
    write_site(list(result.files), out_dir)  # write
    return result


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
