"""The fast paths (anchor/markdown/fastpaths.py) give exactly what stock Python-Markdown gives.

These tests build the fast paths whatever the gate says, so they are the ones to run
with a new Python-Markdown before raising `fastpaths.TESTED_MARKDOWN`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.serializers import to_html_string
from markdown.treeprocessors import InlineProcessor

from builder.anchor.markdown import fastpaths, sanitize
from builder.anchor.markdown import render as markdown_render
from builder.anchor.markdown.fastpaths import _SkippingInline
from builder.anchor.markdown.render import ARTICLE_EXTENSIONS, NOTE_EXTENSIONS, serialize_tree
from builder.anchor.sidenote import sidenote
from builder.htmlscan import rewrite_tags

EXAMPLES = settings(
    max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# Pieces that start, end or defeat every inline pattern, and block syntax around them.
PIECES = st.sampled_from(
    [
        "a",
        "word",
        " ",
        "  ",
        "\n",
        "  \n",
        "\t",
        "*",
        "**",
        "_",
        "__",
        "`",
        "``",
        "\\",
        "\\*",
        "[",
        "]",
        "(",
        ")",
        "![",
        "[a]",
        "[a]: https://x.org/a",
        "(https://x.org/b)",
        "<",
        ">",
        "<https://x.org>",
        "<me@x.org>",
        "<b>",
        "</b>",
        "<!-- c -->",
        "&",
        "&amp;",
        "&#42;",
        "&copy;",
        '"',
        "'",
        "--",
        "...",
        "1. ",
        "- ",
        "# ",
        "> ",
        "    ",
        "é",
        "\x02",
        "\x03",
    ]
)
SOURCES = st.lists(PIECES, max_size=30).map("".join)


def _stock(extensions: list[str]) -> markdown.Markdown:
    return markdown.Markdown(extensions=extensions)


def _skipping(extensions: list[str]) -> markdown.Markdown:
    md = markdown.Markdown(extensions=extensions)
    fastpaths._skip_impossible_blocks(md)
    md.treeprocessors.register(_SkippingInline(md), "inline", 20)
    return md


STOCK = {"note": _stock(NOTE_EXTENSIONS), "article": _stock(ARTICLE_EXTENSIONS)}
SKIPPING = {"note": _skipping(NOTE_EXTENSIONS), "article": _skipping(ARTICLE_EXTENSIONS)}


@EXAMPLES
@given(SOURCES, st.sampled_from(["note", "article"]))
def test_skipping_inline_pass_gives_the_stock_html(source: str, kind: str) -> None:
    assert SKIPPING[kind].reset().convert(source) == STOCK[kind].reset().convert(source)


def test_the_stock_private_methods_it_overrides_still_exist() -> None:
    # Renamed in a Markdown release, the override would do nothing (same output, slower).
    assert hasattr(InlineProcessor, "_InlineProcessor__handleInline")
    assert hasattr(InlineProcessor, "_InlineProcessor__applyPattern")


def test_every_pattern_the_build_uses_has_known_triggers_so_the_shortcut_is_on() -> None:
    for md in (markdown_render._note_markdown(True), markdown_render._article_markdown(True)):
        md.convert("x")
        inline = md.treeprocessors["inline"]
        assert isinstance(inline, _SkippingInline)
        assert inline._patterns is not None
        assert [t is not None for _, t in inline._patterns] == [True] * len(md.inlinePatterns)
        assert inline._plain is not None


def test_every_block_processor_the_build_uses_is_known_so_plain_paragraphs_go_first() -> None:
    for md in (markdown_render._note_markdown(True), markdown_render._article_markdown(True)):
        first = next(iter(md.parser.blockprocessors))
        assert isinstance(first, fastpaths._PlainParagraph)


def test_an_unknown_block_processor_leaves_the_stock_chain_alone() -> None:
    class Aside(markdown.blockprocessors.BlockProcessor):
        def test(self, parent: object, block: str) -> bool:
            return block.startswith("Aside:")

    md = markdown.Markdown(extensions=NOTE_EXTENSIONS)
    md.parser.blockprocessors.register(Aside(md.parser), "aside", 5)
    fastpaths._skip_impossible_blocks(md)
    assert "plain_paragraph" not in md.parser.blockprocessors


# Blocks of lines that start with a letter, a quote or "(", and lines that start any other
# block: lists, headings, quotes, code, rules, tables, references, setext underlines.
_LINE_STARTS = st.sampled_from(
    ["a", "Word", "é", '"q"', "'s", "(p)", "\u201cc\u201d", "\u2018s", "A | b", "Q: a"]
    + ["1. ", "12) ", "2024. ", "- ", "* ", "+ ", "# ", "## h ##", "> ", "    ", "\t", " "]
    + ["===", "---", "***", "___", "| a |", "|---|", ":--", "[r]: https://x.org/r", "[^1]: n"]
    + ["_a", "9", "<b>", "&amp;", "`c`", "\x02wzxhzdk:0\x03", "", "\u00a0", "\u3000x"]
)
LINES = st.lists(
    st.tuples(_LINE_STARTS, st.sampled_from(["", " text", " | cell", " *e*", ":", "  "])).map(
        "".join
    ),
    min_size=1,
    max_size=4,
).map("\n".join)
BLOCKS = st.lists(st.one_of(LINES, LINES.map(lambda b: b + "\n")), max_size=6).map("\n\n".join)


@EXAMPLES
@given(BLOCKS, st.sampled_from(["note", "article"]))
def test_plain_paragraphs_first_gives_the_stock_html(source: str, kind: str) -> None:
    assert SKIPPING[kind].reset().convert(source) == STOCK[kind].reset().convert(source)


def test_a_pattern_left_out_inside_some_elements_turns_the_shortcut_off() -> None:
    md = _skipping(NOTE_EXTENSIONS)
    md.inlinePatterns["link"].ANCESTOR_EXCLUDES = ("em",)
    md.convert("x")
    inline = md.treeprocessors["inline"]
    assert isinstance(inline, _SkippingInline)
    assert inline._plain is None


NOTES = st.lists(
    st.one_of(
        SOURCES,
        st.sampled_from(
            [
                "",
                "   ",
                "Plain words.",
                "- one\n- two",
                "1. first\n2. second",
                "    indented code",
                "```\nfenced\n```",
                "> quoted",
                "# Heading",
                "<div>raw <b>open",
                "</div> closing",
                "See [a].",
                "[a]: https://x.org/defined",
                "[b]\n\n[b]: https://x.org/b",
                "trailing  ",
                "\tcontinued",
                "Footnote-like[^1].\n\n[^1]: not a footnote here",
                "x\x02wzxhzdk:0\x03y",
            ]
        ),
    ),
    max_size=8,
)


@contextmanager
def fast_paths(on: bool) -> Iterator[None]:
    """Render with the fast paths on or off, whatever the gate would say."""
    with mock.patch.object(fastpaths, "enabled", lambda: on):
        yield


def _with_fast_paths(sources: list[str]) -> list[markdown_render.RenderedNote]:
    with fast_paths(True):
        return markdown_render.render_notes(sources)


def _stock_one_by_one(sources: list[str]) -> list[markdown_render.RenderedNote]:
    with fast_paths(False):
        return [markdown_render.render_note(s) for s in sources]


@EXAMPLES
@given(NOTES)
def test_notes_rendered_together_are_rendered_as_alone_by_stock_markdown(
    sources: list[str],
) -> None:
    together = [(n.html, n.dropped) for n in _with_fast_paths(sources)]
    assert together == [(n.html, n.dropped) for n in _stock_one_by_one(sources)]


def test_a_reference_defined_in_one_note_does_not_reach_another() -> None:
    notes = ["See [a].", "[a]: https://x.org/a", "Also [a]."]
    html = [n.html for n in _with_fast_paths(notes)]
    assert html == [n.html for n in _stock_one_by_one(notes)]
    assert "href" not in html[0] + html[2]


def test_a_list_or_code_ending_one_note_does_not_take_in_the_next() -> None:
    notes = ["- item", "    not code", "```\ncode", "after"]
    html = [n.html for n in _with_fast_paths(notes)]
    assert html == [n.html for n in _stock_one_by_one(notes)]
    assert html[1] == "<pre><code>not code\n</code></pre>"


LINKY = st.lists(
    st.sampled_from(
        [
            "[t](https://x.org/a?b=1&c=2)",
            '[t](https://x.org "it\'s <here> & \\"there\\"")',
            "[t](javascript:alert(1))",
            "[t](java\x00script:x)",
            "[t](/relative)",
            "<a href=\"https://x.org\" title='a&amp;b'>raw</a>",
            "<a>no href</a>",
            "<abbr title=\"&lt;x&gt; &nbsp; 'q'\">ab</abbr>",
            '<q cite="https://x.org/&quot;">q</q>',
            "<a href=x><a href=y>nested</a></a>",
            "\u00a0&nbsp;&amp;&lt;&gt;&#42;&copy;",
            "<script>x</script>",
            "<b>unclosed",
            "text",
            " ",
            "\n\n",
        ]
    ),
    max_size=10,
).map("".join)


def _slow_rel(clean: str) -> str:
    rewriter = sanitize._LinkRel()
    rewriter.feed(clean)
    rewriter.close()
    return "".join(rewriter.out)


@pytest.mark.parametrize(
    ("source", "target"),
    [('<A HREF="javascript:alert(1)">bad</A> x', "javascript:alert(1)"), ("<A>b</A>", "")],
)
def test_a_dropped_link_is_reported_whatever_the_case_of_its_tag(source: str, target: str) -> None:
    note = markdown_render.render_note(source)
    assert note.dropped == (target,)
    assert "<a" not in note.html


def _fast_rel(clean: str) -> str | None:
    links = sanitize._LinkRewrite()
    return rewrite_tags(clean, links.start_tag, links.end_tag)


def _stock_note(source: str) -> str:
    """What stock Python-Markdown (with the build's typography) makes of a note."""
    return markdown_render._note_markdown(False).convert(source)


@EXAMPLES
@given(st.one_of(LINKY, SOURCES))
def test_link_rewrite_by_regex_matches_the_html_parser(source: str) -> None:
    clean = sanitize._CLEANER.clean(_stock_note(source))
    fast = _fast_rel(clean)
    assert fast is None or fast == _slow_rel(clean)


def test_link_rewrite_by_regex_takes_ordinary_notes() -> None:
    clean = sanitize._CLEANER.clean(_stock_note('*A* [b](https://x.org/?a=1&b=2 "it\'s") c'))
    assert _fast_rel(clean) == _slow_rel(clean)
    assert 'rel="noopener noreferrer"' in _slow_rel(clean)


# Mostly what a plain note may hold, now and then one thing that should stop it.
_PLAIN_PIECES = st.sampled_from(
    ["a", "Zé", "word", "9", " ", " ", "\n", "\nB", ".", ",", "'", '"', "--", "...", "(", ")"]
    + list(";:?!/%$#@+=~^|{}-")
)
_STOPPING = st.sampled_from(
    ["\u00a0", "\t", "\u2028", "\u3000", "\x00", "\x0c", "\ufeff", "\r"]
    + list("&<>\\`*_[]")
    + ["1. ", "- ", "# ", "> ", "    ", "===", "---", "\n\n", "  \n", " \n", "\n "]
    + ["\U0001f600", "\u0301", "\ud7ff", "\ue000", "&amp;", "<b>", "\\*"]
)
PLAIN_TEXT = st.lists(st.one_of(*[_PLAIN_PIECES] * 6, _STOPPING), max_size=16).map("".join)


@settings(
    max_examples=2000, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.one_of(PLAIN_TEXT, PLAIN_TEXT.map(lambda t: "A" + t), st.text(max_size=30)))
def test_a_plain_note_skips_markdown_with_the_same_html(source: str) -> None:
    _assert_simple_path_is_exact(source)


# What a simple note may hold besides plain text, and near misses of each.
_INLINE_PIECES = st.sampled_from(
    ["*a*", "**b c**", "*x y*", "[t](https://x.org/p)", "[two words](http://x.org/a_b?c=1&d=2#e)"]
    + ["[m](mailto:a@x.org)", "\n*e*", "\n[t](https://x.org)", "\n(", '\n"', "\n'", "\n**s**"]
)
_INLINE_MISSES = st.sampled_from(
    ["*", "**", "***", " *", "* ", "[", "]", "](", ")", "(", "[a]", "!", "![t](https://x.org/p)"]
    + [
        "[t](https://x.org/(p))",
        '[t](https://x.org "T")',
        "[t](javascript:x)",
        "[t]( https://x.org)",
    ]
    + ["(https://x.org)", "https://x.org/", "[*e*](https://x.org)", "*[l](https://x.org)*"]
    + ["_", "&", "&amp;", "%20", "\n* ", "\n*", "\n["]
)
SIMPLE_TEXT = st.lists(
    st.one_of(*[_PLAIN_PIECES] * 12, *[_INLINE_PIECES] * 6, _INLINE_MISSES, _STOPPING), max_size=12
).map("".join)


# Text the inline pass takes without trying patterns, in blocks, and what stops it.
_BLOCK_PIECES = st.sampled_from(
    ["\n\n", "\n- ", "\n1. ", "\n## ", "\n> ", "\n    ", "\n| a | b |\n|---|---|\n| "]
    + ["\n\n[r]: https://x.org/r\n\n", "[r]", "![i](https://x.org/i.png)", "`c`", "\\*"]
    + ["_e_", "&copy;", "<b>", "<https://x.org>", "x\x02wzxhzdk:0\x03y", ">", "a > b"]
)
BLOCKS_TEXT = st.lists(
    st.one_of(*[_PLAIN_PIECES] * 10, *[_INLINE_PIECES] * 5, _INLINE_MISSES, _BLOCK_PIECES),
    max_size=30,
).map("".join)


@EXAMPLES
@given(BLOCKS_TEXT, st.sampled_from(["note", "article"]))
def test_simple_inline_text_gives_the_stock_html(source: str, kind: str) -> None:
    assert SKIPPING[kind].reset().convert(source) == STOCK[kind].reset().convert(source)


@settings(
    max_examples=3000, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.one_of(SIMPLE_TEXT, SIMPLE_TEXT.map(lambda t: "A" + t)))
def test_a_simple_note_skips_markdown_with_the_same_html(source: str) -> None:
    _assert_simple_path_is_exact(source)


def _assert_simple_path_is_exact(source: str) -> None:
    simple = fastpaths.simple_note(source)
    if simple is not None:
        html, paragraph = simple
        assert html == sanitize.sanitize(_stock_note(source))
        assert to_html_string(paragraph) == html
        # The margin copy made from the paragraph is the one parsed from the HTML.
        copied = sidenote("n1", "footnote", "1", html, "", paragraph)
        parsed = sidenote("n1", "footnote", "1", html)
        assert to_html_string(copied) == to_html_string(parsed)


def test_plain_and_simple_notes_take_the_fast_path() -> None:
    for note in ("A plain note.\n", 'He said "no" -- twice...', "Été (1998): 40% / 3 $.\nTwo."):
        assert fastpaths.simple_note(note) is not None
    for note in (
        "See *this* and **that** ([Source, 2013](https://x.org/a_b?c=1&d=2)).",
        "\"Quoted\" [link](mailto:me@x.org) -- *with* 'quotes'...\n[Second](https://x.org) line.",
    ):
        assert fastpaths.simple_note(note) is not None
        _assert_simple_path_is_exact(note)
    for note in ("* item", "1. list", "a  \nb", "Text\n===", "a\n\nb", "a & b", "x\u00a0y"):
        assert fastpaths.simple_note(note) is None
    for note in ("[t](javascript:x)", "*a [b](https://x.org)*", "a_b", "[a] b", "`c`", "<b>x</b>"):
        assert fastpaths.simple_note(note) is None


def test_the_bundled_notes_that_take_the_fast_path_render_as_with_markdown() -> None:
    """Real notes and definitions (no count: a contributor's edit must not fail this)."""
    content = Path(__file__).parent.parent / "content"
    sidecar = yaml.safe_load(
        (content / "articles/us-leaves-door-ajar.annotations.yaml").read_text()
    )
    notes = [a["note"] for a in sidecar["annotations"] if "note" in a]
    notes += [yaml.safe_load(p.read_text())["definition"] for p in content.glob("glossary/*.yaml")]
    simple = [note for note in notes if fastpaths.simple_note(note) is not None]
    assert simple  # most are: 69 of 70 when this was written
    for note in simple:
        _assert_simple_path_is_exact(note)


# The gate: which Python-Markdown versions and what environment turn the fast paths on.

CONTENT = Path(__file__).parent.parent / "content"
GATE_NOTES = [
    "A plain note.",
    "See *this* and **that** ([Source, 2013](https://x.org/a_b?c=1&d=2)).",
    "- one\n- two",
    "1. first\n2. second",
    "    indented code",
    "> quoted",
    "# Heading",
    "<div>raw <b>open",
    "See [a].",
    "[b]\n\n[b]: https://x.org/b",
    "trailing  \nbreak",
    "x\x02wzxhzdk:0\x03y",
    '[t](javascript:alert(1)) <a href="java\x00script:x">raw</a> <a>no href</a>',
    "<abbr title=\"&lt;x&gt; &nbsp; 'q'\">ab</abbr> <q cite='https://x.org/&quot;'>q</q>",
    "<script>x</script> &copy; &amp; \u00a0 `code` \\*",
    "",
]


def _bundled_sources() -> tuple[str, list[str]]:
    article = (CONTENT / "articles/us-leaves-door-ajar.md").read_text(encoding="utf-8")
    sidecar = yaml.safe_load(
        (CONTENT / "articles/us-leaves-door-ajar.annotations.yaml").read_text()
    )
    notes = [a["note"] for a in sidecar["annotations"] if "note" in a]
    notes += [yaml.safe_load(p.read_text())["definition"] for p in CONTENT.glob("glossary/*.yaml")]
    return article.split("\n---\n", 1)[1], notes + GATE_NOTES


def _render(body: str, notes: list[str]) -> tuple[str, list[tuple[str, tuple[str, ...]]], ...]:
    tree = markdown_render.render_article_tree(body)
    together = markdown_render.render_notes(notes)
    alone = [markdown_render.render_note(note) for note in notes]
    return (
        serialize_tree(tree),
        [(n.html, n.dropped) for n in together],
        [(n.html, n.dropped) for n in alone],
    )


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Let a test set what the gate reads; later tests read the real values again."""
    monkeypatch.delenv(fastpaths.ENVIRONMENT_VARIABLE, raising=False)
    fastpaths.reset()
    yield monkeypatch
    fastpaths.reset()  # before monkeypatch restores: the next enabled() reads them anew


def _refuse(*args: object) -> None:
    raise AssertionError("a fast path was taken with the fast paths off")


def test_the_variable_at_0_turns_the_fast_paths_off_with_the_same_output(
    gate: pytest.MonkeyPatch,
) -> None:
    body, notes = _bundled_sources()
    with fast_paths(True):
        on = _render(body, notes)
    gate.setenv(fastpaths.ENVIRONMENT_VARIABLE, "0")
    fastpaths.reset()
    assert not fastpaths.enabled()
    for name in ("speed_up", "simple_note", "batchable", "convert_together"):
        gate.setattr(fastpaths, name, _refuse)
    off = _render(body, notes)
    assert off == on
    for md in (markdown_render._note_markdown(False), markdown_render._article_markdown(False)):
        assert "plain_paragraph" not in md.parser.blockprocessors
        assert type(md.treeprocessors["inline"]) is InlineProcessor


def test_the_fast_paths_are_on_for_a_tested_markdown_unless_the_variable_says_0(
    gate: pytest.MonkeyPatch,
) -> None:
    gate.setattr(markdown, "__version_info__", (3, 11, 4, "final", 0))
    for value, on in (("0", False), (" Off", False), ("false", False), ("", True), ("1", True)):
        gate.setenv(fastpaths.ENVIRONMENT_VARIABLE, value)
        fastpaths.reset()
        assert fastpaths.enabled() is on, value
    gate.setenv(fastpaths.ENVIRONMENT_VARIABLE, "0")
    assert fastpaths.enabled()  # read once: only reset() reads it again


def test_an_untested_markdown_version_turns_the_fast_paths_off(gate: pytest.MonkeyPatch) -> None:
    for version, on in (
        ((3, 11, 1, "final", 0), True),
        ((3, 11, 9, "final", 0), True),
        ((3, 11, 0, "final", 0), False),  # no inlinepatterns.DelimiterProcessor yet
        ((3, 10, 3, "final", 0), False),
        ((3, 12, 0, "beta", 1), False),
        ((3, 12, 0, "final", 0), False),
        ((4, 0, 0, "final", 0), False),
    ):
        gate.setattr(markdown, "__version_info__", version)
        fastpaths.reset()
        assert fastpaths.enabled() is on, version
