"""Interface strings: the shipped files, a site's overrides, fallback, plurals, bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from babel import Locale
from markupsafe import Markup

from builder.cli import main
from builder.diagnostics import BuildFailed, Diagnostics, SourceLocation
from builder.load.config import load_config
from builder.load.strings import (
    PLACEHOLDER_RE,
    MissingString,
    Strings,
    language_problem,
    text_direction,
)
from builder.load.strings_files import english_strings, load_strings
from builder.load.yamlio import parse_yaml
from builder.pipeline import BuildOptions, build_site
from builder.render.interface import lang_attrs, print_letters
from tests.support.sites import REPO, MakeSite

SHIPPED = ["en", "fr", "de", "es", "ar"]
WHERE = SourceLocation("site.yaml", 3, 11)
ARTICLE = "---\ntitle: Rates\n---\nInterest rates rose.\n"


def strings_of(site: Path, language: str) -> tuple[Strings, Diagnostics]:
    diags = Diagnostics()
    return load_strings(site, language, WHERE, diags), diags


def site_with(make_site: MakeSite, files: dict[str, str]) -> Path:
    """A site without layouts of its own but for the strings files given."""
    return make_site({"content/articles/rates.md": ARTICLE, **files}, layouts=False)


# ---- The shipped files -----------------------------------------------------------------------


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_file_is_clean_and_complete(language: str, make_site: MakeSite) -> None:
    strings, diags = strings_of(site_with(make_site, {}), language)
    assert diags.items == []
    english = english_strings().table
    own = parse_yaml(
        (REPO / f"layouts/strings/{language}.yaml").read_text(encoding="utf-8"), "x", Diagnostics()
    )
    assert own is not None
    assert sorted(own.items) == sorted(english)  # type: ignore[union-attr]
    categories = Locale.parse(language).plural_form.tags | {"other"}
    for key, entry in strings.table.items():
        assert entry, key
        if not isinstance(entry, str):
            # Every category the language uses has its own form (Arabic: all six).
            assert {c for c, _ in entry} >= categories, key
        base = english[key]
        assert set(PLACEHOLDER_RE.findall(str(entry))) <= set(PLACEHOLDER_RE.findall(str(base)))


def test_french_typography_has_no_break_spaces_where_french_wants_them(
    make_site: MakeSite,
) -> None:
    strings, _ = strings_of(site_with(make_site, {}), "fr")
    for key, entry in strings.table.items():
        for text in [entry] if isinstance(entry, str) else [t for _, t in entry]:
            for mark in ":;?!»":
                at = text.find(mark)
                while at > 0:
                    if not (mark == ":" and text[at - 1].isdigit()):
                        assert text[at - 1] in "\u00a0\u202f", (key, text)
                    at = text.find(mark, at + 1)
            assert "'" not in text and '"' not in text, (key, text)  # ’ and « », not ' and "


def test_plural_forms_follow_each_language_rules(make_site: MakeSite) -> None:
    site = site_with(make_site, {})
    en, fr, ar = (strings_of(site, lang)[0] for lang in ("en", "fr", "ar"))
    assert [en.text("count.fact", n=n) for n in (0, 1, 2)] == [
        "0 fact checks",
        "1 fact check",
        "2 fact checks",
    ]
    # French: 0 and 1 are singular; the millions take "de".
    assert [fr.text("count.footnote", n=n) for n in (0, 1, 2, 1_000_000)] == [
        "0 note",
        "1 note",
        "2 notes",
        "1\u202f000\u202f000 de notes",
    ]
    assert [ar.text("count.term", n=n) for n in (0, 1, 2, 3, 11, 100)] == [
        "لا مصطلحات",
        "مصطلح واحد",
        "مصطلحان",
        "3 مصطلحات",
        "11 مصطلحًا",
        "100 مصطلح",
    ]


def test_dates_are_written_out_by_cldr_for_the_language(make_site: MakeSite) -> None:
    site = site_with(make_site, {})
    dates = {lang: strings_of(site, lang)[0].long_date("2013-04-19") for lang in SHIPPED}
    assert dates == {
        "en": "19 April 2013",  # en.yaml's date.format: the edition's style, not CLDR's en-US
        "fr": "19 avril 2013",
        "de": "19. April 2013",
        "es": "19 de abril de 2013",
        "ar": "19 أبريل 2013",
    }
    assert strings_of(site, "en-GB")[0].long_date("2013-04-19") == "19 April 2013"
    # A site that wants CLDR's own long format (or any CLDR pattern) says so.
    american = site_with(make_site, {"layouts/strings/en.yaml": "date.format: long\n"})
    assert strings_of(american, "en")[0].long_date("2013-04-19") == "April 19, 2013"


def test_a_date_format_babel_does_not_know_is_reported(make_site: MakeSite) -> None:
    site = site_with(make_site, {"layouts/strings/en.yaml": "date.format: xyz\n"})
    strings, diags = strings_of(site, "en")
    [error] = diags.items
    assert (error.code, error.location.path, error.location.line) == (
        "strings-shape",
        "layouts/strings/en.yaml",
        1,
    )
    assert strings.long_date("2013-04-19") == "19 April 2013"  # the built-in format stays


def test_direction_comes_from_cldr() -> None:
    assert [text_direction(t) for t in ("ar", "he", "fa-IR", "fr", "en-GB")] == [
        "rtl",
        "rtl",
        "rtl",
        "ltr",
        "ltr",
    ]
    assert text_direction("xx") == ""
    assert language_problem("english") == "'english' is not a language tag"
    assert language_problem("qq") == "'qq' is not a language CLDR knows"
    assert language_problem("pt-BR") == ""


def test_values_are_escaped_and_markup_kept() -> None:
    strings = english_strings()
    link = Markup('<a href="/x">CC BY</a>')
    made = strings.html("footer.licensed", title="<b>A & B</b>", license=link)
    assert isinstance(made, Markup)
    assert made.startswith("&lt;b&gt;A &amp; B&lt;/b&gt;. The annotations")
    assert '<a href="/x">CC BY</a>; each article\'s text' in made
    plain = strings.html("search.description", title="<i>")
    assert plain == "Search <i>." and not isinstance(plain, Markup)  # Jinja escapes it
    with pytest.raises(MissingString, match="needs a value for {title}"):
        strings.text("search.description")
    with pytest.raises(MissingString, match="no interface string 'no.such'"):
        strings.text("no.such")


def test_lang_attributes_only_where_the_language_changes() -> None:
    ar = Strings("ar", {})
    assert lang_attrs(ar, "") == ""
    assert lang_attrs(ar, "ar") == ""
    assert lang_attrs(ar, "en") == ' lang="en" dir="ltr"'
    assert lang_attrs(ar, "ar", "en") == ' lang="ar" dir="rtl"'
    assert lang_attrs(english_strings(), "fr") == ' lang="fr"'


# ---- A site's own files ------------------------------------------------------------------------


def test_a_site_overrides_one_string_and_keeps_the_others(make_site: MakeSite) -> None:
    site = site_with(make_site, {"layouts/strings/fr.yaml": 'toolbar.show: "Montrer"\n'})
    strings, diags = strings_of(site, "fr")
    assert diags.items == []
    assert strings.text("toolbar.show") == "Montrer"
    assert strings.text("popover.close") == "Fermer"  # the built-in French


def test_a_site_adds_a_language_and_missing_keys_fall_back_to_english(
    make_site: MakeSite,
) -> None:
    site = site_with(
        make_site,
        {
            "layouts/strings/it.yaml": """\
                toolbar.show: "Mostra"
                count.fact:
                  one: "{n} verifica"
                  other: "{n} verifiche"
            """
        },
    )
    strings, diags = strings_of(site, "it")
    assert strings.text("toolbar.show") == "Mostra"
    assert strings.text("count.fact", n=2) == "2 verifiche"
    assert strings.text("popover.close") == "Close"
    [warning] = diags.items
    assert warning.severity == "warning" and warning.code == "strings-missing"
    assert warning.location == SourceLocation("layouts/strings/it.yaml")
    assert "shown in English" in warning.message
    missing = sorted(set(english_strings().table) - {"toolbar.show", "count.fact"})
    assert warning.detail[:2] == tuple(missing[:2])
    assert warning.detail[-1] == f"… and {len(missing) - 12} more"  # the first 12 named


def test_a_language_without_any_strings_file_warns_at_site_yaml(make_site: MakeSite) -> None:
    strings, diags = strings_of(site_with(make_site, {}), "it")
    assert strings.text("toolbar.show") == "Show"
    [warning] = diags.items
    assert (warning.code, warning.location) == ("strings-missing", WHERE)
    assert "layouts/strings/it.yaml" in warning.hint


def test_a_regional_language_takes_its_own_file_then_the_language(make_site: MakeSite) -> None:
    site = site_with(make_site, {"layouts/strings/fr-CA.yaml": 'popover.close: "Fermer ça"\n'})
    strings, diags = strings_of(site, "fr-CA")
    assert diags.items == []
    assert strings.text("popover.close") == "Fermer ça"
    assert strings.text("toolbar.show") == "Afficher"


def test_a_site_english_file_overrides_english(make_site: MakeSite) -> None:
    site = site_with(make_site, {"layouts/strings/en.yaml": 'nav.search: "Find"\n'})
    strings, diags = strings_of(site, "en")
    assert diags.items == [] and strings.text("nav.search") == "Find"


BAD_FILES = {
    "yaml-syntax": ('toolbar.show: "Montrer\n', (2, 1), "YAML syntax error"),
    "not-a-mapping": ("- a\n- b\n", (1, 1), "must be a mapping"),
    "bad-key": ('Toolbar Show: "x"\n', (1, 1), "'Toolbar Show' is not a string key"),
    "not-text": ("toolbar.show: [a]\n", (1, 15), "must be text or plural forms"),
    "bad-category": (
        'count.fact:\n  one: "{n} x"\n  several: "{n} y"\n  other: "z"\n',
        (3, 3),
        "'several' is not a plural category",
    ),
    "no-other": ('count.fact:\n  one: "{n} x"\n', (2, 3), "has no 'other' form"),
    "plural-for-text": (
        'toolbar.show:\n  one: "a"\n  other: "b"\n',
        (2, 3),
        "must be text, as in English",
    ),
    "unknown-placeholder": (
        'search.none: "Rien pour {querry}"\n',
        (1, 14),
        "uses {querry}, which its layouts do not give",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_strings_file_is_an_error_at_its_line(make_site: MakeSite, case: str) -> None:
    text, (line, column), message = BAD_FILES[case]
    site = site_with(make_site, {"layouts/strings/fr.yaml": text})
    _, diags = strings_of(site, "fr")
    [error] = diags.errors
    assert error.location == SourceLocation("layouts/strings/fr.yaml", line, column)
    assert message in error.message


def test_a_typo_in_a_key_is_a_warning_with_the_key_meant(make_site: MakeSite) -> None:
    site = site_with(make_site, {"layouts/strings/fr.yaml": 'toolbar.shwo: "Montrer"\n'})
    _, diags = strings_of(site, "fr")
    [warning] = [d for d in diags.items if d.code == "strings-unknown-key"]
    assert warning.location == SourceLocation("layouts/strings/fr.yaml", 1, 15)
    assert warning.hint == "did you mean 'toolbar.show'?"


# ---- Through the build ---------------------------------------------------------------------------


def test_site_yaml_language_must_be_a_known_tag(make_site: MakeSite) -> None:
    site = make_site({}, site_yaml="title: T\nlanguage: French\n", layouts=False)
    diags = Diagnostics()
    assert load_config(site, diags) is None
    [error] = diags.errors
    assert error.code == "bad-language"
    assert error.location == SourceLocation("site.yaml", 2, 11)


def test_an_article_in_another_language_is_marked_as_such(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site(
        {
            "content/articles/rates.md": "---\ntitle: Les taux\nlanguage: fr\n---\nLes taux.\n",
            "content/articles/war.md": "---\ntitle: الحرب\nlanguage: ar\n---\nنص.\n",
            "content/articles/bad.md": "---\ntitle: B\nlanguage: fr_FR!\n---\nText.\n",
        },
        layouts=False,
    )
    with pytest.raises(BuildFailed) as failed:
        build_site(site, tmp_path / "out")
    [error] = [d for d in failed.value.diagnostics if d.code == "bad-language"]
    assert error.location == SourceLocation("content/articles/bad.md", 3, 11)
    (site / "content/articles/bad.md").unlink()
    build_site(site, tmp_path / "out")
    rates = (tmp_path / "out/articles/rates/index.html").read_text(encoding="utf-8")
    war = (tmp_path / "out/articles/war/index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in rates and '<article class="article" lang="fr">' in rates
    assert '<article class="article" lang="ar" dir="rtl">' in war
    # The interface words inside the article are in the site's language, and say so.
    assert '<p class="reading-time" lang="en" dir="ltr">1 min read</p>' in war
    # Its passages on a glossary page are marked too.
    (site / "content/glossary").mkdir(exist_ok=True)
    (site / "content/glossary/taux.yaml").write_text("term: taux\ndefinition: Rates.\n")
    build_site(site, tmp_path / "out")
    term = (tmp_path / "out/glossary/taux/index.html").read_text(encoding="utf-8")
    assert '<ul class="uses" lang="fr">' in term
    # So does its feed entry (the site has a base_url for a feed here).
    build_site(site, tmp_path / "out", BuildOptions(base_url="https://example.org/e/"))
    feed = (tmp_path / "out/feed.xml").read_text(encoding="utf-8")
    assert '<entry xml:lang="fr">' in feed and '<entry xml:lang="ar">' in feed
    # The e-book's chapter says it too, as XHTML wants (xml:lang and lang).
    book = tmp_path / "book.epub"
    assert main(["epub", "--site", str(site), "--out", str(book), "-q"]) == 0
    with zipfile.ZipFile(book) as files:
        chapters = [files.read(n).decode() for n in files.namelist() if "chapter-" in n]
    assert any('xml:lang="ar" lang="ar" dir="rtl"' in chapter for chapter in chapters)
    assert any('xml:lang="fr" lang="fr">' in chapter for chapter in chapters)


def test_check_warns_of_missing_strings_and_still_passes(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {
            "content/articles/rates.md": ARTICLE,
            "layouts/strings/it.yaml": 'toolbar.show: "Mostra"\n',
        },
        site_yaml="title: T\nlanguage: it\n",
        layouts=False,
    )
    assert main(["check", "--site", str(site)]) == 0
    err = capsys.readouterr().err
    missing = len(english_strings().table) - 1
    where = "layouts/strings/it.yaml:1:1"
    assert f"{where}: warning[strings-missing]: {missing} string(s) missing" in err


def test_print_letters_are_css_strings_whatever_the_file_says() -> None:
    hostile = Strings("xx", {"print.fact": "</style>\"'\\;}", "print.term": "T"}, "d")
    style = print_letters(hostile)
    assert style == " style=\"--ed-print-fact: '\\3c \\2f style\\3e \\22 \\27 \\5c \\3b \\7d ';\""
    assert print_letters(english_strings()) == ""  # the stylesheet's own letters
