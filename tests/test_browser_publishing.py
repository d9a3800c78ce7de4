"""In a real browser (Debian's Chromium, driven by Playwright): search, anchoring, the 404 page.

Playwright never downloads a browser here: it launches /usr/bin/chromium.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from builder.commands.serve import PreviewServer
from builder.pipeline import BuildOptions, BuildResult, build_site
from tests.support.hosting import static_host
from tests.support.sites import SLUG, MakeSite

TIMEOUT_MS = 15_000


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def test_typing_a_word_finds_it(hosted: tuple[str, Path], page: Page) -> None:
    base, _ = hosted
    page.goto(f"{base}search/index.html")
    page.get_by_label("Words in the articles").fill("Yongbyon")
    first = page.locator(".search-result-title").first
    first.wait_for()
    titles = page.locator(".search-result-title").all_inner_texts()
    assert titles[0].startswith("Yongbyon"), titles  # the term's own page ranks first
    assert "US leaves door ajar for talks with North Korea" in titles
    marked = page.locator(".search-results mark").first
    marked.wait_for()  # excerpts come from the page's text, with the word marked
    assert marked.inner_text().lower().startswith("yongbyon")
    assert page.url.endswith("?q=Yongbyon")
    href = first.get_attribute("href") or ""
    assert href.startswith(f"{base}glossary/") and href.endswith("/index.html"), href
    first.click()
    page.wait_for_url(f"{base}glossary/**/index.html")
    assert "Yongbyon" in page.locator("h1").inner_text()


def test_a_note_is_found_and_the_query_can_come_in_the_address(
    hosted: tuple[str, Path], page: Page
) -> None:
    base, _ = hosted
    # "Keqiang" is only in a fact note, not in the article's text or the glossary.
    page.goto(f"{base}search/index.html?q=Keqiang")
    page.locator(".search-result-title").first.wait_for()
    assert page.locator("#search-query").input_value() == "Keqiang"
    links = page.locator(".search-result-title").evaluate_all("els => els.map(e => e.href)")
    assert links == [f"{base}articles/{SLUG}/index.html"]
    assert page.locator("[data-search-status]").inner_text() == "1 result for “Keqiang”."


def test_every_word_must_match_and_a_word_matches_longer_ones(
    hosted: tuple[str, Path], page: Page
) -> None:
    base, _ = hosted
    page.goto(f"{base}search/index.html?q=pyongy%C3%A0ng%20Keqiang")  # accents fold
    page.locator(".search-result-title").first.wait_for()
    assert page.locator(".search-result-title").count() == 1
    page.get_by_label("Words in the articles").fill("Keqiang zzzzqx")
    status = page.locator("[data-search-status]")
    status.filter(has_text="No results").wait_for()
    assert page.locator(".search-result-title").count() == 0


def test_position_selectors_hold_in_the_browsers_reader_text(
    hosted: tuple[str, Path], page: Page
) -> None:
    base, out = hosted
    items = json.loads((out / f"articles/{SLUG}/annotations.jsonld").read_text("utf-8"))
    selectors = [item["target"]["selector"] for item in items["first"]["items"]]
    page.goto(f"{base}articles/{SLUG}/index.html")
    mismatches = page.evaluate(
        """(selectors) => {
            // As docs/publishing.md says: the body's text without its [data-for] elements.
            const body = document.querySelector("[data-article-body]").cloneNode(true);
            body.querySelectorAll("[data-for]").forEach((el) => el.remove());
            const text = body.textContent;
            return selectors
                .filter(([quote, position]) =>
                    text.slice(position.start, position.end) !== quote.exact)
                .map(([quote]) => quote.exact);
        }""",
        selectors,
    )
    assert len(selectors) >= 70 and mismatches == []


def test_404_page_deep_in_the_site_is_styled_and_links_home(
    hosted: tuple[str, Path], page: Page
) -> None:
    base, _ = hosted
    response = page.goto(f"{base}articles/gone/deeper/still/missing.html")
    assert response is not None and response.status == 404
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Georgia" in font  # the stylesheet loaded from base_url
    page.get_by_role("link", name="All articles").click()
    page.wait_for_url(f"{base}index.html")
    assert page.title() == "Annotated Edition"


def _site_address(where: str, request: pytest.FixtureRequest) -> str:
    """The bundled edition's address: opened from its folder, or on the static host."""
    if where == "file":
        bundled: tuple[Path, BuildResult] = request.getfixturevalue("bundled")
        return f"{bundled[0].as_uri()}/"
    hosted: tuple[str, Path] = request.getfixturevalue("hosted")
    return hosted[0]


@pytest.mark.parametrize("where", ["file", "http"])
def test_search_works_opened_from_a_folder_and_served(
    where: str, request: pytest.FixtureRequest, page: Page
) -> None:
    base = _site_address(where, request)
    page.goto(f"{base}search/index.html")
    box = page.get_by_label("Words in the articles")
    box.fill("Kaesong")
    page.locator(".search-results mark").first.wait_for()  # the excerpts loaded too
    links = page.locator(".search-result-title").evaluate_all("els => els.map(e => e.href)")
    assert links[0] == f"{base}glossary/kaesong-industrial-region/index.html"  # by title
    assert f"{base}articles/{SLUG}/index.html" in links
    # "Keqiang" is only in a fact note; the excerpt is the note's text, read as UTF-8.
    box.fill("Keqiang")
    status = page.locator("[data-search-status]")
    status.filter(has_text="1 result for “Keqiang”.").wait_for()
    excerpt = page.locator(".search-result-excerpt")
    excerpt.locator("mark").wait_for()
    assert "Premier Li Keqiang" in excerpt.inner_text()
    page.locator(".search-result-title").click()
    page.wait_for_url(f"{base}articles/{SLUG}/index.html")
    assert page.locator("h1").inner_text() == "US leaves door ajar for talks with North Korea"


@pytest.mark.parametrize("where", ["file", "http"])
def test_a_terms_card_loads_in_its_popover_from_a_folder_and_served(
    where: str, request: pytest.FixtureRequest, page: Page
) -> None:
    """A term's definition is not in the article page: its popover loads the term's card
    (glossary/<id>/card.js) the first time, from a folder opened from disk too."""
    base = _site_address(where, request)
    page.goto(f"{base}articles/{SLUG}/index.html")
    html = page.content()
    assert "Annual combined field training exercise" not in html  # Foal Eagle's definition
    page.locator('a.annotation-term[href$="glossary/foal-eagle/index.html"]').first.click()
    popover = page.locator("#ed-popover")
    popover.filter(has_text="Annual combined field training exercise").wait_for()
    assert popover.locator("#ed-popover-title").inner_text() == "Foal Eagle"
    link = popover.locator(".card-link a")
    assert link.get_attribute("href") == "../../glossary/foal-eagle/index.html"
    link.click()
    page.wait_for_url(f"{base}glossary/foal-eagle/index.html")


@pytest.mark.parametrize("where", ["file", "http"])
def test_a_note_that_closes_a_script_is_found_and_stays_text(
    where: str, make_site: MakeSite, tmp_path: Path, page: Page
) -> None:
    """Indexed text is data inside a script: `</script>` and U+2028 must not end it."""
    payload = "</script><script>window.pwned=1</script>"
    site = make_site(
        {
            "content/articles/a.md": '---\ntitle: "Harbour\\u2028lights"\n---\n'
            "The harbour at dawn.\u2028Then </script> the boats.\n",
            "content/articles/a.annotations.yaml": f"""\
            annotations:
              - kind: footnote
                quote: harbour at dawn
                note: "Zanzibar `{payload}` line\\u2028separator\\u2029paragraph &amp; more."
            """,
        }
    )
    out = tmp_path / "public"
    with static_host(out, "/s/") as served:
        build_site(site, out, BuildOptions(base_url=served))
        base = f"{out.as_uri()}/" if where == "file" else served
        page.goto(f"{base}search/index.html?q=zanzibar")
        page.locator(".search-results mark").first.wait_for()
        assert page.locator(".search-result-title").inner_text() == "Harbour\u2028lights"
        excerpt = page.locator(".search-result-excerpt").inner_text()
        assert payload in excerpt and "line separator paragraph & more." in excerpt
        page.goto(f"{base}search/index.html?q=boats")
        page.locator(".search-results mark").first.wait_for()
        assert "Then </script> the boats." in page.locator(".search-result-excerpt").inner_text()
        assert page.evaluate("window.pwned") is None


def test_preview_reloads_the_open_page_on_edit_and_on_error(
    make_site: MakeSite, page: Page
) -> None:
    site = make_site({"content/articles/a.md": "---\ntitle: A\n---\nThe first version.\n"})
    preview = PreviewServer(site, port=0, report=lambda message: None)
    preview.start()
    try:
        page.goto(f"{preview.url}articles/a/index.html")
        article = site / "content/articles/a.md"
        article.write_text("---\ntitle: A\n---\nThe second version.\n", "utf-8")
        page.wait_for_function("document.body.textContent.includes('second version')")
        (site / "content/articles/a.annotations.yaml").write_text(
            "annotations:\n  - kind: footnote\n    quote: third version\n    note: N.\n", "utf-8"
        )
        page.wait_for_function("document.title === 'Build failed'")
        assert "error[quote-not-found]" in page.locator("pre").first.inner_text()
        article.write_text("---\ntitle: A\n---\nThe third version.\n", "utf-8")
        # The error page quotes "third version" too: wait for the annotated article itself.
        page.wait_for_function("document.querySelector('[data-annotation]') !== null")
        assert page.locator("[data-annotation]").inner_text() == "third version"
    finally:
        preview.close()


def test_search_results_show_hostile_text_as_text(
    make_site: MakeSite, tmp_path: Path, page: Page
) -> None:
    payload = "<img src=x onerror=window.pwned=1>"
    site = make_site(
        {
            "content/articles/evil.md": f'---\ntitle: "Zanzibar {payload}"\n---\n'
            f"Zanzibar {payload} in the body.\n",
        }
    )
    out = tmp_path / "public"
    with static_host(out, "/s/") as base:
        build_site(site, out, BuildOptions(base_url=base))
        page.goto(f"{base}search/index.html?q=zanzibar")
        page.locator(".search-results mark").first.wait_for()
        assert page.locator(".search-result-title").inner_text() == f"Zanzibar {payload}"
        assert payload in page.locator(".search-result-excerpt").inner_text()
        assert page.locator(".search-results img").count() == 0
        assert page.evaluate("window.pwned") is None
