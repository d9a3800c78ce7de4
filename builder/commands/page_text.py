"""A saved web page's article: boilerplate removed, the main text found.

Takes a parsed page (edited in place); returns the element holding the article.
First what is never article text goes: scripts, styles, forms, media, hidden
elements, and navigation, headers, footers, asides, dialogs and the blocks whose
class or id names them as advertising, sharing, related content, newsletters,
comments, cookie notices and the like. Then the article is the element the page
marks as such (`itemprop=articleBody`, `<article>`, `<main>`) when it holds most of
the page's paragraph text, else what text density finds (`text_density`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment

from builder.commands.html_tree import attr, prune, tags
from builder.commands.text_density import (
    class_words,
    holds_only_text,
    link_density,
    measure_text,
    pick_by_density,
)

log = logging.getLogger(__name__)

NEVER_TEXT = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object",
     "embed", "form", "button", "input", "select", "textarea", "dialog", "img", "picture",
     "video", "audio", "source", "track", "map", "link", "meta", "head", "figure"}
)  # fmt: skip
BOILERPLATE_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
BOILERPLATE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
     "menu", "menubar", "toolbar", "alert", "form"}
)  # fmt: skip
# Class and id words that name a block as not the article, whatever else they say.
BOILERPLATE_WORDS = frozenset(
    {"ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adslot", "dfp",
     "sponsor", "sponsored", "promo", "promoted", "promotion", "outbrain", "taboola", "share",
     "shares", "sharing", "sharebar", "social", "addthis", "related", "recommended",
     "recommendations", "newsletter", "newsletters", "subscribe", "subscription", "signup",
     "comment", "comments", "disqus", "cookie", "cookies", "consent", "gdpr", "cmp",
     "breadcrumb", "breadcrumbs", "popup", "modal", "overlay", "skip", "print"}
)  # fmt: skip
# Words that name page furniture, unless the same class or id also names content.
FURNITURE_WORDS = frozenset(
    {"nav", "navbar", "navigation", "menu", "sidebar", "footer", "header", "masthead",
     "banner", "toolbar", "widget", "pagination", "pager", "byline", "dateline", "author",
     "tags", "meta", "topbar", "bottombar"}
)  # fmt: skip
CONTENT_WORDS = frozenset({"article", "content", "story", "body", "entry", "post", "text"})
ALWAYS_KEPT = frozenset({"html", "body", "main"})
PROSE_TAGS = frozenset({"p", "li", "blockquote", "pre", "td", "dd"})
TEXT_BOXES = frozenset({"div", "section"})
AD_LABELS = frozenset(
    {"ad", "ads", "advertisement", "advertising", "sponsored", "sponsored content"}
)
LINK_LIST_TAGS = frozenset({"div", "section", "ul", "ol", "dl", "table", "center"})
MAX_LINK_SHARE = 0.5
"""A block in the article more than half of whose text is links is a menu or a link list."""
MARKED_SHARE = 0.5
"""An element the page marks as its article is taken when it holds at least this share of
the page's paragraph text; otherwise it is a teaser or a card, and density decides."""
HIDDEN_CLASSES = frozenset(
    {"hidden", "is-hidden", "u-hidden", "visually-hidden", "visuallyhidden", "sr-only",
     "screen-reader-text", "screen-reader-only", "offscreen"}
)  # fmt: skip
"""Whole class names that hide an element from sight (not `hidden-xs`: that is one screen)."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDING_ATTRIBUTES = frozenset({"hidden", "aria-hidden", "class", "style"})
"""The attributes `_is_hidden` reads (most elements, such as links, have none of them)."""


@dataclass(frozen=True, slots=True)
class ArticleText:
    """Where a page's article was found."""

    root: Tag
    """The element holding the article (a new `<div>` when density joined siblings)."""
    found_by: str
    """'itemprop=articleBody', 'article', 'main' or 'text density'."""


def strip_never_text(soup: BeautifulSoup) -> None:
    """Remove what is never article text: scripts, styles, forms, media, comments, hidden."""
    prune(soup, lambda tag: tag.name in NEVER_TEXT or _is_hidden(tag))
    for comment in [s for s in soup.descendants if isinstance(s, Comment)]:
        comment.extract()


def strip_boilerplate(soup: BeautifulSoup) -> None:
    """Remove navigation, headers, footers, asides and blocks named as boilerplate.

    Never removed: the body, the elements that mark the article (`main`,
    `itemprop=articleBody`) and what holds them, and an `<article>` holding most of the
    page's prose; nor, for words that name page furniture (`sidebar`, `header`, ...)
    rather than boilerplate, any element holding most of it: a state or layout class on
    a wrapper cannot take the article with it.
    """
    body = soup.body or soup
    keep = set()
    for marked in filter(_marks_article, tags(body)):
        keep.add(id(marked))
        keep.update(id(parent) for parent in marked.parents)
    before: dict[int, int] = {}  # the prose each element holds, measured only if asked

    def is_the_article(tag: Tag) -> bool:
        """An <article> holding most of the page's prose ("story sharing-enabled")."""
        if not before:
            before.update(paragraph_text(body))
        return before.get(id(tag), 0) >= MARKED_SHARE * before.get(id(body), 0) > 0

    furniture: list[Tag] = []

    def doomed(tag: Tag) -> bool:
        verdict = "" if id(tag) in keep else _boilerplate(tag)
        if verdict == "furniture":
            furniture.append(tag)  # decided below, once the page's prose is known
        if verdict == "boilerplate":
            return not (tag.name == "article" and is_the_article(tag))
        return _is_ad_label(tag)

    prune(body, doomed)
    if furniture:  # measured after the first cut: comment threads are often most of a page
        prose = paragraph_text(body)
        most = MARKED_SHARE * prose.get(id(body), 0)
        cut = {id(t) for t in furniture if not 0 < most <= prose.get(id(t), 0)}
        prune(body, lambda tag: id(tag) in cut)


def find_article(soup: BeautifulSoup) -> ArticleText | None:
    """Return the element that holds the article, or None when the page has no prose."""
    body = soup.body or soup
    prose = paragraph_text(body)
    total = prose.get(id(body), 0)
    if not total:
        return None
    elements = tags(body)
    for found_by, marked in (
        ("itemprop=articleBody", [t for t in elements if "articleBody" in _itemprops(t)]),
        ("article", [t for t in elements if t.name == "article"]),
        ("main", [t for t in elements if t.name == "main" or attr(t, "role") == "main"]),
    ):
        if not marked:
            continue
        best = max(marked, key=lambda tag: prose.get(id(tag), 0))
        if prose.get(id(best), 0) >= MARKED_SHARE * total:
            return ArticleText(best, found_by)
    pick = pick_by_density(body)
    if pick is None:
        return None
    if len(pick.elements) == 1:
        return ArticleText(pick.elements[0], "text density")
    holder = soup.new_tag("div")
    for element in pick.elements:
        holder.append(element.extract())
    return ArticleText(holder, "text density")


def drop_link_lists(root: Tag) -> None:
    """Remove blocks inside the article whose text is mostly links (menus, link lists)."""
    lengths = measure_text(root)
    prune(
        root,
        lambda tag: tag.name in LINK_LIST_TAGS and link_density(tag, lengths) > MAX_LINK_SHARE,
    )


def paragraph_text(root: Tag, lengths: dict[int, tuple[int, int]] | None = None) -> dict[int, int]:
    """For every element, how much text it holds in paragraphs, list items, quotes, cells
    and boxes of text alone (a `<div>` used as a paragraph).

    Link text does not count: a list of links is not prose.
    """
    lengths = measure_text(root) if lengths is None else lengths
    result: dict[int, int] = {}
    stack: list[tuple[Tag, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if node.name in PROSE_TAGS or (node.name in TEXT_BOXES and holds_only_text(node)):
            text, links = lengths[id(node)]
            result[id(node)] = text - links
        elif not done:
            stack.append((node, True))
            stack.extend((c, False) for c in node.contents if isinstance(c, Tag))
        else:
            result[id(node)] = sum(result[id(c)] for c in node.contents if isinstance(c, Tag))
    return result


def _marks_article(tag: Tag) -> bool:
    return tag.name == "main" or attr(tag, "role") == "main" or "articleBody" in _itemprops(tag)


def _itemprops(tag: Tag) -> list[str]:
    return attr(tag, "itemprop").split()


def _boilerplate(tag: Tag) -> str:
    """'boilerplate', 'furniture' (by a word that may name a layout) or '' (not either)."""
    if tag.name in ALWAYS_KEPT:
        return ""
    if tag.name in BOILERPLATE_TAGS:
        return "boilerplate"
    if not tag.attrs:
        return ""
    if attr(tag, "role").strip().lower() in BOILERPLATE_ROLES:
        return "boilerplate"
    words = class_words(tag)
    if words & BOILERPLATE_WORDS:
        return "boilerplate"
    if words & FURNITURE_WORDS and not words & CONTENT_WORDS:
        return "furniture"
    return ""


def _is_ad_label(tag: Tag) -> bool:
    """A small box whose whole text is "Advertisement" or the like."""
    if tag.name not in {"p", "div", "span", "section"}:
        return False
    text = tag.string  # its one string, through elements holding one child each
    return text is not None and text.strip().lower() in AD_LABELS


def _is_hidden(tag: Tag) -> bool:
    if tag.attrs.keys().isdisjoint(_HIDING_ATTRIBUTES) or tag.name in {"html", "body"}:
        return False
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    if HIDDEN_CLASSES.intersection(attr(tag, "class").split()):
        return True
    return _HIDDEN_STYLE.search(attr(tag, "style")) is not None
