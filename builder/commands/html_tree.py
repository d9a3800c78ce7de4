"""A saved page parsed: BeautifulSoup's `html.parser` tree, as a browser would build it.

`parse_page` first cuts out what is text to a browser's tokenizer but never article text
(the content of scripts, except JSON-LD, styles, SVG, `noscript` and `template`, and
comments), which on many saved pages is most of the bytes, then parses the rest.
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
import re
from collections.abc import Callable

from bs4 import BeautifulSoup, Tag
from bs4.element import PageElement

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


_RAW_TEXT_TAGS = ("script", "style", "svg", "noscript", "template")
# Raw text ends at the first end tag of its element, as in the HTML tokenizer; a comment
# at the first "-->". One pass, left to right, so whichever starts first wins. The end is
# found by a search of its own: a lazy `.*?` up to a back-reference, in one pattern, tried
# the end tag at every character of a script (0.026 s of a 2 MB page's 1.5 MB script).
# Tag names compare in ASCII case only (`(?a:`), as the tokenizer's do: re's Unicode case
# folding would take "<\u017fcript>", with a long s, for a script.
_RAW_START = re.compile(rf"<!--|<((?a:{'|'.join(_RAW_TEXT_TAGS)}))\b([^>]*)>", re.I)
_RAW_END = {name: re.compile(rf"(?a:</{name})\s*>", re.I) for name in _RAW_TEXT_TAGS}
_JSON_LD = re.compile(r"application/ld\+json", re.I)


def strip_raw_text(text: str) -> str:
    """The page's text without comments and the content of scripts (but JSON-LD), styles,
    SVG, `noscript` and `template`."""
    kept: list[str] = []
    position = 0
    while (start := _RAW_START.search(text, position)) is not None:
        name = start[1]
        if name is None:  # a comment
            close = text.find("-->", start.end())
            end = len(text) if close < 0 else close + len("-->")
        else:
            close_tag = _RAW_END[name.lower()].search(text, start.end())
            end = len(text) if close_tag is None else close_tag.end()
        json_ld = name is not None and name.lower() == "script" and _JSON_LD.search(start[2])
        kept += [text[position : start.start()], text[start.start() : end] if json_ld else " "]
        position = end
    kept.append(text[position:])
    return "".join(kept)


def parse_page(text: str, precut: Callable[[str], str] | None = None) -> BeautifulSoup:
    """Parse a page into a tree the way a browser would, without its scripts and styles.

    `precut`, when given, takes more out of the text once they are cut, before it is
    parsed: the import's `page_precut.cut_boilerplate` (which this module cannot import:
    it imports this one, through page_text).
    """
    text = strip_raw_text(text)
    if precut is not None:
        text = precut(text)
    # Attribute values stay strings (class="a b" is "a b"): splitting them costs a fifth
    # of the parse, and every reader here splits what it needs.
    soup = BeautifulSoup(text, "html.parser", multi_valued_attributes=None)
    close_implied(soup)
    return soup


def tags(root: Tag) -> list[Tag]:
    """Every element under `root`, in page order.

    One walk, filtered in Python: `find_all` with attribute or function filters goes
    through BeautifulSoup's matching machinery for every element, many times slower.
    """
    return [node for node in root.descendants if isinstance(node, Tag)]


def prune(root: Tag, doomed: Callable[[Tag], bool]) -> None:
    """Remove every element under `root` for which `doomed` is true, with its content.

    What a removed element held is not looked at. (`Tag.decomposed` would be no help: it
    is not a slot but a child search, through `Tag.__getattr__`; and `decompose` walks
    the whole removed subtree, where `extract` only unlinks it.)
    """
    stack = [c for c in reversed(root.contents) if isinstance(c, Tag)]
    while stack:
        node = stack.pop()
        if doomed(node):
            node.extract()
        else:
            stack.extend(c for c in reversed(node.contents) if isinstance(c, Tag))


def attr(tag: Tag, name: str) -> str:
    """An attribute's value, '' when absent."""
    value = tag.attrs.get(name)  # not `tag.get`: a call less, on every element, many times
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def close_implied(soup: BeautifulSoup) -> None:
    """Move blocks out of the paragraphs, items and cells they would have ended."""
    for para in [tag for tag in tags(soup) if tag.name == "p"]:  # find_all("p") is slower
        while (block := _block_inside(para)) is not None:
            while block.parent is not para and block.parent is not None:
                _move_after(block.parent, block)
            _move_after(para, block)
    for tag in [t for t in tags(soup) if t.name in SIBLING_CLOSERS]:
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
    anchor: PageElement = container
    for node in moving:
        node.extract()
        anchor.insert_after(node)
        anchor = node
