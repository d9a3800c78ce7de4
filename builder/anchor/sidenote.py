"""Build the margin copy of a footnote or fact note (a sidenote) as body elements.

Takes a note's sanitized HTML (from `anchor.markdown.render.render_note`) and returns one
`<span data-for>` element that `annotate` inserts right after the note's marker.
A sidenote must sit inside a paragraph, so block tags become classed `<span>`s.
It carries `hidden`, so without CSS the endnote is the one copy; the stylesheet
shows it in the margin (edition.js then hides it from screen readers, whose
users get the same note from the marker's popover).
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from html.parser import HTMLParser

log = logging.getLogger(__name__)

# Phrasing tags a note may keep inside a sidenote; other allow-listed note tags
# (p, ul, ol, li, blockquote, pre) become <span class="sn-<tag>">.
_PHRASING = frozenset(
    {"a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "q", "s", "small", "strong"}
    | {"sub", "sup"}
)
_VOID = frozenset({"br"})


def sidenote(
    ann_id: str,
    kind: str,
    label: str,
    note_html: str,
    css: str = "",
    paragraph: etree.Element | None = None,
    edit_url: str = "",
) -> etree.Element:
    """Return the hidden margin copy of one note: a label linking to the endnote, then the note.

    `paragraph`, when given, is the element `note_html` serializes (a simple note's
    `<p>`: `anchor.markdown.render.RenderedNote`); it is copied instead of parsing the HTML,
    to the same elements (tests/test_markdown_render.py compares). `edit_url`, when
    given, ends the copy with an "Edit" link to the note's sidecar line, as its endnote ends.
    """
    root = etree.Element(
        "span",
        {
            "class": f"sidenote sidenote-{kind}",
            "data-for": ann_id,
            "hidden": "hidden",
        },
    )
    head = etree.SubElement(root, "span", {"class": f"sidenote-label {css}".strip()})
    link = etree.SubElement(head, "a", {"href": f"#note-{ann_id}", "tabindex": "-1"})
    link.text = label
    head.tail = " "
    body = etree.SubElement(root, "span", {"class": "sidenote-body"})
    if paragraph is not None:
        _copy_phrasing(paragraph, body)
    else:
        _Phrasing(body).run(note_html)
    if edit_url:
        body.tail = " "
        edit = etree.SubElement(
            root,
            "a",
            {
                "class": "sidenote-edit",
                "href": edit_url,
                "data-edit-note": "",
                "rel": "nofollow noopener noreferrer",
                "tabindex": "-1",
                "aria-label": f"Edit this note ({ann_id}) at its source",
            },
        )
        edit.text = "Edit"
    return root


def _copy_phrasing(element: etree.Element, parent: etree.Element) -> None:
    """Append a copy of `element` to `parent` as `_Phrasing` would make it from its HTML:
    a block tag becomes a classed span, links get tabindex=-1, other phrasing tags keep
    only the attributes `_Phrasing` keeps; the last element's tail is stripped."""
    copy = _copy(element, parent)
    copy.tail = None  # "</p>" ends the note: nothing follows the closing span


def _copy(element: etree.Element, parent: etree.Element) -> etree.Element:
    copy = etree.SubElement(parent, *_margin_tag(element.tag, element.attrib))
    copy.text = element.text or None  # the parser makes no empty texts
    for child in element:
        _copy(child, copy).tail = child.tail or None
    return copy


def _margin_tag(tag: str, attrs: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """A note's tag and attributes as the margin copy has them: a block tag becomes a
    classed span, links keep theirs and get tabindex=-1 (the endnote's link is the one
    to tab to), abbr and q keep theirs, other phrasing tags none."""
    if tag not in _PHRASING:
        return "span", {"class": f"sn-{tag}"}
    if tag == "a":
        return tag, {**attrs, "tabindex": "-1"}
    return tag, dict(attrs) if tag in {"abbr", "q"} else {}


class _Phrasing(HTMLParser):
    """Parse sanitized note HTML into `parent`, turning block tags into spans."""

    def __init__(self, parent: etree.Element) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [parent]
        self.last: etree.Element | None = None
        """The element whose tail receives the next text (None: the parent's text)."""

    def run(self, html: str) -> None:
        self.feed(html)
        self.close()
        if self.last is not None and self.last.tail:
            self.last.tail = self.last.tail.rstrip() or None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag, kept = _margin_tag(tag, {k: v or "" for k, v in attrs})
        element = etree.SubElement(self.stack[-1], tag, kept)
        if tag in _VOID:
            self.last = element
        else:
            self.stack.append(element)
            self.last = None

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or len(self.stack) == 1:
            return
        closed = self.stack.pop()
        self.last = closed
        if closed.get("class", "").startswith("sn-"):
            # Keep words apart where a block ended ("…one.</p><p>Two…").
            closed.tail = " "

    def handle_data(self, data: str) -> None:
        if self.last is not None:
            self.last.tail = (self.last.tail or "") + data
        else:
            parent = self.stack[-1]
            parent.text = (parent.text or "") + data
