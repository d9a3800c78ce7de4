import random
import unicodedata

import pytest

from builder.anchor.anchoring import AnchorProblem, Span, TextIndex, find_quote, fold_text

BLOCKS = [
    "Kerry\u2019s visit to China last weekend, the \u201cthreat\u201d\u2026 posed",
    "The US and South Korea.  The US\u00a0and Japan.",
    "caf\u0065\u0301 society",
]


def quote(exact: str, **kw: object) -> Span | AnchorProblem:
    return find_quote(TextIndex(BLOCKS), exact, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("exact", "kw", "block", "raw"),
    [
        ("Kerry's visit", {}, 0, "Kerry\u2019s visit"),
        ('the "threat"... posed', {}, 0, "the \u201cthreat\u201d\u2026 posed"),
        ("The US and Japan", {}, 1, "The US\u00a0and Japan"),
        ("The US", {"suffix": " and South"}, 1, "The US"),
        ("The US", {"prefix": "Korea."}, 1, "The US"),
        ("caf\u00e9", {}, 2, "cafe\u0301"),
        ("  visit to\n China ", {}, 0, "visit to China"),
    ],
)
def test_quote_found(exact: str, kw: dict[str, object], block: int, raw: str) -> None:
    span = quote(exact, **kw)
    assert isinstance(span, Span) and span.block == block
    assert BLOCKS[block][span.start : span.end] == raw


def test_prefix_and_occurrence_pick_the_second_match() -> None:
    by_prefix, by_occurrence = quote("The US", prefix="Korea."), quote("The US", occurrence=2)
    assert by_prefix == by_occurrence == Span(1, 25, 31)


@pytest.mark.parametrize(
    ("exact", "kw", "code"),
    [
        ("The US", {}, "quote-ambiguous"),
        ("The US", {"occurrence": 3}, "occurrence-out-of-range"),
        ("posed The US", {}, "quote-crosses-blocks"),
        ("kerry's visit", {}, "quote-drifted"),
        ("Obama's trip to Japan", {}, "quote-not-found"),
        ("The US", {"prefix": "nowhere"}, "quote-context-mismatch"),
        ("   ", {}, "quote-not-found"),
    ],
)
def test_quote_problems(exact: str, kw: dict[str, object], code: str) -> None:
    result = quote(exact, **kw)
    assert isinstance(result, AnchorProblem) and result.code == code


def test_ambiguous_lists_every_match() -> None:
    result = quote("The US")
    assert isinstance(result, AnchorProblem)
    assert result.matches == (Span(1, 0, 6), Span(1, 25, 31))


def test_not_found_points_at_the_closest_passage() -> None:
    result = quote("Kerry's visit to Japan last weekend")
    assert isinstance(result, AnchorProblem) and result.closest is not None
    assert BLOCKS[0][result.closest.start : result.closest.end].startswith("Kerry")
    assert result.closest_ratio > 0.8


def test_case_is_significant() -> None:
    assert isinstance(quote("the us and south korea"), AnchorProblem)


def test_fold_text() -> None:
    assert fold_text("\u201cA\u201d\u00a0 \u2018b\u2019\u2026") == "\"A\" 'b'..."


def _reference_index(blocks: list[str]) -> tuple[str, list[int], list[int], list[int]]:
    """The per-character definition of TextIndex, kept to check the fast one against."""
    fold = {"\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "..."}
    chars: list[str] = []
    block_of: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for b, raw in enumerate(blocks):
        if b:
            chars.append("\n")
            block_of.append(b - 1)
            starts.append(len(blocks[b - 1]))
            ends.append(len(blocks[b - 1]))
        i = 0
        while i < len(raw):
            j = i + 1
            if raw[i].isspace():
                while j < len(raw) and raw[j].isspace():
                    j += 1
                cluster = " "
            else:
                while j < len(raw) and unicodedata.combining(raw[j]):
                    j += 1
                cluster = raw[i:j]
                if not cluster.isascii():
                    cluster = "".join(fold.get(c, c) for c in unicodedata.normalize("NFC", cluster))
            for char in cluster:
                chars.append(char)
                block_of.append(b)
                starts.append(i)
                ends.append(j)
            i = j
    return "".join(chars), block_of, starts, ends


def test_text_index_matches_the_per_character_definition() -> None:
    rng = random.Random(7)
    alphabet = [
        "a",
        "b",
        " ",
        "  ",
        "\n",
        "\t",
        "\u00a0",
        "\u2019",
        "\u201c",
        "\u2026",
        "\u0301",
        "\u0327",
        "e",
        "\u00e9",
        ".",
        "\u2009",
        "x\u0301\u0302",
        "\U0001f600",
    ]
    for _ in range(500):
        blocks = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(12))) for _ in "abc"]
        index = TextIndex(blocks)
        expected = _reference_index(blocks)
        assert (index.text, index.block_of, index.raw_start, index.raw_end) == expected, blocks


def test_typographic_dashes_fold_to_what_smarty_made_them_from() -> None:
    assert fold_text("a \u2013 b \u2014 c") == "a -- b --- c"
    index = TextIndex(["Talks \u2013 not war \u2014 now."])
    span = find_quote(index, "Talks -- not war --- now")
    assert isinstance(span, Span) and (span.start, span.end) == (0, 21)
    assert isinstance(find_quote(index, "not war \u2014 now"), Span)
