"""Shared fixtures: sites written inside the test, and the bundled edition built once."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from builder.anchor.annotate import AnnotatedArticle
from builder.anchor.article import ArticleContext, annotate_article
from builder.diagnostics import Diagnostics
from builder.incremental.cache import BuildCache
from builder.load.inputs import load_inputs
from builder.pipeline import BuildOptions, BuildResult, build_site
from tests.hosting import static_host

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

SITE_YAML = "title: Test Edition\ndescription: A test.\n"

MakeSite = Callable[..., Path]


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


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Write a site from {relative path: dedented text}; layouts come from the repo."""

    def make(files: dict[str, str | bytes], site_yaml: str | None = SITE_YAML) -> Path:
        site = tmp_path / "site"
        site.mkdir(exist_ok=True)
        if not (site / "layouts").exists():
            shutil.copytree(REPO / "layouts", site / "layouts")
        (site / "content" / "articles").mkdir(parents=True, exist_ok=True)
        if site_yaml is not None:
            (site / "site.yaml").write_text(site_yaml, encoding="utf-8")
        for rel, content in files.items():
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return site

    return make


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The repository's own edition, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("bundled") / "public"
    return out, build_site(REPO, out)


@pytest.fixture(scope="session")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The bundled edition built for, and served from, http://127.0.0.1:PORT/edition/."""
    out = tmp_path_factory.mktemp("hosted") / "public"
    with static_host(out, "/edition/") as url:
        build_site(REPO, out, BuildOptions(base_url=url))
        yield url, out
