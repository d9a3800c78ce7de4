"""The site's lists of articles: the newest, by tag, by series, by year.

`gather` sorts the summaries into each tag's, each series' and each year's list in one
pass over the articles (a build costs what its articles and their tags do, not articles
times tags); `series_navs` gives each article of a series its neighbours in it, from the
articles as read, before any is annotated. Lists hold `ArticleSummary`s, never whole
articles (`anchor.article`).
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from builder.anchor.article import ArticleSummary
from builder.load.articles import Article
from builder.site import taxonomy_slug

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TagList:
    """A tag's page: its articles, newest first."""

    name: str
    slug: str
    articles: tuple[ArticleSummary, ...]


@dataclass(frozen=True, slots=True)
class SeriesList:
    """A series' page: its articles in part order."""

    name: str
    slug: str
    articles: tuple[ArticleSummary, ...]


@dataclass(frozen=True, slots=True)
class YearList:
    """One year of the archive, newest first ('' for the undated articles)."""

    year: str
    articles: tuple[ArticleSummary, ...]


@dataclass(frozen=True, slots=True)
class ArticleLists:
    tags: tuple[TagList, ...]
    """By name, without regard to case or accents."""
    series: tuple[SeriesList, ...]
    """By name, without regard to case or accents."""
    years: tuple[YearList, ...]
    """Newest year first, the undated articles last."""

    @property
    def counts(self) -> ListCounts:
        return ListCounts(
            sum(len(y.articles) for y in self.years), len(self.tags), len(self.series)
        )


@dataclass(frozen=True, slots=True)
class ListCounts:
    """What the home page says of the other lists: how many articles, tags and series."""

    articles: int
    tags: int
    series: int


@dataclass(frozen=True, slots=True)
class SeriesNav:
    """Where an article is in its series, as its page shows it."""

    name: str
    slug: str
    position: int
    """From 1, in part order (parts may skip numbers)."""
    count: int
    previous: Article | None
    following: Article | None

    def key(self) -> str:
        """What an article's page shows of its series, as one string."""
        ends = [f"{a.slug}\n{a.title}" if a else "" for a in (self.previous, self.following)]
        return repr((self.name, self.position, self.count, ends))


def newest_first(articles: Sequence[ArticleSummary]) -> list[ArticleSummary]:
    """The articles with a home-page `order` first (lower first), then the others by date,
    newest first, the undated last; ties by slug."""
    return sorted(_newest(articles), key=_pinned)


def _newest(articles: Sequence[ArticleSummary]) -> list[ArticleSummary]:
    """By date, newest first, the undated last; ties by slug (`reverse` keeps sorts stable)."""
    by_slug = sorted(articles, key=lambda a: a.article.slug)
    return sorted(by_slug, key=lambda a: a.article.date, reverse=True)


def _pinned(item: ArticleSummary) -> tuple[bool, int]:
    order = item.article.order
    return (order is None, order or 0)


def gather(articles: Sequence[ArticleSummary]) -> ArticleLists:
    """Sort the articles into each tag's, series' and year's list, in one pass."""
    tags: dict[str, tuple[str, list[ArticleSummary]]] = {}
    series: dict[str, tuple[str, list[ArticleSummary]]] = {}
    years: dict[str, list[ArticleSummary]] = {}
    for item in _newest(articles):
        info = item.article
        for tag in info.tags:
            tags.setdefault(taxonomy_slug(tag), (tag, []))[1].append(item)
        if info.series is not None:
            name = info.series.name
            series.setdefault(taxonomy_slug(name), (name, []))[1].append(item)
        years.setdefault(info.date[:4], []).append(item)
    return ArticleLists(
        tags=tuple(
            TagList(name, slug, tuple(items))
            for slug, (name, items) in sorted(tags.items(), key=_by_name)
        ),
        series=tuple(
            SeriesList(name, slug, tuple(sorted(items, key=_part)))
            for slug, (name, items) in sorted(series.items(), key=_by_name)
        ),
        years=tuple(YearList(year, tuple(items)) for year, items in years.items()),
    )


def _part(item: ArticleSummary) -> int:
    series = item.article.series
    return series.part if series else 0


def _by_name(entry: tuple[str, tuple[str, list[ArticleSummary]]]) -> tuple[str, str]:
    """Alphabetical without regard to case or accents (`Économie` between D and F)."""
    slug, (name, _) = entry
    letters = unicodedata.normalize("NFKD", name)
    return ("".join(c for c in letters if not unicodedata.combining(c)).casefold(), slug)


def series_navs(articles: Sequence[Article]) -> dict[str, SeriesNav]:
    """Article slug -> where it is in its series (articles in no series have none)."""
    parts: dict[str, list[Article]] = {}
    for article in articles:
        if article.series is not None:
            parts.setdefault(taxonomy_slug(article.series.name), []).append(article)
    navs = {}
    for slug, members in parts.items():
        members.sort(key=lambda a: (a.series.part if a.series else 0, a.slug))
        for i, article in enumerate(members):
            assert article.series is not None
            navs[article.slug] = SeriesNav(
                article.series.name,
                slug,
                i + 1,
                len(members),
                members[i - 1] if i else None,
                members[i + 1] if i + 1 < len(members) else None,
            )
    return navs
