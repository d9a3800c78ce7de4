"""End to end: the bundled edition built, and the rendering contract checked on its HTML."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from builder.anchor.anchoring import fold_text
from builder.anchor.markdown.render import render_article_tree, serialize_tree
from builder.pipeline import BuildResult, build_site
from tests.support.contract import annotation_texts, nested_links, soup_of, text_without_inserted
from tests.support.sites import REPO, SLUG, MakeSite, sidecar_entries


@pytest.fixture(scope="module")
def article_page(bundled: tuple[Path, BuildResult]) -> BeautifulSoup:
    out, _ = bundled
    return soup_of(out / "articles" / SLUG / "index.html")


def test_bundled_edition_is_real_and_large_enough(bundled: tuple[Path, BuildResult]) -> None:
    entries = sidecar_entries()
    assert len(entries) >= 40
    assert {e["kind"] for e in entries} == {"footnote", "context", "fact", "term"}
    assert len(list((REPO / "content/glossary").glob("*.yaml"))) >= 15
    _, result = bundled
    assert len(result.glossary.entries) >= 15


def test_pages_exist(bundled: tuple[Path, BuildResult]) -> None:
    out, _ = bundled
    for rel in [
        "index.html",
        f"articles/{SLUG}/index.html",
        "glossary/index.html",
        "glossary/six-party-talks/index.html",
        "assets/style.css",
        "assets/edition.js",
    ]:
        assert (out / rel).is_file(), rel


def test_attribution_is_kept(article_page: BeautifulSoup) -> None:
    byline = article_page.select_one(".article-header .byline")
    assert byline is not None
    text = byline.get_text(" ", strip=True)
    assert (
        "Peter Symonds" in text and "April 19, 2013" in text and "World Socialist Web Site" in text
    )
    assert byline.find("a", href=lambda h: h and "wsws.org" in h) is not None


def test_every_annotation_wraps_exactly_its_quote(article_page: BeautifulSoup) -> None:
    body = article_page.select_one("[data-article-body]")
    assert body is not None
    texts = annotation_texts(body)
    for entry in sidecar_entries():
        assert fold_text(texts[entry["id"]]) == fold_text(entry["quote"].strip()), entry["id"]
    kinds = {
        el["data-annotation"]: el["data-kind"]
        for el in body.find_all(attrs={"data-annotation": True})
    }
    assert all(kinds[e["id"]] == e["kind"] for e in sidecar_entries())


def test_body_text_is_the_article_text_without_inserted_elements(
    article_page: BeautifulSoup,
) -> None:
    body = article_page.select_one("[data-article-body]")
    assert body is not None
    markdown = (REPO / f"content/articles/{SLUG}.md").read_text(encoding="utf-8")
    plain = serialize_tree(render_article_tree(markdown.split("\n---\n", 1)[1]))
    expected = BeautifulSoup(plain, "html.parser").get_text()
    assert text_without_inserted(body).strip() == expected.strip()
    for el in body.find_all(attrs={"data-for": True}):
        assert el["data-for"] in {
            x["data-annotation"] for x in body.find_all(attrs={"data-annotation": True})
        }


def test_footnotes_are_numbered_in_reading_order_with_back_links(
    article_page: BeautifulSoup,
) -> None:
    markers = article_page.select(".footnote-ref a[role=doc-noteref]")
    assert [m.get_text() for m in markers] == [str(n) for n in range(1, len(markers) + 1)]
    for marker in markers:
        note = article_page.find(id=marker["href"][1:])
        assert note is not None and note.name == "li"
        back = note.find("a", attrs={"role": "doc-backlink"})
        assert back is not None and back["href"] == f"#{marker['id']}"


def test_every_note_has_its_id_and_facts_show_verdict_and_sources(
    article_page: BeautifulSoup,
) -> None:
    for entry in sidecar_entries():
        if entry["kind"] in {"footnote", "fact"} or entry.get("note"):
            note = article_page.find(id=f"note-{entry['id']}")
            assert note is not None, entry["id"]
        if entry["kind"] == "fact":
            note = article_page.find(id=f"note-{entry['id']}")
            assert note is not None
            assert note.select_one(".verdict") is not None
            assert note.select(".sources a[href^='http']")


def test_no_link_inside_a_link_and_ids_are_unique(bundled: tuple[Path, BuildResult]) -> None:
    out, _ = bundled
    for page in out.rglob("*.html"):
        soup = soup_of(page)
        assert not nested_links(soup), page
        ids = [el["id"] for el in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), page


def test_every_internal_link_is_relative_and_resolves(bundled: tuple[Path, BuildResult]) -> None:
    out, _ = bundled
    ids: dict[Path, set[str]] = {}
    for page in out.rglob("*.html"):
        soup = soup_of(page)
        for el in soup.find_all(["a", "link", "script"]):
            url = el.get("href") or el.get("src")
            if not url or urlsplit(url).scheme in {"http", "https", "mailto"}:
                continue
            assert not url.startswith("/"), (page, url)
            path, _, fragment = url.partition("#")
            target = page if not path else Path(posixpath.normpath(page.parent / path))
            assert target.is_file(), (page, url)
            if fragment:
                if target not in ids:
                    ids[target] = {str(el["id"]) for el in soup_of(target).find_all(id=True)}
                assert fragment in ids[target], (page, url)


def test_term_pages_list_their_passages(bundled: tuple[Path, BuildResult]) -> None:
    out, _ = bundled
    linked = {e["term"] for e in sidecar_entries() if e["kind"] == "term"}
    for term in linked:
        page = soup_of(out / "glossary" / term / "index.html")
        uses = page.select(".uses a")
        assert uses, term
        assert all(f"articles/{SLUG}/index.html#ann-" in u["href"] for u in uses)
        assert all(u.find("mark") for u in uses)


def test_annotations_without_ids_get_derived_ones(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(
        {
            "content/articles/a.md": "Alpha beta gamma. Delta epsilon.\n",
            "content/articles/a.annotations.yaml": """
                annotations:
                  - kind: footnote
                    quote: Alpha beta
                    note: One.
                  - kind: footnote
                    quote: Delta
                    note: Two.
                """,
        }
    )
    result = build_site(site, tmp_path / "out")
    assert not result.warnings
    page = (tmp_path / "out" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert 'id="note-foot-alpha-beta"' in page and 'id="note-foot-delta"' in page


def test_every_page_names_the_annotations_licence_and_leaves_the_text_its_publishers(
    bundled: tuple[Path, BuildResult],
) -> None:
    out, _ = bundled
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        footer = soup_of(page).select_one("footer.site-footer")
        assert footer is not None, page
        licence = footer.select_one("a[rel=license]")
        assert licence is not None, page
        assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"
        assert licence.get_text() == "CC BY 4.0"
        assert "each article's text remains its author's and publisher's" in footer.get_text()
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_a_site_without_a_licence_claims_none(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/articles/a.md": "Text.\n"})
    build_site(site, tmp_path / "out")
    footer = soup_of(tmp_path / "out/index.html").select_one("footer.site-footer")
    assert footer is not None and footer.select_one("a[rel=license]") is None
    assert "licensed" not in footer.get_text()
