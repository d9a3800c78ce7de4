"""What an author reads when a quote does not anchor (builder/anchor/quote_report.py)."""

from __future__ import annotations

import textwrap

import pytest

from builder.anchor.anchoring import AnchorProblem, Span, TextIndex, find_quote
from builder.anchor.quote_report import article_lines, char_diff, report_problem
from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.annotations import Footnote, QuoteSelector
from builder.load.articles import Article

SOURCE = textwrap.dedent(
    """\
    ---
    title: Rates
    ---
    The central bank raised *interest rates* again, the third rise this year.

    Prices rose in March. Prices rose in April.
    Prices rose in May.

    ## A heading
    """
)
BLOCKS = [
    "The central bank raised interest rates again, the third rise this year.",
    "Prices rose in March. Prices rose in April. Prices rose in May.",
    "A heading",
]
"""The reader's text of SOURCE's blocks, as find_blocks gives it."""
SIDECAR = "content/articles/rates.annotations.yaml"
QUOTE_AT = SourceLocation(SIDECAR, 3, 12)
FIELDS = (
    ("prefix", SourceLocation(SIDECAR, 4, 13)),
    ("suffix", SourceLocation(SIDECAR, 5, 13)),
    ("occurrence", SourceLocation(SIDECAR, 6, 17)),
)


def report(
    quote: str, prefix: str = "", suffix: str = "", occurrence: int | None = None
) -> list[str]:
    """Anchor a footnote in the rates article; return what was reported, as printed."""
    article = Article("rates", "content/articles/rates.md", "Rates", "", SOURCE)
    index = TextIndex(BLOCKS)
    note = Footnote(
        "n", QuoteSelector(quote, prefix, suffix, occurrence), "A note.", QUOTE_AT, FIELDS
    )
    problem = find_quote(index, quote, prefix, suffix, occurrence)
    assert isinstance(problem, AnchorProblem)
    diags = Diagnostics()
    report_problem(note, problem, article, index, diags)
    return [str(d) for d in diags.items]


def test_not_found_shows_the_closest_passage_its_line_and_the_quote_to_paste() -> None:
    assert report("the bank lifted interest rate") == [
        f"{SIDECAR}:3:12: error[quote-not-found]: quote not found in article 'rates': "
        '"the bank lifted interest rate"\n'
        "  closest passage (80% alike), content/articles/rates.md line 4: "
        '"bank raised interest rates"\n'
        "  difference: [-the -]bank [-l-]{+ra+}i[-ft-]{+s+}ed interest rate{+s+}\n"
        '  hint: if that is the passage, write: quote: "bank raised interest rates"'
    ]


def test_not_found_with_nothing_alike_asks_to_copy_the_quote() -> None:
    assert report("zzzz qqqq") == [
        f"{SIDECAR}:3:12: error[quote-not-found]: quote not found in article 'rates': "
        '"zzzz qqqq"\n'
        "  hint: copy the quote from the article as it reads on the page"
    ]


def test_drift_is_a_warning_that_suggests_fix() -> None:
    assert report("the thrid  rise\nthis year") == [
        f"{SIDECAR}:3:12: warning[quote-drifted]: quote has drifted from the article's "
        'text: "the thrid rise this year"\n'
        "  closest passage (96% alike), content/articles/rates.md line 4: "
        '"the third rise this year"\n'
        "  difference: the th{+i+}r[-i-]d rise this year\n"
        "  hint: run `python -m builder fix` to update the sidecar, or if that is the passage, "
        'write: quote: "the third rise this year"'
    ]


def test_a_quote_across_two_blocks() -> None:
    assert report("this year. Prices rose") == [
        f"{SIDECAR}:3:12: error[quote-crosses-blocks]: quote runs across two paragraphs or "
        'blocks: "this year. Prices rose"\n'
        "  hint: a quote must lie inside one paragraph, heading, list item or table cell; "
        "annotate each part separately"
    ]


MATCHES = [
    '  match 1, content/articles/rates.md line 6: "…[Prices rose] in March. Prices rose…"',
    '  match 2, content/articles/rates.md line 6: "…Prices rose in March. [Prices rose] in '
    'April. Prices rose…"',
    '  match 3, content/articles/rates.md line 7: "…Prices rose in April. [Prices rose] in May.…"',
]


def test_ambiguous_lists_each_match_with_its_line_and_the_selector_that_picks_it() -> None:
    picks = [' — pick it with suffix: " in March."', ' — pick it with prefix: "March. "']
    picks.append(' — pick it with prefix: "April. "')
    assert report("Prices rose") == [
        "\n".join(
            [
                f'{SIDECAR}:3:12: error[quote-ambiguous]: quote matches 3 places: "Prices rose"',
                *(match + pick for match, pick in zip(MATCHES, picks, strict=True)),
                "  hint: add a 'prefix' or 'suffix' with the words around the one you mean, "
                "or 'occurrence: N'",
            ]
        )
    ]


def test_an_occurrence_out_of_range_points_at_the_occurrence() -> None:
    assert report("Prices rose", occurrence=4) == [
        "\n".join(
            [
                f"{SIDECAR}:6:17: error[occurrence-out-of-range]: occurrence 4 asked for, but "
                'the quote matches only 3 time(s): "Prices rose"',
                *MATCHES,
                "  hint: use an occurrence from 1 to 3",
            ]
        )
    ]


@pytest.mark.parametrize(
    ("context", "where"), [({"prefix": "June. "}, "4:13"), ({"suffix": " in June"}, "5:13")]
)
def test_a_prefix_or_suffix_that_never_fits_points_at_that_field(
    context: dict[str, str], where: str
) -> None:
    assert report("Prices rose", **context) == [
        "\n".join(
            [
                f"{SIDECAR}:{where}: error[quote-context-mismatch]: quote found 3 time(s), but "
                'never with this prefix/suffix: "Prices rose"',
                *MATCHES,
                "  hint: the prefix must be the text right before the quote and the suffix "
                "right after it",
            ]
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "diff"),
    [
        ("the thrid rise", "the third rise", "the th{+i+}r[-i-]d rise"),
        ("abc", "xyz", "[-abc-]{+xyz+}"),
        ("", "ab", "{+ab+}"),
        ("ab", "", "[-ab-]"),
        ("same", "same", "same"),
        ("café", "cafe", "caf[-é-]{+e+}"),
    ],
)
def test_char_diff(old: str, new: str, diff: str) -> None:
    assert char_diff(old, new) == diff


def span(block: int, text: str, nth: int = 0) -> Span:
    """The `nth` (from 0) occurrence of `text` in block `block` of BLOCKS."""
    start = -1
    for _ in range(nth + 1):
        start = BLOCKS[block].index(text, start + 1)
    return Span(block, start, start + len(text))


def test_article_lines_find_each_passage_in_the_file() -> None:
    article = Article("rates", "content/articles/rates.md", "Rates", "", SOURCE)
    spans = (
        span(0, "raised interest rates"),  # "*interest rates*" in the file: the block's line
        span(1, "Prices rose", 0),
        span(1, "Prices rose", 1),
        span(1, "Prices rose", 2),  # the third is on the paragraph's second line
        span(1, "in May"),
        span(2, "heading"),
    )
    assert article_lines(article, TextIndex(BLOCKS), spans) == [4, 6, 6, 7, 7, 9]


def test_a_passage_not_in_the_file_is_put_on_line_1() -> None:
    article = Article("rates", "content/articles/rates.md", "Rates", "", SOURCE)
    index = TextIndex(["Nowhere in the file"])
    assert article_lines(article, index, (Span(0, 0, 7),)) == [1]


def test_article_lines_skip_the_front_matter() -> None:
    source = "---\ntitle: Prices rose\n---\nPrices rose in March.\n\nPrices rose in April.\n"
    blocks = ["Prices rose in March.", "Prices rose in April."]
    article = Article("rates", "content/articles/rates.md", "Prices rose", "", source)
    spans = (Span(0, 0, 11), Span(1, 0, 11))
    assert article_lines(article, TextIndex(blocks), spans) == [4, 6]
