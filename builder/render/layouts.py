"""Jinja environment and page rendering: page values -> OutputFile.

One context function per page type. Templates come from the site's
`layouts/` folder, autoescaped, with StrictUndefined; body HTML that the build
made safe becomes `Markup` here and nowhere else.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import traceback
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import ascii_uppercase
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
import jinja2.bccache
from markupsafe import Markup

from builder.anchor.annotate import AnnotatedArticle, Note, TermUse, report_dropped_links
from builder.anchor.markdown.render import RenderedNote, render_note
from builder.anchor.typography import smarten
from builder.diagnostics import Diagnostics, SourceLocation
from builder.htmlscan import shorten_text
from builder.load.annotations import Annotation
from builder.load.config import SiteConfig
from builder.load.glossary import Glossary, GlossaryEntry
from builder.render.jsonld import (
    ANNOTATIONS_FILE,
    annotation_collection,
    annotations_path,
    claim_reviews,
    dumps,
)

log = logging.getLogger(__name__)

LAYOUTS_DIR = "layouts"
DESCRIPTION_CHARS = 200
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""Letters the glossary's jump bar always shows (other initials are added after them)."""
KIND_HEADINGS = {"footnote": "Notes", "fact": "Fact checks", "context": "Context", "term": "Terms"}
KIND_NOUNS = {
    "footnote": "notes",
    "fact": "fact checks",
    "context": "context links",
    "term": "terms",
}
"""How counts of each kind read: "26 fact checks"."""
WORDS_PER_MINUTE = 230
FRAGMENT_WORDS = 10
"""Quotes longer than this are linked by their first and last words (textStart,textEnd)."""


@dataclass(frozen=True, slots=True)
class Deflated:
    """Bytes held compressed until they are written: files made while the workers run, in
    a build that does not write them into a new tree at once (`output.Stage`)."""

    blob: bytes

    @classmethod
    def of(cls, data: bytes) -> Deflated:
        return cls(zlib.compress(data, 1))


@dataclass(slots=True)
class StageFolder:
    """Where staged files are: the new site's temporary folder, then the output folder
    once it is swapped in (`output.Stage`)."""

    path: Path


@dataclass(frozen=True, slots=True)
class Staged:
    """Bytes already written into the new site (`output.Stage`), at `path` inside it."""

    folder: StageFolder
    path: str

    @property
    def location(self) -> Path:
        return self.folder.path / self.path


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str
    """Path inside the output folder, with forward slashes."""
    data: bytes | Path | Deflated | Staged
    """The file's bytes; for a file kept from the last build, where they are; compressed;
    or already written into the new site."""
    source: str
    """What produced it, for error messages about collisions."""
    sha256: str = ""
    """The bytes' hash, when it is known without reading them (a kept or compressed file)."""

    @property
    def content(self) -> bytes:
        """The file's bytes (a kept file is read only when something asks for them)."""
        if isinstance(self.data, bytes):
            return self.data
        if isinstance(self.data, Deflated):
            return zlib.decompress(self.data.blob)
        if isinstance(self.data, Staged):
            return self.data.location.read_bytes()
        return self.data.read_bytes()

    @property
    def kept(self) -> bool:
        """Whether this is the file the last build wrote, left where it is."""
        return isinstance(self.data, Path)

    @property
    def hash(self) -> str:
        """The bytes' SHA-256 in hex (`sha256`, when it is known)."""
        return self.sha256 or hashlib.sha256(self.content).hexdigest()

    def held_compressed(self) -> OutputFile:
        """The same file, its bytes compressed and hashed, to hold many in little memory."""
        if not isinstance(self.data, bytes):
            return self
        sha = hashlib.sha256(self.data).hexdigest()
        return OutputFile(self.path, Deflated.of(self.data), self.source, sha)


Keep = Callable[[str, str, str, Callable[[], "OutputFile"]], "OutputFile | None"]
"""(path, source, everything the file is made from as one string, make) -> the file: the
last build's when that string is the same (`ArticleFiles.keep`), else `make()`'s."""


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


@dataclass(frozen=True, slots=True)
class TermPage:
    entry: GlossaryEntry
    definition: Markup
    uses: tuple[tuple[AnnotatedArticle, tuple[TermUse, ...]], ...]
    """Articles using the term, each with its passages."""
    see_also: tuple[GlossaryEntry, ...]
    """Related terms: the entry's own see_also, then entries whose see_also names it."""


class _CompiledLayouts(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache, where failing to store a layout only costs compiling it again."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            log.info("could not keep a compiled layout in %s: %s", self.directory, exc)


class Renderer:
    """Renders every page type from the site's layouts."""

    def __init__(
        self, config: SiteConfig, diags: Diagnostics, compiled: Path | None = None
    ) -> None:
        """`compiled`: a folder to keep compiled layouts in, so the next process skips
        compiling them (Jinja's bytecode cache; a changed layout is compiled again)."""
        self.config = config
        self.diags = diags
        self.env = jinja2.Environment(
            bytecode_cache=_CompiledLayouts(str(compiled)) if compiled else None,
            loader=jinja2.FileSystemLoader(config.site_dir / LAYOUTS_DIR),
            autoescape=jinja2.select_autoescape(["html", "xml"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # a Renderer serves one build: no stat of each layout per page
        )
        self.env.globals.update(
            site=config,
            kind_headings=KIND_HEADINGS,
            kind_nouns=KIND_NOUNS,
            backlink_letter=backlink_letter,
        )
        self.env.filters.update(
            long_date=long_date,
            reading_minutes=reading_minutes,
            text_fragment=text_fragment,
            host=host,
            typographic=smarten,
        )

    def render_home(
        self, articles: Sequence[AnnotatedArticle], glossary: Glossary
    ) -> OutputFile | None:
        meta = PageMeta(
            self.config.title, self.config.description, self.config.page_url("index.html")
        )
        return self._page(
            "home.html",
            "index.html",
            "",
            "home.html",
            meta=meta,
            articles=articles,
            glossary=glossary,
        )

    def render_article(
        self,
        item: AnnotatedArticle,
        previous: AnnotatedArticle | None,
        following: AnnotatedArticle | None,
        terms: Mapping[str, TermCard],
    ) -> OutputFile | None:
        path = article_path(item)
        meta = PageMeta(
            item.article.title,
            item.article.summary or item.excerpt,
            self.config.page_url(path),
            type="article",
            published=item.article.date,
            author=item.article.author,
            jsonld=claim_reviews(self.config, item),
            alternates=(("application/ld+json", ANNOTATIONS_FILE),),
        )
        return self._page(
            "article.html",
            path,
            "../../",
            item.article.path,
            meta=meta,
            item=item,
            article=item.article,
            body=Markup(item.body_html),
            previous=previous,
            following=following,
            notes_by_kind=_notes_by_kind(item),
            terms_used=_terms_used(item, terms),
            context_cards=[NoteView(n, Markup(n.html)) for n in item.notes_of("context")],
        )

    def render_glossary_index(self, glossary: Glossary, pages: list[TermPage]) -> OutputFile | None:
        letters = glossary_letters(pages)
        meta = PageMeta(
            "Glossary",
            f"{len(pages)} terms used in the articles of {self.config.title}, explained.",
            self.config.page_url("glossary/index.html"),
        )
        return self._page(
            "glossary_index.html",
            "glossary/index.html",
            "../",
            "content/glossary",
            meta=meta,
            letters=letters,
            az=az_letters(letters),
            pages=pages,
        )

    def render_term(self, page: TermPage, letters: Mapping[str, object]) -> OutputFile | None:
        path = term_path(page)
        description = shorten_text(page.definition.striptags(), DESCRIPTION_CHARS)
        meta = PageMeta(page.entry.term, description, self.config.page_url(path))
        return self._page(
            "glossary_term.html",
            path,
            "../../",
            page.entry.path,
            meta=meta,
            page=page,
            entry=page.entry,
            az=az_letters(letters),
        )

    def render_search(self) -> OutputFile | None:
        meta = PageMeta("Search", f"Search {self.config.title}.", indexable=False)
        return self._page(
            "search.html", "search/index.html", "../", f"{LAYOUTS_DIR}/search.html", meta=meta
        )

    def render_not_found(self) -> OutputFile | None:
        """Render 404.html, whose links are absolute: a host serves it at any depth."""
        meta = PageMeta("Page not found", indexable=False)
        root = self.config.base_url or "/"
        return self._page("404.html", "404.html", root, f"{LAYOUTS_DIR}/404.html", meta=meta)

    def render_annotations(self, item: AnnotatedArticle) -> OutputFile:
        """Write the article's annotations as a W3C AnnotationCollection (JSON-LD)."""
        content = dumps(annotation_collection(self.config, item))
        return OutputFile(annotations_path(item), content, item.article.path)

    def _page(
        self, template: str, path: str, root: str, source: str, **context: Any
    ) -> OutputFile | None:
        try:
            html = self.env.get_template(template).render(root=root, page_path=path, **context)
        except jinja2.TemplateSyntaxError as exc:
            name = exc.filename or template
            self.diags.error(
                SourceLocation(_layout_path(self.config, name), exc.lineno or 1),
                "template-error",
                f"template syntax error: {exc.message}",
                "fix the template",
            )
            return None
        except jinja2.TemplateNotFound as exc:
            self.diags.error(
                SourceLocation(f"{LAYOUTS_DIR}/{exc.name}"),
                "template-missing",
                f"layout '{exc.name}' not found",
                f"add {LAYOUTS_DIR}/{exc.name}",
            )
            return None
        except jinja2.UndefinedError as exc:
            self.diags.error(
                _template_frame(self.config, exc, template),
                "template-error",
                f"template error: {exc.message}",
                "check the variable's name; see docs/layouts.md for what each page receives",
            )
            return None
        return OutputFile(path, html.encode("utf-8"), source)


def article_path(item: AnnotatedArticle) -> str:
    """Return where an article's page goes in the output folder."""
    return f"articles/{item.article.slug}/index.html"


def term_path(page: TermPage) -> str:
    """Return where a glossary term's page goes in the output folder."""
    return f"glossary/{page.entry.id}/index.html"


@functools.lru_cache(maxsize=4096)
def long_date(iso: str) -> str:
    """Format YYYY-MM-DD as '19 April 2013' (English month names)."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B} {day.year}"


def glossary_letters(pages: list[TermPage]) -> dict[str, list[TermPage]]:
    """Group term pages by the initial of their term ('#' for digits and symbols)."""
    letters: dict[str, list[TermPage]] = {}
    for page in sorted(pages, key=lambda p: p.entry.term.casefold()):
        initial = page.entry.term[:1].upper()
        letters.setdefault(initial if initial.isalpha() else "#", []).append(page)
    return letters


def az_letters(letters: Mapping[str, object]) -> list[tuple[str, str]]:
    """List the A-Z bar: (letter, anchor id or '' when no term starts with it)."""
    shown = sorted(set(ascii_uppercase) | set(letters))
    if "#" in shown:
        shown = ["#", *(x for x in shown if x != "#")]
    return [(x, _letter_id(x) if x in letters else "") for x in shown]


def _letter_id(letter: str) -> str:
    return "letter-num" if letter == "#" else f"letter-{letter}"


def reading_minutes(text: str) -> int:
    """Estimate reading time in whole minutes at WORDS_PER_MINUTE (at least 1)."""
    return max(1, math.ceil(_word_count(text) / WORDS_PER_MINUTE))


@functools.lru_cache(maxsize=1 << 16)
def _word_count(text: str) -> int:
    """Remembered: the home page counts every article's words on every build, and the
    dev server keeps the same article texts from one build to the next."""
    return len(text.split())


def host(url: str) -> str:
    """Return a URL's host name without a leading 'www.'."""
    name = urlsplit(url).hostname or url
    return name.removeprefix("www.")


def backlink_letter(index: int) -> str:
    """Label the index-th back-link of a note as Wikipedia does: a, b, ..., z, aa, ab, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def text_fragment(quote_text: str, page_url: str) -> str:
    """Link to a quoted passage on the page it came from (`#:~:text=`), or '' for a home page.

    The quote's outer quotation marks are dropped; a long quote is given by its first
    and last words, so a small difference in the middle does not break the link.
    """
    parts = urlsplit(page_url)
    if parts.scheme not in {"http", "https"} or parts.path in {"", "/"}:
        return ""
    words = quote_text.strip().strip("\"'“”‘’").split()
    if not words:
        return ""
    if len(words) > FRAGMENT_WORDS:
        terms = [" ".join(words[:4]), " ".join(words[-4:])]
    else:
        terms = [" ".join(words)]
    directive = ",".join(_fragment_term(t) for t in terms)
    return parts._replace(fragment=f":~:text={directive}").geturl()


def _fragment_term(text: str) -> str:
    # Text directives reserve "-", "," and "&"; quote() leaves "-" alone.
    return quote(text, safe="").replace("-", "%2D")


def _terms_used(
    item: AnnotatedArticle, terms: Mapping[str, TermCard]
) -> list[tuple[TermCard, list[str]]]:
    """List the glossary terms an article uses, first use first, with the element id of each use."""
    uses: dict[str, list[str]] = {}
    for use in item.term_uses:
        uses.setdefault(use.term, []).append(f"ann-{use.annotation_id}")
    return [(terms[term], ids) for term, ids in uses.items() if term in terms]


def _notes_by_kind(item: AnnotatedArticle) -> dict[str, list[NoteView]]:
    """Group the notes that have a body by kind, in the order of KIND_HEADINGS."""
    groups: dict[str, list[NoteView]] = {kind: [] for kind in KIND_HEADINGS}
    for note in item.notes:
        if note.html or note.kind == "fact":
            groups[note.kind].append(NoteView(note, Markup(note.html)))
    return {kind: views for kind, views in groups.items() if views}


def _layout_path(config: SiteConfig, name: str) -> str:
    path = Path(name)
    if path.is_absolute():
        try:
            return path.relative_to(config.site_dir).as_posix()
        except ValueError:
            return path.as_posix()
    return f"{LAYOUTS_DIR}/{name}"


def _template_frame(config: SiteConfig, exc: BaseException, template: str) -> SourceLocation:
    """Find the innermost template line in a Jinja error's traceback."""
    layouts = (config.site_dir / LAYOUTS_DIR).resolve()
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        file = Path(frame.filename)
        if file.suffix in {".html", ".xml"} and layouts in file.resolve().parents:
            return SourceLocation(_layout_path(config, str(file.resolve())), frame.lineno or 1)
    return SourceLocation(f"{LAYOUTS_DIR}/{template}")


def term_cards(
    glossary: Glossary,
    diags: Diagnostics,
    render: Callable[[str], RenderedNote] = render_note,
) -> dict[str, TermCard]:
    """Render every glossary entry's definition once: entry id -> its card."""
    cards = {}
    for entry in glossary.entries.values():
        rendered = render(entry.definition)
        report_dropped_links(rendered.dropped, entry.location("definition"), diags)
        cards[entry.id] = TermCard(entry, Markup(rendered.html))
    return cards


def term_pages(
    glossary: Glossary, articles: list[AnnotatedArticle], cards: Mapping[str, TermCard]
) -> list[TermPage]:
    """Gather, for every glossary entry, its definition and the passages that use it."""
    uses: dict[str, list[tuple[AnnotatedArticle, list[TermUse]]]] = {}
    for item in articles:
        by_term: dict[str, list[TermUse]] = {}
        for use in item.term_uses:
            by_term.setdefault(use.term, []).append(use)
        for term, found in by_term.items():
            uses.setdefault(term, []).append((item, found))
    named_by: dict[str, list[str]] = {}  # entry id -> ids of the entries whose see_also name it
    for other in glossary.entries.values():
        for target in other.see_also:
            named_by.setdefault(target, []).append(other.id)
    return [
        TermPage(
            entry=entry,
            definition=cards[entry.id].definition,
            uses=tuple((item, tuple(found)) for item, found in uses.get(entry.id, [])),
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
