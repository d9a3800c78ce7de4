"""A saved web page's title, author, date and source, from what the page states.

Takes a parsed page; returns `PageMeta`. Each field comes from the first place that
states it, in this order: schema.org JSON-LD (an Article, NewsArticle, BlogPosting or
another article type, also inside `@graph`, lists and nested values), Open Graph and
`article:` meta tags (and the common `author`/`date` meta names), microdata
(`itemprop`), `<link rel=canonical>`, `rel=author`, `<time datetime>`; and, for what
none of them says, the visible headline and byline (`visible_meta`).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from builder.commands.html_tree import attr, tags
from builder.commands.page_text import BOILERPLATE_WORDS
from builder.commands.text_density import class_words
from builder.load.schema import url_problem

log = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "BlogPosting", "AnalysisNewsArticle", "OpinionNewsArticle",
        "ReportageNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
        "LiveBlogPosting", "TechArticle", "ScholarlyArticle", "Report", "SatiricalArticle",
    }
)  # fmt: skip
TITLE_META = ("og:title", "twitter:title", "dc.title", "parsely-title")
AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
DATE_META = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.created", "parsely-pub-date",
    "sailthru.date",
)  # fmt: skip
SITE_META = ("og:site_name", "application-name", "publisher")
MAX_JSON_DEPTH = 20
MAX_NAME_CHARS = 200
BYLINE_PARAGRAPHS = 3
LEAD_IN_BLOCKS = 3
"""How many opening paragraphs may hold a byline written as a sentence."""
"""An author or site name longer than this is a sentence, not a name."""
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_ISO_DATE = re.compile(r"\s*(\d{4})([-/.])(\d{2})\2(\d{2})(?!\d)")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\.? ({_MONTHS})\.?,? (\d{{4}})\b")
_MONTH_DAY = re.compile(rf"\b({_MONTHS})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b")
_BY = re.compile(r"^\s*(?:written\s+)?by[:\s]+", re.I)
_BYLINE_END = re.compile(r"\s*(?:[|·•\u2022\n]|\bon\s+\d|\bupdated\b|\bpublished\b).*", re.I | re.S)
_BY_NAME = re.compile(r"\b[Bb]y ((?:[A-Z][\w.'’-]*)(?: (?:[A-Z][\w.'’-]*|de|van|von|da)){1,3})")
_JSON_LD = re.compile(r"\s*application/ld\+json", re.I)
_TITLE_SEPARATOR = re.compile(r"\s+[|\u2013\u2014-]\s+")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page says about its article; '' where it says nothing."""

    title: str = ""
    author: str = ""
    date: str = ""
    """YYYY-MM-DD, the date part as the page states it (its own time zone)."""
    url: str = ""
    """The article's own address (absolute http or https)."""
    site_name: str = ""

    def filled_from(self, other: PageMeta) -> PageMeta:
        """Return this, with each empty field taken from `other`."""
        return PageMeta(
            self.title or other.title,
            self.author or other.author,
            self.date or other.date,
            self.url or other.url,
            self.site_name or other.site_name,
        )


def read_page_meta(soup: BeautifulSoup) -> PageMeta:
    """Return what the page states about its article in JSON-LD, meta tags and links."""
    elements = tags(soup)
    meta = _json_ld_meta(elements)
    meta = meta.filled_from(_meta_tags(elements))
    meta = meta.filled_from(_microdata(elements))
    canonical = next((attr(t, "href") for t in elements if _rel(t, "canonical")), "")
    rel_author = next((t for t in elements if t.name == "a" and _rel(t, "author")), None)
    author = _name(rel_author.get_text(" ")) if rel_author is not None else ""
    meta = meta.filled_from(PageMeta(author=author, url=canonical))
    if meta.url:
        base = next((attr(t, "href") for t in elements if t.name == "base"), "")
        meta = replace(meta, url=_http_url(urljoin(base, meta.url) if base else meta.url))
    return meta


def visible_meta(root: Tag, soup: BeautifulSoup) -> PageMeta:
    """Return what the page shows in `root` (the article, else the body): its `<time>`,
    `<h1>` (else the page's first) and byline; not in comments or other boilerplate."""
    time = _first_time(root)
    headline = root.find("h1") or soup.find("h1")
    title = _text(headline) if isinstance(headline, Tag) else ""
    byline = _byline(root)
    author = _name(_BYLINE_END.sub("", _BY.sub("", byline))) if byline else ""
    if not byline:
        byline, author = _byline_sentence(root)
    date = time or (_date(byline) if byline else "")
    return PageMeta(title=title, author=author if not _date(author) else "", date=date)


def lead_in_meta(root: Tag) -> PageMeta:
    """Return the author and date a short line just before or at the top of the article
    states ("Friday, May 20, 2022 - by Daniel Osei")."""
    lines: list[str] = []
    for sibling in root.find_previous_siblings(limit=LEAD_IN_BLOCKS):
        if isinstance(sibling, Tag):
            lines.append(_short_text(sibling))
    for block in root.find_all(["p", "div"], limit=LEAD_IN_BLOCKS):
        lines.append(_short_text(block))  # the first <div> often holds the whole article
    author = date = ""
    for line in lines:
        if not line:
            continue
        match = _BY_NAME.search(line)
        author = author or (_name(match.group(1)) if match else "")
        date = date or _date(line)
    return PageMeta(author=author, date=date)


def title_from_head(soup: BeautifulSoup) -> str:
    """The page's `<title>`, without the site's name after a separator."""
    title = soup.find("title")
    text = _text(title) if isinstance(title, Tag) else ""
    return _TITLE_SEPARATOR.split(text)[0]  # "Headline | Site" is the usual order


def source_name(meta: PageMeta) -> str:
    """The publication's name: what the page states, else its address's host."""
    if meta.site_name:
        return meta.site_name
    host = urlsplit(meta.url).hostname or ""
    return host.removeprefix("www.")


def iso_date(text: str) -> str:
    """Return the date a text states as YYYY-MM-DD ('' when it states none)."""
    return _date(text)


# --- JSON-LD -------------------------------------------------------------------------


def _json_ld_meta(elements: list[Tag]) -> PageMeta:
    nodes: list[dict[str, Any]] = []
    scripts = [t for t in elements if t.name == "script" and _JSON_LD.match(attr(t, "type"))]
    for script in scripts:
        try:
            data = json.loads(script.string or "")
        except (ValueError, RecursionError):
            log.debug("unreadable JSON-LD block skipped")
            continue
        nodes.extend(_objects(data, 0))
    by_id: dict[str, dict[str, Any]] = {}
    for node in nodes:
        if isinstance(node.get("@id"), str) and len(node) > 1:  # not a bare reference
            by_id.setdefault(node["@id"], node)
    articles = [n for n in nodes if _types(n) & ARTICLE_TYPES]
    if not articles:
        return PageMeta()
    article = next((a for a in articles if _first_text(a.get("headline"))), articles[0])
    publisher = _resolve(article.get("publisher"), by_id)
    page = _resolve(article.get("mainEntityOfPage"), by_id)
    url = _first_text(article.get("url")) or _first_text(page.get("@id") or page.get("url"))
    if isinstance(article.get("mainEntityOfPage"), str):
        url = url or article["mainEntityOfPage"]
    return PageMeta(
        title=_first_text(article.get("headline")) or _first_text(article.get("name")),
        author=_people(article.get("author"), by_id),
        date=_date(_first_text(article.get("datePublished")))
        or _date(_first_text(article.get("dateCreated"))),
        url=_http_url(url),
        site_name=_name(_first_text(publisher.get("name"))),
    )


def _objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD value, the outer ones first."""
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (list, dict)):
                yield from _objects(value, depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", ())
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return {re.split(r"[/:#]", n)[-1] for n in names if isinstance(n, str)}


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """An object, or the object a `{"@id": ...}` reference names."""
    if isinstance(value, list):
        value = value[0] if value else {}
    if isinstance(value, dict):
        ref = value.get("@id")
        if isinstance(ref, str) and len(value) == 1:
            return by_id.get(ref, value)
        return value
    return {}


def _people(value: Any, by_id: dict[str, dict[str, Any]]) -> str:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = _name(item) if isinstance(item, str) else ""
        if isinstance(item, dict):
            name = _name(_first_text(_resolve(item, by_id).get("name")))
        if name and name not in names:
            names.append(name)
    return join_names(names)


def join_names(names: list[str]) -> str:
    """Join names as a byline does: "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _first_text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return " ".join(value.split()) if isinstance(value, str) else ""


# --- meta tags, microdata, visible text ---------------------------------------------


def _meta_tags(elements: list[Tag]) -> PageMeta:
    found: dict[str, str] = {}
    for tag in elements:
        if tag.name != "meta":
            continue
        key = attr(tag, "property") or attr(tag, "name") or attr(tag, "itemprop")
        content = " ".join(attr(tag, "content").split())
        if key and content:
            found.setdefault(key.lower(), content)
    authors = [found[k] for k in AUTHOR_META if k in found and not _looks_like_url(found[k])]
    return PageMeta(
        title=next((found[k] for k in TITLE_META if k in found), ""),
        author=_name(authors[0]) if authors else "",
        date=next((d for k in DATE_META if k in found and (d := _date(found[k]))), ""),
        url=_http_url(found.get("og:url", "")),
        site_name=_name(next((found[k] for k in SITE_META if k in found), "")),
    )


def _microdata(elements: list[Tag]) -> PageMeta:
    props: dict[str, Tag] = {}
    for tag in elements:
        for prop in attr(tag, "itemprop").split():
            props.setdefault(prop, tag)
    headline, author, published = (props.get(p) for p in ("headline", "author", "datePublished"))
    if author is not None:
        author = author.find(itemprop="name") or author
    date = ""
    if published is not None:
        date = _date(attr(published, "datetime") or attr(published, "content"))
        date = date or _date(_text(published))
    return PageMeta(
        title=_text(headline) if headline is not None and headline.name != "meta" else "",
        author=_name(_text(author)) if isinstance(author, Tag) else "",
        date=date,
    )


def _first_time(root: Tag) -> str:
    for time in [tag for tag in tags(root) if tag.name == "time"]:
        if _in_boilerplate(time, root):
            continue
        date = _date(attr(time, "datetime")) or _date(_text(time))
        if date:
            return date
    return ""


def _byline(root: Tag) -> str:
    for tag in tags(root):
        if not _is_byline(tag) or _in_boilerplate(tag, root):
            continue
        text = _text(tag)
        if text and len(text) <= MAX_NAME_CHARS:
            return text
    return ""


def _byline_sentence(root: Tag) -> tuple[str, str]:
    """A short opening paragraph that names its author: ("… by A. Name, 1 May 2009", name)."""
    for para in root.find_all("p", limit=BYLINE_PARAGRAPHS):
        text = _text(para)
        if len(text) > MAX_NAME_CHARS:
            continue
        if match := _BY_NAME.search(text):
            return text, _name(match.group(1))
    return "", ""


def _in_boilerplate(tag: Tag, root: Tag) -> bool:
    """Whether an element sits in a comment, related-content or other boilerplate block."""
    for parent in tag.parents:
        if parent is root:
            return False
        if class_words(parent) & BOILERPLATE_WORDS:
            return True
    return False


def _is_byline(tag: Tag) -> bool:
    if tag.attrs.keys().isdisjoint(("class", "id", "rel")):
        return False
    words = " ".join([attr(tag, "class"), attr(tag, "id"), attr(tag, "rel")]).lower()
    return re.search(r"\b(byline|by-line|author|writtenby|dateline)\b", words) is not None


def _date(text: str) -> str:
    if not text:
        return ""
    if match := _ISO_DATE.match(text):
        return f"{match[1]}-{match[3]}-{match[4]}"
    if match := _DAY_MONTH.search(text):
        day, month, year = match.groups()
    elif match := _MONTH_DAY.search(text):
        month, day, year = match.groups()
    else:
        return ""
    try:
        return datetime.strptime(f"{day} {month[:3]} {year}", "%d %b %Y").date().isoformat()
    except ValueError:
        return ""


def _name(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;|")
    if not text or len(text) > MAX_NAME_CHARS or _looks_like_url(text):
        return ""
    return text


def _looks_like_url(text: str) -> bool:
    return re.match(r"(?:https?:)?//|www\.", text.strip(), re.I) is not None


def _http_url(url: str) -> str:
    url = url.strip()
    return url if url and not url_problem(url, ("http", "https")) else ""


def _rel(tag: Tag, value: str) -> bool:
    return value in attr(tag, "rel").lower().split()


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _short_text(tag: Tag) -> str:
    """`_text(tag)` if it is no longer than a name may be, else '' (known without joining
    the text of a whole article)."""
    chars = 0
    for string in tag.strings:
        chars += sum(map(len, string.split()))  # the text's length is at least this
        if chars > MAX_NAME_CHARS:
            return ""
    text = _text(tag)
    return text if len(text) <= MAX_NAME_CHARS else ""
