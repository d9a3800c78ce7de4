"""Editing a body tree (builder/anchor/inject.py): HTML in, exact HTML out."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from builder.anchor.inject import find_blocks, insert_after, text_slots, wrap_range


def body(html: str) -> etree.Element:
    return etree.fromstring(f"<div>{html}</div>")


def html_of(root: etree.Element) -> str:
    """The children of the <div> `body` made, serialized."""
    return etree.tostring(root, encoding="unicode")[len("<div>") : -len("</div>")]


def wrapper(ann_id: str) -> etree.Element:
    return etree.Element("span", {"data-annotation": ann_id})


def link_or_span(in_link: bool) -> etree.Element:
    """What annotate makes for a term or context link: an <a>, but a <span> inside a link."""
    if in_link:
        return etree.Element("span", {"data-annotation": "x"})
    return etree.Element("a", {"data-annotation": "x", "href": "#t"})


def marker(ann_id: str) -> etree.Element:
    sup = etree.Element("sup", {"data-for": ann_id})
    sup.text = "1"
    return sup


def test_blocks_are_listed_in_document_order_with_their_own_text() -> None:
    root = body(
        "<h2>Head <a href='#h'>ing</a></h2>"
        "<p>Intro <code>x = 1</code> and <kbd>Ctrl</kbd> text.</p>"
        "<ul><li>item <em>one</em><ul><li>nested</li></ul> after</li></ul>"
        "<blockquote><p>quoted</p></blockquote>"
        "<pre><code>code block</code></pre>"
        "<table><tr><th>h</th><td>cell <samp>out</samp></td></tr></table>"
    )
    blocks = [(b.element.tag, b.text, b.protected) for b in find_blocks(root)]
    assert blocks == [
        ("h2", "Head ing", [(0, 8)]),  # a heading is never auto-linked
        ("p", "Intro x = 1 and Ctrl text.", [(6, 11), (16, 20)]),
        ("li", "item one after", []),  # the nested list's text is its own block's
        ("li", "nested", []),
        ("p", "quoted", []),
        ("pre", "code block", [(0, 10)]),
        ("th", "h", []),
        ("td", "cell out", [(5, 8)]),
    ]


def test_text_slots_skip_nested_blocks_but_keep_their_tails() -> None:
    item = etree.fromstring("<li>a <em>b <strong>c</strong></em> d<ul><li>e</li></ul> f</li>")
    slots = [(owner.tag, attr, getattr(owner, attr)) for owner, attr in text_slots(item)]
    assert slots == [
        ("li", "text", "a "),
        ("em", "text", "b "),
        ("strong", "text", "c"),
        ("em", "tail", " d"),
        ("ul", "tail", " f"),
    ]


def test_a_range_inside_one_text_node_splits_it() -> None:
    root = body("<p>Alpha beta gamma.</p>")
    [block] = find_blocks(root)
    made = wrap_range(block.element, 6, 10, lambda in_link: wrapper("y"))
    assert len(made) == 1
    assert html_of(root) == '<p>Alpha <span data-annotation="y">beta</span> gamma.</p>'


def test_a_range_crossing_emphasis_and_a_link_is_wrapped_per_text_node() -> None:
    root = body('<p>One <em>two three</em> four <a href="/r">five six</a> seven.</p>')
    [block] = find_blocks(root)
    start, end = block.text.index("three"), block.text.index(" seven")
    made = wrap_range(block.element, start, end, link_or_span)
    assert [el.tag for el in made] == ["a", "a", "span"]  # no link inside the link
    assert html_of(root) == (
        '<p>One <em>two <a data-annotation="x" href="#t">three</a></em>'
        '<a data-annotation="x" href="#t"> four </a>'
        '<a href="/r"><span data-annotation="x">five six</span></a> seven.</p>'
    )


def test_a_range_from_the_start_of_the_block_into_strong() -> None:
    root = body("<p>Alpha <strong>beta</strong> gamma</p>")
    [block] = find_blocks(root)
    made = wrap_range(block.element, 0, 10, lambda in_link: wrapper("z"))
    insert_after(block.element, made[-1], marker("z"))
    assert html_of(root) == (
        '<p><span data-annotation="z">Alpha </span>'
        '<strong><span data-annotation="z">beta</span><sup data-for="z">1</sup></strong>'
        " gamma</p>"
    )


def test_an_overlapping_range_nests_inside_the_first_wrapper() -> None:
    root = body("<p>one two three four</p>")
    [block] = find_blocks(root)
    wrap_range(block.element, 0, 13, lambda in_link: wrapper("outer"))
    inner = wrap_range(block.element, 4, 18, lambda in_link: wrapper("inner"))
    assert len(inner) == 2
    assert html_of(root) == (
        '<p><span data-annotation="outer">one <span data-annotation="inner">two three</span>'
        '</span><span data-annotation="inner"> four</span></p>'
    )


def test_a_marker_goes_after_the_wrapper_and_takes_its_tail() -> None:
    root = body("<p>Alpha beta gamma.</p>")
    [block] = find_blocks(root)
    [made] = wrap_range(block.element, 0, 5, lambda in_link: wrapper("n"))
    insert_after(block.element, made, marker("n"))
    assert html_of(root) == (
        '<p><span data-annotation="n">Alpha</span><sup data-for="n">1</sup> beta gamma.</p>'
    )


def test_a_marker_inside_a_link_goes_after_the_outermost_link() -> None:
    root = body('<p>See <a href="/r"><em>the report</em> now</a> please.</p>')
    [block] = find_blocks(root)
    start = block.text.index("report")
    made = wrap_range(block.element, start, start + len("report"), lambda in_link: wrapper("n"))
    insert_after(block.element, made[-1], marker("n"))
    assert html_of(root) == (
        '<p>See <a href="/r"><em>the <span data-annotation="n">report</span></em> now</a>'
        '<sup data-for="n">1</sup> please.</p>'
    )
