"""`import PAGE.html`: saved web pages -> articles (builder/commands/import_html.py and the
modules it uses: page_meta, page_text, text_density, html_tree, html_markdown).

The pages in tests/fixtures/import/ are invented but shaped like real ones: a news site
with JSON-LD and every kind of boilerplate, a blog (Open Graph, `<main>`, comments, a
sidebar), an old page of unclosed `<P>` paragraphs and a page of `<div>`s that marks
nothing. Each has its expected article beside it (`<name>.md`, read by hand).
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.import_page import make_page
from builder.anchor.anchoring import fold_text
from builder.anchor.markdown.render import render_article_tree
from builder.cli import main
from builder.commands import html_markdown, import_html
from builder.commands.html_markdown import fragment_to_markdown
from builder.commands.html_tree import parse_page
from builder.commands.import_html import decode_html, read_html_page, slug_from_name
from builder.commands.page_meta import PageMeta, iso_date, read_page_meta
from builder.commands.page_precut import cut_boilerplate
from builder.commands.scaffold import ScaffoldError
from tests.support.sites import FIXTURES, MakeSite

PAGES = FIXTURES / "import"
SHAPES = ["news-jsonld", "blog", "bare-paragraphs", "div-soup"]
BOILERPLATE = {
    "news-jsonld": [
        "cookies", "Skip to", "Sport", "Advertisement", "Share on", "Photograph", "Related",
        "Storm surge: as it happened", "Sign up", "Floods", "Most read", "More on this story",
        "Comments", "twenty years", "rights reserved", "Environment correspondent",
    ],
    "blog": [
        "Free shipping", "Weather, water", "Menu", "Posted on", "Share this", "Choosing a rain",
        "Posted in", "Dew, and why", "thoughts on", "allotment", "Leave a Reply",
        "retired surveyor", "Newsletter", "Proudly powered",
    ],
    "bare-paragraphs": ["Home", "Members", "Back to", "last updated", "Contact the secretary"],
    "div-soup": [
        "Eastside Weekly", "Front page", "Latest", "Library opening", "Sunny spells",
        "Eighteen-month", "More:", "Advertise with us",
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", SHAPES)
def test_a_saved_page_becomes_the_article_it_holds(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    site = make_site({})
    assert main(["import", str(PAGES / f"{name}.html"), "--site", str(site)]) == 0
    made = site / "content/articles" / f"{name}.md"
    assert capsys.readouterr().out == f"created {made}\n"
    assert made.read_text(encoding="utf-8") == (PAGES / f"{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SHAPES)
def test_the_page_furniture_is_left_out(name: str) -> None:
    page = read_html_page((PAGES / f"{name}.html").read_bytes(), name)
    for words in BOILERPLATE[name]:
        assert words not in page.markdown, words


def test_how_each_article_was_found() -> None:
    found = {n: read_html_page((PAGES / f"{n}.html").read_bytes(), n).found_by for n in SHAPES}
    assert found == {
        "news-jsonld": "itemprop=articleBody",
        "blog": "article",
        "bare-paragraphs": "text density",
        "div-soup": "text density",
    }


def test_imported_pages_pass_check_strict(make_site: MakeSite) -> None:
    site = make_site({})
    for name in SHAPES:
        assert main(["import", str(PAGES / f"{name}.html"), "--site", str(site)]) == 0
    assert main(["check", "--strict", "--site", str(site)]) == 0


# --- metadata: what the page states, in order -------------------------------------------


def meta_of(head: str, body: str = "<p>Text.</p>") -> PageMeta:
    return read_page_meta(parse_page(f"<html><head>{head}</head><body>{body}</body></html>"))


def test_json_ld_first_in_a_list_with_people_and_publisher_by_reference() -> None:
    meta = meta_of(
        """<script type="application/ld+json">[
        {"@type": "Organization", "@id": "#pub", "name": "The Paper"},
        {"@type": "WebPage", "name": "not this"},
        {"@type": "BlogPosting", "headline": "  A  headline ",
         "author": ["Ann Lee", {"name": "Bo Ng"}], "datePublished": "2021-02-03",
         "publisher": {"@id": "#pub"}, "url": "https://p.example/a"}
        ]</script>
        <meta property="og:title" content="OG title">"""
    )
    assert meta == PageMeta("A headline", "Ann Lee and Bo Ng", "2021-02-03", "https://p.example/a",
                            "The Paper")  # fmt: skip


def test_json_ld_nested_in_a_page_and_typed_by_url() -> None:
    meta = meta_of(
        """<script type="application/ld+json">{"@type": "WebPage", "mainEntity":
        {"@type": "http://schema.org/NewsArticle", "headline": "Nested",
         "mainEntityOfPage": "https://p.example/n"}}</script>"""
    )
    assert (meta.title, meta.url) == ("Nested", "https://p.example/n")


def test_broken_json_ld_is_passed_over_for_the_meta_tags() -> None:
    meta = meta_of(
        """<script type="application/ld+json">{"@type": "NewsArticle", oops</script>
        <meta property="og:title" content="From OG">
        <meta property="article:author" content="https://facebook.example/paper">
        <meta name="author" content="Cy Daw">
        <meta property="article:published_time" content="2020-05-06T23:30:00-05:00">
        <link rel="canonical" href="https://p.example/c">"""
    )
    assert meta == PageMeta("From OG", "Cy Daw", "2020-05-06", "https://p.example/c")


def test_microdata_and_rel_author() -> None:
    meta = meta_of(
        "",
        """<div itemscope itemtype="https://schema.org/Article">
        <h1 itemprop="headline">Micro</h1>
        <span itemprop="author" itemscope><span itemprop="name">Di Eze</span></span>
        <meta itemprop="datePublished" content="2019-12-31"></div>""",
    )
    assert (meta.title, meta.author, meta.date) == ("Micro", "Di Eze", "2019-12-31")
    linked = meta_of("", '<p>By <a rel="author" href="/x">Ed Fox</a></p>')
    assert linked.author == "Ed Fox"


# --- the body as Markdown ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "markdown"),
    [
        ("<p>a *b* _c_ [d] `e` \\ f</p>", "a \\*b\\* \\_c\\_ \\[d\\] \\`e\\` \\\\ f"),
        ("<p>AT&amp;T &amp;copy; a &lt;b&gt; &lt;http://x.y&gt;</p>",
         "AT&T &amp;copy; a &lt;b> &lt;http://x.y>"),
        ("<p>1. one<br>- two<br># three<br>&gt; four</p>",
         "1\\. one  \n\\- two  \n\\# three  \n\\> four"),
        ("<p>x<br>===</p>", "x  \n&#61;=="),
        ("<h3>C#</h3>", "### C\\#"),
        ("<h1>Top</h1>", "## Top"),
        ("<p>Hello <em> world </em><strong>!</strong></p>", "Hello *world* **!**"),
        ('<p>Wow!<a href="https://x.example/">link</a></p>', "Wow\\![link](https://x.example/)"),
        ('<p><a href="https://x.example/a b(c)">l</a> <a href="#top">here</a> '
         '<a href="javascript:alert(1)">js</a> <a href="/rel">rel</a></p>',
         "[l](https://x.example/a%20b%28c%29) here js rel"),
        ("<p><code>a`b</code></p>", "``a`b``"),
        ("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>", "- a\n    - b\n- c"),
        ('<ol start="3"><li><p>p</p><p>q</p></li><li>r</li></ol>', "3. p\n\n    q\n\n4. r"),
        ("<blockquote><p>q1</p><p>q2</p></blockquote>", "> q1\n>\n> q2"),
        ("<pre>code\n  more</pre>", "    code\n      more"),
        ("<table><tr><th>a</th><th>b</th></tr><tr><td>1|2</td><td>3</td></tr></table>",
         "| a | b |\n| --- | --- |\n| 1\\|2 | 3 |"),
        ("<p>a</p><hr><p>b</p>", "a\n\n* * *\n\nb"),
        ("<div>loose <span>text</span><p>then a paragraph</p>tail</div>",
         "loose text\n\nthen a paragraph\n\ntail"),
        ("<div>one<br><br>two<br>still two<br> <br>three</div>",
         "one\n\ntwo  \nstill two\n\nthree"),
        ("<table><tr><td>Menu</td></tr><tr><td>" + "prose " * 40 + "</td></tr></table>",
         "Menu\n\n" + "prose " * 39 + "prose"),
    ],
)  # fmt: skip
def test_html_becomes_markdown_that_shows_the_same_text(fragment: str, markdown: str) -> None:
    assert fragment_to_markdown(fragment) == markdown


def test_relative_links_are_resolved_against_the_page() -> None:
    assert fragment_to_markdown('<p><a href="../b">b</a></p>', "https://x.example/a/c") == (
        "[b](https://x.example/b)"
    )


WHITE_SPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(alphabet=WHITE_SPACE + "ab\x00\u200b", max_size=12))
def test_white_space_is_folded_as_the_regular_expression_folds_it(text: str) -> None:
    """html_markdown folds white space without re (faster); it must fold the same runs."""
    assert html_markdown._fold_space(text) == re.sub(r"\s+", " ", text)


def rendered_text(markdown: str) -> str:
    return " ".join(render_article_tree(markdown).itertext())


@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(st.text(alphabet=" ab1.#*_-+>=<&;`[]()!\\|'\"\n\t", min_size=1, max_size=40))
def test_any_text_renders_back_as_itself(text: str) -> None:
    markdown = fragment_to_markdown(f"<p>{html.escape(text)}</p>")
    # Typography (curly quotes, dashes) is the renderer's; anchoring folds it back.
    assert " ".join(fold_text(rendered_text(markdown)).split()) == " ".join(fold_text(text).split())


# --- what html.parser leaves open -------------------------------------------------------


def test_paragraphs_items_and_cells_left_open_are_closed_as_a_browser_would() -> None:
    soup = parse_page("<body><P>a<P>b<I>c<P>d<UL><LI>e<LI>f</UL><TABLE><TR><TD>g<TD>h</TABLE>")
    assert str(soup) == (
        "<body><p>a</p><p>b<i>c</i></p><p>d</p><ul><li>e</li><li>f</li></ul>"
        "<table><tr><td>g</td><td>h</td></tr></table></body>"
    )


def test_scripts_styles_and_comments_are_cut_before_parsing_json_ld_kept() -> None:
    soup = parse_page(
        '<script>var a = "<p>not text</p>";</script><style>p{}</style><!-- <p>no</p> -->'
        '<svg><text>icon</text></svg><script type="application/ld+json">{"a": 1}</script><p>yes'
    )
    text = soup.get_text()
    assert "not text" not in text and "no" not in text and "icon" not in text
    [script] = soup.find_all("script")
    assert (script.get("type"), script.string, text.strip()) == (
        "application/ld+json",
        '{"a": 1}',
        "yes",
    )


# --- encodings, names, refusals ----------------------------------------------------------


def test_a_declared_latin_charset_is_read_as_windows_1252() -> None:
    page = '<meta charset="iso-8859-1"><p>\u00a32 \u2013 caf\u00e9</p>'.encode("cp1252")
    assert "£2 – café" in decode_html(page)
    assert decode_html("<p>caf\u00e9</p>".encode()) == "<p>café</p>"
    assert decode_html(b"<p>caf\xe9</p>") == "<p>café</p>"  # not UTF-8, undeclared


def test_the_slug_is_made_from_an_awkward_file_name(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    awkward = "Harbour Towns (Courier) \u2013 Caf\u00e9"
    assert slug_from_name(awkward) == "harbour-towns-courier-cafe"
    site = make_site({})
    saved = tmp_path / "Harbour Towns (Courier).html"
    saved.write_bytes((PAGES / "blog.html").read_bytes())
    assert main(["import", str(saved), "--site", str(site)]) == 0
    assert (site / "content/articles/harbour-towns-courier.md").is_file()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"rows": []}', "this is not an HTML page; expected a web page saved from a browser "
         "(.html or .htm) holding an article"),
        ("<html><body><nav><a href='/'>Home</a></nav><footer>(c) Us</footer></body></html>",
         "found no article text in this page; expected a web page saved from a browser (.html "
         "or .htm) holding an article (paragraphs of text in its <article>, <main> or body)"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_page_with_an_article_is_refused(
    make_site: MakeSite,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    message: str,
) -> None:
    site = make_site({})
    saved = tmp_path / "page.html"
    saved.write_text(content, encoding="utf-8")
    assert main(["import", str(saved), "--site", str(site)]) == 2
    assert capsys.readouterr().err == f"error: {saved}: {message}\n"
    assert list((site / "content/articles").iterdir()) == []


def test_import_never_overwrites_an_article(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"content/articles/blog.txt": "Mine.\n"})
    assert main(["import", str(PAGES / "blog.html"), "--site", str(site)]) == 2
    mine = site / "content/articles/blog.txt"
    assert capsys.readouterr().err == f"error: {mine} already exists; not overwriting it\n"
    assert mine.read_text(encoding="utf-8") == "Mine.\n"
    assert not (site / "content/articles/blog.md").exists()


def test_another_kind_of_file_is_refused_saying_what_is_expected(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({})
    document = tmp_path / "report.pdf"
    document.write_bytes(b"%PDF-1.7")
    assert main(["import", str(document), "--site", str(site)]) == 2
    assert capsys.readouterr().err == textwrap.dedent(
        f"""\
        error: {document}: cannot import a '.pdf' file; expected .txt (pasted text), .html or \
.htm (a saved web page), .json (a Hypothesis export) or .jsonld (W3C Web Annotations)
        """
    )


PROSE = "<p>The article's own words, long enough to be prose, with commas, and a full stop.</p>"


@pytest.mark.parametrize(
    "body",
    [
        f'<div class="hidden-xs">{PROSE}</div><span class="sr-only">Skip</span>',
        f'<article class="story sharing-enabled">{PROSE}</article>'
        '<div class="comments"><p>A comment.</p></div>',
        f'<div class="layout with-sidebar">{PROSE}</div><div class="sidebar">Links</div>',
        f'<div class="related-stories"><p>Another story.</p></div><div>{PROSE}</div>',
    ],
)  # fmt: skip
def test_state_and_layout_classes_do_not_take_the_article_with_them(body: str) -> None:
    page = read_html_page(f"<html><body>{body}</body></html>".encode(), "page.html")
    assert page.markdown == (
        "The article's own words, long enough to be prose, with commas, and a full stop.\n"
    )


def test_a_page_nested_beyond_reading_is_refused_clearly() -> None:
    page = "<p>" + "<font>x" * 3000 + "words"
    with pytest.raises(ScaffoldError, match="nested too deeply to read"):
        read_html_page(page.encode(), "deep.html")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024-04-11T06:30:00+01:00", "2024-04-11"),
        ("2024/04/11", "2024-04-11"),
        ("Thursday 11 April 2024 06.30 BST", "2024-04-11"),
        ("Posted April 11, 2024", "2024-04-11"),
        ("11th Apr. 2024", "2024-04-11"),
        ("02/05/2009", ""),  # day or month first? not said
        ("2024-04-111", ""),
        ("31 February 2024", ""),
    ],
)
def test_dates_are_read_as_stated(text: str, date: str) -> None:
    assert iso_date(text) == date


def page_shapes() -> list[tuple[str, bytes]]:
    pages = [(name, (PAGES / f"{name}.html").read_bytes()) for name in SHAPES]
    pages += [(shape, make_page(200_000, shape).encode()) for shape in ("scripted", "dense")]
    return pages


@pytest.mark.parametrize(("name", "page"), page_shapes(), ids=[n for n, _ in page_shapes()])
def test_cutting_boilerplate_before_parsing_changes_nothing_but_the_time(
    monkeypatch: pytest.MonkeyPatch, name: str, page: bytes
) -> None:
    cut = read_html_page(page, name)
    monkeypatch.setattr(import_html, "cut_boilerplate", lambda text: text)
    assert read_html_page(page, name) == cut


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ('<p>keep<div class="ad">ad</p>after', "<p>keep </p>after"),  # </p> ends the div too
        ("<nav>a<nav>b</nav>c</nav>d", " d"),
        ("<div class=share><main>m</main></div>", "<div class=share><main>m</main></div>"),
        ("<div class=related><article>a</article></div>",
         "<div class=related><article>a</article></div>"),
        ('<div class="ad"/>text', '<div class="ad"/>text'),  # empty, as html.parser reads it
        ("<div class=ad>never closed", " "),
        ('<aside><script type="application/ld+json">{"a": "</aside>"}</script></aside>t',
         ' t<script type="application/ld+json">{"a": "</aside>"}</script>'),
    ],
)  # fmt: skip
def test_the_cut_follows_the_tree_html_parser_builds(text: str, cut: str) -> None:
    assert cut_boilerplate(text) == cut
