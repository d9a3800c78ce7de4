"""The search index: which pages Pagefind gets, and a clear error when it cannot run."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import BuildResult, build_site
from builder.diagnostics import BuildFailed
from tests.conftest import MakeSite


def test_index_covers_articles_and_terms_only(bundled: tuple[Path, BuildResult]) -> None:
    out, result = bundled
    bundle = {f.path for f in result.files if f.path.startswith("pagefind/")}
    assert {
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
    } <= bundle
    assert all((out / path).is_file() for path in bundle)
    fragments = [p for p in bundle if p.startswith("pagefind/fragment/")]
    assert len(fragments) == 1 + 17  # the article and the glossary terms, not list pages


def test_a_broken_pagefind_fails_the_build_and_keeps_the_old_site(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site({"content/articles/a.md": "Text.\n"})
    out = tmp_path / "out"
    build_site(site, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(BuildFailed) as failed:
        build_site(site, out)
    [problem] = failed.value.diagnostics
    assert problem.code == "search-index"
    assert "Pagefind could not build the search index" in problem.message
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_an_unchanged_set_of_pages_keeps_its_bundle(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder import build
    from builder.cache import BuildCache

    site = make_site({"content/articles/a.md": "Text about Yongbyon.\n"})
    out = tmp_path / "out"
    cache = BuildCache.open(site)
    first = build_site(site, out, cache=cache)
    runs: list[int] = []
    real = build.index_pages

    def counted(*args: object) -> object:
        runs.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "index_pages", counted)
    again = build_site(site, out, cache=cache)
    assert runs == []  # nothing indexed changed: the bundle in out/ was reused
    assert {f.path: f.content for f in again.files} == {f.path: f.content for f in first.files}
    (site / "content/articles/a.md").write_text("Text about Kaesong.\n")
    build_site(site, out, cache=cache)
    assert runs == [1]
