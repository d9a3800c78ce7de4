"""The build's HTML as well-formed XHTML, for the EPUB: parse, edit as a tree, serialize as XML.

The article bodies and notes are HTML the build made and sanitized; an EPUB wants XML
(void elements closed, boolean attributes given values, named entities gone). Each
fragment is parsed with the standard library's HTML tokenizer into an ElementTree,
which the EPUB renderer edits (`epub.py`) and ElementTree then serializes as XML: no
string is pasted together.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from html.parser import HTMLParser
from xml.sax.saxutils import escape

log = logging.getLogger(__name__)

VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()
)  # HTML elements without an end tag
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 does not allow, even escaped."""
_ATTR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*(?::[A-Za-z_][A-Za-z0-9_.\-]*)?")


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = etree.Element("div")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {
            name: _NOT_XML.sub("", name if value is None else value)
            for name, value in attrs
            if _ATTR_NAME.fullmatch(name) and not name.startswith("xmlns")
        }
        element = etree.SubElement(self.stack[-1], tag, values)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return  # an end tag without its start tag is dropped

    def handle_data(self, data: str) -> None:
        append_text(self.stack[-1], _NOT_XML.sub("", data))


def parse_fragment(html: str) -> etree.Element:
    """Parse an HTML fragment into a `div` element holding it."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def serialize_children(root: etree.Element) -> str:
    """The XML of what `root` holds (its text and children), without `root` itself."""
    parts = [escape(root.text or "")]
    parts += (etree.tostring(child, encoding="unicode", method="xml") for child in root)
    return "".join(parts)


def append_text(parent: etree.Element, text: str) -> None:
    """Add text at the end of `parent` (after its last child, if it has one)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


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


def unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Replace `child` by what it holds (its text and children)."""
    index = list(parent).index(child)
    inner = list(child)
    tail = child.tail or ""
    parent.remove(child)
    if index:
        append_to = parent[index - 1]
        append_to.tail = (append_to.tail or "") + (child.text or "")
    else:
        parent.text = (parent.text or "") + (child.text or "")
    for offset, element in enumerate(inner):
        parent.insert(index + offset, element)
    if inner:
        inner[-1].tail = (inner[-1].tail or "") + tail
    elif index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def walk(root: etree.Element) -> Iterator[tuple[etree.Element, etree.Element]]:
    """Every (parent, element) pair under `root`, in document order; safe to edit the
    element (not its earlier siblings) while walking."""
    for child in list(root):
        yield root, child
        yield from walk(child)
