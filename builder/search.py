"""Full-text search for a static host: a Pagefind index of the article and glossary pages.

Takes the rendered pages; returns Pagefind's bundle (its UI, WebAssembly and index
files, under `pagefind/`) as OutputFiles. Pagefind reads HTML from a folder, so the
pages to index are handed to it in a temporary folder and its bundle is read back:
the output folder is still written only by `output.py`. The binary comes from the
`pagefind-bin` package (or PAGEFIND_BINARY_PATH, as Pagefind's own wrapper allows).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from builder.diagnostics import Diagnostics, SourceLocation
from builder.layouts import OutputFile

log = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
BUNDLE_FILES = frozenset({f"{BUNDLE_DIR}/pagefind-ui.js", f"{BUNDLE_DIR}/pagefind-ui.css"})
"""Files of the bundle that layouts link to (layouts/search.html)."""
INDEXED_PAGES = re.compile(r"(articles|glossary)/[^/]+/index\.html")
"""Articles (with their notes) and glossary terms; list pages would only repeat them."""
ROOT_SELECTOR = "main"
EXCLUDED = ("[data-for]", "[data-pagefind-ignore]", ".backlink", ".article-nav", ".breadcrumb")
"""Inserted markers and navigation: words that would match every page."""
TIMEOUT_SECONDS = 300
SOURCE = "search index (Pagefind)"


def indexed_pages(pages: Sequence[OutputFile]) -> list[OutputFile]:
    """The pages the search index covers: articles and glossary terms."""
    return [p for p in pages if INDEXED_PAGES.fullmatch(p.path)]


def index_pages(pages: Sequence[OutputFile], diags: Diagnostics) -> list[OutputFile]:
    """Run Pagefind over the article and glossary pages; return its bundle."""
    chosen = indexed_pages(pages)
    if not chosen:
        return []
    binary = pagefind_binary()
    if binary is None:
        diags.error(
            SourceLocation("site.yaml"),
            "search-index",
            "Pagefind, which builds the search index, is not installed",
            "install the project's dependencies (pip install -e .), which include pagefind-bin",
        )
        return []
    with tempfile.TemporaryDirectory(prefix="edition-search-") as tmp:
        site, bundle = Path(tmp, "site"), Path(tmp, "bundle")
        for page in chosen:
            target = site / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.content)
        problem = _run_pagefind(binary, site, bundle)
        if problem:
            diags.error(
                SourceLocation("site.yaml"),
                "search-index",
                f"Pagefind could not build the search index: {problem}",
                "reinstall pagefind-bin for this machine, or set PAGEFIND_BINARY_PATH "
                "to a working Pagefind binary",
            )
            return []
        files = [
            OutputFile(
                f"{BUNDLE_DIR}/{path.relative_to(bundle).as_posix()}", path.read_bytes(), SOURCE
            )
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        ]
    log.info("search index: %d pages, %d files", len(chosen), len(files))
    return files


def pagefind_binary() -> Path | None:
    """Find the Pagefind executable: PAGEFIND_BINARY_PATH, the pagefind-bin package, or PATH."""
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured:
        return Path(configured)
    try:
        import pagefind_bin  # type: ignore[import-untyped]

        return Path(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError):
        found = shutil.which("pagefind")
        return Path(found) if found else None


def _run_pagefind(binary: Path, site: Path, bundle: Path) -> str:
    """Run Pagefind; return '' on success, else what went wrong."""
    command = [
        str(binary),
        "--site",
        str(site),
        "--output-path",
        str(bundle),
        "--root-selector",
        ROOT_SELECTOR,
        *(arg for selector in EXCLUDED for arg in ("--exclude-selectors", selector)),
        "--keep-index-url",
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    log.debug("pagefind output:\n%s%s", done.stdout, done.stderr)
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        return lines[-1] if lines else f"exit status {done.returncode}"
    return ""
