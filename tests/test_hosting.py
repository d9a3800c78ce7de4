"""The edition on a static host under a sub-path: crawl it all; nothing breaks or escapes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

from tests.support.hosting import fetch

MAX_URLS = 400
LINKING_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"))


def links_in_page(url: str, body: bytes) -> list[str]:
    soup = BeautifulSoup(body, "html.parser")
    found = [
        str(el[attr])
        for tag, attr in LINKING_ATTRIBUTES
        for el in soup.find_all(tag)
        if el.get(attr)
    ]
    found += [str(m["content"]) for m in soup.find_all("meta", property="og:url")]
    return [urljoin(url, link) for link in found]


def links_in_xml(body: bytes) -> list[str]:
    root = etree.fromstring(body)
    locs = [el.text or "" for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    hrefs = [el.get("href", "") for el in root.iter("{http://www.w3.org/2005/Atom}link")]
    ids = [el.text or "" for el in root.iter("{http://www.w3.org/2005/Atom}id")]
    return locs + hrefs + ids


def links_in_jsonld(value: object) -> list[str]:
    if isinstance(value, dict):
        return [
            v for k, v in value.items() if k in {"id", "source", "url"} and isinstance(v, str)
        ] + [link for v in value.values() for link in links_in_jsonld(v)]
    if isinstance(value, list):
        return [link for v in value for link in links_in_jsonld(v)]
    return []


def test_every_link_answers_200_and_stays_under_the_sub_path(hosted: tuple[str, Path]) -> None:
    base, _ = hosted
    origin = base[: base.index("/edition/")]
    queue = [base, f"{base}sitemap.xml", f"{base}feed.xml", f"{base}robots.txt"]
    seen: set[str] = set()
    while queue:
        url = urldefrag(queue.pop())[0]
        if url in seen or not url.startswith(origin):
            continue  # another site (sources, the original publisher)
        assert url.startswith(base), f"escapes the sub-path: {url}"
        seen.add(url)
        assert len(seen) <= MAX_URLS
        status, media_type, body = fetch(url)
        assert status == 200, url
        if media_type == "text/html":
            queue += links_in_page(url, body)
        elif url.endswith(".xml"):
            queue += links_in_xml(body)
        elif url.endswith(".jsonld"):
            queue += [urljoin(url, link) for link in links_in_jsonld(json.loads(body))]
        elif url.endswith("robots.txt"):
            sitemap = [line for line in body.decode().splitlines() if line.startswith("Sitemap:")]
            assert sitemap == [f"Sitemap: {base}sitemap.xml"]
    crawled = {urlsplit(u).path.removeprefix("/edition/") for u in seen}
    assert {
        "",
        "articles/us-leaves-door-ajar/",
        "articles/us-leaves-door-ajar/index.html",
        "articles/us-leaves-door-ajar/annotations.jsonld",
        "glossary/six-party-talks/index.html",
        "search/index.html",
        "search-index/meta.js",
        "assets/favicon.svg",
        "assets/search.js",
        "feed.xml",
    } <= crawled
    assert len(crawled) >= 45


def test_missing_page_at_any_depth_gets_a_working_404(hosted: tuple[str, Path]) -> None:
    base, _ = hosted
    for missing in ("nope.html", "articles/nope/", "articles/a/b/c/d/missing.html"):
        status, media_type, body = fetch(base + missing)
        assert (status, media_type) == (404, "text/html")
        assert b"Page not found" in body
        links = links_in_page(base + missing, body)
        assert any(link.endswith("assets/style.css") for link in links)
        for link in links:
            if urldefrag(link)[0] == base + missing:
                continue  # the skip link, within the page itself
            if link == "https://creativecommons.org/licenses/by/4.0/":
                continue  # the footer's licence: another site
            assert link.startswith(base), link  # absolute from base_url, whatever the depth
            assert fetch(link)[0] == 200, link


def test_nothing_outside_the_sub_path_is_served(hosted: tuple[str, Path]) -> None:
    base, _ = hosted
    origin = base[: base.index("/edition/")]
    assert fetch(f"{origin}/index.html")[0] == 404
    assert fetch(f"{origin}/assets/style.css")[0] == 404
