"""Machine-readable annotations: W3C Web Annotations that anchor on the page, and ClaimReviews."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from builder.anchor.anchoring import fold_text
from builder.diagnostics import Diagnostics
from builder.load.config import SiteConfig, read_source_date_epoch
from builder.pipeline import BuildResult, build_site
from builder.render.jsonld import rating_scale
from tests.support.sites import SLUG, MakeSite, sidecar_entries

BASE = "https://example.org/edition/"
PAGE = f"{BASE}articles/{SLUG}/"
MOTIVATION = {
    "footnote": "commenting",
    "context": "linking",
    "fact": "assessing",
    "term": "identifying",
}


def reader_text_and_kinds(page: Path) -> tuple[str, dict[str, str]]:
    """The data-article-body text without [data-for] elements (markers and margin copies),
    and each annotation id's kind."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("[data-article-body]")
    assert isinstance(body, Tag)
    text = ""
    for string in body.find_all(string=True):
        assert isinstance(string, NavigableString)
        if string.find_parent(attrs={"data-for": True}) is None:
            text += str(string)
    kinds = {
        str(el["data-annotation"]): str(el["data-kind"]) for el in body(attrs={"data-kind": True})
    }
    return text, kinds


@pytest.fixture(scope="module")
def collection(bundled: tuple[Path, BuildResult]) -> dict[str, Any]:
    out, _ = bundled
    data: dict[str, Any] = json.loads(
        (out / f"articles/{SLUG}/annotations.jsonld").read_text(encoding="utf-8")
    )
    return data


def test_collection_holds_every_annotation_with_its_motivation(
    bundled: tuple[Path, BuildResult], collection: dict[str, Any]
) -> None:
    out, _ = bundled
    _, kinds = reader_text_and_kinds(out / f"articles/{SLUG}/index.html")
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(kinds)
    by_id = {item["id"].rsplit("#", 1)[1]: item for item in items}
    assert set(by_id) == set(kinds)  # sidecar annotations and automatic glossary links
    assert {e["id"] for e in sidecar_entries()} <= set(by_id)
    for ann_id, item in by_id.items():
        assert item["type"] == "Annotation"
        assert item["motivation"] == MOTIVATION[kinds[ann_id]], ann_id
        assert item["target"]["source"] == PAGE
        assert item["body"], ann_id
    fact = by_id["kerry-beijing-visit"]["body"]
    assert fact[0] == {
        "type": "TextualBody",
        "purpose": "assessing",
        "value": "Accurate",
        "format": "text/plain",
    }
    assert any(b.get("id", "").startswith("https://2009-2017.state.gov/") for b in fact)
    term = next(item for item in items if item["motivation"] == "identifying")
    assert term["body"][0]["id"].startswith(f"{BASE}glossary/")


def test_position_selectors_index_the_pages_article_body_exactly(
    bundled: tuple[Path, BuildResult], collection: dict[str, Any]
) -> None:
    out, _ = bundled
    text, kinds = reader_text_and_kinds(out / f"articles/{SLUG}/index.html")
    quotes = {e["id"]: e["quote"] for e in sidecar_entries()}
    checked = 0
    for item in collection["first"]["items"]:  # every note, its own and automatic links
        ann_id = item["id"].rsplit("#", 1)[1]
        quote, position = item["target"]["selector"]
        assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
        start, end = position["start"], position["end"]
        assert 0 <= start < end <= len(text)
        assert text[start:end] == quote["exact"], ann_id
        assert text[max(0, start - 32) : start] == quote["prefix"]
        assert text[end : end + 32] == quote["suffix"]
        if ann_id in quotes:  # the reader's words exactly: no nested note's marker inside
            assert fold_text(quote["exact"]) == fold_text(" ".join(quotes[ann_id].split()))
            checked += 1
    assert checked == len(quotes) and len(collection["first"]["items"]) == len(kinds)


def test_fact_notes_are_claim_reviews_in_the_article_page(
    bundled: tuple[Path, BuildResult],
) -> None:
    out, _ = bundled
    soup = BeautifulSoup(
        (out / f"articles/{SLUG}/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    [script] = soup.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org"
    facts = {e["id"]: e for e in sidecar_entries() if e["kind"] == "fact"}
    reviews = data["@graph"]
    assert len(reviews) == len(facts) >= 20
    labels = {
        "accurate": "Accurate",
        "mostly-accurate": "Mostly accurate",
        "misleading": "Misleading",
        "inaccurate": "Inaccurate",
    }
    values = {"accurate": 4, "mostly-accurate": 3, "misleading": 2, "inaccurate": 1}
    epoch = SiteConfig(Path("."), "x", source_epoch=read_source_date_epoch(Diagnostics()))
    published = (epoch.source_date or date(2013, 4, 19)).isoformat()
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        assert review["url"].startswith(f"{PAGE}#note-")
        note_id = review["url"].rsplit("#", 1)[1]
        fact = facts[note_id.removeprefix("note-")]
        assert soup.find(id=note_id) is not None
        assert fold_text(review["claimReviewed"]) == fold_text(" ".join(fact["quote"].split()))
        assert review["author"] == {
            "@type": "Organization",
            "name": "Annotated Edition",
            "url": BASE,
        }
        assert review["datePublished"] == published
        rating = review["reviewRating"]
        assert rating["alternateName"] == labels[fact["verdict"]]
        assert rating["ratingValue"] == values[fact["verdict"]]
        assert (rating["bestRating"], rating["worstRating"]) == (4, 1)
        claim = review["itemReviewed"]
        assert claim["@type"] == "Claim"
        assert claim["appearance"]["url"] == PAGE
        assert claim["appearance"]["author"] == {"@type": "Person", "name": "Peter Symonds"}


def test_rating_scale_follows_the_verdict_order_and_skips_unverifiable() -> None:
    assert rating_scale(SiteConfig(Path("."), "T")) == {
        "accurate": 4,
        "mostly-accurate": 3,
        "misleading": 2,
        "inaccurate": 1,
    }
    custom = SiteConfig(Path("."), "T", verdicts=(("true", "True"), ("false", "False")))
    assert rating_scale(custom) == {"true": 2, "false": 1}


def test_without_base_url_links_are_relative_to_the_article(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = make_site(
        {
            "content/articles/a.md": "---\ntitle: A\n---\nThe claim is here, about Widgets.\n",
            "content/articles/a.annotations.yaml": """\
            annotations:
              - id: c
                kind: fact
                quote: The claim
                verdict: unverifiable
                note: Nobody knows.
                sources: [{title: S, url: "https://s.example/"}]
            """,
            "content/glossary/widget.yaml": "term: Widgets\ndefinition: Things.\n",
        }
    )
    out = tmp_path / "out"
    build_site(site, out)
    data = json.loads((out / "articles/a/annotations.jsonld").read_text(encoding="utf-8"))
    items = {item["id"]: item for item in data["first"]["items"]}
    assert set(items) == {"annotations.jsonld#c", "annotations.jsonld#term-widget"}
    assert items["annotations.jsonld#c"]["target"]["source"] == "index.html"
    assert items["annotations.jsonld#term-widget"]["body"][0]["id"] == (
        "../../glossary/widget/index.html"
    )
    page = BeautifulSoup((out / "articles/a/index.html").read_text(encoding="utf-8"), "html.parser")
    [review] = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    assert review["url"] == "index.html#note-c"
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    assert review["datePublished"] == "2023-11-14"  # SOURCE_DATE_EPOCH: when it was published
