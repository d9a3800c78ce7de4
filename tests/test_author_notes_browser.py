"""The author's own footnotes in Chromium: axe finds nothing, their markers open a popover
labelled as the author's, and without JavaScript a marker leads to its note and back.

The page is the essay fixture (tests/support/essay.py), opened from disk: author's notes
and the edition's notes both, one of the edition's inside an author's note.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from builder.pipeline import build_site
from tests.support import essay
from tests.support.browser import open_page, run_axe
from tests.support.sites import write_site


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    site = write_site(tmp_path_factory.mktemp("essay"), essay.FILES, layouts=False)
    out = site / "public"
    build_site(site, out)
    return (out / f"articles/{essay.SLUG}/index.html").as_uri()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1440])
def test_axe_finds_nothing_with_an_authors_note_open(
    browser: Browser, url: str, width: int, scheme: str
) -> None:
    page = open_page(browser, url, width=width, scheme=scheme)
    assert run_axe(page) == []
    page.locator("#author-ref-1").click()
    page.wait_for_function("() => document.querySelector('#ed-popover:popover-open') !== null")
    assert run_axe(page) == []
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


def test_a_marker_opens_the_authors_note_in_a_popover(browser: Browser, url: str) -> None:
    page = open_page(browser, url, width=1440)
    page.locator("#author-ref-3").click()
    pop = page.locator("#ed-popover")
    page.wait_for_function("() => document.querySelector('#ed-popover:popover-open') !== null")
    assert pop.locator(".ed-popover-title").inner_text() == "Author’s note 3"
    assert pop.locator(".ed-popover-body").inner_text().strip() == (
        "They were found when the docks were rebuilt in 1960."
    )
    assert pop.locator("[role=doc-backlink]").count() == 0
    page.keyboard.press("Escape")
    page.context.close()


def test_without_javascript_a_marker_leads_to_its_note_and_back(browser: Browser, url: str) -> None:
    page = open_page(browser, url, width=1440, height=700, javascript=False)
    page.locator("#author-ref-1-2").click()
    assert page.url.endswith("#author-note-1")
    note = page.locator("#author-note-1")
    found = note.bounding_box()
    assert found is not None and -1 <= found["y"] < 700
    assert page.locator(".author-note:target").count() == 1
    note.locator("[role=doc-backlink]").nth(1).click()
    assert page.url.endswith("#author-ref-1-2")
    assert Path(page.url.split("#")[0][len("file://") :]).name == "index.html"
    page.context.close()


def test_hiding_the_editions_notes_leaves_the_authors(browser: Browser, url: str) -> None:
    """The reader options switch the edition's notes off; the author's are the text."""
    page = open_page(browser, url, width=1440)
    page.locator("#ed-show-footnote").uncheck()
    assert not page.locator("#ref-quays").is_visible()
    assert page.locator("#author-ref-1").is_visible()
    assert page.locator("#author-note-3").is_visible()
    page.context.close()
