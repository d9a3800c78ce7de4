"""Text content and annotation offsets, checked against the standard library's HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.htmlscan import (
    IDREF_ATTRIBUTES,
    LINK_ATTRIBUTES,
    VOID_TAGS,
    BodyText,
    PageRefs,
    measure_body,
    scan_html,
)
from builder.pipeline import BuildResult
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


# --- scan_html: a built page's ids and links, against html.parser ---


class PageReference(HTMLParser):
    """What the scanner must find, read by the standard library's parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.idrefs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name == "id":
                self.ids.append(value)
            elif name in LINK_ATTRIBUTES:
                self.links.append(value)
            elif name in IDREF_ATTRIBUTES:
                self.idrefs.extend((name, ref) for ref in value.split())

    handle_startendtag = handle_starttag


def page_reference(text: str) -> PageRefs:
    parser = PageReference()
    parser.feed(text)
    parser.close()
    return PageRefs(tuple(parser.ids), tuple(parser.links), tuple(parser.idrefs))


def test_the_scanner_reads_every_bundled_page_as_html_parser_does(
    bundled: tuple[Path, BuildResult],
) -> None:
    _, result = bundled
    pages = [f for f in result.files if f.path.endswith(".html")]
    assert len(pages) > 15
    for page in pages:
        text = page.content.decode()
        assert scan_html(text) == page_reference(text), page.path


HAND_WRITTEN = [
    '<a href=../x/index.html id=top>x</a><p ID="Two" title="id=&quot;no&quot;">',
    "<a href='a.html#b' id='c'>x</a><label for=name>n</label>",
    '<!-- <a href="commented.html"> --><a href="real.html">',
    '<script>var s = \'<a href="in-script.html">\';</script><a href="after.html">',
    '<style>a[href="x"] { color: red }</style><div id="styled">',
    '<a title="x > y" href="gt.html"><span aria-describedby="n1 n2">',
    '<img src="a.png" alt=""/><br/><input id=i disabled>',
    '<a href="?q=1&amp;r=2">q</a><a data-href="not-a-link.html">',
    '<A HREF="UPPER.html">x</A>',
]


@pytest.mark.parametrize("text", HAND_WRITTEN)
def test_the_scanner_handles_what_a_layout_author_may_write(text: str) -> None:
    assert scan_html(text) == page_reference(text)


ATTR_VALUES = st.text(alphabet="ab#/.=&;<>'\" -", max_size=8)
TAGS = st.builds(
    lambda tag, attrs: f"<{tag}{''.join(attrs)}>",
    st.sampled_from(["a", "p", "span", "label", "li"]),
    st.lists(
        st.builds(
            lambda name, value, quote: f" {name}={quote}{value.replace(quote, '')}{quote}",
            st.sampled_from(["id", "href", "src", "class", "for", "title", "data-x"]),
            ATTR_VALUES,
            st.sampled_from(['"', "'"]),
        ),
        max_size=3,
    ),
)


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.one_of(TAGS, st.sampled_from(["text ", "</a>", "<!-- c -->", "&amp;"]))))
def test_the_scanner_agrees_with_html_parser_on_random_tags(parts: list[str]) -> None:
    text = "".join(parts)
    assert scan_html(text) == page_reference(text)
