"""Validate the rendered site before anything is written: links, fragments and ids.

Takes every OutputFile of a build and reports an internal link whose target
the build does not produce (`broken-link`), a `#fragment` or id reference with
no such id on its page (`missing-fragment`), and an id used twice on one page
(`duplicate-html-id`). It runs on the exact bytes `output.py` then writes, so
`check` finds these too, and a build never swaps in a site that fails them.

Pages are scanned with `htmlscan.scan_html`, which reads only start tags and their
attributes.
"""

from __future__ import annotations

import functools
import logging
import posixpath
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.diagnostics import Diagnostics, SourceLocation
from builder.htmlscan import PageRefs, scan_html
from builder.incremental.memo import NO_MEMO, Memo
from builder.load.layout_files import LayoutFolders
from builder.site import ARTICLE_SUFFIXES, ARTICLES_DIR, OutputFile, sidecar_of

log = logging.getLogger(__name__)

_EXTERNAL = ("https:", "http:", "mailto:", "//")
ANY_DEPTH_PAGES = frozenset({"404.html"})


def scan_page(page: OutputFile) -> PageRefs:
    """The ids and links of a built page (`htmlscan.scan_html`), narrowed to what the
    check must look at: links each once, in order, without the external ones and the
    `#fragments` the page has; id references only to ids it lacks. A page is held
    scanned until the check (an article page has hundreds of links and references,
    mostly to its own notes), so this is most of its size."""
    refs = scan_html(page.content.decode("utf-8"))
    own = frozenset(refs.ids)
    links = tuple(
        url
        for url in dict.fromkeys(refs.links)
        if not (url[1:] in own if url[:1] == "#" else url.startswith(_EXTERNAL))
    )
    return PageRefs(refs.ids, links, tuple(r for r in refs.idrefs if r[1] not in own))


def check_site_links(
    files: list[OutputFile],
    site_dir: Path,
    diags: Diagnostics,
    memo: Memo = NO_MEMO,
    scanned: Mapping[str, PageRefs] | None = None,
    beside: frozenset[str] = frozenset(),
) -> None:
    """Report broken internal links and fragments, and ids repeated on a page.

    `beside`: files written into the site that are not pages of it (the EPUB), which
    links may name.

    `scanned` has the pages scanned already by `scan_page` (the article pages, scanned
    where they were made). The memo scans the others (keeping the scans of pages not made
    again) and may narrow the check to the pages an edit can have broken
    (`Memo.link_check_scope`): then only those pages' links, ids and id references are
    checked, against every page's ids.
    """
    only = memo.link_check_scope(files)
    known = scanned or {}

    def scan(page: OutputFile) -> PageRefs:
        refs = known.get(page.path)
        return refs if refs is not None else memo.scan(page)

    by_path = {f.path: f for f in files}
    pages = _Scans({f.path: f for f in files if f.path.endswith(".html")}, scan)
    ids = _Ids(pages)
    locate = _Locator(site_dir)
    problems: dict[tuple[str, str], tuple[str, str, str] | None] = {}
    targets: set[str] = set()  # what the checked pages link to
    for path in pages if only is None else sorted(only):
        refs = pages[path]
        source = by_path[path].source
        own = ids[path]
        # A link that first climbs to the root means the same from every page as deep.
        base = posixpath.dirname(path)
        climb = "../" * (base.count("/") + 1) if base else ""
        if len(own) != len(refs.ids):
            _report_duplicate_ids(path, source, refs.ids, locate, diags)
        # scan_page left out the references and links that resolve on the page, and
        # external links: what is left is each a problem, or a link to another file.
        for attr, ref in refs.idrefs:
            diags.error(
                locate(source, None, ref),
                "missing-fragment",
                f"on page {path}, {attr} names id '{ref}', which is not on the page",
                "fix the id; if it comes from a layout, fix the layout",
            )
        for url in refs.links:
            if beside and posixpath.basename(url) in beside:
                if posixpath.normpath(posixpath.join(base, url)) in beside:
                    continue
            key = (climb if url.startswith(climb) else path, url)
            if key not in problems:
                problems[key] = _link_problem(path, url, by_path, ids)
                if isinstance(target := _resolve(path, url), _Target):
                    targets.add(target.path)
            problem = problems[key]
            if problem is not None:
                code, message, hint = problem
                where = locate(source, url, url)
                diags.error(where, code, f"on page {path}, {message}", hint)
    memo.links_checked(targets, whole=only is None)


Problem = tuple[str, str, str]
"""(code, message, hint) of a link that does not resolve."""


class _Scans(dict[str, PageRefs]):
    """Page path -> its scan, made when first asked for (a scoped check needs few)."""

    def __init__(self, pages: dict[str, OutputFile], scan: Callable[[OutputFile], PageRefs]):
        super().__init__()
        self.files, self.scan = pages, scan

    def __missing__(self, path: str) -> PageRefs:
        refs = self[path] = self.scan(self.files[path])
        return refs

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)


class _Ids(dict[str, set[str]]):
    """Page path -> the set of its ids, made for a page when first asked for."""

    def __init__(self, pages: _Scans) -> None:
        super().__init__()
        self.pages = pages

    def __missing__(self, path: str) -> set[str]:
        found = self[path] = set(self.pages[path].ids)
        return found


def _link_problem(page: str, url: str, files: dict[str, OutputFile], ids: _Ids) -> Problem | None:
    """Say what is wrong with one link of a page: (code, message, hint), or None."""
    resolved = _resolve(page, url)
    if not isinstance(resolved, _Target):
        return resolved  # nothing to check, or wrong whatever the site holds
    target, fragment = resolved.path, resolved.fragment
    if target not in files:
        base = posixpath.dirname(page)
        folder = f"{target}/index.html" if target != "." else "index.html"
        if folder in files:
            return (
                "broken-link",
                f"the link '{url}' names a folder",
                f"name the page itself ({posixpath.relpath(folder, base or '.')}), so the link "
                "works from a plain folder",
            )
        return (
            "broken-link",
            f"the link '{url}' points to {target}, which the build does not produce",
            "fix the link, or add what it points to",
        )
    if fragment and target in ids.pages.files and fragment not in ids[target]:
        if url.strip().startswith("#"):
            return (
                "missing-fragment",
                f"the link '{url}' names no element of the page",
                "link to an id the page has, e.g. #note-<annotation id>",
            )
        return (
            "missing-fragment",
            f"the link '{url}' names no element of {target}",
            "fix the part after '#'",
        )
    return None


@dataclass(frozen=True, slots=True)
class _Target:
    path: str
    """The page or file a link points to, in the output folder."""
    fragment: str


@functools.lru_cache(maxsize=1 << 16)
def _resolve(page: str, url: str) -> _Target | Problem | None:
    """Where a link of `page` points: (target path, fragment), a problem that no site could
    fix, or None (nothing to check: empty or external). It depends on the page and the URL
    alone, so it is remembered (the dev server checks the same links build after build)."""
    url = url.strip()
    if not url:
        return None
    if url.startswith("#"):
        return _Target(page, unquote(url[1:]))
    try:
        parts = urlsplit(url)
    except ValueError:
        return ("broken-link", f"the link '{url}' is not a valid URL", "fix the link")
    if parts.scheme or parts.netloc:
        return None  # external; schemes were checked when the content was read
    if parts.path.startswith("/") and page in ANY_DEPTH_PAGES:
        # Served for missing addresses at any depth, the 404 page links from the root
        # when the site has no base_url (layouts.Renderer.render_not_found).
        page, parts = "index.html", parts._replace(path=parts.path.lstrip("/"))
    elif parts.path.startswith("/"):
        return (
            "broken-link",
            f"the link '{url}' starts at the server's root",
            "write a relative link (e.g. ../../glossary/term/index.html), so the site works "
            "from a sub-path and from a plain folder",
        )
    base = posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else page
    if target == ".." or target.startswith("../"):
        return ("broken-link", f"the link '{url}' points outside the site", "fix the link")
    return _Target(target, unquote(parts.fragment))


def _report_duplicate_ids(
    path: str, source: str, ids: tuple[str, ...], locate: _Locator, diags: Diagnostics
) -> None:
    for value, count in Counter(ids).items():
        if count > 1:
            diags.error(
                locate(source, None, f'id="{value}"'),
                "duplicate-html-id",
                f"the id '{value}' appears {count} times on page {path}",
                "give each annotation its own id; if the id comes from a layout, fix the layout",
            )


class _Locator:
    """Find where a link or id is written, for the diagnostic's line and column.

    Content (the page's article, sidecar or glossary file) is searched first,
    then the layouts; when neither has the text, the page's source is named.
    """

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.texts: dict[str, str] = {}
        self.layouts: list[str] | None = None
        self.paths: dict[str, Path] = {}
        """Where a layout named by its label is (a built-in one is outside the site)."""

    def __call__(self, source: str, in_content: str | None, in_layouts: str) -> SourceLocation:
        searches = [(rel, in_content) for rel in self._candidates(source) if in_content]
        searches += [(rel, in_layouts) for rel in self._layouts()]
        for rel, needle in searches:
            text = self._text(rel)
            at = text.find(needle)
            if at != -1:
                line = text.count("\n", 0, at) + 1
                return SourceLocation(rel, line, at - (text.rfind("\n", 0, at) + 1) + 1)
        return SourceLocation(source)

    def _candidates(self, source: str) -> list[str]:
        """The content files whose text ends up on a page made from `source`."""
        if source.startswith(f"{ARTICLES_DIR}/") and source.endswith(ARTICLE_SUFFIXES):
            return [*sidecar_of(source), source]
        folder = self.site_dir / source
        if folder.is_dir():  # a page made from a whole folder, such as the glossary index
            return sorted(f"{source}/{p.name}" for p in folder.iterdir() if p.is_file())
        return [source]

    def _layouts(self) -> list[str]:
        """The layout files used (the site's, else the built-in), by their labels, in the
        order of their names in `layouts/`."""
        if self.layouts is None:
            folders = LayoutFolders.of(self.site_dir)
            used = {
                folders.label(path): path
                for rel, path in folders.files().items()  # sorted by name
                if path.is_file() and not rel.startswith("static/")
            }
            self.paths.update(used)
            self.layouts = list(used)
        return self.layouts

    def _text(self, rel: str) -> str:
        if rel not in self.texts:
            try:
                path = self.paths.get(rel, self.site_dir / rel)
                self.texts[rel] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self.texts[rel] = ""
        return self.texts[rel]
