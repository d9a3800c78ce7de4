"""The edition as an EPUB 3 book: annotated articles -> XHTML chapters, and the book's files.

Takes the per-article stage's `AnnotatedArticle`s (their body and notes already rendered
and sanitized: nothing is rendered again) and returns `EpubFile`s for `write.epub_zip`.
Each chapter is its article's body, re-serialized as XHTML (`xhtml.py`), with every
marker a `noteref` and every footnote, context link and fact check an EPUB footnote
(`aside`) that e-readers pop up; glossary terms link into the glossary at the end.
Pages are assembled by the `layouts/epub/` layouts, autoescaped like every page.
"""

from __future__ import annotations

import functools
import logging
import re
import uuid
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from markupsafe import Markup

from builder.anchor.annotate import AnnotatedArticle, Note
from builder.anchor.article import ArticleSummary
from builder.anchor.markdown.author_notes import SECTION_ID, note_id
from builder.htmltree import parse_fragment, remove_keeping_tail
from builder.load.annotations import ContextLink, FactNote
from builder.load.config import SiteConfig
from builder.load.glossary import Glossary
from builder.load.strings import Strings
from builder.render.layouts import Renderer
from builder.render.pages import KIND_HEADINGS, TermCard
from builder.render.xhtml import serialize_children, unwrap

log = logging.getLogger(__name__)

STYLESHEET = "style.css"
GLOSSARY_FILE = "glossary.xhtml"
EPOCH_1980 = 315532800
"""The earliest time a zip entry can carry (1980-01-01): the date of a book with none."""
_EXTERNAL = ("http:", "https:", "mailto:")
_GLOSSARY_LINK = re.compile(r"(?:\.\./)*glossary/([a-z0-9-]+)/(?:index\.html)?")
_ARTICLE_LINK = re.compile(r"(?:\.\./)*(?:articles/)?([a-z0-9-]+)/(?:index\.html)?")
"""Links inside the site as an article page has them (relative to articles/<slug>/)."""


@dataclass(frozen=True, slots=True)
class EpubFile:
    """One file of the book, by its path inside the EPUB's content folder."""

    path: str
    data: bytes
    media_type: str = "application/xhtml+xml"


@dataclass(frozen=True, slots=True)
class Chapter:
    """What the table of contents and the package document need of a chapter."""

    file: str
    title: str
    author: str
    source_name: str
    source_url: str


@dataclass(frozen=True, slots=True)
class FootnoteView:
    """A note as its chapter's `aside` shows it."""

    note: Note
    label: str
    """What the note is called: "Note 3", "Context", "Fact check"."""
    html: Markup
    """The note's rendered HTML, as XHTML."""


def book_identifier(config: SiteConfig) -> str:
    """A stable identifier: a UUID from the base URL, or from the title without one."""
    name = config.base_url or f"title:{config.title}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def modified_epoch(config: SiteConfig, dates: Sequence[str]) -> int:
    """The book's time: SOURCE_DATE_EPOCH, else the newest article date, else 1980."""
    if config.source_epoch is not None:
        return max(config.source_epoch, EPOCH_1980)
    days = [day for day in map(_day_epoch, set(dates)) if day is not None]
    return max(max(days), EPOCH_1980) if days else EPOCH_1980


@functools.lru_cache(maxsize=1 << 16)
def _day_epoch(text: str) -> int | None:
    """A YYYY-MM-DD date's midnight (UTC) in seconds; None for none, or not a real day
    (2024-02-30). Remembered: every build asks for every article's, `serve` at each edit."""
    try:
        return int(datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC).timestamp())
    except ValueError:
        return None


def chapter_file(index: int) -> str:
    """The file of the `index`th article (from 0), zero-padded so names sort in order."""
    return f"chapter-{index + 1:05d}.xhtml"


class EpubRenderer:
    """Renders the book's pages with the site's layouts (`layouts/epub/`)."""

    def __init__(self, renderer: Renderer, slugs: Sequence[str]) -> None:
        """`slugs`: every article's slug in the site's order (links between articles)."""
        self.renderer = renderer
        self.config = renderer.config
        self.files = {slug: chapter_file(i) for i, slug in enumerate(slugs)}

    def chapter(self, item: AnnotatedArticle) -> tuple[Chapter, EpubFile | None]:
        """Make an article's chapter from its annotated body and rendered notes."""
        article = item.article
        file = self.files[article.slug]
        root = parse_fragment(item.body_html)
        referenced = self._edit_links(root)
        _author_footnotes(root, self.config.strings)
        notes = [self._footnote(n) for n in item.notes if n.id in referenced]
        source = article.source
        chapter = Chapter(
            file,
            article.title,
            article.author or "",
            source.name if source else "",
            source.url if source else "",
        )
        data = self.renderer.render_layout(
            "epub/chapter.xhtml",
            file,
            article.path,
            article=article,
            chapter=chapter,
            body=Markup(serialize_children(root)),
            footnotes=notes,
        )
        return chapter, None if data is None else EpubFile(file, data)

    def glossary(
        self,
        glossary: Glossary,
        cards: Mapping[str, TermCard],
        summaries: Sequence[ArticleSummary],
    ) -> EpubFile | None:
        """The glossary: each term, its definition, and links back to where it is used."""
        used: dict[str, list[tuple[str, str]]] = {}
        for summary in summaries:
            for term, uses in summary.by_term.items():
                file = self.files[summary.article.slug]
                used.setdefault(term, []).extend(
                    (f"{file}#ann-{use.annotation_id}", summary.article.title) for use in uses
                )
        entries = [
            (card.entry, self._xhtml(str(card.definition)), used.get(card.entry.id, []))
            for card in sorted(cards.values(), key=lambda c: c.entry.term.casefold())
        ]
        data = self.renderer.render_layout(
            "epub/glossary.xhtml", GLOSSARY_FILE, "content/glossary", entries=entries
        )
        return None if data is None else EpubFile(GLOSSARY_FILE, data)

    def stylesheet(self) -> EpubFile | None:
        """The book's stylesheet (`layouts/epub/style.css`)."""
        data = self.renderer.render_layout("epub/style.css", STYLESHEET, "layouts/epub/style.css")
        return None if data is None else EpubFile(STYLESHEET, data, "text/css")

    def front_matter(self, chapters: Sequence[Chapter], has_glossary: bool) -> list[EpubFile]:
        """The cover, the title page and the navigation document."""
        made = []
        for template, path in (
            ("epub/cover.xhtml", "cover.xhtml"),
            ("epub/title.xhtml", "title.xhtml"),
            ("epub/nav.xhtml", "nav.xhtml"),
        ):
            data = self.renderer.render_layout(
                template,
                path,
                f"layouts/{template}",
                chapters=chapters,
                authors=_authors(chapters),
                has_glossary=has_glossary,
            )
            if data is not None:
                made.append(EpubFile(path, data))
        return made

    def package(
        self, chapters: Sequence[Chapter], files: Sequence[tuple[str, str]], modified: int
    ) -> EpubFile | None:
        """The package document: metadata, every file ((path, media type) in reading
        order), and the reading order."""
        stamp = datetime.fromtimestamp(modified, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        sources = sorted({c.source_url or c.source_name for c in chapters} - {""})
        data = self.renderer.render_layout(
            "epub/package.opf",
            "package.opf",
            "site.yaml",
            identifier=book_identifier(self.config),
            modified=stamp,
            authors=_authors(chapters),
            sources=sources,
            files=files,
            spine=[path for path, kind in files if kind == "application/xhtml+xml"],
        )
        if data is None:
            return None
        return EpubFile("package.opf", data, "application/oebps-package+xml")

    def _footnote(self, note: Note) -> FootnoteView:
        ann = note.annotation
        strings = self.config.strings
        if isinstance(ann, FactNote):
            label = strings.text("epub.note.fact")
        elif isinstance(ann, ContextLink):
            label = strings.text("epub.note.context")
        elif note.number:
            label = strings.text("marker.footnote", n=note.number)
        else:
            fallback = KIND_HEADINGS.get(note.kind, "Note").rstrip("s")
            label = strings.get(f"epub.note.{note.kind}", fallback)
        return FootnoteView(note, label, self._xhtml(note.html))

    def _xhtml(self, html: str) -> Markup:
        root = parse_fragment(html)
        self._edit_links(root)
        return Markup(serialize_children(root))

    def _edit_links(self, root: etree.Element) -> set[str]:
        """Make the body's links work inside the book; return the note ids it refers to.

        Margin copies of notes go (the footnotes replace them); markers become
        `noteref`s; links to glossary pages and articles point into the book; other
        links inside the site, which the book does not hold, become plain text.
        """
        referenced: set[str] = set()
        edits: list[tuple[etree.Element, etree.Element, str]] = []
        stack = [root]
        while stack:
            parent = stack.pop()
            for child in parent:
                classes = child.get("class", "").split()
                if "sidenote" in classes:
                    edits.append((parent, child, "remove"))
                    continue
                stack.append(child)
                if child.tag != "a" or "href" not in child.attrib:
                    continue
                href = child.attrib["href"]
                if child.get("role") == "doc-noteref" and href.startswith("#note-"):
                    child.set("epub:type", "noteref")
                    referenced.add(href[len("#note-") :])
                elif child.get("role") == "doc-noteref" and href.startswith("#author-note-"):
                    child.set("epub:type", "noteref")
                elif not href.startswith(("#", *_EXTERNAL)):
                    target = self._target(href)
                    if target:
                        child.set("href", target)
                    else:
                        edits.append((parent, child, "unwrap"))
        for parent, child, action in reversed(edits):
            if action == "remove":
                remove_keeping_tail(parent, child)
            else:
                unwrap(parent, child)
        return referenced

    def _target(self, href: str) -> str:
        """Where a link inside the site points in the book ('' when the book lacks it)."""
        parts = urlsplit(href)  # a fragment is dropped: the chapter may not have its id
        glossary = _GLOSSARY_LINK.fullmatch(parts.path)
        if glossary:
            return f"{GLOSSARY_FILE}#term-{glossary.group(1)}"
        article = _ARTICLE_LINK.fullmatch(parts.path)
        if article and article.group(1) in self.files:
            return self.files[article.group(1)]
        return ""


def _author_footnotes(root: etree.Element, strings: Strings) -> None:
    """Make each of the author's own notes (the body's `section.author-notes`, an `ol`)
    an EPUB footnote, an `aside` that e-readers pop up, labelled as the author's."""
    for section in root.iter("section"):
        if section.get("class") != SECTION_ID:
            continue
        section.attrib.pop("role", None)  # its notes are footnotes now, not endnotes
        for listing in section.findall("ol"):
            index = list(section).index(listing)
            section.remove(listing)
            for offset, item in enumerate(listing.findall("li")):
                number = offset + 1
                aside = etree.Element(
                    "aside",
                    {
                        "id": item.get("id", note_id(number)),
                        "class": "note author-note",
                        "epub:type": "footnote",
                        "role": "doc-footnote",
                    },
                )
                label = etree.SubElement(aside, "p", {"class": "note-label"})
                label.text = strings.text("author.marker", n=number)
                label.tail = "\n"
                for parent in list(item.iter()):  # the label names the note: no hidden words
                    for hidden in parent.findall("span[@class='visually-hidden']"):
                        remove_keeping_tail(parent, hidden)
                aside.extend(list(item))
                aside.tail = "\n"
                section.insert(index + offset, aside)
        return


def _authors(chapters: Sequence[Chapter]) -> list[str]:
    """Every article author once, in order of first appearance."""
    return list(dict.fromkeys(c.author for c in chapters if c.author))
