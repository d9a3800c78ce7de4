"""Drive Debian's Chromium with Playwright: launch it, open pages, run axe-core in them.

Playwright must not download a browser of its own here, so it launches /usr/bin/chromium
(installed by `make test` through apt when missing).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Playwright, sync_playwright

from tests.support.sites import REPO

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = REPO / "node_modules/axe-core/axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@contextmanager
def chromium() -> Iterator[Browser]:
    """Launch the system Chromium headless with the project's flags and a fresh profile."""
    if not CHROMIUM.is_file():
        pytest.fail("Chromium is not installed: run `make test` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def _launch(playwright: Playwright) -> Browser:
    # Playwright gives each launch a new temporary --user-data-dir.
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)


def open_page(
    browser: Browser,
    url: str,
    width: int = 1440,
    height: int = 900,
    scheme: str = "light",
    javascript: bool = True,
    reduced_motion: str = "no-preference",
) -> Page:
    """Open `url` in a new context; page errors fail the test."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,  # type: ignore[arg-type]
        java_script_enabled=javascript,
        reduced_motion=reduced_motion,  # type: ignore[arg-type]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_load_state("load")
    page.errors = errors  # type: ignore[attr-defined]
    return page


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Run axe-core in the page against WCAG 2.x A/AA; return its violations."""
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `make test` (npm ci)")
    # Judge the page at rest: a popover fading in has, mid-animation, the low contrast of
    # a half-transparent box, which axe would report (and did, on a loaded CI machine).
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
            "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
        }
        for v in result["violations"]
    ]


Box = dict[str, float]


def box(locator: Locator) -> Box:
    """The element's bounding box (it must be rendered)."""
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def overlap(a: Box, b: Box) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def is_open(page: Page) -> bool:
    """Whether edition.js's popover is open."""
    return bool(page.evaluate("() => document.querySelector('#ed-popover:popover-open') !== null"))
