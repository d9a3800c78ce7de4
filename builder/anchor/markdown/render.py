"""Markdown -> safe HTML: article bodies as element trees, notes as sanitized fragments.

The public renderer of the one package that imports `markdown` and `nh3`. Article
bodies are parsed into an ElementTree (the build edits that tree, then serializes
it once); raw HTML in an article is shown as text and link targets with unsafe
schemes are dropped. An article's own footnotes (`[^1]`) end its tree as the author's
notes (`author_notes`). Notes and definitions may contain raw HTML, which nh3
sanitizes against an allow-list after rendering (`sanitize`). Where
`fastpaths.enabled()`, its shortcuts give the same output faster.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor

from builder.anchor.markdown import fastpaths
from builder.anchor.markdown.author_notes import (
    ENGLISH,
    NO_AUTHOR_NOTES,
    AuthorFootnotes,
    AuthorNotes,
    AuthorNoteWords,
    shape,
)
from builder.anchor.markdown.sanitize import LINK_REL, dropped_links, sanitize, unsafe_url
from builder.anchor.typography import smarten_tree

__all__ = [  # LINK_REL too: annotated links get the rel that note links get
    "ARTICLE_EXTENSIONS",
    "LINK_REL",
    "NOTE_EXTENSIONS",
    "RenderedArticle",
    "RenderedNote",
    "render_article",
    "render_article_tree",
    "render_note",
    "render_notes",
    "serialize_tree",
]

log = logging.getLogger(__name__)

# Typographic quotes, dashes and ellipses come from typography.smarten_tree (one pass),
# not from the smarty extension; anchoring folds them back, so a quote written with
# straight quotes or "--" still matches.
ARTICLE_EXTENSIONS = ["tables", "sane_lists"]
NOTE_EXTENSIONS = ["sane_lists"]
_PLACEHOLDER_RE = re.compile(util.HTML_PLACEHOLDER.replace("%s", r"(\d+)"))


# One Markdown instance per kind, thread and gate setting, reset before each document:
# building one registers some 40 processors and patterns, which cost more than
# converting a short note.
_instances = threading.local()


def _article_markdown(fast: bool, footnotes: bool = False) -> markdown.Markdown:
    # Articles with footnotes have an instance of their own: the footnotes extension's
    # processors are ones the fast paths do not know, so they step aside for those articles.
    name = ("article_notes" if footnotes else "article") + ("_fast" if fast else "")
    md: markdown.Markdown | None = getattr(_instances, name, None)
    if md is None:
        extensions: list[Extension | str] = list(ARTICLE_EXTENSIONS)
        if footnotes:
            extensions.append(AuthorFootnotes())
        md = markdown.Markdown(extensions=extensions)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        if fast:
            fastpaths.speed_up(md)
        md.treeprocessors.register(_ResolveText(md), "resolve_text", -10)
        md.treeprocessors.register(_Smarten(md), "smarten", -20)
        setattr(_instances, name, md)
    return md.reset()


def _note_markdown(fast: bool) -> markdown.Markdown:
    name = "note_fast" if fast else "note"
    md: markdown.Markdown | None = getattr(_instances, name, None)
    if md is None:
        md = markdown.Markdown(extensions=NOTE_EXTENSIONS)
        if fast:
            fastpaths.speed_up(md)
        md.treeprocessors.register(_Smarten(md), "smarten", -20)
        setattr(_instances, name, md)
    return md.reset()


@dataclass(frozen=True, slots=True)
class RenderedArticle:
    root: etree.Element
    """A `<div>` holding the body's blocks, the author's notes (if any) last."""
    author_notes: AuthorNotes = NO_AUTHOR_NOTES


def render_article(source: str, words: AuthorNoteWords = ENGLISH) -> RenderedArticle:
    """Render an article's Markdown into a tree, with its author's footnotes (`[^1]`),
    whose heading, markers and back-links say `words` (the site's language's)."""
    # Markdown.convert's stages up to the tree, which the build edits before serializing.
    footnotes = "[^" in source
    md = _article_markdown(fastpaths.enabled(), footnotes)
    lines = source.split("\n")
    for prep in md.preprocessors:
        lines = prep.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    assert root is not None
    for processor in md.treeprocessors:
        new_root = processor.run(root)
        if new_root is not None:
            root = new_root
    if not footnotes:
        return RenderedArticle(root)
    ext = next(e for e in md.registeredExtensions if isinstance(e, AuthorFootnotes))
    return RenderedArticle(root, shape(root, ext, words))


def render_article_tree(source: str) -> etree.Element:
    """Render an article's Markdown into a `<div>` element holding its blocks."""
    return render_article(source).root


def serialize_tree(root: etree.Element) -> str:
    """Serialize a rendered body tree to HTML, without its wrapping `<div>`."""
    output = to_html_string(root)
    inner = output[output.index(">") + 1 : output.rindex("</div>")]
    return inner.replace(util.AMP_SUBSTITUTE, "&").strip()


class _Smarten(Treeprocessor):
    """Typographic quotes, dashes and ellipses (typography.smarten_tree)."""

    def run(self, root: etree.Element) -> None:
        smarten_tree(root)


class _ResolveText(Treeprocessor):
    """Turn stashed entities back into characters and drop unsafe link targets."""

    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks

        def resolve(text: str) -> str:
            return _PLACEHOLDER_RE.sub(lambda m: html.unescape(str(stash[int(m[1])])), text)

        for el in root.iter():
            if el.text and util.STX in el.text:
                el.text = resolve(el.text)
            if el.tail and util.STX in el.tail:
                el.tail = resolve(el.tail)
            for attr in ("href", "src"):
                value = el.get(attr)
                # The serializer keeps entities, so the browser would decode them.
                if value is not None and unsafe_url(html.unescape(value)):
                    log.debug("dropping unsafe %s=%r", attr, value)
                    del el.attrib[attr]


@dataclass(frozen=True, slots=True)
class RenderedNote:
    html: str
    """The note's sanitized HTML."""
    paragraph: etree.Element | None = None
    """For a simple note, the `<p>` element `html` serializes (a margin copy is made from
    it without parsing `html` again: `sidenote`); None for any other note."""
    dropped: tuple[str, ...] = ()
    """What each link that sanitizing removed pointed to ('' for a link without a target):
    the author is told (`link-dropped`), since the note no longer says what they wrote."""


def render_note(source: str) -> RenderedNote:
    """Render a note or definition to sanitized HTML."""
    fast = fastpaths.enabled()
    simple = _simple_note(source) if fast else None
    return simple if simple is not None else _sanitized(_note_markdown(fast).convert(source))


def render_notes(sources: Sequence[str]) -> list[RenderedNote]:
    """Render many notes, each to the sanitized HTML `render_note` gives.

    One Markdown run for all of them costs less than one per note (17,200 notes in
    1000 articles), and simple ones need no Markdown at all: both are fast paths
    (`fastpaths.convert_together`, `fastpaths.simple_note`).
    """
    if not fastpaths.enabled():
        return [render_note(text) for text in sources]
    notes = [_simple_note(text) for text in sources]
    batch = [i for i, text in enumerate(sources) if notes[i] is None and fastpaths.batchable(text)]
    fragments = fastpaths.convert_together(_note_markdown(True), [sources[i] for i in batch])
    for i, fragment in zip(batch, fragments, strict=True):
        notes[i] = _sanitized(fragment)
    return [
        render_note(text) if done is None else done
        for text, done in zip(sources, notes, strict=True)
    ]


def _simple_note(source: str) -> RenderedNote | None:
    simple = fastpaths.simple_note(source)
    return None if simple is None else RenderedNote(*simple)


def _sanitized(fragment: str) -> RenderedNote:
    """Sanitize a rendered note, noting the links that did not survive."""
    clean = sanitize(fragment)
    return RenderedNote(clean, dropped=dropped_links(fragment, clean))
