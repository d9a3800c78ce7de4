"""The pre-swap check of the rendered site, and the path rules behind it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.schema import IdRegistry
from builder.pipeline import BuildResult
from builder.render.site_check import (
    IDREF_ATTRIBUTES,
    LINK_ATTRIBUTES,
    PageRefs,
    check_site_links,
    scan_html,
)
from builder.site import OutputFile, fold_path, name_problem, output_path_problem


class Reference(HTMLParser):
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


def reference(text: str) -> PageRefs:
    parser = Reference()
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
        assert scan_html(text) == reference(text), page.path


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
    assert scan_html(text) == reference(text)


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
    assert scan_html(text) == reference(text)


def page(path: str, body: str, source: str = "content/articles/a.md") -> OutputFile:
    return OutputFile(path, f"<!DOCTYPE html><main>{body}</main>".encode(), source)


def problems(files: list[OutputFile]) -> list[tuple[str, str]]:
    diags = Diagnostics()
    check_site_links(files, Path("/nonexistent"), diags)
    return [(d.code, d.message) for d in diags.items]


def test_links_between_pages_and_fragments_resolve() -> None:
    files = [
        page(
            "index.html",
            '<a href="articles/a/index.html#ann-x">a</a><a href="#top">t</a>'
            '<h1 id="top">T</h1><a href="assets/style.css">s</a>',
        ),
        page(
            "articles/a/index.html",
            '<p id="ann-x">x</p><a href="../../index.html">home</a>'
            '<a href="https://elsewhere.example/">e</a><a href="mailto:a@b.example">m</a>'
            '<span aria-describedby="ann-x">d</span>',
        ),
        OutputFile("assets/style.css", b"p {}", "layouts/static/style.css"),
    ]
    assert problems(files) == []


@pytest.mark.parametrize(
    ("href", "code", "words"),
    [
        ("../../nowhere/index.html", "broken-link", "which the build does not produce"),
        ("#nothing", "missing-fragment", "names no element of the page"),
        ("../../index.html#nothing", "missing-fragment", "names no element of index.html"),
        ("../../", "broken-link", "names a folder"),
        ("/index.html", "broken-link", "starts at the server's root"),
        ("../../../up.html", "broken-link", "points outside the site"),
        ("HTTPS://[oops/", "broken-link", "is not a valid URL"),
    ],
)
def test_broken_links_are_reported(href: str, code: str, words: str) -> None:
    files = [page("index.html", ""), page("articles/a/index.html", f'<a href="{href}">x</a>')]
    [(got, message)] = problems(files)
    assert got == code and words in message and "on page articles/a/index.html" in message


def test_repeated_ids_and_dangling_references_are_reported() -> None:
    files = [page("index.html", '<p id="x"></p><p id="x"></p><label for="y">l</label>')]
    assert problems(files) == [
        ("duplicate-html-id", "the id 'x' appears 2 times on page index.html"),
        ("missing-fragment", "on page index.html, for names id 'y', which is not on the page"),
    ]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("con", "reserved device name"),
        ("NUL.txt", "reserved device name"),
        ("lpt1.css", "reserved device name"),
        ("a\x00b", "NUL or control character"),
        ("..", "not a file name"),
        ("a\\b", "path separator"),
        ("trailing.", "ends with a dot or a space"),
        ("console.css", ""),
        ("style.css", ""),
    ],
)
def test_name_problems(name: str, problem: str) -> None:
    assert (problem in name_problem(name)) if problem else name_problem(name) == ""


def test_output_paths_cannot_leave_the_folder() -> None:
    assert output_path_problem("/etc/passwd") == "is absolute"
    assert output_path_problem("C:/x") == "is absolute"
    assert "not a file name" in output_path_problem("articles/../../x")
    assert output_path_problem("articles/a/index.html") == ""


def test_case_and_normalization_fold_to_one_path() -> None:
    assert fold_path("assets/Café.css") == fold_path("assets/cafe\u0301.CSS")


def test_ids_collide_after_nfc_and_casefold() -> None:
    diags = Diagnostics()
    ids = IdRegistry()
    assert ids.claim("café", SourceLocation("a.yaml", 1, 1), diags, "glossary id")
    assert not ids.claim("CAFE\u0301", SourceLocation("b.yaml", 2, 3), diags, "glossary id")
    [diag] = diags.items
    assert diag.code == "duplicate-id" and "first used at a.yaml:1:1" in diag.message
