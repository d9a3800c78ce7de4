"""Close the elements a page left open, as a browser would, after `html.parser`.

`html.parser` keeps the tree a page writes: `<P>one<P>two` gives a paragraph inside
a paragraph, where HTML (and every browser) ends the first paragraph at the second.
Old pages and hand-written ones leave out these end tags all the time. `close_implied`
moves each such element out to where the omitted end tag would have put it: a block
inside a paragraph (through inline elements only), a list item directly in a list
item, a definition term or description in another, a cell in a cell, a row in a row.
Formatting open across the break is not carried into the next block.
"""

from __future__ import annotations

import logging

from bs4 import BeautifulSoup, Tag

log = logging.getLogger(__name__)

PARAGRAPH_CLOSERS = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
        "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre",
        "section", "table", "ul",
    }
)  # fmt: skip
"""Start tags that end an open paragraph (WHATWG HTML, "in body" insertion mode)."""
SIBLING_CLOSERS = {
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "td": frozenset({"td", "th", "tr"}),
    "th": frozenset({"td", "th", "tr"}),
    "tr": frozenset({"tr"}),
    "option": frozenset({"option"}),
}
"""Elements ended by a direct child of these kinds."""
INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i",
        "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
        "time", "tt", "u", "var",
    }
)  # fmt: skip


def close_implied(soup: BeautifulSoup) -> None:
    """Move blocks out of the paragraphs, items and cells they would have ended."""
    for para in soup.find_all("p"):
        while (block := _block_inside(para)) is not None:
            while block.parent is not para and block.parent is not None:
                _move_after(block.parent, block)
            _move_after(para, block)
    for tag in soup.find_all(list(SIBLING_CLOSERS)):
        closers = SIBLING_CLOSERS[tag.name]
        child = next((c for c in tag.children if isinstance(c, Tag) and c.name in closers), None)
        if child is not None:
            _move_after(tag, child)


def _block_inside(para: Tag) -> Tag | None:
    """The first block in a paragraph reached through inline elements only."""
    stack = [c for c in reversed(para.contents) if isinstance(c, Tag)]
    while stack:
        node = stack.pop()
        if node.name in PARAGRAPH_CLOSERS:
            return node
        if node.name in INLINE:
            stack.extend(c for c in reversed(node.contents) if isinstance(c, Tag))
    return None


def _move_after(container: Tag, first: Tag) -> None:
    """Move `first` and every later sibling out of `container`, right after it."""
    moving = [first, *first.next_siblings]
    anchor = container
    for node in moving:
        node.extract()
        anchor.insert_after(node)
        anchor = node  # type: ignore[assignment]
