"""Files for search engines and feed readers: sitemap, Atom feed, robots.txt, page metadata."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree as lxml_etree

from builder.cli import main
from builder.pipeline import BuildResult, build_site
from tests.support.sites import FIXTURES, REPO, SLUG, MakeSite
from tests.support.snapshots import tree

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/edition/"  # the bundled site.yaml's base_url
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def sitemap_problems(data: bytes) -> str:
    schema = lxml_etree.XMLSchema(lxml_etree.parse(str(FIXTURES / "sitemap.xsd")))
    valid = schema.validate(lxml_etree.fromstring(data))
    return "" if valid else str(schema.error_log)


def test_sitemap_is_valid_against_the_sitemaps_org_schema(
    bundled: tuple[Path, BuildResult],
) -> None:
    out, _ = bundled
    data = (out / "sitemap.xml").read_bytes()
    assert sitemap_problems(data) == ""
    locs = [el.text for el in etree.fromstring(data).iter() if el.tag.endswith("loc")]
    pages = sorted(out.rglob("*.html"))
    assert len(locs) == len(pages) - 2  # all but 404.html and the search page
    assert BASE in locs and f"{BASE}articles/{SLUG}/" in locs
    assert f"{BASE}glossary/six-party-talks/" in locs
    assert not any("404" in loc or "search" in loc or "index.html" in loc for loc in locs)
    assert b"<lastmod>2013-04-19</lastmod>" in data


def test_schema_check_is_real() -> None:
    bad = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>x</loc>'
    assert sitemap_problems(bad + b"<lastmod>19 April</lastmod></url></urlset>")
    assert sitemap_problems(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>')


def test_atom_feed_has_what_rfc_4287_requires(bundled: tuple[Path, BuildResult]) -> None:
    out, _ = bundled
    feed = etree.fromstring((out / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{tag}")) == 1, tag
    assert RFC3339.fullmatch(feed.findtext(f"{ATOM}updated") or "")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": f"{BASE}feed.xml", "alternate": BASE}
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == f"{BASE}articles/{SLUG}/"
    assert entry.findtext(f"{ATOM}title") == "US leaves door ajar for talks with North Korea"
    assert entry.findtext(f"{ATOM}updated") == "2013-04-19T00:00:00Z"
    assert entry.findtext(f"{ATOM}published") == "2013-04-19T00:00:00Z"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Peter Symonds"
    assert (entry.findtext(f"{ATOM}summary") or "").startswith("After John Kerry's April 2013")
    [alternate] = entry.findall(f"{ATOM}link")
    assert alternate.attrib == {
        "rel": "alternate",
        "href": f"{BASE}articles/{SLUG}/",
        "type": "text/html",
    }


def test_feed_lists_newest_first_and_falls_back_to_excerpt_and_source_date(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    site = make_site(
        {
            "content/articles/old.md": "---\ntitle: Old\ndate: 2001-02-03\n---\nOld & <b>x</b>.\n",
            "content/articles/new.md": "---\ntitle: New\ndate: 2020-01-01\nsummary: S.\n---\nN.\n",
            "content/articles/undated.md": "---\ntitle: Undated\n---\nNo date here.\n",
        },
        site_yaml="title: T\nbase_url: https://x.example/sub\n",
    )
    out = tmp_path / "out"
    build_site(site, out)
    feed = etree.fromstring((out / "feed.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Undated", "New", "Old"]
    assert entries[0].findtext(f"{ATOM}updated") == "2023-11-14T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == "2023-11-14T00:00:00Z"
    assert entries[1].findtext(f"{ATOM}summary") == "S."
    assert entries[2].findtext(f"{ATOM}summary") == "Old & <b>x</b>."
    assert entries[2].findtext(f"{ATOM}id") == "https://x.example/sub/articles/old/"
    assert sitemap_problems((out / "sitemap.xml").read_bytes()) == ""


def test_robots_txt_names_the_sitemap(bundled: tuple[Path, BuildResult]) -> None:
    out, _ = bundled
    assert (out / "robots.txt").read_text() == (
        f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"
    )


def head_of(path: Path) -> dict[str, str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    found = {
        str(m.get("property") or m.get("name")): str(m["content"])
        for m in soup("meta")
        if m.get("content") is not None
    }
    for link in soup.find_all("link"):
        found[f"link {' '.join(link['rel'])} {link.get('type', '')}".strip()] = str(link["href"])
    return found


@pytest.mark.parametrize(
    ("page", "url", "og_type", "title"),
    [
        ("index.html", BASE, "website", "Annotated Edition"),
        (
            f"articles/{SLUG}/index.html",
            f"{BASE}articles/{SLUG}/",
            "article",
            "US leaves door ajar for talks with North Korea",
        ),
        ("glossary/index.html", f"{BASE}glossary/", "website", "Glossary"),
        (
            "glossary/six-party-talks/index.html",
            f"{BASE}glossary/six-party-talks/",
            "website",
            "Six-party talks",
        ),
    ],
)
def test_every_page_has_canonical_open_graph_and_twitter_meta(
    bundled: tuple[Path, BuildResult], page: str, url: str, og_type: str, title: str
) -> None:
    out, _ = bundled
    head = head_of(out / page)
    assert head["link canonical"] == head["og:url"] == url
    assert head["og:type"] == og_type
    assert head["og:title"] == head["twitter:title"] == title
    assert head["og:site_name"] == "Annotated Edition"
    assert head["twitter:card"] == "summary"
    assert len(head["og:description"]) > 20
    assert head["og:description"] == head["twitter:description"] == head["description"]
    assert head["link icon image/svg+xml"].endswith("assets/favicon.svg")
    assert head["link alternate application/atom+xml"].endswith("feed.xml")
    assert "robots" not in head


def test_article_page_names_its_author_date_and_annotations(
    bundled: tuple[Path, BuildResult],
) -> None:
    out, _ = bundled
    head = head_of(out / f"articles/{SLUG}/index.html")
    assert head["article:published_time"] == "2013-04-19"
    assert head["article:author"] == "Peter Symonds"
    assert head["link alternate application/ld+json"] == "annotations.jsonld"
    assert head["description"].startswith("After John Kerry")


def test_search_and_404_pages_are_not_indexed(bundled: tuple[Path, BuildResult]) -> None:
    out, _ = bundled
    for page in ("search/index.html", "404.html"):
        head = head_of(out / page)
        assert head["robots"] == "noindex"
        assert "link canonical" not in head
    not_found = BeautifulSoup((out / "404.html").read_text(encoding="utf-8"), "html.parser")
    urls = [str(el.get("href") or el.get("src")) for el in not_found(["a", "link", "script"])]
    licence = "https://creativecommons.org/licenses/by/4.0/"  # the footer's: another site
    internal = [u for u in urls if not u.startswith("#") and u != licence]
    assert internal and all(u.startswith(BASE) for u in internal)


def test_base_url_option_overrides_site_yaml(tmp_path: Path) -> None:
    out = tmp_path / "preview"
    assert (
        main(
            [
                "build",
                "--site",
                str(REPO),
                "--out",
                str(out),
                "-q",
                "--base-url",
                "https://preview.example.net/pr-7",
            ]
        )
        == 0
    )
    head = head_of(out / f"articles/{SLUG}/index.html")
    assert head["link canonical"] == f"https://preview.example.net/pr-7/articles/{SLUG}/"
    assert "https://preview.example.net/pr-7/sitemap.xml" in (out / "robots.txt").read_text()
    assert b"example.org" not in (out / "sitemap.xml").read_bytes()
    assert b"example.org" not in (out / "feed.xml").read_bytes()
    assert b"https://preview.example.net/pr-7/assets/style.css" in (out / "404.html").read_bytes()
    # Internal links stay relative.
    assert b'href="../../assets/style.css"' in (out / f"articles/{SLUG}/index.html").read_bytes()


@pytest.mark.parametrize(
    "bad", ["ftp://x.example/", "not a url", "https://x.example/?q=1", "/sub/"]
)
def test_bad_base_url_is_a_usage_error(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["build", "--base-url", bad])
    assert exc.value.code == 2
    assert "--base-url" in capsys.readouterr().err


def test_without_base_url_absolute_outputs_are_left_out(
    make_site: MakeSite, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = make_site({"content/articles/a.md": "---\ntitle: A\n---\nText.\n"})
    out = tmp_path / "out"
    build_site(site, out)
    assert "site.yaml has no base_url" in caplog.text
    assert not (out / "sitemap.xml").exists() and not (out / "feed.xml").exists()
    assert (out / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    head = head_of(out / "articles/a/index.html")
    assert "link canonical" not in head and "og:url" not in head
    assert "link alternate application/atom+xml" not in head
    assert head["og:title"] == "A"
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert 'href="/assets/style.css"' in not_found  # root-relative: right at a domain's root


def test_builds_are_byte_for_byte_reproducible(tmp_path: Path) -> None:
    build_site(REPO, tmp_path / "one")
    build_site(REPO, tmp_path / "two")
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert one == two
    assert any(path.startswith("search-index/") for path in one)
    text = b"".join(data for data in one.values() if isinstance(data, bytes))
    assert date.today().isoformat().encode() not in text  # no build date anywhere
