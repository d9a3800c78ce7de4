"""What each page type is given: the values the layouts render, made from the stages' output.

`term_cards` renders every definition once; `term_pages` gathers, for each glossary
entry, the passages that use it. Pages made from many articles are given
`ArticleSummary`s, never whole articles (`anchor.article`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from string import ascii_uppercase
from typing import Any

from markupsafe import Markup

from builder.anchor.annotate import AnnotatedArticle, Note, TermUse, report_dropped_links
from builder.anchor.article import ArticleSummary
from builder.anchor.markdown.render import RenderedNote, render_note
from builder.diagnostics import Diagnostics
from builder.incremental.memo import NO_MEMO, Memo
from builder.load.annotations import Annotation
from builder.load.glossary import Glossary, GlossaryEntry
from builder.load.repository import Repository
from builder.render.search import fold

log = logging.getLogger(__name__)

KIND_HEADINGS = {"footnote": "Notes", "fact": "Fact checks", "context": "Context", "term": "Terms"}
KIND_NOUNS = {
    "footnote": ("note", "notes"),
    "fact": ("fact check", "fact checks"),
    "context": ("context link", "context links"),
    "term": ("term", "terms"),
}
"""How counts of each kind read, one and many: "1 fact check", "26 fact checks"."""


def entry_source_url(repository: Repository | None, entry: GlossaryEntry) -> str:
    """Return the forge address of a glossary entry's file at its `term:` line, or ''."""
    if repository is None:
        return ""
    return repository.view_url(entry.path, entry.location("term").line or 1)


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page tells search engines, feed readers and link previews (partials/head.html)."""

    title: str
    description: str = ""
    url: str = ""
    """The canonical absolute URL; '' when the site has no base_url (or for the 404 page)."""
    type: str = "website"
    """Open Graph type: 'website' or 'article'."""
    published: str = ""
    author: str = ""
    indexable: bool = True
    jsonld: dict[str, Any] | None = None
    """Structured data embedded in the page (schema.org ClaimReviews on article pages)."""
    alternates: tuple[tuple[str, str], ...] = ()
    """(media type, relative href) of other forms of the page, e.g. its annotations.jsonld."""


@dataclass(frozen=True, slots=True)
class NoteView:
    """A note as a layout sees it: the annotation and its trusted HTML."""

    note: Note
    html: Markup

    @property
    def annotation(self) -> Annotation:
        return self.note.annotation


@dataclass(frozen=True, slots=True)
class TermCard:
    """A glossary entry as an article page shows it: in the term list and its popover."""

    entry: GlossaryEntry
    definition: Markup
    """The definition's sanitized HTML."""


PASSAGES_PER_ARTICLE = 3
"""How many passages of one article a term page quotes; the rest are counted and linked."""


@dataclass(frozen=True, slots=True)
class TermUses:
    """One article as a term page shows it: its first passages using the term, and how
    many more there are (a page's size grows with the articles, not with the uses)."""

    item: ArticleSummary
    shown: tuple[TermUse, ...]
    """At most `PASSAGES_PER_ARTICLE`, in reading order."""
    more: int
    next_id: str
    """The element id of the first passage not shown, where "and N more" leads ('' if none)."""
    hashed: str = field(default="", repr=False, compare=False)
    """`key()`, once asked for."""

    @classmethod
    def of(cls, item: ArticleSummary, term: str) -> TermUses:
        """The article as the page of the glossary entry `term` shows it; made once per
        summary (kept with it: a rebuild that keeps the summary, the dev server's, does
        not make it, nor its key, again)."""
        made = item.derived.get(("term-uses", term))
        if made is None:
            uses = item.by_term[term]
            shown = uses[:PASSAGES_PER_ARTICLE]
            rest = uses[PASSAGES_PER_ARTICLE:]
            next_id = f"ann-{rest[0].annotation_id}" if rest else ""
            made = item.derived["term-uses", term] = cls(item, shown, len(rest), next_id)
        return made

    def __iter__(self) -> Iterator[object]:
        """(article, passages), as a term page's `uses` were before they were capped: a
        site's own glossary_term.html written for pairs still works."""
        return iter((self.item, self.shown))

    def key(self) -> str:
        """A hash of what the term page shows of the article (kept with it, so a hash:
        the passages' text would be held once more)."""
        if not self.hashed:
            info = self.item.article
            parts = [info.slug, info.title, str(self.more), self.next_id]
            for use in self.shown:  # joined, not repr(): a site has one per (term, article)
                parts += (use.annotation_id, use.before, use.text, use.after)
            joined = "\x00".join(parts).encode("utf-8")  # no NUL in a page's text
            object.__setattr__(self, "hashed", hashlib.sha256(joined).hexdigest())
        return self.hashed


@dataclass(frozen=True, slots=True)
class TermPage:
    entry: GlossaryEntry
    definition: Markup
    uses: tuple[TermUses, ...]
    """Articles using the term, in the site's order, each with its first passages."""
    see_also: tuple[GlossaryEntry, ...]
    """Related terms: the entry's own see_also, then entries whose see_also names it."""


def term_cards(glossary: Glossary, diags: Diagnostics, memo: Memo = NO_MEMO) -> dict[str, TermCard]:
    """Render every glossary entry's definition once: entry id -> its card."""
    cards = {}
    for entry in glossary.entries.values():
        source = entry.definition
        # Without the simple note's paragraph element, which only margin copies use.
        rendered = memo.value("definition", (source,), partial(_definition, source))
        report_dropped_links(rendered.dropped, entry.location("definition"), diags)
        cards[entry.id] = TermCard(entry, Markup(rendered.html))
    return cards


def _definition(source: str) -> RenderedNote:
    """A definition rendered, without the simple note's paragraph element (only margin
    copies use it, and it cannot be kept between builds)."""
    return replace(render_note(source), paragraph=None)


def term_pages(
    glossary: Glossary, articles: list[ArticleSummary], cards: Mapping[str, TermCard]
) -> list[TermPage]:
    """Gather, for every glossary entry, its definition and the passages that use it."""
    uses: dict[str, list[TermUses]] = {}
    for item in articles:
        for term in item.by_term:
            uses.setdefault(term, []).append(TermUses.of(item, term))
    named_by: dict[str, list[str]] = {}  # entry id -> ids of the entries whose see_also name it
    for other in glossary.entries.values():
        for target in other.see_also:
            named_by.setdefault(target, []).append(other.id)
    return [
        TermPage(
            entry=entry,
            definition=cards[entry.id].definition,
            uses=tuple(uses.get(entry.id, ())),
            see_also=_related(glossary, entry, named_by.get(entry.id, [])),
        )
        for entry in glossary.entries.values()
    ]


def _related(
    glossary: Glossary, entry: GlossaryEntry, named_by: list[str]
) -> tuple[GlossaryEntry, ...]:
    """Return the entry's see_also terms, then the terms that name it in theirs."""
    ids = [i for i in entry.see_also if i in glossary.entries] + named_by
    return tuple(glossary.entries[i] for i in dict.fromkeys(ids) if i != entry.id)


def glossary_letters(
    pages: list[TermPage], alphabet: str = ascii_uppercase
) -> dict[str, list[TermPage]]:
    """Group term pages by the initial of their term: a letter of the language's alphabet
    as it is (Spanish Ñ), another folded as search folds words ("État" under E, "أزمة"
    under ا); '#' for digits and symbols."""
    letters: dict[str, list[TermPage]] = {}
    for page in sorted(pages, key=lambda p: (fold(p.entry.term), p.entry.term.casefold())):
        initial = page.entry.term[:1].upper()
        if initial not in alphabet:
            initial = fold(initial)[:1].upper()
        letters.setdefault(initial if initial.isalpha() else "#", []).append(page)
    return letters


def az_letters(
    letters: Mapping[str, object], alphabet: str = ascii_uppercase
) -> list[tuple[str, str]]:
    """List the A-Z bar: (letter, anchor id or '' when no term starts with it): '#'
    first, the language's alphabet (strings' `glossary.alphabet`) in its order, then any
    other initial the glossary has."""
    shown = list(dict.fromkeys(alphabet.replace(" ", "")))
    shown += sorted(set(letters) - set(shown) - {"#"})
    if "#" in letters:
        shown = ["#", *shown]
    return [(x, _letter_id(x) if x in letters else "") for x in shown]


def _letter_id(letter: str) -> str:
    return "letter-num" if letter == "#" else f"letter-{letter}"


def terms_used(
    item: AnnotatedArticle, terms: Mapping[str, TermCard]
) -> list[tuple[TermCard, list[str]]]:
    """List the glossary terms an article uses, first use first, with the element id of each use."""
    uses: dict[str, list[str]] = {}
    for use in item.term_uses:
        uses.setdefault(use.term, []).append(f"ann-{use.annotation_id}")
    return [(terms[term], ids) for term, ids in uses.items() if term in terms]


def notes_by_kind(item: AnnotatedArticle) -> dict[str, list[NoteView]]:
    """Group the notes that have a body by kind, in the order of KIND_HEADINGS."""
    groups: dict[str, list[NoteView]] = {kind: [] for kind in KIND_HEADINGS}
    for note in item.notes:
        if note.html or note.kind == "fact":
            groups[note.kind].append(NoteView(note, Markup(note.html)))
    return {kind: views for kind, views in groups.items() if views}
