"""build_site(): run the stages in order, nothing else.

Read everything, report every input problem at once, transform, render, and
write last. `check_site` is the same without the write.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from builder.annotate import AnnotatedArticle, annotate
from builder.annotations import load_sidecars
from builder.articles import load_articles
from builder.config import load_config
from builder.diagnostics import Diagnostic, Diagnostics, SourceLocation
from builder.glossary import load_glossary
from builder.layouts import LAYOUTS_DIR, OutputFile, Renderer, term_pages
from builder.lock import build_lock
from builder.markdown_render import render_article_tree
from builder.output import (
    check_output_dir,
    check_paths,
    collect_assets,
    source_date_epoch,
    write_site,
)
from builder.paths import check_symlinks
from builder.site_check import check_site_links

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildResult:
    files: tuple[OutputFile, ...]
    warnings: tuple[Diagnostic, ...]
    articles: int
    terms: int


def check_site(site_dir: Path, strict: bool = False) -> BuildResult:
    """Validate and render the whole site in memory; raise BuildFailed on errors."""
    diags = Diagnostics(strict=strict)
    for folder in ("content", LAYOUTS_DIR):
        check_symlinks(site_dir, folder, diags)  # before anything reads through them
    config = load_config(site_dir, diags)
    diags.raise_if_errors()
    assert config is not None
    articles = load_articles(site_dir, diags)  # read
    glossary = load_glossary(site_dir, diags)
    sidecars = load_sidecars(
        site_dir, {a.slug for a in articles}, set(glossary.entries), config, diags
    )
    diags.raise_if_errors()
    annotated = [
        annotate(
            a,
            render_article_tree(a.markdown),  # transform
            sidecars[a.slug].annotations if a.slug in sidecars else (),
            glossary,
            config,
            diags,
        )
        for a in articles
    ]
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
    check_site_links(files, site_dir, diags)
    diags.raise_if_errors()
    return BuildResult(tuple(files), tuple(diags.warnings), len(articles), len(pages))


def build_site(site_dir: Path, out_dir: Path, strict: bool = False) -> BuildResult:
    """Build the site in `site_dir` into `out_dir`; raise BuildFailed on errors."""
    diags = Diagnostics(strict=strict)
    check_output_dir(out_dir, site_dir, diags)
    mtime = source_date_epoch(diags)
    diags.raise_if_errors()
    with build_lock(out_dir):
        result = check_site(site_dir, strict)
        write_site(list(result.files), out_dir, mtime)  # write
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
