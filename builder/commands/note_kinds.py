"""An exported annotation -> the kind of sidecar annotation it becomes, with its fields.

Takes an `ExportedNote` and what the site knows (its verdicts and glossary); returns a
`NoteFields` (the kind and every field it needs) or a `Skip` saying why it cannot be
imported. The kind comes from the note's tags, else from its W3C motivation:

* tag `term:<id>`, or motivation `identifying`: a **term**, the entry named by the tag or
  by a linked `glossary/<id>/` page (it must exist in the site's glossary);
* tag `fact` or `verdict:<id>`, or motivation `assessing`: a **fact**, its verdict from
  the tag or the assessing body's label (an id or label of the site's scale), its
  sources the note's links;
* tag `context`, or motivation `linking`: a **context** link to the first link, titled
  by that link's text;
* tag `footnote`, no such tag, or any other motivation: a **footnote**.

Links are a W3C annotation's linked resources, or, for Hypothesis, the `http(s)` links
written in the note (Markdown `[text](url)`, `<url>` or a bare address): the row's `uri`
is the annotated page itself, so it is never a context link or a source. When a kind's
required field cannot be filled (a fact without a verdict or a source, a context note
without a link, a footnote without text), the annotation is skipped and the reason
given, rather than imported as another kind than its author chose.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from builder.commands.note_exports import ExportedNote
from builder.load.annotations import Link
from builder.load.schema import url_problem

log = logging.getLogger(__name__)

KIND_TAGS = ("footnote", "context", "fact")
_MARKDOWN_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?(https?://[^\s)>]+)>?\s*\)")
_BARE_LINK = re.compile(r"<?(https?://[^\s<>)\]]+)")
_GLOSSARY_LINK = re.compile(r"(?:^|/)glossary/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?$")
_TRAILING_PUNCTUATION = ".,;:!?'\""


@dataclass(frozen=True, slots=True)
class NoteFields:
    """What a sidecar entry says besides its quote and id."""

    kind: str
    note: str = ""
    url: str = ""
    title: str = ""
    verdict: str = ""
    sources: tuple[Link, ...] = ()
    term: str = ""


@dataclass(frozen=True, slots=True)
class Skip:
    reason: str
    problem: bool = True
    """False for what is skipped by design (page notes, replies, bare highlights)."""


def choose_fields(
    note: ExportedNote, verdicts: dict[str, str], glossary: set[str]
) -> NoteFields | Skip:
    """Decide what kind of annotation `note` becomes, and fill that kind's fields.

    `verdicts` maps each verdict id of the site to its label.
    """
    tags = [t.lower().strip() for t in note.tags]
    term = next((t.split(":", 1)[1].strip() for t in tags if t.startswith("term:")), None)
    verdict = next((t.split(":", 1)[1].strip() for t in tags if t.startswith("verdict:")), None)
    kind = "footnote"
    if term is not None or (not _kind_tagged(tags) and note.motivation == "identifying"):
        kind = "term"
    elif verdict is not None or "fact" in tags or note.motivation == "assessing":
        kind = "fact"
    elif "context" in tags or (not _kind_tagged(tags) and note.motivation == "linking"):
        kind = "context"
    if kind == "term":
        return _term(note, term, glossary)
    if kind == "fact":
        return _fact(note, verdict, verdicts)
    if kind == "context":
        return _context(note)
    if not note.text:
        return Skip("a highlight without a note: a footnote needs text", problem=False)
    return NoteFields("footnote", note.text)


def _kind_tagged(tags: list[str]) -> bool:
    return any(t in KIND_TAGS or t.startswith(("term:", "verdict:")) for t in tags)


def _term(note: ExportedNote, term: str | None, glossary: set[str]) -> NoteFields | Skip:
    if term is None:
        found = (m.group(1) for link in note.links if (m := _GLOSSARY_LINK.search(link)))
        term = next(found, None)
    if term is None:
        return Skip("a term annotation names no glossary entry: tag it term:<id>")
    if term not in glossary:
        return Skip(f"no glossary entry '{term}' in this site: add content/glossary/{term}.yaml")
    return NoteFields("term", note.text, term=term)


def _fact(note: ExportedNote, verdict: str | None, verdicts: dict[str, str]) -> NoteFields | Skip:
    scale = ", ".join(verdicts)
    if verdict is None and note.label:
        verdict = note.label
    if verdict is not None:
        verdict = _verdict_id(verdict, verdicts)
    if verdict is None:
        return Skip(f"a fact check without a verdict: tag it verdict:<id> (one of {scale})")
    if verdict not in verdicts:
        return Skip(f"'{verdict}' is not one of this site's verdicts ({scale})")
    if not note.text:
        return Skip("a fact check without text: the note must say what the check found")
    sources = _links(note)
    if not sources:
        return Skip("a fact check without a source: link at least one in its text")
    return NoteFields("fact", note.text, verdict=verdict, sources=sources)


def _verdict_id(text: str, verdicts: dict[str, str]) -> str:
    """The verdict id a tag or label names: an id, or a label in any case ("Mostly accurate")."""
    wanted = " ".join(text.lower().replace("-", " ").split())
    for verdict, label in verdicts.items():
        if wanted in {verdict.replace("-", " "), " ".join(label.lower().split())}:
            return verdict
    return text.strip().lower()


def _context(note: ExportedNote) -> NoteFields | Skip:
    links = _links(note)
    if not links:
        return Skip("a context note without a link: write the address in its text")
    first = links[0]
    title = first.title if first.title != _short_url(first.url) else ""
    text = note.text
    if not note.links and _only_a_link(text):
        text = ""  # the note was the link alone: url and title say it
    return NoteFields("context", text, url=first.url, title=title)


def _only_a_link(text: str) -> bool:
    text = text.strip()
    return bool(_MARKDOWN_LINK.fullmatch(text) or _BARE_LINK.fullmatch(text.rstrip(">")))


def _links(note: ExportedNote) -> tuple[Link, ...]:
    """The note's linked pages, titled by their link text where the note links them."""
    titles: dict[str, str] = {}
    written: list[str] = []
    for match in _MARKDOWN_LINK.finditer(note.text):
        url = match.group(2)
        titles.setdefault(url, re.sub(r"\\(.)", r"\1", match.group(1)).strip())
        written.append(url)
    for match in _BARE_LINK.finditer(_MARKDOWN_LINK.sub(" ", note.text)):
        written.append(match.group(1).rstrip(_TRAILING_PUNCTUATION))
    urls = list(note.links) if note.links else written
    sources: list[Link] = []
    for url in urls:
        if url_problem(url, ("http", "https")) or any(s.url == url for s in sources):
            continue
        if _GLOSSARY_LINK.search(url):
            continue
        sources.append(Link(titles.get(url) or _short_url(url), url))
    return tuple(sources)


def _short_url(url: str) -> str:
    """A link's title where the export gives none: its host and path."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return (host + parts.path).rstrip("/") or url
