"""Read HTML the build itself made, by regular expressions: the one place that does.

`measure_body` takes a serialized body and returns its text without the elements
the build inserted (markers and margin copies, `data-for`), together with where
each annotation's wrappers begin and end in that text: what a W3C
`TextQuoteSelector` and `TextPositionSelector` on the published page address (the
text content of `[data-article-body]` with its `[data-for]` elements left out).
Entities count as the characters they stand for, as in a browser.
`html_tokens` gives a fragment's tags and text, for the EPUB's XHTML (`render.xhtml`).
`rewrite_tags` walks a note as nh3 serialized it and re-emits each tag through
callbacks (the sanitizer's link rewriting). `html_text` gives a note's or definition's
text (for the search index); `scan_html` a built page's ids, links and id references
(for the link check), skipping comments and the content of script and style elements.

Each input is in a form the build knows (its own serializer's output:
well-formed, attribute values escaped, no comments; or html5ever's), so one
tokenizing regular expression reads it: about nine times faster than
`html.parser`, which the tests use as the reference.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|[^<]+")
_ANNOTATION = re.compile(r'\sdata-annotation="([^"]*)"')
_INSERTED = re.compile(r"\sdata-for=")


@dataclass(frozen=True, slots=True)
class BodyText:
    own_text: str
    """The fragment's text without the elements the build inserted (`data-for`)."""
    ranges: dict[str, tuple[int, int]]
    """Annotation id -> (start of its first wrapper, end of its last wrapper) in `own_text`."""


def measure_body(fragment: str) -> BodyText:
    """Return the reader's text of a serialized body and each annotation's range in it."""
    own: list[str] = []
    length = 0  # of the text so far, inserted elements left out
    inserted = 0  # depth inside data-for elements
    open_elements: list[tuple[str | None, bool]] = []
    ranges: dict[str, tuple[int, int]] = {}
    for token in _TOKEN.finditer(fragment):
        tag = token.group(2)
        if tag is None:
            if not inserted:
                text = token.group(0)
                text = html.unescape(text) if "&" in text else text
                own.append(text)
                length += len(text)
        elif tag.lower() in VOID_TAGS:
            continue
        elif token.group(1):  # an end tag closes the innermost open element
            ann_id, is_inserted = open_elements.pop() if open_elements else (None, False)
            inserted -= is_inserted
            if ann_id is not None:
                ranges[ann_id] = (ranges[ann_id][0], length)
        else:
            attrs = token.group(3)
            found = _ANNOTATION.search(attrs)
            ann_id = html.unescape(found.group(1)) if found else None
            if ann_id is not None and ann_id not in ranges:
                ranges[ann_id] = (length, length)
            is_inserted = _INSERTED.search(attrs) is not None
            inserted += is_inserted
            open_elements.append((ann_id, is_inserted))
    return BodyText("".join(own), ranges)


_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")

Token = tuple[str, str, list[tuple[str, str]]]
"""("text", the text, []), ("start", tag, attributes) or ("end", tag, []); text and
attribute values unescaped, as `html.parser` gives them (a value-less attribute's value
is its name, as XHTML writes it)."""


def html_tokens(fragment: str) -> list[Token] | None:
    """Read a fragment the build made (its serializer's or nh3's) into tokens; None when
    it holds anything else (a comment, a stray '<'): `html.parser` must read it then."""
    tokens: list[Token] = []
    pos = 0
    for token in _TOKEN.finditer(fragment):
        if token.start() != pos:
            return None
        pos = token.end()
        tag = token.group(2)
        if tag is None:
            text = token.group(0)
            tokens.append(("text", html.unescape(text) if "&" in text else text, []))
        elif token.group(1):
            tokens.append(("end", tag.lower(), []))
        else:
            attrs = [
                (m[1].lower(), html.unescape(m[2] or m[3] or m[4] or "") if m[0] != m[1] else m[1])
                for m in _ATTRIBUTE.finditer(token.group(3))
            ]
            tokens.append(("start", tag.lower(), attrs))
    return tokens if pos == len(fragment) else None


# nh3's output as html5ever serializes it: lower-case tags, each attribute as name="value"
# (a '"' in a value as &quot;), '<' in text as &lt;, every '&' starting a reference.
_NH3_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z][a-z0-9-]*="[^"]*")*)>')
_NH3_ATTRIBUTE = re.compile(r' ([a-z][a-z0-9-]*)="([^"]*)"')
_NH3_TEXT = re.compile(r"(?:[^&<]|&[a-zA-Z][a-zA-Z0-9]*;|&#[0-9]+;|&#[xX][0-9a-fA-F]+;)*")


def rewrite_tags(
    clean: str,
    start_tag: Callable[[str, list[tuple[str, str]]], str],
    end_tag: Callable[[str], str],
) -> str | None:
    """Replace each tag of nh3's output with what `start_tag` or `end_tag` returns for it.

    `start_tag` gets the tag name and its attributes, values unescaped, as
    `html.parser` gives them; text between tags is kept as it is. None when `clean`
    holds anything nh3's form (above) does not describe: an `html.parser` walk
    must take it then.
    """
    out: list[str] = []
    pos = 0
    for m in _NH3_TAG.finditer(clean):
        text = clean[pos : m.start()]
        if not _NH3_TEXT.fullmatch(text):
            return None
        out.append(text)
        pos = m.end()
        if m[1]:
            out.append(end_tag(m[2]))
        else:
            attrs = [(k, html.unescape(v)) for k, v in _NH3_ATTRIBUTE.findall(m[3])]
            out.append(start_tag(m[2], attrs))
    rest = clean[pos:]
    if not _NH3_TEXT.fullmatch(rest):
        return None
    out.append(rest)
    return "".join(out)


def shorten_text(text: str, limit: int) -> str:
    """Fold white space and cut at the last word before `limit` characters, marking it '…'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return (cut[: cut.rindex(" ")] if " " in cut else cut).rstrip(",;:") + "…"


# A built page's ids and links, for the link check.

_PAGE_VALUE = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
# A comment, a doctype or a start tag with its attributes.
_PAGE_TOKEN = re.compile(rf"<(?:!--.*?-->|![^>]*>|[a-zA-Z][^\s/>]*({_PAGE_VALUE})>)", re.S)
# Script and style hold text, not tags: what looks like a tag there is left out.
_PAGE_RAW_TEXT = re.compile(r"(<(script|style)\b[^>]*>)(?!</)(.*?)(</\2[\s/>])", re.S | re.I)
LINK_ATTRIBUTES = frozenset({"href", "src"})
IDREF_ATTRIBUTES = frozenset({"for", "aria-describedby", "aria-labelledby", "aria-controls"})
_PAGE_WANTED = LINK_ATTRIBUTES | IDREF_ATTRIBUTES | {"id"}
_PAGE_NAMES = "|".join(sorted(_PAGE_WANTED))
# Any attribute, for tags written by hand; only wanted ones, double-quoted, for the rest.
_PAGE_ANY_ATTRIBUTE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)
_PAGE_QUOTED_WANTED = re.compile(rf'[\s\x00]({_PAGE_NAMES})="([^"]*)"')
_PAGE_DOUBLE_QUOTED = re.compile(r'"[^"]*"')


@dataclass(frozen=True, slots=True)
class PageRefs:
    """What one HTML page declares and refers to."""

    ids: tuple[str, ...]
    """Every id, in document order (with repeats)."""
    links: tuple[str, ...]
    """Every href and src value, entity-decoded, in document order."""
    idrefs: tuple[tuple[str, str], ...]
    """(attribute, id) for every id named by for, aria-describedby, ...."""


def scan_html(text: str) -> PageRefs:
    """Collect the ids, links and id references of an HTML page."""
    ids: list[str] = []
    links: list[str] = []
    idrefs: list[tuple[str, str]] = []
    if _PAGE_RAW_TEXT.search(text):
        text = _PAGE_RAW_TEXT.sub(r"\1\4", text)
    tags = [attrs for attrs in _PAGE_TOKEN.findall(text) if "=" in attrs]
    for name, value in _wanted_attributes(tags):
        name = name.lower()
        if "&" in value:
            value = html.unescape(value)
        if name == "id":
            ids.append(value)
        elif name in LINK_ATTRIBUTES:
            links.append(value)
        else:
            idrefs.extend((name, ref) for ref in value.split())
    return PageRefs(tuple(ids), tuple(links), tuple(idrefs))


def _wanted_attributes(tags: list[str]) -> list[tuple[str, str]]:
    """Return (name, value) of the wanted attributes in the tags' attribute strings, in order.

    When every name is lowercase and every value double-quoted (what the
    serializers and autoescaped templates write), one search over all tags finds
    them: a value cannot hold a double quote, so `name="` inside it cannot be a
    match. Otherwise each attribute is read in turn.
    """
    joined = "\x00".join(tags)
    skeleton = _PAGE_DOUBLE_QUOTED.sub('""', joined)
    if (
        "'" not in skeleton
        and skeleton.count("=") == skeleton.count('=""')
        and skeleton == skeleton.lower()
    ):
        return _PAGE_QUOTED_WANTED.findall(joined)
    return [
        (name, dq or sq or bare)
        for tag in tags
        for name, dq, sq, bare in _PAGE_ANY_ATTRIBUTE.findall(tag)
        if name.lower() in _PAGE_WANTED
    ]


_ANY_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def html_text(fragment: str) -> str:
    """The text of a sanitized HTML fragment (the build's own note or definition HTML)."""
    return _SPACE.sub(" ", html.unescape(_ANY_TAG.sub(" ", fragment))).strip()
