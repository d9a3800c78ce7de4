"""Files for crawlers and feed readers: sitemap.xml, feed.xml (Atom 1.0) and robots.txt.

Takes the site configuration, the annotated articles and the rendered pages;
returns OutputFiles. XML is built with ElementTree. Every URL here is absolute
(from `base_url`), so without a base_url only robots.txt is made. Dates come
from the articles (or SOURCE_DATE_EPOCH), never from the clock.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from builder.anchor.article import ArticleSummary
from builder.incremental.memo import NO_MEMO, Memo
from builder.load.config import SiteConfig
from builder.render.article_lists import TagList
from builder.site import ARTICLES_DIR, OutputFile, tag_feed, tag_page

log = logging.getLogger(__name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_PATH = "feed.xml"
SITEMAP_PATH = "sitemap.xml"
NOT_INDEXED = frozenset({"404.html", "search/index.html"})
"""Pages left out of the sitemap (they also carry `noindex`)."""
GENERATOR = "Annotated edition builder"


def render_feeds(
    config: SiteConfig,
    articles: Sequence[ArticleSummary],
    pages: Sequence[OutputFile],
    memo: Memo = NO_MEMO,
    tags: Sequence[TagList] = (),
) -> list[OutputFile]:
    """Make robots.txt and, when the site has a base_url, sitemap.xml, feed.xml and each
    tag's feed (`tags/<slug>/feed.xml`).

    A feed's inputs, for the memo, are the few fields of each article it shows: far
    cheaper to compare than the XML is to make.
    """
    files = [render_robots(config)]
    if not config.base_url:
        return files
    fallback = config.source_date
    made = [
        (
            SITEMAP_PATH,
            "site.yaml",
            repr(([(a.article.slug, a.article.date) for a in articles], [p.path for p in pages])),
            partial(render_sitemap, config, articles, pages),
        ),
        (
            FEED_PATH,
            ARTICLES_DIR,
            repr((fallback, [_atom_fields(a) for a in articles])),
            partial(render_atom, config, articles),
        ),
    ]
    made += [
        (
            tag_feed(tag.slug),
            ARTICLES_DIR,
            repr((fallback, tag.name, [_atom_fields(a) for a in tag.articles])),
            partial(render_atom, config, tag.articles, AtomFeed.of_tag(config, tag)),
        )
        for tag in tags
    ]
    for path, source, inputs, make in made:
        file = memo.page(path, source, (inputs,), make)
        if file is not None:
            files.append(file)
    return files


def _atom_fields(item: ArticleSummary) -> tuple[str, ...]:
    """What the Atom feed shows of an article."""
    a = item.article
    return (a.slug, a.title, a.date, a.author, a.summary or item.excerpt, a.language)


def render_robots(config: SiteConfig) -> OutputFile:
    """Allow every crawler and name the sitemap."""
    lines = ["User-agent: *", "Allow: /"]
    if config.base_url:
        lines += ["", f"Sitemap: {config.absolute_url(SITEMAP_PATH)}"]
    return OutputFile("robots.txt", "\n".join(lines + [""]).encode("utf-8"), "site.yaml")


def render_sitemap(
    config: SiteConfig, articles: Sequence[ArticleSummary], pages: Sequence[OutputFile]
) -> OutputFile:
    """List every indexable page, with the article's date as its lastmod."""
    dated = {
        f"articles/{a.article.slug}/index.html": a.article.date for a in articles if a.article.date
    }
    urlset = etree.Element("urlset", {"xmlns": SITEMAP_NS})
    for path in sorted((p.path for p in pages if _is_page(p.path)), key=config.page_url):
        url = etree.SubElement(urlset, "url")
        etree.SubElement(url, "loc").text = config.page_url(path)
        if path in dated:
            etree.SubElement(url, "lastmod").text = dated[path]
    return OutputFile(SITEMAP_PATH, _xml(urlset), "site.yaml")


@dataclass(frozen=True, slots=True)
class AtomFeed:
    """What tells one feed from another: its path, the page it follows, its title."""

    path: str
    page: str
    """The absolute URL of the page whose articles it lists (its id, its alternate)."""
    title: str
    subtitle: str

    @classmethod
    def of_site(cls, config: SiteConfig) -> AtomFeed:
        title = config.strings.text("feed.title", title=config.title)
        return cls(FEED_PATH, config.absolute_url(), title, config.description)

    @classmethod
    def of_tag(cls, config: SiteConfig, tag: TagList) -> AtomFeed:
        url = config.page_url(tag_page(tag.slug))
        title = config.strings.text("feed.tag", tag=tag.name, title=config.title)
        return cls(tag_feed(tag.slug), url, title, "")


def render_atom(
    config: SiteConfig, articles: Sequence[ArticleSummary], which: AtomFeed | None = None
) -> OutputFile:
    """Make an Atom 1.0 feed of the articles, newest first, each with its summary and date
    (the site's feed, or `which`)."""
    which = which or AtomFeed.of_site(config)
    fallback = config.source_date or date(1970, 1, 1)
    dates = {a.article.slug: _day(a.article.date) or fallback for a in articles}
    newest = sorted(articles, key=lambda a: (dates[a.article.slug], a.article.slug), reverse=True)
    feed = etree.Element("feed", {"xmlns": ATOM_NS, XML_LANG: config.language})
    _text(feed, "id", which.page)
    _text(feed, "title", which.title)
    if which.subtitle:
        _text(feed, "subtitle", which.subtitle)
    _text(feed, "updated", _timestamp(max(dates.values(), default=fallback)))
    _link(feed, "self", config.absolute_url(which.path), "application/atom+xml")
    _link(feed, "alternate", which.page, "text/html")
    _text(etree.SubElement(feed, "author"), "name", config.title)
    _text(feed, "generator", GENERATOR)
    for item in newest:
        article = item.article
        url = config.page_url(f"articles/{article.slug}/index.html")
        entry = etree.SubElement(feed, "entry")
        if article.language and article.language != config.language:
            entry.set(XML_LANG, article.language)  # its title and summary are in it
        _text(entry, "id", url)
        _text(entry, "title", article.title)
        _link(entry, "alternate", url, "text/html")
        _text(entry, "published", _timestamp(dates[article.slug]))
        _text(entry, "updated", _timestamp(dates[article.slug]))
        if article.author:
            _text(etree.SubElement(entry, "author"), "name", article.author)
        _text(entry, "summary", article.summary or item.excerpt)
    return OutputFile(which.path, _xml(feed), ARTICLES_DIR)


def _is_page(path: str) -> bool:
    return path.endswith(".html") and path not in NOT_INDEXED


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _text(parent: etree.Element, tag: str, text: str) -> etree.Element:
    element = etree.SubElement(parent, tag)
    element.text = text
    return element


def _link(parent: etree.Element, rel: str, href: str, media_type: str) -> None:
    etree.SubElement(parent, "link", {"rel": rel, "href": href, "type": media_type})


def _xml(root: etree.Element) -> bytes:
    """Serialize a tree whose root declares its namespace with an `xmlns` attribute."""
    etree.indent(root)
    xml: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return xml + b"\n"
