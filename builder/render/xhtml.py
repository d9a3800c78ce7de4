"""The build's HTML as well-formed XHTML, for the EPUB: edit as a tree, serialize as XML.

The article bodies and notes are HTML the build made and sanitized; an EPUB wants XML
(void elements closed, boolean attributes given values, named entities gone). Each
fragment is read into an ElementTree (`htmltree.parse_fragment`), which the EPUB renderer
edits (`epub.py`, with the helpers here) and ElementTree then serializes as XML: no
string is pasted together.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree

log = logging.getLogger(__name__)


def serialize_children(root: etree.Element) -> str:
    """The XML of what `root` (an element without attributes) holds, without `root`."""
    xml = etree.tostring(root, encoding="unicode", method="xml")
    tag = str(root.tag)
    if xml == f"<{tag} />":
        return ""
    return xml[len(tag) + 2 : -len(tag) - 3]


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
