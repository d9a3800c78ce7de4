"""The author's own footnotes (`[^1]` in an article): rendered as the author's notes, kept
apart from the edition's annotations, quotable, reported when broken, sanitized, and the
same with the Markdown fast paths on and off.

The essay site (tests/support/essay.py) has both kinds; the EPUB is checked in
tests/test_epub.py and tests/test_epub_check.py, the page in Chromium with axe in
tests/test_author_notes_browser.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.anchor.markdown import fastpaths
from builder.anchor.markdown.render import render_article, serialize_tree
from builder.cli import main
from builder.diagnostics import BuildFailed
from builder.htmlscan import measure_body
from builder.pipeline import BuildOptions, build_site
from tests.support import essay
from tests.support.annotate import fn, run
from tests.support.sites import MakeSite


def page(markdown: str) -> BeautifulSoup:
    """The body HTML an article's Markdown renders to, parsed."""
    return BeautifulSoup(serialize_tree(render_article(markdown).root), "html.parser")


def tag(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert isinstance(found, Tag), selector
    return found


# --- how they render ---


def test_references_link_to_notes_numbered_in_reading_order() -> None:
    soup = page("First.[^b] Second.[^a]\n\n[^a]: Note on the second.\n[^b]: Note on the first.\n")
    refs = soup.select("sup.author-ref > a")
    assert [(a["href"], a["id"], a.get_text()) for a in refs] == [
        ("#author-note-1", "author-ref-1", "1"),
        ("#author-note-2", "author-ref-2", "2"),
    ]
    assert all(a["role"] == "doc-noteref" for a in refs)
    assert [a["aria-label"] for a in refs] == ["Author’s note 1", "Author’s note 2"]
    section = tag(soup, "section.author-notes")
    assert section["role"] == "doc-endnotes"
    assert section["aria-labelledby"] == tag(section, "h2")["id"] == "author-notes"
    assert tag(section, "h2").get_text() == "Author’s notes"
    items = section.select("ol > li")
    assert [li["id"] for li in items] == ["author-note-1", "author-note-2"]
    assert items[0].p and items[0].p.get_text() == "Note on the first."
    assert tag(items[1], ".backlinks a")["href"] == "#author-ref-2"


def test_labels_are_any_text_and_never_reach_the_page() -> None:
    rendered = render_article("A.[^my note] B.[^é:1]\n\n[^é:1]: Two.\n[^my note]: One.\n")
    assert [(n.label, n.id) for n in rendered.author_notes.notes] == [
        ("my note", "author-note-1"),
        ("é:1", "author-note-2"),
    ]
    html = serialize_tree(rendered.root)
    assert "my note" not in html and "é:1" not in html


def test_a_note_referred_to_twice_links_back_to_both_places() -> None:
    soup = page("One.[^n] Two.[^n]\n\n[^n]: Twice.\n")
    assert [a["id"] for a in soup.select(".author-ref a")] == ["author-ref-1", "author-ref-1-2"]
    back = soup.select("#author-note-1 .backlinks a")
    assert [a["href"] for a in back] == ["#author-ref-1", "#author-ref-1-2"]
    assert [a.get_text() for a in back] == ["author’s note 1, use a", "author’s note 1, use b"]


def test_a_multi_paragraph_note_keeps_its_paragraphs() -> None:
    soup = page(
        "Text.[^long]\n\n[^long]: First paragraph.\n\n    Second paragraph.\n\nMore text.\n"
    )
    note = tag(soup, "#author-note-1")
    assert [p.get_text() for p in note.find_all("p")] == [
        "First paragraph.",
        "Second paragraph.",
        "Back to the text (author’s note 1)",
    ]
    assert soup.find_all("p")[1].get_text() == "More text."  # after the note, the body


def test_a_note_ending_in_a_list_has_no_empty_paragraph() -> None:
    note = tag(page("Text.[^l]\n\n[^l]: Two things:\n\n    - one\n    - two\n"), "#author-note-1")
    assert [child.name for child in note.find_all(recursive=False)] == ["p", "ul", "p"]
    assert [p.get_text() for p in note.find_all("p")] == [
        "Two things:",
        "Back to the text (author’s note 1)",
    ]


def test_a_note_referred_to_only_from_another_note_comes_after_it() -> None:
    soup = page("Text.[^a]\n\n[^b]: Deeper.\n[^a]: Outer, see[^b].\n")
    assert tag(soup, "#author-note-1 p").get_text() == "Outer, see2."
    assert tag(soup, "#author-note-2 p").get_text() == "Deeper."
    assert tag(soup, "#author-note-2 .backlinks a")["href"] == "#author-ref-2"


def test_a_reference_in_a_links_text_goes_after_the_link() -> None:
    soup = page("See [the report[^r]](https://example.org/r) now.\n\n[^r]: Published 2020.\n")
    link = tag(soup, "a[href='https://example.org/r']")
    assert link.get_text() == "the report"
    assert link.find("sup") is None
    assert tag(soup, "p").get_text() == "See the report1 now."


def test_escaped_references_and_code_stay_text() -> None:
    rendered = render_article("A regex: `[^a-z]`, and \\[^note] written out.\n")
    assert rendered.author_notes.notes == ()
    assert rendered.author_notes.problems == ()
    assert "[^note] written out" in serialize_tree(rendered.root)
    assert "<code>[^a-z]</code>" in serialize_tree(rendered.root)


def test_an_article_without_footnotes_renders_as_before() -> None:
    soup = page("Plain text with [brackets] and ^carets.\n")
    assert soup.select("section, sup") == []


def test_notes_pass_the_sanitizer() -> None:
    """nh3's allow-list applies to the author's notes as to every note: an image is
    dropped (it is kept in the body), raw HTML is text, an unsafe link loses its target."""
    soup = page(
        "![chart](https://example.org/c.png) Text.[^x]\n\n"
        "[^x]: ![chart](https://example.org/c.png) <b onclick=x>raw</b> "
        "[bad](javascript:alert(1)) [good](https://example.org/?a=1&b=2)\n"
    )
    note = tag(soup, "#author-note-1")
    assert note.find("img") is None and soup.find("img") is not None
    assert "<b onclick=x>raw</b>" in note.get_text()
    assert [a.get("href") for a in note.select("p:not(.backlinks) a")] == [
        "https://example.org/?a=1&b=2"
    ]
    assert note.find(string=lambda s: "bad" in s) is not None


@pytest.mark.parametrize(
    "markdown",
    [
        essay.ARTICLE.split("---\n", 2)[2],
        "Text.[^a] And *more [^b]* text.\n\n[^a]: A *note* with a [link](https://e.org) "
        'and `code`.\n\n    A second\n    paragraph.\n\n[^b]: Quote "this" -- and that...\n',
        "| a | b |\n|---|---|\n| cell[^t] | x |\n\n- item[^t]\n\n[^t]: In a table.\n",
    ],
)
def test_the_fast_paths_on_and_off_give_the_same_body(markdown: str) -> None:
    bodies = []
    for on in (True, False):
        with mock.patch.object(fastpaths, "enabled", lambda on=on: on):
            bodies.append(serialize_tree(render_article(markdown).root))
    assert bodies[0] == bodies[1]
    assert "author-note-1" in bodies[0]


# --- anchoring: the notes' words are the article's text, the markers are not ---


def test_a_quote_matches_across_a_reference_marker() -> None:
    result, diags = run(
        "Rates rose sharply.[^1] Then they fell.\n\n[^1]: Data.\n", fn("x", "sharply. Then")
    )
    assert diags.items == []
    assert result.notes[0].quote == "sharply. Then"
    assert "1" not in result.own_text.split("\n")[0]


def test_a_quote_with_the_markers_number_matches_only_as_a_drift() -> None:
    """The number is not the article's text: the quote is close, not exact, and the fix
    proposed leaves the number out."""
    result, diags = run(
        "Rates rose sharply.[^1] Then they fell.\n\n[^1]: Data.\n", fn("x", "sharply.1 Then")
    )
    assert [d.code for d in diags.items] == ["quote-drifted"]
    assert result.drifts[0].quote == "sharply. Then"


def test_a_quote_copied_from_the_markdown_may_keep_its_references() -> None:
    source = "Rates rose sharply.[^1] Then they fell.\n\n[^1]: Data.\n"
    result, diags = run(source, fn("x", "sharply.[^1] Then", suffix=" they[^1]"))
    assert diags.items == []
    assert result.notes[0].quote == "sharply. Then"


def test_a_quote_may_lie_inside_an_authors_note() -> None:
    result, diags = run(
        "Rates rose.[^1]\n\n[^1]: The central bank said so in May.\n",
        fn("x", "said so in May"),
    )
    assert diags.items == []
    soup = BeautifulSoup(result.body_html, "html.parser")
    span = tag(soup, "#author-note-1 [data-annotation=x]")
    assert span.get_text() == "said so in May"
    note = result.notes[0]
    assert result.own_text[note.start : note.end] == "said so in May"


def test_the_notes_heading_and_back_links_are_not_the_articles_text() -> None:
    result, diags = run("Rates rose.[^1]\n\n[^1]: A note.\n", fn("x", "Back to the text"))
    assert [d.code for d in diags.items] == ["quote-not-found"]
    assert "Author’s notes" not in result.own_text
    assert "Back to the text" not in result.own_text
    assert result.own_text.startswith("Rates rose.\n")
    assert "A note." in result.own_text


def test_a_heading_never_takes_the_notes_ids() -> None:
    result, _ = run("## Author notes\n\n## Author note 1\n\nText.[^1]\n\n[^1]: A note.\n")
    assert [entry.id for entry in result.toc] == ["author-notes-2", "author-note-1-2"]
    assert [entry.text for entry in result.toc] == ["Author notes", "Author note 1"]


def test_a_heading_with_a_reference_keeps_its_words_in_the_table_of_contents() -> None:
    result, _ = run("## Why now?[^1]\n\n## Later\n\n[^1]: Because.\n")
    assert [(entry.id, entry.text) for entry in result.toc] == [
        ("why-now", "Why now?"),
        ("later", "Later"),
    ]


# --- problems, at their line and column ---

BROKEN = """\
---
title: Broken
---
A reference to nothing.[^missing]
Twice defined.[^twice]

[^twice]: First.
[^twice]: Second.
[^spare]: Never used.
"""


def test_broken_footnotes_are_reported_at_their_place(make_site: MakeSite) -> None:
    site = make_site({"content/articles/broken.md": BROKEN})
    out = site / "out"
    with pytest.raises(BuildFailed) as failed:
        build_site(site, out)
    found = sorted(str(d).split("\n")[0] for d in failed.value.diagnostics)
    assert found == [
        "content/articles/broken.md:4:24: warning[author-note-undefined]: footnote reference"
        " [^missing] has no definition: the page shows it as written",
        "content/articles/broken.md:8:1: error[author-note-duplicate]: footnote [^twice] is"
        " defined more than once (first at line 7); only one definition can be shown",
        "content/articles/broken.md:9:1: warning[author-note-unused]: footnote [^spare] is"
        " defined but the text never refers to it: it is left out of the page",
    ]


def test_each_undefined_reference_is_reported_once_at_its_own_place() -> None:
    """Nested emphasis makes the inline pass read a text twice; code and `\\[` are text."""
    line = "*a **b [^x]*** and [link [^x]](https://e.org), `[^x]`, \\[^x]. Wow![^y]\n"
    _, diags = run(line)
    assert [(d.code, d.severity, d.location.line, d.location.column) for d in diags.items] == [
        ("author-note-undefined", "warning", 1, line.index("[^x]") + 1),
        ("author-note-undefined", "warning", 1, line.index("[^x]", 12) + 1),
        ("author-note-undefined", "warning", 1, line.index("[^y]") + 1),
    ]


def test_warnings_pass_and_strict_makes_them_errors(make_site: MakeSite) -> None:
    text = BROKEN.replace("[^twice]: Second.\n", "")
    site = make_site({"content/articles/broken.md": text})
    assert main(["check", "--site", str(site), "-q"]) == 0
    assert main(["check", "--site", str(site), "-q", "--strict"]) == 1


# --- the essay site: the page, the counts, the JSON-LD, search ---


@pytest.fixture(scope="module")
def essay_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.support.sites import write_site

    site = write_site(tmp_path_factory.mktemp("essay"), essay.FILES, layouts=False)
    out = site / "public"
    build_site(site, out, BuildOptions(jobs=1))
    return out


def essay_page(out: Path) -> BeautifulSoup:
    html = (out / f"articles/{essay.SLUG}/index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_the_page_has_both_lists_apart(essay_out: Path) -> None:
    soup = essay_page(essay_out)
    body = tag(soup, "[data-article-body]")
    assert [li["id"] for li in body.select(".author-notes li")] == [
        "author-note-1",
        "author-note-2",
        "author-note-3",
    ]
    edition = tag(soup, "section.endnotes")
    assert [li["id"] for li in edition.select("li.note")] == [
        "note-quays",
        "note-grain",
        "note-dredging",
    ]
    assert edition.select("[id^=author-]") == []
    # The edition's note on a sentence of the author's note 1 is marked inside it.
    assert tag(body, "#author-note-1 #ann-grain").get_text() == "The grain trade above all"
    assert [a["href"] for a in body.select(".author-ref a")] == [
        "#author-note-1",
        "#author-note-2",
        "#author-note-1",
        "#author-note-3",
    ]
    assert body.select(".sidenote[data-for^='^']") == []  # no margin copies of the author's


def test_the_counts_are_the_editions_alone(essay_out: Path) -> None:
    soup = essay_page(essay_out)
    switches = [label.get_text(" ", strip=True) for label in soup.select(".kind-switch")]
    assert switches == ["Notes 2", "Fact checks 1"]
    home = BeautifulSoup((essay_out / "index.html").read_text(encoding="utf-8"), "html.parser")
    counts = tag(home, ".counts").get_text(" ", strip=True)
    assert "2 notes" in counts and "1 fact check" in counts


def test_the_json_ld_annotates_only_the_editions_notes(essay_out: Path) -> None:
    path = essay_out / f"articles/{essay.SLUG}/annotations.jsonld"
    collection = json.loads(path.read_text(encoding="utf-8"))
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 3
    assert all("author" not in item["id"].rsplit("#", 1)[1] for item in items)
    text = tag(essay_page(essay_out), "[data-article-body]")
    for inserted in text.select("[data-for]"):
        inserted.decompose()
    own = text.get_text()
    for item in items:
        quote, position = item["target"]["selector"]
        assert own[position["start"] : position["end"]] == quote["exact"]
    grain = next(item for item in items if item["id"].endswith("#grain"))
    assert grain["target"]["selector"][0]["exact"] == "The grain trade above all"


def test_search_finds_the_authors_notes_as_the_articles_text(essay_out: Path) -> None:
    path = essay_out / f"search-index/text/articles/{essay.SLUG}.js"
    script = path.read_text(encoding="utf-8")  # editionSearchLoaded(path, {"text": ...});
    text = json.loads(script[script.index(",") + 1 : script.rindex(")")])["text"]
    shard = (essay_out / "search-index/words/3139.js").read_text(encoding="utf-8")
    assert '"1960 ' in shard  # the word of note 3 is indexed ("19" is its shard)
    assert "They were found when the docks were rebuilt in 1960." in text
    assert "Author’s notes" not in text and "Back to the text" not in text


def test_stats_counts_the_authors_notes_apart(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(essay.FILES)
    assert main(["stats", "--site", str(site), "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)["articles"][0]
    assert row["annotations"] == {"footnote": 2, "context": 0, "fact": 1, "term": 0}
    assert row["author_notes"] == 3


# --- the fast paths, on random articles with footnotes ---

PIECES = [
    "Text",
    " more words",
    "[^a]",
    "[^b]",
    "[^c]",
    "*em[^a]*",
    "**strong [^b]**",
    "[link[^c]](https://e.org)",
    "`[^a]`",
    "\\[^b]",
    '"quoted"',
    " -- ",
    "\n",
    "\n\n",
    "\n\n- item",
    "\n\n## Heading",
    "\n\n[^a]: Note a",
    "\n\n[^b]: Note *b*",
    "\n\n    indented more",
    "\n[^c]: Note c",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_fast_paths_on_and_off_agree_on_random_articles_with_footnotes(parts: list[str]) -> None:
    markdown = "".join(parts) + "[^a]\n"
    results = []
    for on in (True, False):
        with mock.patch.object(fastpaths, "enabled", lambda on=on: on):
            rendered = render_article(markdown)
            results.append((serialize_tree(rendered.root), rendered.author_notes))
    assert results[0] == results[1]
    html, notes = results[0]
    soup = BeautifulSoup(html, "html.parser")
    ids = [el["id"] for el in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert [li["id"] for li in soup.select(".author-notes li")] == [n.id for n in notes.notes]
    for inserted in soup.select("[data-for]"):
        inserted.decompose()
    assert measure_body(html).own_text == soup.get_text()  # what quotes and positions read
