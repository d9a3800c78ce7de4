"""The pages of tags, series and the archive in a real browser: axe finds no WCAG A/AA
violation in light and dark schemes, and every page reads the same without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser

from builder.pipeline import BuildOptions, build_site
from tests.support import taxonomy_site as tx
from tests.support.browser import open_page, run_axe
from tests.support.hosting import static_host
from tests.support.sites import write_site

PAGES = [
    "index.html",
    "archive/index.html",
    "tags/index.html",
    "tags/économie/index.html",
    "tags/الاقتصاد/index.html",
    "series/index.html",
    "series/the-rate-cycle/index.html",
    "articles/rates-hold/index.html",
    "glossary/index.html",
    "glossary/inflation/index.html",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("taxonomy-browser")
    folder = write_site(root / "site", tx.FILES, tx.SITE_YAML, layouts=False)
    with static_host(root / "out", "/tx/") as url:
        build_site(folder, root / "out", BuildOptions(base_url=url))
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations_on_the_lists(
    browser: Browser, site: str, path: str, scheme: str
) -> None:
    page = open_page(browser, site + quote(path), width=1280, scheme=scheme)
    assert page.title()  # the page was found
    assert run_axe(page) == []
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.mark.parametrize("path", PAGES[1:7])
def test_the_lists_read_the_same_without_javascript(browser: Browser, site: str, path: str) -> None:
    texts = []
    for javascript in (True, False):
        page = open_page(browser, site + quote(path), width=375, javascript=javascript)
        texts.append(page.locator("main").inner_text())
        page.context.close()
    assert texts[0] == texts[1] and texts[0].strip()
