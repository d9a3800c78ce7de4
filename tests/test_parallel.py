"""The per-article stage on several processes gives the same site as on one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import generate
from builder.diagnostics import BuildFailed
from builder.parallel import MIN_PARALLEL
from builder.pipeline import BuildOptions, build_site
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
