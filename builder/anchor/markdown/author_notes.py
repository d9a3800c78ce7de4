"""The author's own footnotes (`[^label]`): Python-Markdown's footnotes extension, reshaped.

An article's Markdown footnotes are its author's notes, not the edition's. `AuthorFootnotes`
is Python-Markdown's extension, also recording what it cannot use (a reference without a
definition, a label defined twice). `shape` turns what the extension made (a `<sup>` per
reference, a `div.footnote` at the end of the tree) into the edition's form, at the end
of the body: a `section.author-notes` whose heading, back-links and reference markers
carry `data-for="^<n>"` (`^` for the heading) so that, like the edition's own markers,
they are left out of the reader's text that quotes are matched against, while the notes'
words stay in it. Notes are numbered in reading order; a definition nothing refers to is
left out. Each note's content passes the notes' sanitizer (nh3) before it joins the body.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass

import markdown
from markdown import util
from markdown.extensions.footnotes import NBSP_PLACEHOLDER, FootnoteExtension
from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor

from builder.anchor.markdown.sanitize import sanitize_author_note
from builder.htmltree import parse_fragment, remove_keeping_tail
from builder.load.strings import Strings

log = logging.getLogger(__name__)

SECTION_ID = "author-notes"
INSERTED = "^"
"""`data-for` of what the build inserts for the author's notes: `^` (the heading) or `^<n>`
(note n's markers and back-links). An annotation id never holds `^`."""


@dataclass(frozen=True, slots=True)
class AuthorNoteWords:
    """The words the build writes for the author's notes: the strings files' `author.*`
    and `notes.backlink*` (`of`); `{n}` is the note's number, `{name}` its name."""

    heading: str = "Author’s notes"
    marker: str = "Author’s note {n}"
    name: str = "author’s note {n}"
    back: str = "Back to the text"
    back_many: str = "Back to the text:"
    back_use: str = "{name}, use"

    @classmethod
    def of(cls, strings: Strings) -> AuthorNoteWords:
        return cls(
            strings.get("author.heading", ENGLISH.heading),
            strings.get("author.marker", ENGLISH.marker),
            strings.get("author.name", ENGLISH.name),
            strings.get("notes.backlink", ENGLISH.back),
            strings.get("notes.backlinks", ENGLISH.back_many),
            strings.get("notes.backlink_use", ENGLISH.back_use),
        )

    def marker_label(self, number: int) -> str:
        return self.marker.replace("{n}", str(number))

    def note_name(self, number: int) -> str:
        return self.name.replace("{n}", str(number))


ENGLISH = AuthorNoteWords()


def note_id(number: int) -> str:
    """The page id of the author's note `number`."""
    return f"author-note-{number}"


def ref_id(number: int, nth: int) -> str:
    """The page id of the `nth` (from 1) reference to the author's note `number`."""
    return f"author-ref-{number}" if nth == 1 else f"author-ref-{number}-{nth}"


@dataclass(frozen=True, slots=True)
class AuthorNote:
    """One of the article's own footnotes, as the page shows it."""

    number: int
    """In reading order of first reference, from 1."""
    label: str
    """As the Markdown names it (`[^label]`)."""
    refs: tuple[str, ...]
    """The page ids of its references, in document order."""

    @property
    def id(self) -> str:
        return note_id(self.number)


@dataclass(frozen=True, slots=True)
class FootnoteProblem:
    code: str
    """author-note-undefined, author-note-unused or author-note-duplicate."""
    label: str
    occurrence: int
    """Which reference (undefined) or definition (unused: 1, duplicate: 2, 3, ...) of the
    label, from 1, in document order."""


@dataclass(frozen=True, slots=True)
class AuthorNotes:
    notes: tuple[AuthorNote, ...] = ()
    problems: tuple[FootnoteProblem, ...] = ()


NO_AUTHOR_NOTES = AuthorNotes()


class AuthorFootnotes(FootnoteExtension):
    """The footnotes extension, recording every definition and every unknown reference."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        super().extendMarkdown(md)
        # After the inline pass (20), before escapes are turned back into text (0).
        md.treeprocessors.register(_FindUndefined(self), "footnote-undefined", 5)

    def reset(self) -> None:
        super().reset()
        self.defined: list[str] = []
        """Each definition's label, in the order they were read (repeats kept)."""
        self.undefined: list[str] = []
        """Each reference to a label without a definition, in document order."""

    def setFootnote(self, id: str, text: str) -> None:  # noqa: A002, N802
        self.defined.append(id)
        super().setFootnote(id, text)


class _FindUndefined(Treeprocessor):
    """Note each `[^label]` the inline pass left as text: a reference without a definition.

    Read from the tree rather than counted as the pattern fails, since the inline pass
    tries a text again inside nested emphasis. An escaped `\\[` is still a placeholder
    here, and code is left alone, so neither counts.
    """

    def __init__(self, ext: AuthorFootnotes) -> None:
        super().__init__()
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        self.ext.undefined = [
            m.group(1) for text in _texts(root) for m in _REFERENCE.finditer(text)
        ]


_REFERENCE = re.compile(r"\[\^([^\]]*)\]")


def _texts(el: etree.Element) -> Iterator[str]:
    """The text under `el` in document order, but that of code."""
    if el.tag in ("code", "pre"):
        return
    if el.text:
        yield el.text
    for child in el:
        yield from _texts(child)
        if child.tail:
            yield child.tail


def shape(
    root: etree.Element, ext: AuthorFootnotes, words: AuthorNoteWords = ENGLISH
) -> AuthorNotes:
    """Give the author's notes the edition's form (the module's doc); return what they are."""
    problems = _definition_problems(ext)
    div = next((c for c in root if c.tag == "div" and c.get("class") == "footnote"), None)
    if div is None:
        return AuthorNotes((), problems)
    root.remove(div)
    by_id = {ext.makeFootnoteId(label): label for label in ext.footnotes}
    items = {by_id[li.get("id", "")]: li for li in div.iter("li") if li.get("id") in by_id}
    refs_of = {f"#{ext.makeFootnoteId(label)}": label for label in ext.footnotes}
    for li in items.values():
        _clean_item(li)
    # Number in reading order: the body's references first, then those only in notes.
    found: dict[str, list[etree.Element]] = {}
    parents = _parents(root)
    _collect_refs(root, refs_of, found)
    done = 0
    while done < len(found):
        _collect_refs(items[list(found)[done]], refs_of, found)
        done += 1
    for li in items.values():
        parents.update(_parents(li))
    notes = []
    for number, (label, sups) in enumerate(found.items(), start=1):
        ids = tuple(ref_id(number, nth) for nth in range(1, len(sups) + 1))
        for sup, ref in zip(sups, ids, strict=True):
            _replace(sup, _marker(number, ref, words), parents)
        notes.append(AuthorNote(number, label, ids))
    unused = [
        FootnoteProblem("author-note-unused", label, 1)
        for label in ext.footnotes
        if label not in found
    ]
    if notes:
        root.append(_section(notes, items, words))
    return AuthorNotes(tuple(notes), problems + tuple(unused))


def _definition_problems(ext: AuthorFootnotes) -> tuple[FootnoteProblem, ...]:
    problems = []
    seen: dict[str, int] = {}
    for label in ext.defined:
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            problems.append(FootnoteProblem("author-note-duplicate", label, seen[label]))
    met: dict[str, int] = {}
    for label in ext.undefined:
        met[label] = met.get(label, 0) + 1
        problems.append(FootnoteProblem("author-note-undefined", label, met[label]))
    return tuple(problems)


def _clean_item(li: etree.Element) -> None:
    """Drop the extension's back-links, then sanitize the note's content in place."""
    for parent in list(li.iter()):
        for child in list(parent):
            if child.tag == "a" and child.get("class") == "footnote-backref":
                remove_keeping_tail(parent, child)
    last = li[-1] if len(li) else None
    if last is not None and last.tag == "p" and not len(last) and not (last.text or "").strip():
        li.remove(last)  # the paragraph the extension made for its back-link alone
    holder = etree.Element("div")
    holder.text = li.text
    holder.extend(list(li))
    html = to_html_string(holder)
    inner = html[html.index(">") + 1 : html.rindex("</div>")]
    inner = inner.replace(util.AMP_SUBSTITUTE, "&").replace(NBSP_PLACEHOLDER, "")
    clean = parse_fragment(sanitize_author_note(inner.strip()))
    li.clear()
    li.text = clean.text
    li.extend(list(clean))


def _collect_refs(
    tree: etree.Element, refs_of: dict[str, str], found: dict[str, list[etree.Element]]
) -> None:
    for sup in tree.iter("sup"):
        if len(sup) != 1:
            continue
        link = sup[0]
        label = refs_of.get(link.get("href", "")) if link.tag == "a" else None
        if label is not None and link.get("class") == "footnote-ref":
            found.setdefault(label, []).append(sup)


def _parents(tree: etree.Element) -> dict[etree.Element, etree.Element]:
    return {child: parent for parent in tree.iter() for child in parent}


def _replace(
    old: etree.Element, new: etree.Element, parents: dict[etree.Element, etree.Element]
) -> None:
    """Put `new` where `old` is, or after the outermost link holding it (no link in a link)."""
    parent = parents[old]
    outer, node = None, parent
    while node in parents:
        if node.tag == "a":
            outer = node
        node = parents[node]
    if outer is None:
        new.tail = old.tail
        parent.insert(list(parent).index(old), new)
        parent.remove(old)
        parents[new] = parent
        return
    remove_keeping_tail(parent, old)
    holder = parents[outer]
    holder.insert(list(holder).index(outer) + 1, new)
    new.tail, outer.tail = outer.tail, None
    parents[new] = holder


def _marker(number: int, ref: str, words: AuthorNoteWords) -> etree.Element:
    sup = etree.Element("sup", {"class": "author-ref", "data-for": f"{INSERTED}{number}"})
    link = etree.SubElement(
        sup,
        "a",
        {
            "href": f"#{note_id(number)}",
            "id": ref,
            "role": "doc-noteref",
            "aria-label": words.marker_label(number),
        },
    )
    link.text = str(number)
    return sup


def _section(
    notes: list[AuthorNote], items: dict[str, etree.Element], words: AuthorNoteWords
) -> etree.Element:
    section = etree.Element(
        "section",
        {"class": SECTION_ID, "role": "doc-endnotes", "aria-labelledby": SECTION_ID},
    )
    heading = etree.SubElement(section, "h2", {"id": SECTION_ID, "data-for": INSERTED})
    heading.text = words.heading
    heading.tail = "\n"
    ol = etree.SubElement(section, "ol")
    ol.text = "\n"
    for note in notes:
        li = items[note.label]
        li.attrib.clear()
        li.set("id", note.id)
        li.set("class", "author-note")
        if len(li):
            li[-1].tail = "\n"
        li.append(_backlinks(note, words))
        li.tail = "\n"
        ol.append(li)
    return section


def _backlinks(note: AuthorNote, words: AuthorNoteWords) -> etree.Element:
    """Back to each reference, as the edition's notes do (`partials/backlinks.html`)."""
    p = etree.Element("p", {"class": "backlinks", "data-for": f"{INSERTED}{note.number}"})
    if len(note.refs) == 1:
        link = etree.SubElement(p, "a", {"role": "doc-backlink", "href": f"#{note.refs[0]}"})
        link.text = words.back
        hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
        hidden.text = f" ({words.note_name(note.number)})"
        return p
    p.text = words.back_many + " "
    use = words.back_use.replace("{name}", words.note_name(note.number)) + " "
    for index, ref in enumerate(note.refs):
        link = etree.SubElement(p, "a", {"role": "doc-backlink", "href": f"#{ref}"})
        link.tail = " " if index + 1 < len(note.refs) else None
        hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
        hidden.text = use
        hidden.tail = backlink_letter(index)
    return p


def backlink_letter(index: int) -> str:
    """Label the index-th back-link of a note as Wikipedia does: a, b, ..., z, aa, ab, ...
    (the author's notes here; the layouts label the edition's with it too)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
