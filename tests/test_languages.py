"""The bundled edition built in French and in Arabic: the interface in the language, lang and
dir right, valid HTML, and search folding words the same way in Python and in search.js."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.strings import PLACEHOLDER_RE
from builder.load.strings_files import english_strings, load_strings
from builder.pipeline import build_site
from builder.render.scripts import read_script
from builder.render.search import CALLBACK, META_FILE, words
from tests.support.languages import LANGUAGES, translated_site
from tests.support.sites import FIXTURES
from tests.test_html_valid import validate

ARTICLE = "articles/us-leaves-door-ajar/index.html"
PAGES = ["index.html", ARTICLE, "glossary/index.html", "glossary/six-party-talks/index.html"]
PAGES += ["search/index.html", "404.html"]
VECTORS = json.loads((FIXTURES / "fold_vectors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=LANGUAGES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    language = str(request.param)
    folder = tmp_path_factory.mktemp(f"edition-{language}")
    site = translated_site(folder / "site", language)
    build_site(site, folder / "public")
    return folder / "public"


def page(out: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser")


def language_of(out: Path) -> str:
    html = page(out, "index.html").html
    assert html is not None
    return str(html["lang"])


def test_every_page_says_its_language_and_direction(built: Path) -> None:
    language = language_of(built)
    for rel in PAGES:
        html = page(built, rel).html
        assert html is not None
        assert html["lang"] == language, rel
        assert html.get("dir") == ("rtl" if language == "ar" else None), rel


def english_only() -> dict[str, str]:
    """The English strings without placeholders: where the language's differs (French
    "Articles" does not), none may be left on a translated page."""
    table = english_strings().table
    return {
        k: v
        for k, v in table.items()
        if isinstance(v, str) and not PLACEHOLDER_RE.search(v) and len(v) > 1  # not a letter
    }


@pytest.mark.parametrize("rel", PAGES)
def test_no_english_interface_word_is_left(built: Path, rel: str) -> None:
    language = language_of(built)
    strings = load_strings(built.parent / "site", language, SourceLocation("x"), Diagnostics())
    english = {k: v for k, v in english_only().items() if strings.table[k] != v}
    assert len(english) > 50
    soup = page(built, rel)
    body = soup.select_one("[data-article-body]")
    if body is not None:
        body.decompose()  # the article's own text is English: only the interface is checked
    for notes in soup.select(".note-body, .note-quote, .sources, .context-link, .definition, dd"):
        notes.decompose()  # the notes and definitions are the edition's own English words
    texts = {" ".join(el.get_text().split()) for el in soup.find_all(True)}
    labels = {str(el[a]) for a in ("aria-label", "title") for el in soup.find_all(attrs={a: True})}
    left = {k: v for k, v in english.items() if v in texts or v in labels}
    assert left == {}, rel


def test_dates_verdicts_and_counts_are_in_the_language(built: Path) -> None:
    article = page(built, ARTICLE)
    time = article.select_one(".byline time")
    assert time is not None
    verdict = article.select_one(".notes-fact .verdict-label")
    assert verdict is not None
    badge = article.select_one(".fact-badge a")
    assert badge is not None
    if language_of(built) == "fr":
        assert time.get_text() == "19 avril 2013"
        labels = {"Exact", "Plutôt exact", "Trompeur", "Inexact", "Invérifiable"}
        assert verdict.get_text() in labels
        assert str(badge["aria-label"]).startswith("Vérification\u00a0: ")
        assert "26 vérifications" in page(built, "index.html").get_text()
    else:
        assert time.get_text() == "19 أبريل 2013"
        labels = {"صحيح", "صحيح في معظمه", "مضلِّل", "غير صحيح", "يتعذّر التحقق منه"}
        assert verdict.get_text() in labels
        assert str(badge["aria-label"]).startswith("تدقيق: ")
        assert "26 تدقيقًا" in page(built, "index.html").get_text()  # 11-99: "many"


def test_search_index_and_feed_speak_the_language(built: Path) -> None:
    _, meta = read_script(CALLBACK, (built / META_FILE).read_bytes())
    kinds = {doc[2] for doc in meta["docs"]}
    assert kinds == ({"Article", "Glossaire"} if language_of(built) == "fr" else {"مقال", "المسرد"})
    feed = (built / "feed.xml").read_text(encoding="utf-8")
    assert f'xml:lang="{language_of(built)}"' in feed


def test_translated_pages_are_valid_html(built: Path) -> None:
    # The bundled article and glossary are English whatever the site's language, which the
    # checker's language detection rightly notices: only the markup is checked here.
    assert validate(sorted(built.rglob("*.html")), "--no-langdetect") == ""


@pytest.mark.parametrize("vector", VECTORS, ids=[v["why"] for v in VECTORS])
def test_search_folds_and_splits_words(vector: dict[str, object]) -> None:
    """The shared vectors (tests/fixtures/fold_vectors.json); the browser test runs the same
    ones through search.js."""
    assert words(str(vector["text"])) == vector["words"]
