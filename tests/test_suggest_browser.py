"""Suggest a note from a selection, in a real browser (layouts/static/suggest.js).

The shared vectors run here as in tests/test_suggest.py; the page's blocks are the
build's; the panel works by mouse, keyboard and script, keeps focus where a reader
expects it and stays axe-clean; and 50 random selections in the bundled article, each
snippet appended to the sidecar and built, wrap exactly the selected text.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from builder.anchor.anchoring import Span, TextIndex, find_quote
from builder.anchor.inject import find_blocks
from builder.anchor.markdown.render import render_article_tree
from builder.diagnostics import Diagnostics
from builder.load.articles import load_articles
from builder.pipeline import BuildOptions, build_site
from tests.support import essay
from tests.support.browser import open_page, run_axe
from tests.support.hosting import static_host
from tests.support.sites import REPO, SLUG, MakeSite

VECTORS = json.loads((REPO / "tests/fixtures/suggest_vectors.json").read_text(encoding="utf-8"))
ARTICLE = f"articles/{SLUG}/index.html"
SIDECAR = f"content/articles/{SLUG}.annotations.yaml"
REPOSITORY = 'repository: {url: "https://github.com/owner/edition", branch: live}\n'

# Select `length` characters from `start` of block `block`, as a reader's drag would:
# the range's ends are put in the text nodes the page's own blocks are made of.
SELECT = """([block, start, end]) => {
  const blocks = window.EditionSuggest.readBlocks(document.querySelector("[data-article-body]"));
  const point = (offset, atEnd) => {
    for (const piece of blocks[block].nodes) {
      const last = piece.start + piece.node.data.length;
      if (offset < last || (atEnd && offset === last)) return [piece.node, offset - piece.start];
    }
    throw new Error("offset " + offset + " is not in block " + block);
  };
  const [a, x] = point(start, false), [b, y] = point(end, true);
  window.getSelection().setBaseAndExtent(a, x, b, y);
  return a !== b;  // the selection runs across an element's edge (emphasis, a link, a marker)
}"""


crossing: list[bool] = []
"""For each selection made, whether it ran across an element's edge."""


def _site(folder: Path, extra: str = "") -> Path:
    shutil.copytree(REPO / "content", folder / "content")
    config = (REPO / "site.yaml").read_text(encoding="utf-8") + extra
    (folder / "site.yaml").write_text(config, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = _site(tmp_path_factory.mktemp("suggest"), REPOSITORY)
    with static_host(folder / "public", "/edition/") as url:
        build_site(folder, folder / "public", BuildOptions(base_url=url))
        yield url


def _suggesting(browser: Browser, url: str, width: int = 1280) -> Page:
    page = open_page(browser, url + ARTICLE, width=width)
    page.locator("[data-suggest-toggle]").click()
    return page


def _yaml_after(page: Page, select: list[int], before: str = "") -> str:
    crossing.append(page.evaluate(SELECT, select))
    page.wait_for_function(
        "(old) => { const y = document.querySelector('[data-suggest-yaml]');"
        " return y.offsetParent !== null && y.textContent !== old; }",
        arg=before,
    )
    return page.locator("[data-suggest-yaml]").inner_text()


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=lambda v: v["name"])
def test_the_script_gives_the_builders_selector(browser: Browser, site: str, vector: Any) -> None:
    page = open_page(browser, site + ARTICLE, width=1280)
    got = page.evaluate(
        """(v) => {
          const text = v.blocks[v.block];
          let at = -1;
          for (let n = 0; n < v.nth; n++) at = text.indexOf(v.select, at + 1);
          const index = new window.EditionSuggest.TextIndex(v.blocks);
          const s = window.EditionSuggest.selectionSelector(
            index, v.block, at, at + v.select.length);
          if (!s) return null;
          const out = {quote: s.quote};
          if (s.prefix) out.prefix = s.prefix;
          if (s.suffix) out.suffix = s.suffix;
          if (s.occurrence) out.occurrence = s.occurrence;
          return out;
        }""",
        vector,
    )
    assert got == vector["expect"]
    page.context.close()


def test_the_pages_blocks_are_the_builders(browser: Browser, site: str) -> None:
    """The script reads the text the build anchored in: markers and margin copies left out."""
    diags = Diagnostics()
    (article,) = [a for a in load_articles(REPO, diags) if a.slug == SLUG]
    expected = [block.text for block in find_blocks(render_article_tree(article.markdown))]
    page = open_page(browser, site + ARTICLE, width=1280)
    got = page.evaluate(
        "window.EditionSuggest.readBlocks(document.querySelector('[data-article-body]'))"
        ".map(b => b.text)"
    )
    assert got == expected
    page.context.close()


def test_the_toggle_is_a_keyboard_reachable_button(browser: Browser, site: str) -> None:
    page = open_page(browser, site + ARTICLE, width=1280)
    toggle = page.locator("[data-suggest-toggle]")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-suggest-toggle')"):
            break
    else:
        pytest.fail("Tab never reached the suggest toggle")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    panel = page.locator("[data-suggest-panel]")
    assert panel.is_visible()
    assert panel.get_attribute("role") == "dialog"
    assert panel.get_attribute("aria-modal") == "false"
    page.keyboard.press("Tab")  # the panel follows the toggle in the tab order
    assert page.evaluate("document.activeElement.closest('[data-suggest-panel]') !== null")
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.evaluate("document.activeElement.hasAttribute('data-suggest-toggle')")
    page.context.close()


def test_a_mouse_selection_gives_an_entry_that_leaves_markers_out(
    browser: Browser, site: str
) -> None:
    page = _suggesting(browser, site)
    # Drag from the start of the first paragraph to after its first fact badge.
    first = page.locator("[data-article-body] p").first
    badge = first.locator("sup.marker").first
    box, end = first.bounding_box(), badge.bounding_box()
    assert box and end
    page.mouse.move(box["x"] + 1, box["y"] + 4)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] + 12, end["y"] + end["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_function("document.querySelector('[data-suggest-yaml]').textContent !== ''")
    entry = page.locator("[data-suggest-yaml]").inner_text()
    quote = json.loads(re.search(r"quote: (.*)", entry).group(1))  # type: ignore[union-attr]
    assert quote.startswith("In the wake of US Secretary of State John Kerry")
    assert "Accurate" not in quote  # the badge's text is the build's, not the article's
    assert re.search(r"^  - id: in-the-wake-of-us", entry, re.MULTILINE)
    assert "  kind: footnote" in entry
    page.context.close()


def test_keyboard_selection_updates_the_entry(browser: Browser, site: str) -> None:
    page = _suggesting(browser, site)
    first = _yaml_after(page, [0, 7, 11])  # "wake", in "In the wake of US Secretary"
    page.evaluate("document.activeElement.blur()")  # the keys go to the page, not the toggle
    page.keyboard.down("Shift")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.up("Shift")
    page.wait_for_function(
        "(old) => document.querySelector('[data-suggest-yaml]').textContent !== old", arg=first
    )
    assert 'quote: "wake of"' in page.locator("[data-suggest-yaml]").inner_text()
    page.context.close()


def test_a_selection_across_blocks_says_why_it_is_no_quote(browser: Browser, site: str) -> None:
    page = _suggesting(browser, site)
    page.evaluate(
        """() => {
          const ps = document.querySelectorAll("[data-article-body] p");
          window.getSelection().setBaseAndExtent(ps[0].firstChild, 3, ps[1].firstChild, 5);
        }"""
    )
    status = page.locator("[data-suggest-status]")
    status.filter(has_text="within one paragraph").wait_for()
    assert not page.locator("[data-suggest-yaml]").is_visible()
    page.context.close()


def test_the_panel_links_to_the_editor_and_a_prefilled_issue(browser: Browser, site: str) -> None:
    page = _suggesting(browser, site)
    entry = _yaml_after(page, [0, 3, 7])
    edit = page.locator("[data-suggest-edit]").get_attribute("href")
    assert edit == f"https://github.com/owner/edition/edit/live/{SIDECAR}"
    issue = page.locator("[data-suggest-issue]").get_attribute("href") or ""
    assert issue.startswith("https://github.com/owner/edition/issues/new?title=")
    assert len(issue) < 8000
    from urllib.parse import parse_qs, urlsplit

    body = parse_qs(urlsplit(issue).query)["body"][0]
    assert entry in body and SIDECAR in body
    page.locator("[data-suggest-kind]").select_option("fact")
    page.wait_for_function(
        "document.querySelector('[data-suggest-yaml]').textContent.includes('verdict:')"
    )
    assert "sources:" in page.locator("[data-suggest-yaml]").inner_text()
    assert run_axe(page) == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_is_clean_with_the_panel_open(browser: Browser, site: str, scheme: str) -> None:
    page = open_page(browser, site + ARTICLE, width=1280, scheme=scheme)
    page.locator("[data-suggest-toggle]").click()
    _yaml_after(page, [2, 0, 20])
    assert run_axe(page) == []
    page.context.close()


def _random_selections(blocks: list[str], count: int, rng: random.Random) -> list[list[int]]:
    """Whole-word selections of 1 to 8 words, a third of them on repeated phrases."""
    chosen: list[list[int]] = []
    repeated = [
        (b, m.start(), m.end())
        for b, text in enumerate(blocks)
        for m in re.finditer(r"North Korea|the United States|Beijing|Washington", text)
    ]
    while len(chosen) < count:
        b = rng.randrange(len(blocks))
        spans = [m.span() for m in re.finditer(r"\S+", blocks[b])]
        if len(chosen) % 3 == 0 and repeated:
            selection = list(rng.choice(repeated))
        elif spans:
            first = rng.randrange(len(spans))
            last = min(len(spans) - 1, first + rng.randrange(8))
            selection = [b, spans[first][0], spans[last][1]]
        else:
            continue
        if selection not in chosen:
            chosen.append(selection)
    return chosen


def test_fifty_random_selections_anchor_where_they_were_made(
    browser: Browser, tmp_path: Path
) -> None:
    folder = _site(tmp_path / "site")
    out = folder / "public"
    build_site(folder, out, BuildOptions())
    page = open_page(browser, (out / ARTICLE).as_uri(), width=1280)
    page.locator("[data-suggest-toggle]").click()
    blocks = page.evaluate(
        "window.EditionSuggest.readBlocks(document.querySelector('[data-article-body]'))"
        ".map(b => b.text)"
    )
    made: list[tuple[list[int], str, str]] = []
    entry = ""
    crossing.clear()
    for selection in _random_selections(blocks, 50, random.Random(20130419)):
        entry = _yaml_after(page, selection, entry)
        ann_id = re.search(r"- id: (\S+)", entry).group(1)  # type: ignore[union-attr]
        made.append((selection, ann_id, entry))
    page.context.close()
    assert sum(crossing) >= 10  # many run across emphasis, links or note markers
    sidecar = folder / SIDECAR
    with sidecar.open("a", encoding="utf-8") as text:
        text.writelines(entry for _, _, entry in made)
    build_site(folder, out, BuildOptions(strict=True))
    page = open_page(browser, (out / ARTICLE).as_uri(), width=1280)
    for (block, start, end), ann_id, entry in made:
        where = page.evaluate(
            """(id) => {
              const body = document.querySelector("[data-article-body]");
              const blocks = window.EditionSuggest.readBlocks(body);
              const wrappers = body.querySelectorAll('[data-annotation="' + id + '"]');
              const range = document.createRange();
              range.setStartBefore(wrappers[0]);
              range.setEndAfter(wrappers[wrappers.length - 1]);
              return window.EditionSuggest.placeOf(blocks, range);
            }""",
            ann_id,
        )
        assert where == {"block": block, "start": start, "end": end}, entry
    page.context.close()


def test_an_article_with_its_authors_notes_has_the_builders_blocks(
    browser: Browser, make_site: MakeSite, tmp_path: Path
) -> None:
    """The author's notes are text after the body (markers and heading left out), so a
    passage of one can be suggested too, and anchors where it was selected."""
    site = make_site(essay.FILES)
    out = tmp_path / "out"
    build_site(site, out, BuildOptions())
    (article,) = [a for a in load_articles(site, Diagnostics()) if a.slug == essay.SLUG]
    expected = [block.text for block in find_blocks(render_article_tree(article.markdown))]
    page = open_page(browser, (out / f"articles/{essay.SLUG}/index.html").as_uri(), width=1280)
    got = page.evaluate(
        "window.EditionSuggest.readBlocks(document.querySelector('[data-article-body]'))"
        ".map(b => b.text)"
    )
    assert got == expected
    (block,) = [i for i, text in enumerate(got) if "docks were rebuilt" in text]
    start = got[block].index("the docks")
    selector = page.evaluate(
        """([block, start, end]) => {
          const index = new window.EditionSuggest.TextIndex(window.EditionSuggest.readBlocks(
            document.querySelector("[data-article-body]")).map(b => b.text));
          return window.EditionSuggest.selectionSelector(index, block, start, end);
        }""",
        [block, start, start + len("the docks")],
    )
    found = find_quote(
        TextIndex(expected), selector["quote"], selector["prefix"], selector["suffix"]
    )
    assert found == Span(block, start, start + len("the docks"))
    page.context.close()
