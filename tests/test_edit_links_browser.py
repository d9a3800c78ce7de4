"""Edit links in a real browser: axe stays clean with them, and a note's popover carries
its edit link (the popover copies the note's endnote entry)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from builder.pipeline import BuildOptions, build_site
from tests.support.browser import open_page, run_axe
from tests.support.hosting import static_host
from tests.support.sites import REPO, SLUG

REPOSITORY = 'repository: {url: "https://gitlab.com/owner/edition", branch: live}\n'
ARTICLE = f"articles/{SLUG}/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled edition with a `repository`, built and served under a sub-path."""
    folder = tmp_path_factory.mktemp("edit-links")
    shutil.copytree(REPO / "content", folder / "content")
    config = (REPO / "site.yaml").read_text(encoding="utf-8") + REPOSITORY
    (folder / "site.yaml").write_text(config, encoding="utf-8")
    out = folder / "public"
    with static_host(out, "/edition/") as url:
        build_site(folder, out, BuildOptions(base_url=url))
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [ARTICLE, "glossary/yongbyon/index.html"])
def test_axe_is_clean_with_edit_links(browser: Browser, site: str, path: str, scheme: str) -> None:
    page = open_page(browser, site + path, width=1280, scheme=scheme)
    assert page.locator("a[data-edit-note], a[data-edit-entry]").count() >= 1
    assert run_axe(page) == []
    page.context.close()


def test_a_popover_carries_the_edit_link_of_its_note(browser: Browser, site: str) -> None:
    page = open_page(browser, site + ARTICLE, width=1440)
    page.locator(".fact-badge a").first.click()
    link = page.locator("#ed-popover a[data-edit-note]")
    link.wait_for()
    href = link.get_attribute("href") or ""
    assert href.startswith(
        f"https://gitlab.com/owner/edition/-/blob/live/content/articles/{SLUG}.annotations.yaml#L"
    )
    assert run_axe(page) == []
    page.context.close()
