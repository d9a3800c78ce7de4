"""Tags and series across articles: the problems no single front matter shows.

Each front matter is checked alone (`load.articles`); here the articles are checked
together, once per build and in one pass: two spellings of a tag or series that make
the same page, a name that makes no page, two articles claiming one part of a series.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

from builder.diagnostics import Diagnostics, SourceLocation, field_location
from builder.load.articles import Article
from builder.site import MAX_SLUG_BYTES, name_problem, series_page, tag_page, taxonomy_slug

log = logging.getLogger(__name__)


def check_taxonomy(articles: Sequence[Article], diags: Diagnostics) -> None:
    """Report tags and series that cannot make a page, or that make one page between them,
    and series parts given twice. (Every build checks every article: where a field was
    written is looked up only for a problem.)"""
    tags: dict[str, tuple[str, Article, str]] = {}
    series: dict[str, tuple[str, Article, str]] = {}
    parts: dict[tuple[str, int], Article] = {}
    for article in articles:
        for i, tag in enumerate(article.tags):
            _claim("tag", tag, (article, f"tags.{i}"), tags, diags)
        if article.series is None:
            continue
        name, part = article.series.name, article.series.part
        if not _claim("series", name, (article, "series"), series, diags):
            continue
        other = parts.setdefault((taxonomy_slug(name), part), article)
        if other.path != article.path:
            diags.error(
                _part_location(article),
                "duplicate-series-part",
                f"'{article.path}' and '{other.path}' are both part {part} of the series "
                f"'{name}' (the other at {_part_location(other)})",
                "give each article of a series its own part number",
            )


def _where(article: Article, name: str) -> SourceLocation:
    """Where a front matter field was written (the article's file when it was not)."""
    return field_location(article.locations, name, SourceLocation(article.path))


def _part_location(article: Article) -> SourceLocation:
    return field_location(article.locations, "series.part", _where(article, "series"))


def _claim(
    what: str,
    name: str,
    field: tuple[Article, str],
    seen: dict[str, tuple[str, Article, str]],
    diags: Diagnostics,
) -> bool:
    """Record that `name` (written at `field`: an article and a field name) makes its page;
    False after reporting a name that makes none, or that makes another spelling's page."""
    slug = taxonomy_slug(name)
    problem, hint = _slug_problem(slug)
    if problem:
        diags.error(
            _where(*field), "bad-name", f"{what} '{name}' cannot name a page: {problem}", hint
        )
        return False
    first = seen.setdefault(slug, (name, *field))
    if first[0] != name:
        page = (tag_page if what == "tag" else series_page)(slug).removesuffix("index.html")
        diags.error(
            _where(*field),
            "name-collision",
            f"{what} '{name}' and {what} '{first[0]}' (at {_where(first[1], first[2])}) would "
            f"both make the page {page}",
            f"write the {what} the same way in every article",
        )
        return False
    return True


@functools.lru_cache(maxsize=1 << 14)
def _slug_problem(slug: str) -> tuple[str, str]:
    """What keeps a slug from naming a folder, and a hint; ('', '') when nothing does."""
    if not slug:
        return "it has no letter or digit", "write it with letters or digits, e.g. 'Economy'"
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        too_long = f"its page's folder name would be longer than {MAX_SLUG_BYTES} bytes"
        return too_long, "shorten it"
    problem = name_problem(slug)
    return problem, "add a word to it" if problem else ""
