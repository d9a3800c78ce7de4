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
    and series parts given twice."""
    tags: dict[str, tuple[str, SourceLocation]] = {}
    series: dict[str, tuple[str, SourceLocation]] = {}
    parts: dict[tuple[str, int], tuple[str, SourceLocation]] = {}
    for article in articles:
        for i, tag in enumerate(article.tags):
            loc = field_location(article.locations, f"tags.{i}", SourceLocation(article.path))
            _claim("tag", tag, loc, tags, diags)
        if article.series is None:
            continue
        name, part = article.series.name, article.series.part
        loc = field_location(article.locations, "series", SourceLocation(article.path))
        if not _claim("series", name, loc, series, diags):
            continue
        part_loc = field_location(article.locations, "series.part", loc)
        other = parts.setdefault((taxonomy_slug(name), part), (article.path, part_loc))
        if other[0] != article.path:
            diags.error(
                part_loc,
                "duplicate-series-part",
                f"'{article.path}' and '{other[0]}' are both part {part} of the series "
                f"'{name}' (the other at {other[1]})",
                "give each article of a series its own part number",
            )


def _claim(
    what: str,
    name: str,
    loc: SourceLocation,
    seen: dict[str, tuple[str, SourceLocation]],
    diags: Diagnostics,
) -> bool:
    """Record that `name` makes its page; False after reporting a name that makes none,
    or that makes the page another spelling makes."""
    slug = taxonomy_slug(name)
    problem, hint = _slug_problem(slug)
    if problem:
        diags.error(loc, "bad-name", f"{what} '{name}' cannot name a page: {problem}", hint)
        return False
    first = seen.setdefault(slug, (name, loc))
    if first[0] != name:
        page = (tag_page if what == "tag" else series_page)(slug).removesuffix("index.html")
        diags.error(
            loc,
            "name-collision",
            f"{what} '{name}' and {what} '{first[0]}' (at {first[1]}) would both make the "
            f"page {page}",
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
