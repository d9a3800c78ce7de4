"""The bundled edition in a real browser: layout, sidenotes, popovers, keyboard, no-JS, print, axe.

Screenshots (375/768/1440 px, light and dark, and print) are written to test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Locator, Page

from builder.render.layouts import CARD_CALLBACK
from builder.render.scripts import read_script
from tests.support.browser import (
    ARTIFACTS,
    Box,
    box,
    is_open,
    open_page,
    overlap,
    run_axe,
)

ARTICLE = "articles/us-leaves-door-ajar/index.html"
FOOTNOTE = "korean-crisis-2013"
BODY = "[data-article-body]"


@pytest.fixture(scope="module")
def site(hosted: tuple[str, Path]) -> str:
    """The bundled edition, built for and served under a sub-path, as GitHub Pages would."""
    return hosted[0]


def popover(page: Page) -> Locator:
    return page.locator("#ed-popover")


def opens(page: Page) -> bool:
    """Whether the popover is open, or opens within a second: a term's card loads first
    the first time the term is opened (glossary/<id>/card.js)."""
    page.wait_for_function(
        "() => document.querySelector('#ed-popover:popover-open') !== null", timeout=1000
    )
    return is_open(page)


def focused(page: Page) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """() => { const el = document.activeElement;
                return {id: el.id, inPopover: !!el.closest('#ed-popover'), tag: el.tagName}; }"""
        )
    )


# ---- Screenshots and layout ---------------------------------------------------------------


@pytest.mark.parametrize("width", [375, 768, 1440])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_and_no_sideways_scrolling(
    browser: Browser, site: str, width: int, scheme: str
) -> None:
    page = open_page(browser, site + ARTICLE, width=width, scheme=scheme)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"article-{width}-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True)
    page.screenshot(path=str(ARTIFACTS / f"article-{width}-{scheme}-top.png"))
    assert shot.stat().st_size > 20_000
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


def test_print_emulation(browser: Browser, site: str) -> None:
    page = open_page(browser, site + ARTICLE, width=800)
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "article-print.png"), full_page=True)
    page.pdf(path=str(ARTIFACTS / "article.pdf"), format="A4")
    for hidden in [".sidenote", ".reader-options", ".backlink"]:
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("#note-" + FOOTNOTE).is_visible()
    context_link = page.locator("a.annotation-context").first
    after = page.evaluate(
        "el => getComputedStyle(el, '::after').content", context_link.element_handle()
    )
    assert "attr(href)" in after or context_link.get_attribute("href") in after
    fact_marker = page.locator(".fact-badge a").first
    numbered = page.evaluate(
        "el => getComputedStyle(el, '::after').content", fact_marker.element_handle()
    )
    assert "counter(ed-fact)" in numbered
    fact_note = page.locator(".notes-fact .note").first
    assert "counter(list-item)" in page.evaluate(
        "el => getComputedStyle(el, '::marker').content", fact_note.element_handle()
    )
    page.context.close()


@pytest.mark.parametrize("width", [768, 1440])
def test_text_column_has_a_readable_measure(browser: Browser, site: str, width: int) -> None:
    page = open_page(browser, site + ARTICLE, width=width)
    chars_per_line = page.evaluate(
        """body => {
          let chars = 0, lines = 0;
          for (const p of document.querySelectorAll(body + ' > p')) {
            const copy = p.cloneNode(true);
            copy.querySelectorAll('[data-for]').forEach(x => x.remove());
            const n = Math.round(p.getBoundingClientRect().height
                                 / parseFloat(getComputedStyle(p).lineHeight));
            if (n < 3) continue;
            chars += copy.textContent.length;
            lines += n - 0.5;  // the last line is on average half full
          }
          return chars / lines;
        }""",
        BODY,
    )
    assert 60 <= chars_per_line <= 75, chars_per_line
    page.context.close()


@pytest.mark.parametrize("width", [375, 768, 1100, 1440])
def test_no_line_starts_with_the_punctuation_after_a_marker(
    browser: Browser, site: str, width: int
) -> None:
    page = open_page(browser, site + ARTICLE, width=width)
    stranded = page.evaluate(
        """body => {
          const out = [];
          const walk = document.createTreeWalker(document.querySelector(body), 4);  // text
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            if (n.parentElement.closest('.sidenote') || !/^[,.;:!?\u201d)]/.test(n.data)) continue;
            const r = document.createRange();
            r.setStart(n, 0);
            r.setEnd(n, 1);
            const first = r.getBoundingClientRect();
            const block = n.parentElement.closest('p, li').getBoundingClientRect();
            if (first.width && Math.abs(first.left - block.left) < 2) out.push(n.data.slice(0, 30));
          }
          return out;
        }""",
        BODY,
    )
    assert stranded == []
    page.context.close()


def test_sidenotes_sit_in_the_margins_without_overlap(browser: Browser, site: str) -> None:
    page = open_page(browser, site + ARTICLE, width=1440)
    column = box(page.locator(BODY))
    notes = page.locator(".sidenote")
    expected = page.locator(".footnote-ref, .fact-badge").count()
    assert notes.count() == expected >= 40
    rails: dict[str, list[tuple[Box, str]]] = {"footnote": [], "fact": []}
    for i in range(notes.count()):
        note = notes.nth(i)
        assert note.is_visible()
        rect = box(note)
        ann = note.get_attribute("data-for")
        kind = "fact" if "sidenote-fact" in (note.get_attribute("class") or "") else "footnote"
        rails[kind].append((rect, str(ann)))
        assert not overlap(rect, column), ann
        assert 0 <= rect["x"] and rect["x"] + rect["width"] <= 1440, ann
        if kind == "fact":
            assert rect["x"] + rect["width"] <= column["x"], ann
        else:
            assert rect["x"] >= column["x"] + column["width"], ann
        marker = box(page.locator(f"#ref-{ann}"))
        # Stacked notes drift down, never up, and stay near the line they annotate.
        assert marker["y"] - 16 <= rect["y"] <= marker["y"] + 400, ann
        assert rect["height"] <= 5 * 1.4 * 12.5 + 2, ann  # clamped to a few lines
    for rail in rails.values():
        rail.sort(key=lambda r: r[0]["y"])
        for (a, a_id), (b, b_id) in zip(rail, rail[1:], strict=False):
            assert not overlap(a, b), (a_id, b_id)
    page.context.close()


def test_narrow_screens_show_sidenotes_through_a_keyboard_toggle_without_js(
    browser: Browser, site: str
) -> None:
    page = open_page(browser, site + ARTICLE, width=375, javascript=False)
    first = page.locator(".sidenote").first
    assert first.is_hidden()
    toggle = page.locator("#ed-inline-notes")
    assert toggle.is_visible() and box(toggle)["width"] > 0
    page.locator("#ed-show-term").focus()
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "ed-inline-notes"
    page.keyboard.press("Space")
    assert toggle.is_checked()
    assert first.is_visible()
    assert box(first)["width"] > 200  # a block under the line, not a margin float
    page.keyboard.press("Space")
    assert first.is_hidden()
    page.context.close()


# ---- Popovers ------------------------------------------------------------------------------

TRIGGERS = {
    "footnote": (f"#ref-{FOOTNOTE}", f"#note-{FOOTNOTE} .note-body"),
    "term": ("a.annotation-term >> nth=0", None),
    "context": ("a.annotation-context >> nth=0", None),
}


def expected_text(page: Page, kind: str, trigger: Locator) -> str:
    """A passage the popover must show, read from the page itself or, for a term, from the
    card file the page loads (glossary/<id>/card.js)."""
    if kind == "footnote":
        return page.locator(TRIGGERS["footnote"][1]).inner_text()[:40]
    if kind == "term":
        href = str(trigger.get_attribute("href"))
        card = page.evaluate(
            "url => fetch(url).then(r => r.text())", href.replace("index.html", "card.js")
        )
        _, value = read_script(CARD_CALLBACK, card.encode())
        text = BeautifulSoup(value["html"], "html.parser").select_one(".definition")
        assert text is not None
        return " ".join(text.get_text().split())[:40]
    return str(trigger.get_attribute("href")).split("/")[2].removeprefix("www.")


@pytest.mark.parametrize("width", [375, 1440])
@pytest.mark.parametrize("kind", ["footnote", "term", "context"])
def test_popover_by_keyboard_tab_enter_escape(
    browser: Browser, site: str, kind: str, width: int
) -> None:
    page = open_page(browser, site + ARTICLE, width=width)
    trigger = page.locator(TRIGGERS[kind][0])
    trigger.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("el => el === document.activeElement", trigger.element_handle())
    page.keyboard.press("Enter")
    assert opens(page)
    assert expected_text(page, kind, trigger) in popover(page).inner_text()
    assert focused(page)["inPopover"]
    assert popover(page).get_attribute("role") == "dialog"
    assert popover(page).locator("#ed-popover-title").inner_text().strip()
    if width >= 1100:
        assert not overlap(box(popover(page)), box(page.locator(BODY)))
    assert page.url.endswith(ARTICLE)  # Enter opened the popover instead of following the link
    page.keyboard.press("Tab")  # the popover's links and close button are reachable
    assert focused(page)["inPopover"]
    page.keyboard.press("Escape")  # once: it closes, and focus back on the marker reopens nothing
    page.wait_for_timeout(600)  # longer than the keyboard-focus opening delay (150 ms)
    assert page.evaluate("() => document.querySelectorAll(':popover-open').length") == 0
    assert page.evaluate("el => el === document.activeElement", trigger.element_handle())
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.mark.parametrize("kind", ["footnote", "term", "context"])
def test_popover_by_mouse_hover_and_click(browser: Browser, site: str, kind: str) -> None:
    page = open_page(browser, site + ARTICLE, width=1440)
    trigger = page.locator(TRIGGERS[kind][0])
    trigger.hover()
    page.wait_for_function("() => document.querySelector('#ed-popover:popover-open')")
    assert expected_text(page, kind, trigger) in popover(page).inner_text()
    assert not focused(page)["inPopover"]  # hovering does not steal focus
    assert not overlap(box(popover(page)), box(page.locator(BODY)))
    popover(page).hover()  # WCAG 1.4.13: the pointer can move onto the popover
    page.wait_for_timeout(700)
    assert is_open(page)
    page.keyboard.press("Escape")
    assert not is_open(page)

    trigger.click()
    assert is_open(page)
    assert focused(page)["inPopover"]
    page.locator(".ed-popover-close").click()
    assert not is_open(page)
    assert page.evaluate("el => el === document.activeElement", trigger.element_handle())
    page.context.close()


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_popover_animation_respects_reduced_motion(
    browser: Browser, site: str, motion: str
) -> None:
    page = open_page(browser, site + ARTICLE, reduced_motion=motion)
    page.locator(f"#ref-{FOOTNOTE}").click()
    animation = page.evaluate(
        "() => getComputedStyle(document.querySelector('#ed-popover')).animationName"
    )
    assert (animation == "none") == (motion == "reduce"), animation
    page.context.close()


def test_reader_options_toggle_kinds_and_are_remembered(browser: Browser, site: str) -> None:
    page = open_page(browser, site + ARTICLE, width=1440)
    options = page.locator(".reader-options")
    assert options.is_visible()
    counts = {
        kind: int(page.locator(f".kind-switch-{kind} .count").inner_text())
        for kind in ["footnote", "fact", "context", "term"]
    }
    assert counts == {
        "footnote": page.locator(".footnote-ref").count(),
        "fact": page.locator(".fact-badge").count(),
        "context": page.locator("[data-kind=context][data-annotation]").evaluate_all(
            "els => new Set(els.map(e => e.dataset.annotation)).size"
        ),
        "term": page.locator("[data-kind=term][data-annotation]").evaluate_all(
            "els => new Set(els.map(e => e.dataset.annotation)).size"
        ),
    }
    badge = page.locator(".fact-badge").first
    assert badge.is_visible()
    page.locator(".kind-switch-fact").click()
    assert badge.is_hidden() and page.locator(".sidenote-fact").first.is_hidden()
    tint = page.evaluate(
        "() => getComputedStyle(document.querySelector('.annotation-fact')).backgroundColor"
    )
    assert tint in {"rgba(0, 0, 0, 0)", "transparent"}
    page.reload()
    assert not page.locator("#ed-show-fact").is_checked()
    assert page.locator(".fact-badge").first.is_hidden()
    assert page.locator(".footnote-ref").first.is_visible()
    page.locator(".kind-switch-fact").click()
    page.reload()
    assert page.locator(".fact-badge").first.is_visible()
    page.context.close()


# ---- Without JavaScript --------------------------------------------------------------------


def test_without_javascript_a_marker_leads_to_its_note_and_back(
    browser: Browser, site: str
) -> None:
    page = open_page(browser, site + ARTICLE, width=1440, height=800, javascript=False)
    marker = page.locator(f"#ref-{FOOTNOTE}")
    marker.click()
    assert page.url.endswith(f"#note-{FOOTNOTE}")
    note = page.locator(f"#note-{FOOTNOTE}")
    assert -1 <= box(note)["y"] < 800
    assert page.locator("#ed-popover").count() == 0
    note.locator("[role=doc-backlink]").click()
    assert page.url.endswith(f"#ref-{FOOTNOTE}")
    assert -1 <= box(marker)["y"] < 800
    page.context.close()


# ---- Accessibility -------------------------------------------------------------------------

PAGES = [
    "index.html",
    ARTICLE,
    "glossary/index.html",
    "glossary/six-party-talks/index.html",
    "404.html",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_wcag_a_or_aa_violations(
    browser: Browser, site: str, path: str, scheme: str
) -> None:
    page = open_page(browser, site + path, width=1280, scheme=scheme)
    assert run_axe(page) == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_search_page_with_results(browser: Browser, site: str, scheme: str) -> None:
    page = open_page(browser, site + "search/index.html?q=yongbyon", width=375, scheme=scheme)
    page.locator(".search-results mark").first.wait_for()
    assert run_axe(page) == []
    page.context.close()


@pytest.mark.parametrize("width", [375, 1440])
def test_axe_with_notes_in_the_text_and_a_popover_open(
    browser: Browser, site: str, width: int
) -> None:
    page = open_page(browser, site + ARTICLE, width=width)
    if width < 1100:
        page.locator(".inline-switch").click()
    page.locator(".fact-badge a").first.click()
    assert is_open(page)
    assert run_axe(page) == []
    page.context.close()
