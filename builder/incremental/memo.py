"""The one boundary between the stages and incremental building: `Memo`.

A stage that could reuse what an earlier build made takes one `memo` argument. Its
default, `NO_MEMO`, remembers nothing: each of its methods does exactly what a build
without a cache does (read the file, make the value, make the page), so a stage
reads the same with or without one. `incremental.cache.BuildCache` is the memo that
remembers; no stage knows which one it has.

Hugo keeps its caches and change tracking behind such a boundary too, with a
manager that does nothing when nothing is tracked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from builder.diagnostics import Diagnostic, Diagnostics
from builder.site import OutputFile

if TYPE_CHECKING:  # the stages' own types: the stages import this module
    from builder.anchor.article import ArticleResult, ArticleSummary
    from builder.htmlscan import PageRefs
    from builder.load.articles import Article
    from builder.load.inputs import Inputs
    from builder.render.search import Postings

log = logging.getLogger(__name__)

T = TypeVar("T")
V = TypeVar("V")
Loader = Callable[[Path, str, Diagnostics], T | None]
"""Reads one source file of the site: (site folder, its path in it, diagnostics)."""
OutputState = dict[str, list[Any]]
"""Path -> [sha256 of the content, size, mtime_ns] of each file in an output folder."""


@dataclass(frozen=True, slots=True)
class Reused:
    """An article whose last result still holds: its summary and problems at hand, the
    rest read back only if one of its own files must be made again."""

    summary: ArticleSummary | None
    """None when the sidecar had errors (then there is nothing more to read back)."""
    load_problems: tuple[Diagnostic, ...]
    anchor_problems: tuple[Diagnostic, ...]
    load: Callable[[], ArticleResult]
    """Reads the whole result back, search words included."""
    words: Callable[[], str]
    """Reads only the article's search words back."""


Outcome: TypeAlias = "ArticleResult | Reused"
"""An article's result in this build: made now, or the last build's still holding."""


@dataclass(frozen=True, slots=True)
class Plan:
    """Which articles the per-article stage must run on, and the others' results."""

    todo: Sequence[Article]
    reused: Mapping[str, Reused]
    """By slug."""


class Memo:
    """What the stages ask of incremental building; this one remembers nothing."""

    def read(self, site_dir: Path, rel: str, diags: Diagnostics, load: Loader[T]) -> T | None:
        """A source file's value: `load(site_dir, rel, diags)`, or, while the file is
        unchanged, what it gave last time (its problems reported again)."""
        return load(site_dir, rel, diags)

    def value(self, kind: str, key: Sequence[str], make: Callable[[], V]) -> V:
        """A value that `key` alone determines (a definition rendered, a front matter
        parsed, a page's search words): `make()`, or what it gave for that key before."""
        return make()

    def plan(self, inputs: Inputs) -> Plan:
        """Split the articles into those to annotate and those whose result still holds."""
        return Plan(inputs.articles, {})

    def remember(self, outcome: Outcome) -> str:
        """Keep an article's result of this build; return what its own files are keyed by."""
        return ""

    def sent_back(self) -> Callable[[ArticleResult], ArticleResult] | None:
        """What a worker makes of a result before sending it back (None: nothing, it is
        sent whole); `remember` then takes it so."""
        return None

    def page(
        self,
        path: str,
        source: str,
        inputs: Sequence[str],
        make: Callable[[], OutputFile | None],
    ) -> OutputFile | None:
        """The file at `path`, made from `inputs` (everything it shows, as strings; what
        `remember` returned stands for an article's result): `make()`, or the file the
        last build wrote when its inputs are the same."""
        return make()

    def scan(self, page: OutputFile, scanned: PageRefs | None = None) -> PageRefs:
        """A page's ids and links, for the link check (`scanned`: already taken, where the
        page was made)."""
        from builder.render.site_check import scan_page

        return scan_page(page) if scanned is None else scanned

    def link_check_scope(self, files: Sequence[OutputFile]) -> Collection[str] | None:
        """The pages whose links and ids need checking (None: every page)."""
        return None

    def links_checked(self, targets: Collection[str], whole: bool) -> None:
        """The files the checked pages link to (`whole`: every page was checked)."""

    def search_postings(self) -> Postings:
        """The search index to update: a new one, or the last build's."""
        from builder.render.search import Postings

        return Postings()

    def previous_words(self, path: str, version: str) -> str | None:
        """The words a search document had when their hash was `version` (None: unknown)."""
        return None

    def layouts_cache(self) -> Path | None:
        """A folder for compiled layouts, kept between processes (None: compile them)."""
        return None

    def outputs(self) -> dict[str, OutputState] | None:
        """What the last build left in each output folder (None: nothing is known). The
        folder being built into is checked once, when the build starts (`plan`): a state
        it no longer matches (a file edited, added or removed since) is left out."""
        return None

    def commit(self) -> None:
        """The build succeeded: what it made is what the next one starts from."""


NO_MEMO = Memo()
