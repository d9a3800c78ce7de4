"""The faster paths of markdown_render give exactly what stock Python-Markdown gives."""

from __future__ import annotations

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from builder import markdown_render
from builder.markdown_render import ARTICLE_EXTENSIONS, NOTE_EXTENSIONS, _SkippingInline

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


def test_every_pattern_the_build_uses_has_known_triggers() -> None:
    for md in (markdown_render._note_markdown(), markdown_render._article_markdown()):
        md.convert("x")
        inline = md.treeprocessors["inline"]
        assert isinstance(inline, _SkippingInline)
        assert inline._patterns is not None
        assert [t is not None for _, t in inline._patterns] == [True] * len(md.inlinePatterns)
