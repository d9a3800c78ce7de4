"""Hostile content built through the whole pipeline never yields script, handlers or bad URLs."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from builder.build import build_site
from tests.conftest import MakeSite

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"
OWN_SCRIPTS = ("assets/edition.js", "assets/search.js", "pagefind/pagefind-ui.js")
JS_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def hostile_site(make_site: MakeSite) -> Path:
    links = " ".join(f"[l{i}]({url})" for i, url in enumerate(JS_URLS))
    return make_site(
        {
            "content/articles/evil.md": f"""\
            ---
            title: "Title {PAYLOAD}"
            author: "<b onmouseover=alert(3)>Author</b>"
            summary: "{{{{ 7*7 }}}} {PAYLOAD}"
            ---
            Body {PAYLOAD} text {{{{ 7*7 }}}} and {links} and <a href="javascript:x">raw</a>.

            Second paragraph mentions evil.
            """,
            "content/articles/evil.annotations.yaml": f"""\
            annotations:
              - id: n1
                kind: footnote
                quote: Second paragraph
                note: |
                  Note {PAYLOAD} <a href="javascript:alert(1)" onclick="x()">a</a>
                  <iframe src="https://x.example/"></iframe><style>*{{}}</style><!-- c -->
                  [md](javascript:alert(1)) {{{{ 7*7 }}}} <svg onload=alert(1)></svg>
              - id: n2
                kind: fact
                quote: mentions
                verdict: accurate
                note: "<form action='https://x.example'><input></form>ok"
                sources:
                  - {{title: "<script>alert(1)</script>", url: "https://s.example/?q=%3Cscript%3E"}}
            """,
            "content/glossary/evil.yaml": f"""\
            term: "Evil {PAYLOAD}"
            definition: "Def {PAYLOAD} [x](vbscript:msgbox(1))"
            aliases: [evil]
            """,
        }
    )


def test_no_executable_content_in_any_page(make_site: MakeSite, tmp_path: Path) -> None:
    site = hostile_site(make_site)
    out = tmp_path / "out"
    build_site(site, out)
    pages = list(out.rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":  # data for search engines, not code
                assert "<" not in script.string and json.loads(script.string), page
            else:
                assert script.get("src", "").endswith(OWN_SCRIPTS) and not script.string, page
        for options in soup.select("fieldset.reader-options"):  # the layout's own switches
            inputs = options.find_all("input")
            assert all(i["type"] == "checkbox" and i["id"].startswith("ed-") for i in inputs)
            options.decompose()
        for tag in ("iframe", "style", "svg", "form", "input", "img", "object", "embed"):
            assert soup.find(tag) is None, (page, tag)
        for el in soup.find_all(True):
            for attr, value in el.attrs.items():
                assert not attr.lower().startswith("on"), (page, el)
                if attr in {"href", "src", "action"}:
                    squashed = "".join(str(value).split()).lower()
                    assert not squashed.startswith(("javascript:", "data:", "vbscript:")), (
                        page,
                        el,
                    )
        assert "<!-- c -->" not in page.read_text(encoding="utf-8")
    article = (out / "articles/evil/index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in article and "49" not in article
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "\\u003cscript\\u003e" in article  # the title, inside the ClaimReview JSON-LD


def test_sanitized_links_get_rel_and_unsafe_ones_are_unwrapped() -> None:
    from builder.markdown_render import render_note

    html = render_note(
        '[ok](https://a.example/?x=1&y=2) <a href="javascript:alert(1)">bad</a> '
        "[rel](../x/index.html) &amp; &copy;"
    )
    assert html == (
        '<p><a href="https://a.example/?x=1&amp;y=2" rel="noopener noreferrer">ok</a>'
        ' bad <a href="../x/index.html" rel="noopener noreferrer">rel</a> &amp; ©</p>'
    )


def test_urls_with_characters_that_must_be_encoded_are_refused() -> None:
    from builder.schema import url_problem

    assert url_problem("https://a.example/?q=<x>", ("https",))
    assert url_problem("https://a.example/\u202ecod.exe", ("https",))
    assert url_problem("https:///nohost", ("https",))
    assert not url_problem("https://a.example/?q=%3Cx%3E", ("https",))
