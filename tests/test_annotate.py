"""Annotation markup on small articles: Markdown in, exact body HTML out."""

from pathlib import Path

from bs4 import BeautifulSoup

from builder.load.annotations import ContextLink, FactNote, Link, QuoteSelector, TermRef
from builder.load.config import SiteConfig
from builder.load.glossary import GlossaryEntry
from tests.support.annotate import LOC, fn, run
from tests.support.contract import annotation_texts, text_without_inserted


def test_footnote_across_emphasis() -> None:
    result, diags = run("One *two three* four.", fn("x", "two three four"))
    assert not diags.items
    assert result.body_html == (
        '<p>One <em><span class="annotation annotation-footnote" data-annotation="x" '
        'data-kind="footnote" id="ann-x">two three</span></em>'
        '<span class="annotation annotation-footnote" data-annotation="x" data-kind="footnote">'
        ' four</span><sup class="marker footnote-ref" data-for="x"><a aria-label="Note 1" '
        'href="#note-x" id="ref-x" role="doc-noteref">1</a></sup>'
        '<span class="sidenote sidenote-footnote" data-for="x" hidden>'
        '<span class="sidenote-label"><a href="#note-x" tabindex="-1">1</a></span> '
        '<span class="sidenote-body"><span class="sn-p">A note.</span></span></span>.</p>'
    )


def test_footnotes_numbered_in_reading_order_not_file_order() -> None:
    result, _ = run("Alpha beta gamma.", fn("late", "gamma"), fn("early", "Alpha"))
    numbers = {n.id: n.number for n in result.notes}
    assert numbers == {"early": 1, "late": 2}
    assert result.body_html.index('data-for="early"') < result.body_html.index('data-for="late"')


def test_nested_and_crossing_spans() -> None:
    result, diags = run(
        "a b c d e", fn("outer", "a b c d"), fn("inner", "b c"), fn("cross", "c d e")
    )
    assert not diags.items
    body = BeautifulSoup(result.body_html, "html.parser")
    assert annotation_texts(body) == {"outer": "a b c d", "inner": "b c", "cross": "c d e"}
    assert text_without_inserted(body) == "a b c d e"
    # "cross" starts inside "inner", so it is split into three wrappers.
    assert len(body.find_all(attrs={"data-annotation": "cross"})) == 3


def test_context_link_over_a_link_never_nests_links() -> None:
    ctx = ContextLink("c", QuoteSelector("see the report now"), "https://example.org/", LOC)
    result, _ = run("Please see [the report](https://r.example/) now.", ctx)
    html = result.body_html
    assert html.startswith(
        '<p>Please <a class="annotation annotation-context" data-annotation="c" '
        'data-kind="context" href="https://example.org/" id="ann-c" rel="noopener noreferrer">'
        'see </a><a href="https://r.example/"><span '
    )
    assert html.count("<a ") == 3 and '<a href="https://r.example/"><a' not in html


def test_marker_goes_after_an_enclosing_link() -> None:
    result, _ = run("Read [the whole report](https://r.example/) today.", fn("f", "whole"))
    assert '</a><sup class="marker footnote-ref" data-for="f">' in result.body_html


def test_term_and_fact_markup() -> None:
    entry = GlossaryEntry("yongbyon", "Yongbyon", "A site.", "g.yaml")
    fact = FactNote(
        "f", QuoteSelector("shut down"), "Yes.", "accurate", (Link("S", "https://s.example/"),), LOC
    )
    term = TermRef("t", QuoteSelector("Yongbyon"), "yongbyon", LOC)
    result, _ = run("They shut down Yongbyon.", fact, term, terms=(entry,))
    html = result.body_html
    assert 'data-verdict="accurate"' in html
    assert (
        '<a class="annotation annotation-term" data-annotation="t" data-kind="term" '
        'href="../../glossary/yongbyon/index.html" id="ann-t" role="doc-glossref" '
        'title="Yongbyon">Yongbyon</a>'
    ) in html
    assert ">Accurate</a></sup>" in html
    assert [u.text for u in result.term_uses] == ["Yongbyon"]


def test_auto_link_first_occurrence_skips_links_code_and_headings() -> None:
    entry = GlossaryEntry(
        "six-party-talks", "Six-party talks", "Talks.", "g.yaml", aliases=("six-party forum",)
    )
    md = (
        "# Six-party talks\n\n`six-party talks` and [six-party talks](https://x.example/)"
        " then the six-party forum and six-party talks."
    )
    config = SiteConfig(Path("."), "T", auto_link="first")
    result, _ = run(md, config=config, terms=(entry,))
    assert [u.text for u in result.term_uses] == ["six-party forum"]
    config_all = SiteConfig(Path("."), "T", auto_link="all")
    result, _ = run(md, config=config_all, terms=(entry,))
    assert [u.text for u in result.term_uses] == ["six-party forum", "six-party talks"]
    assert len({u.annotation_id for u in result.term_uses}) == 2


def test_auto_link_respects_word_boundaries_and_acronym_case() -> None:
    entry = GlossaryEntry("un", "UN", "The United Nations.", "g.yaml")
    config = SiteConfig(Path("."), "T", auto_link="all")
    result, _ = run("Un fun UNICEF un UN-led UN.", config=config, terms=(entry,))
    assert [u.text for u in result.term_uses] == ["UN"]
    assert result.term_uses[0].before.endswith("UN-led ")


def test_problems_point_at_the_quote_and_list_matches_with_lines() -> None:
    md = "Intro.\n\nThe US said.\n\nLater the US said again.\n"
    _, diags = run(md, fn("a", "the US said"), fn("b", "US said"), fn("c", "nothing like it"))
    by_code = {d.code: d for d in diags.items}
    assert set(by_code) == {"quote-ambiguous", "quote-not-found"}
    ambiguous = by_code["quote-ambiguous"]
    assert ambiguous.location == LOC
    assert "line 3" in ambiguous.detail[0] and "line 5" in ambiguous.detail[1]
    assert "prefix" in ambiguous.hint
