"""Builds as the tests need them: as the CLI builds, or one article's full result."""

from __future__ import annotations

from pathlib import Path

from builder.anchor.annotate import AnnotatedArticle
from builder.anchor.article import ArticleContext, annotate_article
from builder.diagnostics import Diagnostics
from builder.incremental.cache import BuildCache
from builder.load.inputs import load_inputs
from builder.pipeline import BuildOptions, BuildResult, build_site


def build_cached(site: Path, out: Path, options: BuildOptions | None = None) -> BuildResult:
    """Build as the CLI does: with the site's build cache, saved afterwards."""
    cache = BuildCache.open(site, output=out)
    result = build_site(site, out, options or BuildOptions(), cache)
    cache.save()
    return result


def annotate_site(site: Path) -> list[AnnotatedArticle]:
    """Every article of a site through the per-article stage: notes and all (a build keeps
    only summaries)."""
    inputs = load_inputs(site, None, Diagnostics())
    context = ArticleContext(site, inputs.config, inputs.glossary, inputs.sidecars)
    results = [annotate_article(article, context) for article in inputs.articles]
    return [r.annotated for r in results if r.annotated is not None]
