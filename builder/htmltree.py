"""The build's own HTML fragments read into ElementTrees, for the stages that edit them.

The EPUB edits each article's body and notes as a tree before writing XHTML
(`render.xhtml`); an author's own footnote is read back into the body's tree after nh3
has sanitized it (`anchor.markdown.author_notes`). Each fragment is read by the build's
own tokenizer (`htmlscan.html_tokens`; `html.parser` for anything not in the build's
form), and what XML cannot hold is left out, so the tree serializes as XHTML too.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

from builder.htmlscan import VOID_TAGS, Token, html_tokens

log = logging.getLogger(__name__)

VOID = VOID_TAGS
"""HTML elements without an end tag."""
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 does not allow, even escaped."""
_ATTR_NAME = re.compile(r"(?:xml:)?[A-Za-z_][A-Za-z0-9_.\-]*")
"""An attribute name XML takes without a namespace declaration (others are dropped)."""


class _TokenReader(HTMLParser):
    """`html.parser` giving `htmlscan.html_tokens`'s tokens: for HTML the build did not
    make in its own form (and, in the tests, the reference the fast path must match)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = [(name, name if value is None else value) for name, value in attrs]
        self.tokens.append(("start", tag, values))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.tokens.append(("end", tag, []))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag, []))

    def handle_data(self, data: str) -> None:
        self.tokens.append(("text", data, []))


def read_tokens(html: str, fast: bool = True) -> list[Token]:
    """The fragment's tokens: by `htmlscan`'s regular expression where it can (about
    nine times faster), else by `html.parser`."""
    tokens = html_tokens(html) if fast else None
    if tokens is None:
        reader = _TokenReader()
        reader.feed(html)
        reader.close()
        tokens = reader.tokens
    return tokens


def parse_fragment(html: str, fast: bool = True) -> etree.Element:
    """Parse an HTML fragment into a `div` element holding it. End tags close what they
    match (and what is open inside it); one that matches nothing is dropped."""
    builder = etree.TreeBuilder()
    builder.start("div", {})
    open_tags: list[str] = []
    for kind, name, attrs in read_tokens(html, fast):
        if kind == "text":
            builder.data(_NOT_XML.sub("", name))
        elif kind == "start":
            values = {
                key: _NOT_XML.sub("", value)
                for key, value in attrs
                if _ATTR_NAME.fullmatch(key) and not key.startswith("xmlns")
            }
            builder.start(name, values)
            if name in VOID:
                builder.end(name)
            else:
                open_tags.append(name)
        elif name in open_tags:
            while (closed := open_tags.pop()) != name:
                builder.end(closed)
            builder.end(closed)
    while open_tags:
        builder.end(open_tags.pop())
    builder.end("div")
    root: etree.Element = builder.close()
    return root


def remove_keeping_tail(parent: etree.Element, child: etree.Element) -> None:
    """Remove `child` from `parent`, keeping the text that follows it."""
    tail = child.tail or ""
    index = list(parent).index(child)
    parent.remove(child)
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
