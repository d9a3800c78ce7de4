"""Typographic quotes, dashes and ellipses: one pass over the rendered tree."""

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.anchor.markdown.render import render_article_tree, render_note, serialize_tree
from builder.anchor.typography import smarten, smartens


def render(markdown: str) -> str:
    return serialize_tree(render_article_tree(markdown))


def test_quotes_dashes_and_ellipses() -> None:
    assert render("He said \"no\" -- twice --- and 'left'... It's the '90s.") == (
        "<p>He said \u201cno\u201d \u2013 twice \u2014 and \u2018left\u2019\u2026 "
        "It\u2019s the \u201990s.</p>"
    )


def test_a_quote_opens_before_inline_markup_and_closes_after_it() -> None:
    assert render('A "*bold* claim" here.') == ("<p>A \u201c<em>bold</em> claim\u201d here.</p>")


def test_code_is_left_as_written() -> None:
    assert render('Run `echo "x" -- y...` now.') == (
        '<p>Run <code>echo "x" -- y...</code> now.</p>'
    )
    assert "\u201c" not in render('```\nprint("x")\n```\n')


def test_notes_get_the_same_typography() -> None:
    assert render_note('A "note" -- with *"emphasis"*.').html == (
        "<p>A \u201cnote\u201d \u2013 with <em>\u201cemphasis\u201d</em>.</p>"
    )


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from(list("a .-'\"\u2019x")), max_size=20))
def test_text_smartens_says_is_unchanged_stays_so(text: str) -> None:
    assert smartens(text) or smarten(text) == text
