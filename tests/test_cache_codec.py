"""The build cache's record format: the builder's own dataclasses as JSON, nothing else."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from builder.anchor.article import summarize
from builder.htmlscan import PageRefs
from builder.incremental.codec import decode, encode
from builder.incremental.records import StoredSummary, read_summary_line, summary_line
from builder.load.articles import Series
from tests.support.annotate import fn, run
from tests.support.builds import annotate_site
from tests.support.sites import REPO


def test_an_annotated_article_survives_the_round_trip() -> None:
    [item] = annotate_site(REPO)
    assert decode(encode(item)) == item


def test_a_summary_survives_the_round_trip_with_its_grouped_term_uses() -> None:
    """A field a dataclass makes itself (ArticleSummary.by_term) is not written: it is
    made again when the value is read."""
    [item] = annotate_site(REPO)
    summary = summarize(item, "words")
    assert summary.by_term  # the bundled article links glossary terms
    back = decode(encode(summary))
    assert back == summary and back.by_term == summary.by_term


def test_only_the_builders_dataclasses_are_written() -> None:
    with pytest.raises(TypeError, match="cannot cache a PosixPath"):
        encode(Path("x"))
    with pytest.raises(TypeError, match="cannot cache a set"):
        encode(PageRefs(("a",), (), ()).ids + ({1},))  # type: ignore[operator]


@pytest.mark.parametrize(
    "name",
    [
        "os:system",
        "builder.incremental.cache:BuildCache.open",
        "builder.incremental.cache:Path",
        "json:JSONDecoder",
        "builder.articles:Article",  # a module an older builder had: a stale cache, not a crash
    ],
)
def test_a_record_naming_another_class_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="unexpected class"):
        decode(f'{{"@":"{name}","v":[]}}'.encode())


def test_a_summary_line_round_trips_with_problems_and_drifts() -> None:
    """The record's first line has a layout of its own (read at every cache open)."""
    annotated, diags = run(
        "The central bank raised rates again.",
        fn("a", "raised rates agan"),  # drifted: a warning, and a Drift in the summary
    )
    assert annotated.drifts and diags.items
    summary = summarize(annotated, "ra raised 1")
    stored = StoredSummary((), tuple(diags.items), summary, 12)
    assert read_summary_line(summary_line(stored)) == stored
    assert read_summary_line(summary_line(StoredSummary(tuple(diags.items), (), None, 0))) == (
        StoredSummary(tuple(diags.items), (), None, 0)
    )


def test_a_summary_line_keeps_tags_series_and_the_listed_hash() -> None:
    """What the tag, series and archive pages are keyed by survives the record."""
    [item] = annotate_site(REPO)
    article = replace(item.article, tags=("Économie", "الاقتصاد"), series=Series("Rates", 2))
    summary = summarize(item.with_article(article), "words")
    assert summary.listed and summary.article.series == Series("Rates", 2)
    back = read_summary_line(summary_line(StoredSummary((), (), summary, 5))).summary
    assert back == summary
    assert back is not None and back.article.tags == ("Économie", "الاقتصاد")
    assert back.listed == summary.listed and back.shown == summary.shown
    # Tags and series are not in `shown`: the home and term pages do not show them.
    assert summarize(item, "words").shown == summary.shown
    assert summarize(item, "words").listed == summary.listed


def test_a_summary_line_keeps_the_count_of_the_authors_own_notes() -> None:
    """`stats` reads the author's notes from summaries, which a cached build reads back."""
    [item] = annotate_site(REPO)
    summary = replace(summarize(item, "words"), author_notes=3)
    back = read_summary_line(summary_line(StoredSummary((), (), summary, 5))).summary
    assert back == summary and back is not None and back.author_notes == 3
