"""Text content and annotation offsets, checked against the standard library's HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from builder.htmlscan import VOID_TAGS, BodyText, measure_body
from tests.support.annotate import fn, run


class _Reference(HTMLParser):
    """A slow, obviously right measure: html.parser with charrefs converted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.own = ""
        self.stack: list[tuple[str | None, bool]] = []
        self.ranges: dict[str, tuple[int, int]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        ann = dict(attrs).get("data-annotation")
        if ann is not None:
            self.ranges.setdefault(ann, (len(self.own), len(self.own)))
        self.stack.append((ann, "data-for" in dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        ann, _ = self.stack.pop()
        if ann is not None:
            self.ranges[ann] = (self.ranges[ann][0], len(self.own))

    def handle_data(self, data: str) -> None:
        if not any(inserted for _, inserted in self.stack):
            self.own += data


def reference(fragment: str) -> BodyText:
    parser = _Reference()
    parser.feed(fragment)
    parser.close()
    return BodyText(parser.own, parser.ranges)


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>plain</p>",
        "<p>A &amp; B &lt;c&gt; &quot;d&quot; &#8212; &copy;<br />"
        '<span data-annotation="x" class="a">x&amp;y</span></p>',
        '<p><em><span data-annotation="a">one</span></em><span data-annotation="a"> two</span>'
        '<sup data-for="a"><a href="#n">1</a></sup> three</p>\n<ul>\n<li>i</li>\n</ul>',
        '<p><span data-annotation="outer">x <span data-annotation="inner">y</span>'
        '<sup data-for="inner">i</sup></span></p>',
        '<p title="a &gt; b" data-annotation="t&amp;x">q</p><hr /><p>r</p>',
    ],
)
def test_measure_matches_the_standard_parser(fragment: str) -> None:
    assert measure_body(fragment) == reference(fragment)


def test_note_offsets_index_the_body_text() -> None:
    markdown = "Alpha *beta* gamma &amp; delta.\n\nSecond `x<y` paragraph, gamma again."
    result, diags = run(
        markdown,
        fn("outer", "beta gamma & delta"),
        fn("inner", "gamma", prefix="beta "),
        fn("late", "gamma again"),
    )
    assert not diags.items
    assert result.own_text == reference(result.body_html).own_text
    by_id = {n.id: n for n in result.notes}
    assert result.own_text[by_id["late"].start : by_id["late"].end] == "gamma again"
    # The inner footnote's marker ("2") and its hidden margin copy ("2 A note.") sit inside
    # the outer span and are left out: offsets address the reader's text.
    assert result.body_html.count("A note.") == 3  # the three margin copies are in the page
    outer = result.own_text[by_id["outer"].start : by_id["outer"].end]
    assert outer == "beta gamma & delta"
    assert result.own_text[by_id["inner"].start : by_id["inner"].end] == "gamma"
    assert result.excerpt == "Alpha beta gamma & delta. Second x<y paragraph, gamma again."


def test_excerpt_is_cut_at_a_word_and_leaves_markers_out() -> None:
    words = " ".join(f"word{n}" for n in range(100))
    result, diags = run(words, fn("w", "word2 word3"))
    assert not diags.items and "word3</span><sup" in result.body_html  # a marker follows word3
    assert result.excerpt.startswith("word0 word1 word2 word3 word4 ")
    assert result.excerpt.endswith("…") and len(result.excerpt) <= 301
    assert result.excerpt[:-1] == words[: len(result.excerpt) - 1]
