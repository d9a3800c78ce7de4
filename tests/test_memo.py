"""The memo boundary (builder/incremental/memo.py) and the plan of an incremental build
(builder/incremental/plan.py): pure cases, no site."""

from __future__ import annotations

from pathlib import Path

from builder.diagnostics import Diagnostics
from builder.incremental.memo import NO_MEMO
from builder.incremental.plan import changed_terms, has_names
from builder.render.search import SearchDoc, doc_words, pack_words
from builder.site import OutputFile


def test_no_memo_makes_everything_every_time() -> None:
    made: list[str] = []

    def make() -> OutputFile:
        made.append("page")
        return OutputFile("a.html", b"x", "src")

    assert NO_MEMO.page("a.html", "src", ("same",), make) == NO_MEMO.page(
        "a.html", "src", ("same",), make
    )
    assert NO_MEMO.value("kind", ("k",), lambda: made.append("value") or 1) == 1
    assert made == ["page", "page", "value"]
    read: list[str] = []
    assert NO_MEMO.read(Path("."), "x.md", Diagnostics(), lambda s, r, d: read.append(r)) is None
    assert read == ["x.md"]
    assert NO_MEMO.outputs() is None and NO_MEMO.layouts_cache() is None
    assert NO_MEMO.link_check_scope([]) is None and NO_MEMO.previous_words("a", "v") is None


def words_of(text: str) -> str:
    return pack_words(doc_words(SearchDoc("articles/a/index.html", "", "Article", text)))


def test_changed_terms_are_those_whose_names_or_title_changed() -> None:
    before = {"imf": ["IMF", "IMF"], "kaesong": ["Kaesong", "Kaesong", "Kaesŏng"]}
    now = {"imf": ["IMF", "IMF"], "kaesong": ["Kaesong", "Kaesong"], "new": ["Six-party talks"]}
    changed, names = changed_terms(before, now)
    assert changed == {"kaesong", "new"}
    assert {"six", "party", "talks"} in names and {"kaesong"} in names


def test_a_name_is_found_when_all_its_words_are_among_the_articles() -> None:
    words = words_of("The six-party talks met in Beijing. Kaesŏng stayed shut.")
    assert has_names(words, [{"six", "party", "talks"}])
    assert has_names(words, [{"kaesong"}])  # folded as the index folds them
    assert not has_names(words, [{"six", "party", "agreement"}])
    assert not has_names(words, [])


def test_a_name_without_a_word_the_index_keeps_is_always_a_candidate() -> None:
    # The index keeps words of two letters or more: "B" of "B-2" is not among them.
    _, names = changed_terms({}, {"b-2": ["B", "B"]})
    assert names == [set()]
    assert has_names(words_of("Nothing of the kind."), names)
