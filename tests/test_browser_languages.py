"""The reading experience in French and in Arabic, in a real browser: the toolbar, sidenotes
(mirrored in Arabic), popovers, search and axe, with the interface in the language.

Screenshots are written to test-artifacts/ (article-fr-1440.png, article-ar-375.png, ...).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.strings import Strings
from builder.load.strings_files import load_strings
from builder.pipeline import BuildOptions, build_site
from tests.support.browser import ARTIFACTS, box, is_open, open_page, overlap, run_axe
from tests.support.hosting import static_host
from tests.support.languages import LANGUAGES, translated_site
from tests.support.sites import FIXTURES

ARTICLE = "articles/us-leaves-door-ajar/index.html"
FOOTNOTE = "korean-crisis-2013"
BODY = "[data-article-body]"
PAGES = [
    "index.html",
    ARTICLE,
    "glossary/index.html",
    "glossary/six-party-talks/index.html",
    "404.html",
]


@pytest.fixture(scope="module", params=LANGUAGES)
def edition(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Strings]]:
    """The bundled edition in a language, served under a sub-path: its URL and strings."""
    language = str(request.param)
    folder = tmp_path_factory.mktemp(f"hosted-{language}")
    site = translated_site(folder / "site", language)
    out = folder / "public"
    with static_host(out, "/edition/") as url:
        build_site(site, out, BuildOptions(base_url=url))
        yield url, load_strings(site, language, SourceLocation("site.yaml"), Diagnostics())


@pytest.mark.parametrize("width", [375, 1440])
def test_screenshots_in_the_language(
    browser: Browser, edition: tuple[str, Strings], width: int
) -> None:
    url, strings = edition
    page = open_page(browser, url + ARTICLE, width=width)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"article-{strings.language}-{width}.png"))
    page.screenshot(
        path=str(ARTIFACTS / f"article-{strings.language}-{width}-full.png"), full_page=True
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    direction = page.evaluate("() => getComputedStyle(document.body).direction")
    assert direction == strings.direction
    assert page.evaluate("() => document.documentElement.dir") == (
        "rtl" if strings.direction == "rtl" else ""
    )
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


def test_sidenotes_sit_in_the_margins_mirrored_for_right_to_left(
    browser: Browser, edition: tuple[str, Strings]
) -> None:
    """Footnotes go in the margin after the line, fact checks before it: right and left in
    French, left and right in Arabic."""
    url, strings = edition
    page = open_page(browser, url + ARTICLE, width=1440)
    column = box(page.locator(BODY))
    notes = page.locator(".sidenote")
    assert notes.count() >= 40
    rtl = strings.direction == "rtl"
    for i in range(notes.count()):
        note = notes.nth(i)
        rect = box(note)
        kind = "fact" if "sidenote-fact" in (note.get_attribute("class") or "") else "footnote"
        assert not overlap(rect, column)
        assert 0 <= rect["x"] and rect["x"] + rect["width"] <= 1440
        on_left = rect["x"] + rect["width"] <= column["x"]
        on_right = rect["x"] >= column["x"] + column["width"]
        if (kind == "fact") != rtl:
            assert on_left, (kind, note.get_attribute("data-for"))
        else:
            assert on_right, (kind, note.get_attribute("data-for"))
    page.context.close()


@pytest.mark.parametrize("kind", ["footnote", "fact"])
def test_popover_opens_beside_the_text_with_its_words_in_the_language(
    browser: Browser, edition: tuple[str, Strings], kind: str
) -> None:
    url, strings = edition
    page = open_page(browser, url + ARTICLE, width=1440)
    trigger = page.locator(f"#ref-{FOOTNOTE}" if kind == "footnote" else ".fact-badge a").first
    trigger.click()
    assert is_open(page)
    pop = page.locator("#ed-popover")
    assert page.locator(".ed-popover-close").inner_text() == strings.text("popover.close")
    title = pop.locator("#ed-popover-title").inner_text()
    assert title == trigger.get_attribute("aria-label")
    column, placed = box(page.locator(BODY)), box(pop)
    assert not overlap(placed, column)
    # The popover takes the side of the margin its kind's sidenotes use.
    before = (kind == "fact") != (strings.direction == "rtl")
    if before:
        assert placed["x"] + placed["width"] <= column["x"]
    else:
        assert placed["x"] >= column["x"] + column["width"]
    page.keyboard.press("Escape")
    assert not is_open(page)
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


def test_reader_options_speak_the_language_and_switch_kinds(
    browser: Browser, edition: tuple[str, Strings]
) -> None:
    url, strings = edition
    page = open_page(browser, url + ARTICLE, width=1440)
    options = page.locator(".reader-options")
    assert options.locator("legend").inner_text() == strings.text("toolbar.show")
    fact = page.locator(".kind-switch-fact")
    assert strings.text("kind.fact") in fact.inner_text()
    badge = page.locator(".fact-badge").first
    assert badge.is_visible()
    fact.click()
    assert badge.is_hidden() and page.locator(".sidenote-fact").first.is_hidden()
    page.reload()
    assert page.locator(".fact-badge").first.is_hidden()  # remembered
    page.context.close()


def search(page: Page, query: str) -> str:
    """Type a query; return the status once it speaks of it (every status but the errors
    quotes the query)."""
    page.locator("#search-query").fill(query)
    page.wait_for_function(
        "q => document.querySelector('[data-search-status]').textContent.includes(q)",
        arg=query,
    )
    return str(page.locator("[data-search-status]").text_content())


def test_search_results_and_status_in_the_language(
    browser: Browser, edition: tuple[str, Strings]
) -> None:
    url, strings = edition
    page = open_page(browser, url + "search/index.html", width=1280)
    status = search(page, "yongbyon")
    found = page.locator(".search-results li").count()
    assert found >= 1
    assert status == strings.text("search.found", n=found, query="yongbyon")
    kinds = set(page.locator(".search-result-kind").all_text_contents())
    assert kinds <= {strings.text("search.kind.article"), strings.text("search.kind.term")}
    assert search(page, "zzzzqqq") == strings.text("search.none", query="zzzzqqq")
    if strings.language == "ar":
        # The verdicts are Arabic words in the index ("صحيح في معظمه"): found with
        # diacritics typed, and with ة for the final ه, as folding makes them one.
        query = "صَحِيحٌ في معظمة"
        assert search(page, query) != strings.text("search.none", query=query)
        assert page.locator(".search-results li").count() >= 1
    page.context.close()


def test_search_js_folds_words_as_the_index_does(
    browser: Browser, edition: tuple[str, Strings]
) -> None:
    """The shared vectors (tests/fixtures/fold_vectors.json) through search.js's own `words`."""
    url, _ = edition
    vectors = json.loads(Path(FIXTURES / "fold_vectors.json").read_text(encoding="utf-8"))
    page = open_page(browser, url + "search/index.html", width=1280)
    got = page.evaluate(
        "texts => texts.map(t => window.editionSearchWords(t))", [v["text"] for v in vectors]
    )
    assert got == [v["words"] for v in vectors]
    page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations_in_the_language(
    browser: Browser, edition: tuple[str, Strings], path: str
) -> None:
    url, _ = edition
    page = open_page(browser, url + path, width=1280)
    assert run_axe(page) == []
    page.context.close()


@pytest.mark.parametrize("width", [375, 1440])
def test_axe_with_a_popover_open_and_search_results(
    browser: Browser, edition: tuple[str, Strings], width: int
) -> None:
    url, _ = edition
    page = open_page(browser, url + ARTICLE, width=width)
    if width < 1100:
        page.locator(".inline-switch").click()
    page.locator(".fact-badge a").first.click()
    assert is_open(page)
    assert run_axe(page) == []
    page.context.close()
    page = open_page(browser, url + "search/index.html?q=yongbyon", width=width)
    page.locator(".search-results mark").first.wait_for()
    assert run_axe(page) == []
    page.context.close()


def test_printed_notes_are_numbered_with_the_language_letters(
    browser: Browser, edition: tuple[str, Strings]
) -> None:
    url, strings = edition
    page = open_page(browser, url + ARTICLE, width=800)
    page.emulate_media(media="print")
    badge = page.locator(".fact-badge a").first.element_handle()
    printed = page.evaluate("el => getComputedStyle(el, '::after').content", badge)
    assert printed.startswith(f'"{strings.text("print.fact")}"'), printed
    note = page.locator(".notes-term .note").first.element_handle()
    marker = page.evaluate("el => getComputedStyle(el, '::marker').content", note)
    assert marker.startswith(f'"{strings.text("print.term")}"'), marker
    page.context.close()
