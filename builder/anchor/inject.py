"""Edit a rendered body tree: list its blocks, wrap text ranges, insert markers.

Works on the ElementTree that Python-Markdown builds, before it is serialized,
so the build never re-parses its own HTML. A range is wrapped one text node
at a time: a range crossing `<em>`, a link or another annotation becomes
several wrapper elements. Elements that would put a link inside a link become
`<span>`s instead, and markers are placed after any enclosing link.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

BLOCK_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "td",
        "th",
        "dt",
        "dd",
        "pre",
        "figcaption",
        "caption",
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Children of a block that hold blocks of their own: their text is not the block's.
_NESTED = BLOCK_TAGS | {
    "ul",
    "ol",
    "dl",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "div",
    "hr",
    "figure",
}
# Text inside these is never auto-linked.
_PROTECTED = frozenset({"a", "code", "kbd", "samp"})

Slot = tuple[etree.Element, str]
"""A text node: (element, "text") is the element's text, (element, "tail") its tail."""
MakeElement = Callable[[bool], etree.Element]
"""Build one wrapper element; the argument says whether it sits inside a link."""


@dataclass(slots=True)
class Block:
    element: etree.Element
    text: str
    protected: list[tuple[int, int]] = field(default_factory=list)
    """Raw ranges inside links, code or headings, where auto-linking must not go."""


def find_blocks(root: etree.Element) -> list[Block]:
    """List the body's blocks in document order with their reader-visible text (what the
    build inserted, `data-for`, is not: the author's notes' heading and back-links)."""
    blocks: list[Block] = []
    for el in _own_elements(root):
        if el.tag not in BLOCK_TAGS:
            continue
        parents = _parent_map(el)
        parts: list[str] = []
        protected: list[tuple[int, int]] = []
        pos = 0
        for owner, attr in text_slots(el):
            text = getattr(owner, attr)
            if any(a.tag in _PROTECTED for a in _ancestors(owner, attr, el, parents)):
                protected.append((pos, pos + len(text)))
            parts.append(text)
            pos += len(text)
        text = "".join(parts)
        if el.tag in HEADING_TAGS:
            protected = [(0, len(text))]
        blocks.append(Block(el, text, protected))
    return blocks


def _own_elements(root: etree.Element) -> Iterator[etree.Element]:
    """The elements under `root` in document order, but not those the build inserted."""
    for child in root:
        if child.get("data-for") is None:
            yield child
            yield from _own_elements(child)


def text_slots(block: etree.Element) -> Iterator[Slot]:
    """Yield the block's own text nodes in document order (not those of nested blocks,
    nor those of elements the build inserted: an author's note's marker)."""
    if block.text:
        yield (block, "text")
    for child in block:
        if child.tag not in _NESTED and child.get("data-for") is None:
            yield from _inline_slots(child)
        if child.tail:
            yield (child, "tail")


def _inline_slots(el: etree.Element) -> Iterator[Slot]:
    if el.text:
        yield (el, "text")
    for child in el:
        if child.get("data-for") is None:
            yield from _inline_slots(child)
        if child.tail:
            yield (child, "tail")


def _parent_map(block: etree.Element) -> dict[etree.Element, etree.Element]:
    return {child: parent for parent in block.iter() for child in parent}


def _ancestors(
    owner: etree.Element,
    attr: str,
    block: etree.Element,
    parents: dict[etree.Element, etree.Element] | None = None,
) -> list[etree.Element]:
    """Elements enclosing a text node, innermost first, up to (not including) the block."""
    parents = parents if parents is not None else _parent_map(block)
    node = owner if attr == "text" else parents.get(owner)
    chain: list[etree.Element] = []
    while node is not None and node is not block:
        chain.append(node)
        node = parents.get(node)
    return chain


def wrap_range(
    block: etree.Element, start: int, end: int, make: MakeElement
) -> list[etree.Element]:
    """Wrap the block's text [start, end) in new elements, one per text node touched."""
    parents = _parent_map(block)
    touched: list[tuple[etree.Element, str, int, int, bool]] = []
    pos = 0
    for owner, attr in text_slots(block):
        text = getattr(owner, attr)
        a, b = max(start, pos), min(end, pos + len(text))
        if a < b:
            in_link = any(x.tag == "a" for x in _ancestors(owner, attr, block, parents))
            touched.append((owner, attr, a - pos, b - pos, in_link))
        pos += len(text)
    wrappers = []
    for owner, attr, a, b, in_link in touched:
        wrapper = make(in_link)
        text = getattr(owner, attr)
        wrapper.text, wrapper.tail = text[a:b], text[b:] or None
        setattr(owner, attr, text[:a] or None)
        if attr == "text":
            owner.insert(0, wrapper)
        else:
            parent = parents[owner]
            parent.insert(list(parent).index(owner) + 1, wrapper)
        wrappers.append(wrapper)
    return wrappers


def insert_after(block: etree.Element, element: etree.Element, marker: etree.Element) -> None:
    """Insert `marker` right after `element`, or after the outermost link holding it."""
    parents = _parent_map(block)
    for ancestor in _ancestors(element, "text", block, parents)[1:]:
        if ancestor.tag == "a":
            element = ancestor
    parent = parents[element]
    parent.insert(list(parent).index(element) + 1, marker)
    marker.tail, element.tail = element.tail, None
