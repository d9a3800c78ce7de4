"""An EPUB chapter in Chromium (as an XHTML file, parsed as XML): it renders, its notes and
verdict labels read as text, with the reader's colours in light and dark schemes; the
screenshots go to test-artifacts/."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from builder.cli import main
from tests.support import epub_site
from tests.support.browser import ARTIFACTS
from tests.support.sites import MakeSite


@pytest.fixture
def unpacked(make_site: MakeSite, tmp_path: Path) -> Path:
    site = make_site(epub_site.FILES, site_yaml=None)
    out = tmp_path / "book.epub"
    assert main(["epub", "--site", str(site), "--out", str(out), "-q"]) == 0
    folder = tmp_path / "book"
    with zipfile.ZipFile(out) as book:
        book.extractall(folder)
    return folder / "EPUB"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chapter_renders_with_readable_notes(browser: Browser, unpacked: Path, scheme: str) -> None:
    page = browser.new_page(viewport={"width": 600, "height": 900}, color_scheme=scheme)
    try:
        page.goto((unpacked / "chapter-00001.xhtml").as_uri())
        assert page.locator("parsererror").count() == 0  # well-formed: Chromium parsed it as XML
        assert page.evaluate("document.contentType") == "application/xhtml+xml"
        assert page.locator("h1").inner_text() == "Le premier article & ses notes"
        refs = page.locator("a[role=doc-noteref]")
        assert refs.count() == page.locator("aside[role=doc-footnote]").count() == 3
        verdict = page.locator("aside .verdict")
        assert verdict.inner_text() == "Plutôt exact"  # a word, not a colour (the site is French)
        style = verdict.evaluate(
            "el => [getComputedStyle(el).fontWeight, getComputedStyle(el).borderTopStyle]"
        )
        assert style == ["700", "solid"]  # the stylesheet loaded
        body_size = page.evaluate("getComputedStyle(document.body).fontSize")
        assert body_size == "16px"  # the reader's default size, not one the book sets
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"epub-chapter-{scheme}.png"), full_page=True)
    finally:
        page.close()
