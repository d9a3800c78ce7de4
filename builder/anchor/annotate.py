"""Anchor an article's annotations in its rendered body and mark them up.

Takes an Article, its rendered body tree, its sidecar annotations and the
glossary; returns an AnnotatedArticle whose body HTML carries the rendering
contract (data-article-body content, data-annotation/data-kind wrappers,
data-for markers) and whose notes are rendered and sanitized.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from builder.anchor.anchoring import Span, TextIndex, find_quote, fold_text
from builder.anchor.inject import Block, find_blocks, insert_after, wrap_range
from builder.anchor.markdown.author_notes import AuthorNote
from builder.anchor.markdown.render import LINK_REL, render_notes, serialize_tree
from builder.anchor.quote_report import one_line, raw_text, report_problem
from builder.anchor.sidenote import sidenote
from builder.anchor.toc import TocEntry, add_heading_ids
from builder.diagnostics import Diagnostics, SourceLocation, field_location
from builder.htmlscan import measure_body, shorten_text
from builder.load.annotations import (
    Annotation,
    ContextLink,
    FactNote,
    Footnote,
    QuoteSelector,
    TermRef,
    note_source_url,
    unique_id,
)
from builder.load.articles import Article
from builder.load.config import SiteConfig
from builder.load.glossary import Glossary

log = logging.getLogger(__name__)

ARTICLE_ROOT = "../../"
"""Relative path from an article page to the site root."""
EXCERPT_CHARS = 90
SUMMARY_CHARS = 300
_ID_PREFIXES = ("ann", "ref", "note")
"""Page ids made from an annotation's id; headings must not take them."""


@dataclass(frozen=True, slots=True)
class Note:
    """An anchored annotation, ready for a layout."""

    annotation: Annotation
    quote: str
    """The annotated text exactly as it appears in the article."""
    html: str
    """The note rendered to sanitized HTML ('' when the annotation has none)."""
    number: int | None = None
    """Footnote number in reading order."""
    start: int = 0
    """Where the annotated text begins in `AnnotatedArticle.own_text`."""
    end: int = 0
    """Where it ends (exclusive); markers of notes nested inside it are left out."""

    @property
    def id(self) -> str:
        return self.annotation.id

    @property
    def kind(self) -> str:
        return self.annotation.kind


@dataclass(frozen=True, slots=True)
class TermUse:
    """One passage where an article uses a glossary term."""

    term: str
    slug: str
    annotation_id: str
    before: str
    text: str
    after: str


@dataclass(frozen=True, slots=True)
class Drift:
    """An annotation anchored to a fuzzy match, with the selector that would match exactly."""

    annotation: Annotation
    quote: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    article: Article
    body_html: str
    notes: tuple[Note, ...]
    """In reading order."""
    term_uses: tuple[TermUse, ...]
    drifts: tuple[Drift, ...] = ()
    text: str = ""
    """The reader-visible text, normalized, that anchoring and auto-linking searched."""
    own_text: str = ""
    """The body's text without the markers and margin copies the build inserted: the
    article's words as a reader reads them, which notes' `start`/`end` index."""
    excerpt: str = ""
    """The opening words of the article's own text, for feeds and page descriptions."""
    toc: tuple[TocEntry, ...] = ()
    """The body's headings, for a table of contents."""
    author_notes: tuple[AuthorNote, ...] = ()
    """The article's own footnotes (`[^1]`), in the body after its text: the author's, not
    the edition's notes (`notes`)."""

    def notes_of(self, kind: str) -> list[Note]:
        return [n for n in self.notes if n.kind == kind]

    def with_article(self, article: Article) -> AnnotatedArticle:
        """The same result for `article` (the same data, read again or unpickled)."""
        return replace(self, article=article)

    @property
    def note_counts(self) -> dict[str, int]:
        """How many notes of each kind the article has (a list of articles shows them)."""
        counts: dict[str, int] = {}
        for note in self.notes:
            counts[note.kind] = counts.get(note.kind, 0) + 1
        return counts


@dataclass(slots=True)
class _Placed:
    annotation: Annotation
    span: Span
    wrappers: list[etree.Element] = field(default_factory=list)
    drifted: bool = False
    """Anchored to a fuzzy match: the sidecar's quote no longer matches exactly."""


def annotate(
    article: Article,
    root: etree.Element,
    annotations: tuple[Annotation, ...],
    glossary: Glossary,
    config: SiteConfig,
    diags: Diagnostics,
    author_notes: tuple[AuthorNote, ...] = (),
) -> AnnotatedArticle:
    """Anchor, wrap and mark every annotation of one article (`root` holds its body and
    the author's own notes, `author_notes`, at its end)."""
    blocks = find_blocks(root)
    index = TextIndex([b.text for b in blocks])
    placed = [p for a in annotations if (p := _anchor(a, article, index, diags))]
    placed += _auto_links(article, blocks, index, placed, glossary, config)
    placed.sort(key=lambda p: (p.span.block, p.span.start, -p.span.end))
    toc = add_heading_ids(root, {f"{x}-{p.annotation.id}" for p in placed for x in _ID_PREFIXES})
    for p in placed:
        p.wrappers = wrap_range(
            blocks[p.span.block].element,
            p.span.start,
            p.span.end,
            partial(_wrapper, p.annotation, glossary=glossary),
        )
        p.wrappers[0].set("id", f"ann-{p.annotation.id}")
    notes = _add_markers(placed, blocks, config, diags)
    uses = tuple(_term_use(article, p, blocks) for p in placed if isinstance(p.annotation, TermRef))
    drifts = tuple(_drift(p, index) for p in placed if p.drifted)
    body_html = serialize_tree(root)
    measured = measure_body(body_html)
    spans = measured.ranges
    notes = tuple(replace(n, start=spans[n.id][0], end=spans[n.id][1]) for n in notes)
    excerpt = shorten_text(measured.own_text, SUMMARY_CHARS)
    return AnnotatedArticle(
        article,
        body_html,
        notes,
        uses,
        drifts=drifts,
        text=index.text,
        own_text=measured.own_text,
        excerpt=excerpt,
        toc=toc,
        author_notes=author_notes,
    )


def _drift(p: _Placed, index: TextIndex) -> Drift:
    """Work out the quote, prefix and suffix that match a drifted annotation's new place."""
    sel = p.annotation.selector
    text = index.blocks[p.span.block]
    before, after = one_line(text[: p.span.start]), one_line(text[p.span.end :])
    prefix, suffix = sel.prefix, sel.suffix
    if prefix and not fold_text(before).rstrip().endswith(fold_text(prefix).rstrip()):
        words = len(prefix.split())
        prefix = " ".join(before.split()[-words:]) + " "
    if suffix and not fold_text(after).lstrip().startswith(fold_text(suffix).lstrip()):
        words = len(suffix.split())
        suffix = " " + " ".join(after.split()[:words])
    return Drift(p.annotation, one_line(raw_text(index, p.span)).strip(), prefix, suffix)


def _anchor(
    ann: Annotation, article: Article, index: TextIndex, diags: Diagnostics
) -> _Placed | None:
    sel = ann.selector
    found = find_quote(index, sel.exact, sel.prefix, sel.suffix, sel.occurrence)
    if isinstance(found, Span):
        return _Placed(ann, found)
    report_problem(ann, found, article, index, diags)
    if found.code == "quote-drifted" and found.closest is not None:
        return _Placed(ann, found.closest, drifted=True)
    return None


def _auto_links(
    article: Article,
    blocks: list[Block],
    index: TextIndex,
    placed: list[_Placed],
    glossary: Glossary,
    config: SiteConfig,
) -> list[_Placed]:
    """Link glossary terms the sidecar does not already link (one pass of one matcher)."""
    if config.auto_link == "none" or glossary.matcher is None:
        return []
    linked = {p.annotation.term for p in placed if isinstance(p.annotation, TermRef)}
    busy: dict[int, list[tuple[int, int]]] = {}
    for p in placed:
        if isinstance(p.annotation, (TermRef, ContextLink)):
            busy.setdefault(p.span.block, []).append((p.span.start, p.span.end))
    taken = {p.annotation.id for p in placed}
    result: list[_Placed] = []
    for match in glossary.find_terms(index.text):
        term = glossary.term_for(match.group())
        if term is None or (config.auto_link == "first" and term in linked):
            continue
        span = index.span(match.start(), match.end())
        blocked = busy.get(span.block, []) + blocks[span.block].protected
        if any(s < span.end and span.start < e for s, e in blocked):
            continue
        linked.add(term)
        busy.setdefault(span.block, []).append((span.start, span.end))
        ann_id = unique_id(f"term-{term}", taken)
        selector_text = raw_text(index, span)
        result.append(
            _Placed(
                TermRef(
                    ann_id,
                    QuoteSelector(selector_text),
                    term,
                    SourceLocation(article.path),
                    automatic=True,
                ),
                span,
            )
        )
    return result


def _wrapper(ann: Annotation, in_link: bool, *, glossary: Glossary) -> etree.Element:
    attrs = {
        "class": f"annotation annotation-{ann.kind}",
        "data-annotation": ann.id,
        "data-kind": ann.kind,
    }
    if isinstance(ann, FactNote):
        attrs["data-verdict"] = ann.verdict
    if in_link or isinstance(ann, (Footnote, FactNote)):
        return etree.Element("span", attrs)
    if isinstance(ann, ContextLink):
        attrs.update(href=ann.url, rel=LINK_REL)
        if ann.note:
            attrs["aria-describedby"] = f"note-{ann.id}"
        return etree.Element("a", attrs)
    assert isinstance(ann, TermRef)
    attrs.update(
        href=f"{ARTICLE_ROOT}glossary/{ann.term}/index.html",
        role="doc-glossref",
        title=glossary.entries[ann.term].term,
    )
    return etree.Element("a", attrs)


def _add_markers(
    placed: list[_Placed], blocks: list[Block], config: SiteConfig, diags: Diagnostics
) -> tuple[Note, ...]:
    """Insert each note's marker after its span, numbering footnotes in reading order."""
    labels = config.verdict_labels
    strings = config.strings
    notes: list[Note] = []
    number = 0
    # All of the article's notes in one Markdown run (render_notes says why).
    rendered = render_notes([p.annotation.note for p in placed])
    for p, note in zip(placed, rendered, strict=True):
        ann, html = p.annotation, note.html
        if note.dropped:
            report_dropped_links(
                note.dropped, field_location(ann.locations, "note", ann.location), diags
            )
        quote = blocks[p.span.block].text[p.span.start : p.span.end]
        marker = None
        n = None
        if isinstance(ann, Footnote):
            number += 1
            n = number
            marker = _marker(ann.id, str(n), strings.text("marker.footnote", n=n), "footnote-ref")
        elif isinstance(ann, FactNote):
            marker = _marker(
                ann.id,
                labels[ann.verdict],
                strings.text("marker.fact", verdict=labels[ann.verdict]),
                f"fact-badge verdict-{ann.verdict}",
            )
        elif ann.note and isinstance(ann, ContextLink):
            marker = _marker(ann.id, "i", strings.text("marker.context"), "context-ref")
        elif ann.note and isinstance(ann, TermRef):
            marker = _marker(ann.id, "*", strings.text("marker.term"), "term-ref")
        if marker is not None:
            block = blocks[p.span.block].element
            insert_after(block, p.wrappers[-1], marker)
            edit = note_source_url(config.repository, ann)
            if isinstance(ann, Footnote):
                margin = sidenote(ann.id, ann.kind, str(n), html, "", note.paragraph, edit)
                insert_after(block, marker, margin)
            elif isinstance(ann, FactNote):
                label, css = labels[ann.verdict], f"verdict-{ann.verdict}"
                margin = sidenote(ann.id, ann.kind, label, html, css, note.paragraph, edit)
                insert_after(block, marker, margin)
        notes.append(Note(ann, quote, html, n))
    return tuple(notes)


def report_dropped_links(
    targets: Sequence[str], location: SourceLocation, diags: Diagnostics
) -> None:
    """Warn that sanitizing removed links from a note or definition written at `location`."""
    for target in targets:
        what = f"'{target}' is not" if target else "it has no address, so it is not"
        diags.warning(
            location,
            "link-dropped",
            f"a link was removed from this text: {what} an http, https or mailto address "
            "or a path in the site",
            "write the full https:// address, or remove the link",
        )


def _marker(ann_id: str, text: str, label: str, css: str) -> etree.Element:
    sup = etree.Element("sup", {"class": f"marker {css}", "data-for": ann_id})
    link = etree.SubElement(
        sup,
        "a",
        {
            "href": f"#note-{ann_id}",
            "id": f"ref-{ann_id}",
            "role": "doc-noteref",
            "aria-label": label,
        },
    )
    link.text = text
    return sup


def _term_use(article: Article, p: _Placed, blocks: list[Block]) -> TermUse:
    text = blocks[p.span.block].text
    before = text[max(0, p.span.start - EXCERPT_CHARS) : p.span.start]
    after = text[p.span.end : p.span.end + EXCERPT_CHARS]
    if p.span.start > EXCERPT_CHARS and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if p.span.end + EXCERPT_CHARS < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    assert isinstance(p.annotation, TermRef)
    return TermUse(
        p.annotation.term,
        article.slug,
        p.annotation.id,
        before,
        text[p.span.start : p.span.end],
        after,
    )
