"""Heading ids and the table of contents (builder/anchor/toc.py)."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import pytest

from builder.anchor.toc import TocEntry, add_heading_ids, slugify


def test_headings_get_slug_ids_and_are_listed_in_order() -> None:
    root = etree.fromstring(
        "<div><h2>Why now?</h2><p>Text.</p><h3>The <em>six-party</em>   talks</h3>"
        "<ul><li>not a heading</li></ul><h6>Last</h6></div>"
    )
    entries = add_heading_ids(root, set())
    assert entries == (
        TocEntry(2, "why-now", "Why now?"),
        TocEntry(3, "the-six-party-talks", "The six-party talks"),
        TocEntry(6, "last", "Last"),
    )
    assert etree.tostring(root, encoding="unicode") == (
        '<div><h2 id="why-now">Why now?</h2><p>Text.</p>'
        '<h3 id="the-six-party-talks">The <em>six-party</em>   talks</h3>'
        '<ul><li>not a heading</li></ul><h6 id="last">Last</h6></div>'
    )


def test_repeated_headings_and_taken_ids_get_a_number() -> None:
    root = etree.fromstring(
        "<div><h2>Background</h2><h2>Background</h2><h3>Background</h3><h2>ann-x</h2></div>"
    )
    taken = {"background", "ann-x"}
    entries = add_heading_ids(root, taken)
    assert [e.id for e in entries] == ["background-2", "background-3", "background-4", "ann-x-2"]
    assert taken == {"background", "ann-x"}  # the caller's set is left as it was


def test_headings_never_take_the_layouts_ids() -> None:
    root = etree.fromstring(
        "<div><h2>Main</h2><h2>ed-notes</h2><h2>Ed notes</h2><h2>Section ed notes</h2></div>"
    )
    assert [e.id for e in add_heading_ids(root, set())] == [
        "main-2",  # <main id="main"> is the layout's
        "section-ed-notes",  # ed-* ids are the layout's
        "section-ed-notes-2",
        "section-ed-notes-3",
    ]


def test_a_heading_that_has_an_id_keeps_it() -> None:
    root = etree.fromstring('<div><h2 id="kept">Kept <em>here</em></h2></div>')
    assert add_heading_ids(root, set()) == (TocEntry(2, "kept", "Kept here"),)
    assert root[0].get("id") == "kept"


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Édition française", "édition-française"),
        ("Cafe\u0301 society", "café-society"),  # NFD in, NFC out
        ("Ünïcödé Straße", "ünïcödé-strasse"),  # casefolded: ß is ss
        ("Кто виноват?", "кто-виноват"),
        ("北朝鮮の核", "北朝鮮の核"),
        ("ΣΊΣΥΦΟΣ", "σίσυφοσ"),
        ("ﬁve ½", "five-12"),  # NFKC: the ligature and the fraction are spelt out
        ("snake_case -- and  dashes", "snake-case-and-dashes"),
        ("  spaced out  ", "spaced-out"),
        ("?!", "section"),  # nothing left: a word of our own
        ("", "section"),
    ],
)
def test_slugs_of_non_ascii_and_odd_headings(heading: str, slug: str) -> None:
    assert slugify(heading) == slug


def test_headings_with_no_letters_get_numbered_section_ids() -> None:
    root = etree.fromstring("<div><h2>?</h2><h2>!</h2><h2>Кто виноват?</h2></div>")
    assert [e.id for e in add_heading_ids(root, set())] == ["section", "section-2", "кто-виноват"]
