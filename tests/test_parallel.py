"""The per-article stage on several processes gives the same site as on one."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from bench.corpus import generate
from builder import parallel
from builder.anchor.annotate import AnnotatedArticle
from builder.anchor.article import ArticleResult
from builder.diagnostics import BuildFailed
from builder.incremental.cache import BuildCache
from builder.incremental.memo import NO_MEMO, Outcome
from builder.parallel import MIN_PARALLEL
from builder.pipeline import BuildOptions, build_site
from builder.render.article_pages import ArticleFiles, ArticlePages
from builder.site import OutputFile
from tests.support.snapshots import tree


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("corpus") / "site"
    generate(site, articles=MIN_PARALLEL + 4, words=300, annotations=8, terms=30, seed=5)
    return site


def test_jobs_do_not_change_the_output(corpus: Path, tmp_path: Path) -> None:
    one = build_site(corpus, tmp_path / "one", BuildOptions(jobs=1))
    two = build_site(corpus, tmp_path / "two", BuildOptions(jobs=2))
    assert one.articles == two.articles and len(one.articles) == MIN_PARALLEL + 4
    assert [(w.location, w.message) for w in one.warnings] == [
        (w.location, w.message) for w in two.warnings
    ]
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    files = [path for path, data in tree(tmp_path / "one").items() if data is not None]
    assert len(files) > 2 * MIN_PARALLEL


def test_errors_are_the_same_on_several_processes(corpus: Path, tmp_path: Path) -> None:
    sidecar = corpus / "content/articles/article-00003.annotations.yaml"
    article = corpus / "content/articles/article-00007.md"
    saved = sidecar.read_bytes(), article.read_bytes()
    try:
        sidecar.write_text(
            "annotations:\n  - kind: footnote\n    quote: nowhere at all\n    note: x\n"
        )
        article.write_text(article.read_text() + "\nExtra paragraph.\n")
        failures = []
        for jobs in (1, 2):
            with pytest.raises(BuildFailed) as failed:
                build_site(corpus, tmp_path / "out", BuildOptions(jobs=jobs))
            failures.append([str(d) for d in failed.value.diagnostics])
        assert failures[0] == failures[1]
        assert any("quote-not-found" in d for d in failures[0])
    finally:
        sidecar.write_bytes(saved[0])
        article.write_bytes(saved[1])


def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork the workers, as a build does in a process with one thread: an earlier test
    may have left a thread running in this one (then they are spawned, and make no
    files)."""
    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context("fork"))


def test_workers_make_the_article_pages(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The main process only writes the pages the workers made (and scanned): rendering
    them there again would make it the slower side of a build."""
    pids = tmp_path / "pids"
    page = ArticleFiles.page

    def noted(self: ArticleFiles, item: AnnotatedArticle) -> OutputFile | None:
        with pids.open("a") as file:  # the workers are forked: they run this too
            file.write(f"{os.getpid()}\n")
        return page(self, item)

    monkeypatch.setattr(ArticleFiles, "page", noted)
    forked(monkeypatch)
    build_site(corpus, tmp_path / "out", BuildOptions(jobs=2))
    made_in = pids.read_text().split()
    assert len(made_in) == MIN_PARALLEL + 4
    assert str(os.getpid()) not in made_in


def test_with_the_cache_workers_send_records_not_trees_and_the_site_is_the_same(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    shutil.copytree(corpus, site)
    build_site(site, tmp_path / "plain", BuildOptions(jobs=1))
    received: list[Outcome] = []
    add = ArticlePages.add
    monkeypatch.setattr(ArticlePages, "add", lambda pages, o: (received.append(o), add(pages, o)))
    forked(monkeypatch)
    out = tmp_path / "out"
    build_site(site, out, BuildOptions(jobs=2), BuildCache.open(site, output=out))
    assert tree(out) == tree(tmp_path / "plain")
    results = [o for o in received if isinstance(o, ArticleResult)]
    assert len(results) == MIN_PARALLEL + 4
    assert all(r.annotated is None and r.record and r.made for r in results)
    # The records the workers made are the cache's: an edit rebuilds as a clean build.
    sidecar = site / "content/articles/article-00004.annotations.yaml"
    sidecar.write_text(sidecar.read_text().replace("note: ", "note: Edited. ", 1))
    build_site(site, out, BuildOptions(jobs=2), BuildCache.open(site, output=out))
    build_site(site, tmp_path / "clean", BuildOptions(jobs=1))
    assert tree(out) == tree(tmp_path / "clean") != tree(tmp_path / "plain")


@pytest.mark.parametrize("cached", [False, True])
def test_a_page_that_fails_to_render_in_a_worker_is_reported_as_on_one_process(
    corpus: Path, tmp_path: Path, cached: bool
) -> None:
    """The main process renders it again (from the worker's record, with the cache)."""
    layout = corpus / "layouts/article.html"
    layout.parent.mkdir(exist_ok=True)
    layout.write_text("<p>{{ no_such_value.title }}</p>\n")
    try:
        failures = []
        for jobs in (1, 2):
            out = tmp_path / f"out{jobs}"
            memo = BuildCache.open(corpus, output=out) if cached else NO_MEMO
            with pytest.raises(BuildFailed) as failed:
                build_site(corpus, out, BuildOptions(jobs=jobs), memo)
            failures.append([str(d) for d in failed.value.diagnostics])
        assert failures[0] == failures[1]
        assert failures[0] and all("no_such_value" in d for d in failures[0])
        assert "layouts/article.html:1" in failures[0][0]
    finally:
        layout.unlink()
        shutil.rmtree(corpus / ".cache", ignore_errors=True)


def test_an_edition_with_its_e_book_is_the_same_from_forked_workers(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The e-book's chapters need each annotated article whole: the workers keep it in
    what they send, with the cache too, and the site and its EPUB come out the same."""
    site = tmp_path / "site"
    shutil.copytree(corpus, site)
    with (site / "site.yaml").open("a") as config:
        config.write("epub: true\n")
    build_site(site, tmp_path / "one", BuildOptions(jobs=1))
    forked(monkeypatch)
    out = tmp_path / "two"
    build_site(site, out, BuildOptions(jobs=2), BuildCache.open(site, output=out))
    assert tree(out) == tree(tmp_path / "one")
    assert any(path.endswith(".epub") for path in tree(out))
