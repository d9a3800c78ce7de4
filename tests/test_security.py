"""Hostile content built through the whole pipeline never yields script, handlers or bad URLs."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment

from builder.cli import main
from builder.pipeline import build_site
from tests.support.browser import FLAGS
from tests.support.sites import REPO, MakeSite, hostile_site

OWN_SCRIPTS = ("assets/edition.js", "assets/search.js", "assets/suggest.js")


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
            elif script.get("type") == "application/json":  # the interface strings, data
                assert script["id"] == "ed-strings" and "<" not in script.string, page
                assert all(isinstance(v, str | dict) for v in json.loads(script.string).values())
            else:
                assert script.get("src", "").endswith(OWN_SCRIPTS) and not script.string, page
        for options in soup.select("fieldset.reader-options"):  # the layout's own switches
            inputs = options.find_all("input")
            assert all(i["type"] == "checkbox" and i["id"].startswith("ed-") for i in inputs)
            options.decompose()
        for panel in soup.select("div[data-suggest]"):  # the layout's "suggest a note" panel
            fields = panel.find_all(["input", "textarea", "select"])
            assert fields and all(
                f.has_attr("data-suggest-input") or f.has_attr("data-suggest-kind") for f in fields
            ), page
            assert all(f.get("type", "text") in {"text", "url"} for f in panel.find_all("input"))
            assert panel.find("form") is None, page
            panel.decompose()
        for form in soup.select("form[data-search]"):  # the search page's own box
            assert [i.attrs for i in form.find_all("input")] == [
                {
                    "id": "search-query",
                    "name": "q",
                    "type": "search",
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            ] and "action" not in form.attrs
            form.decompose()
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
    for page in (
        "tags/7-7/index.html",
        "series/series-script-alert-1-script-img-src-x-onerror-alert-2/index.html",
    ):
        text = (out / page).read_text(encoding="utf-8")  # tag and series names, escaped
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text or "{{ 7*7 }}" in text, page


def test_sanitized_links_get_rel_and_unsafe_ones_are_unwrapped() -> None:
    from builder.anchor.markdown.render import render_note

    rendered = render_note(
        '[ok](https://a.example/?x=1&y=2) <a href="javascript:alert(1)">bad</a> '
        "[rel](../x/index.html) &amp; &copy;"
    )
    assert rendered.dropped == ("javascript:alert(1)",)  # the author is told (link-dropped)
    assert rendered.html == (
        '<p><a href="https://a.example/?x=1&amp;y=2" rel="noopener noreferrer">ok</a>'
        ' bad <a href="../x/index.html" rel="noopener noreferrer">rel</a> &amp; ©</p>'
    )


def test_urls_with_characters_that_must_be_encoded_are_refused() -> None:
    from builder.load.schema import url_problem

    assert url_problem("https://a.example/?q=<x>", ("https",))
    assert url_problem("https://a.example/\u202ecod.exe", ("https",))
    assert url_problem("https:///nohost", ("https",))
    assert not url_problem("https://a.example/?q=%3Cx%3E", ("https",))


# --- the XSS corpus: every payload in every field a contributor or author writes ---

PWN = "document.documentElement.dataset.pwned=1"
"""What each payload runs if it ever executes: the Chromium check looks for its mark."""
XSS = [
    "<script>PWN</script>",
    "<img src=x onerror=PWN>",
    "<svg onload=PWN>",
    "<svg><script>PWN</script></svg>",
    "<iframe src=javascript:PWN></iframe>",
    "<iframe srcdoc='<script>PWN</script>'></iframe>",
    '<a href="javascript:PWN">x</a>',
    '<a href="JaVaScRiPt:PWN">x</a>',
    '<a href="jav&#x09;ascript:PWN">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;PWN">x</a>',
    '<a href=" javascript:PWN">x</a>',
    '<a href="javascript&colon;PWN">x</a>',
    '<a href="java\u0000script:PWN">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[md](javascript:PWN)",
    "[md](JAVASCRIPT:PWN)",
    "[md](<javascript:PWN>)",
    "![img](javascript:PWN)",
    '[ref][r]\n\n[r]: javascript:PWN "t"',
    "<body onload=PWN>",
    '<div style="background:url(javascript:PWN)">x</div>',
    "<style>*{background:url(javascript:PWN)}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=PWN>",
    "<form action=javascript:PWN><button>x</button></form>",
    "<input autofocus onfocus=PWN>",
    "<details open ontoggle=PWN>",
    "<object data=javascript:PWN></object>",
    "<embed src=javascript:PWN>",
    "<base href=javascript:PWN//>",
    '<meta http-equiv=refresh content="0;url=javascript:PWN">',
    "<link rel=import href=data:text/html,<script>PWN</script>>",
    '"><script>PWN</script>',
    "'><img src=x onerror=PWN>",
    "</textarea><script>PWN</script>",
    "<!--<script>PWN</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=PWN>">',
    "<scr<script>ipt>PWN</script>",
    '<svg><a xlink:href="javascript:PWN"><text>x</text></a></svg>',
    '<a href="https://ok.example/" onclick="PWN">x</a>',
    "{{ 7*7 }} {% if true %}JINJA{% endif %} ${7*7}",
]
XSS = [p.replace("PWN", PWN) for p in XSS]
URL_FIELDS = {"context url", "source url", "glossary link url", "front-matter source url"}
ACTIVE_TAGS = set(
    "iframe frame frameset object embed applet form input button textarea select style svg math"
    " base video audio noscript details body script meta link".split()
)
"""Tags a payload must never add: the page has as many as the same page built from plain text.

An article's own Markdown may add an `<img>` (checked for its URL like every element)."""
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc"}


def q(text: str) -> str:
    """Write any text as a YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def corpus_site(make_site: MakeSite, payloads: list[str], url: str = "https://ok.example/") -> Path:
    """One article and one glossary entry per payload, the payload in every text field."""
    files: dict[str, str] = {}
    for n, payload in enumerate(payloads):
        files[f"content/articles/p{n:02d}.md"] = (
            f"---\ntitle: {q(payload)}\nauthor: {q(payload)}\nsummary: {q(payload)}\n"
            f"source: {{name: {q(payload)}, url: {q(url)}}}\n---\n"
            f"Alpha beta gamma delta epsilon.\n\n{payload}\n\nZeta eta theta term{n} iota.\n"
        )
        note = q(f"Note {payload}")
        files[f"content/articles/p{n:02d}.annotations.yaml"] = (
            "annotations:\n"
            f"  - {{id: f, kind: footnote, quote: Alpha beta, note: {note}}}\n"
            f"  - {{id: c, kind: context, quote: gamma, url: {q(url)}, title: {q(payload)},"
            f" note: {note}}}\n"
            f"  - {{id: x, kind: fact, quote: delta, note: {note}, verdict: accurate,"
            f" sources: [{{title: {q(payload)}, url: {q(url)}}}]}}\n"
            f"  - {{id: t, kind: term, quote: term{n}, term: term{n}, note: {note}}}\n"
        )
        files[f"content/glossary/term{n}.yaml"] = (
            f"term: {q(f'term{n} {payload}')}\naliases: [{q(f'term{n}')}]\n"
            f"definition: {q(f'Defined {payload}')}\n"
            f"links: [{{title: {q(payload)}, url: {q(url)}}}]\n"
        )
    joined = " ".join(p.replace("\n", " ") for p in payloads[:8])
    site_yaml = f"title: {q('Edition ' + payloads[0])}\ndescription: {q(joined[:900])}\n"
    return make_site(files, site_yaml=site_yaml)


def active_tags(soup: BeautifulSoup) -> Counter[str]:
    return Counter(el.name for el in soup.find_all(ACTIVE_TAGS))


def assert_inert(page: Path, baseline: Path) -> None:
    """Parse a page and find nothing that could run script or leave for a script URL."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    plain = BeautifulSoup(baseline.read_text(encoding="utf-8"), "html.parser")
    assert active_tags(soup) == active_tags(plain), page  # layouts may use them; payloads not
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":  # data for search engines, not code
            assert "<" not in script.string and json.loads(script.string), (page, script)
        elif script.get("type") == "application/json":  # the interface strings, data
            assert script["id"] == "ed-strings" and "<" not in script.string, (page, script)
        else:
            assert not script.string, (page, script)
    for el in soup.find_all(True):
        if el.name == "meta":
            assert not el.has_attr("http-equiv"), (page, el)
        for attr, value in el.attrs.items():
            assert not attr.lower().startswith("on"), (page, el)
            assert attr.lower() not in {"style", "srcdoc", "formaction"}, (page, el)
            if attr.lower() in URL_ATTRIBUTES:
                url = "".join(c for c in html.unescape(str(value)) if c > " ").lower()
                scheme = url.split(":", 1)[0] if re.match(r"[a-z][a-z0-9+.-]*:", url) else ""
                assert scheme in {"", "http", "https", "mailto"}, (page, el)
    assert not soup.find_all(string=lambda s: isinstance(s, Comment)), page


def build_corpus(root: Path, payloads: list[str]) -> Path:
    def make(files: dict[str, str], site_yaml: str) -> Path:
        site = root / "site"
        shutil.copytree(REPO / "layouts", site / "layouts")
        for rel, text in {"site.yaml": site_yaml, **files}.items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text(text, encoding="utf-8")
        return site

    site = corpus_site(make, payloads)
    build_site(site, site / "public")
    return site / "public"


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("xss"), XSS)


def test_every_payload_in_every_field_is_inert(
    corpus_build: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    plain = build_corpus(tmp_path_factory.mktemp("plain"), [f"text {n}" for n in range(len(XSS))])
    pages = sorted(p.relative_to(corpus_build) for p in corpus_build.rglob("*.html"))
    assert (
        len(pages) == 2 * len(XSS) + 5
    )  # each payload: an article and a term; home, archive, glossary, search, 404
    for page in pages:
        assert_inert(corpus_build / page, plain / page)


def test_payloads_are_shown_as_text_where_they_are_text(corpus_build: Path) -> None:
    n = XSS.index("<svg onload=" + PWN + ">")
    soup = BeautifulSoup(
        (corpus_build / f"articles/p{n:02d}/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert soup.h1 is not None and soup.h1.get_text() == XSS[n]  # the title, escaped
    body = soup.select_one("[data-article-body]")
    assert body is not None and XSS[n] in body.get_text()  # raw HTML in an article is text
    jinja = XSS.index("{{ 7*7 }} {% if true %}JINJA{% endif %} ${7*7}")
    page = (corpus_build / f"articles/p{jinja:02d}/index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }} {% if true %}JINJA{% endif %}" in html.unescape(page)
    assert "49" not in page


@pytest.mark.parametrize("field", sorted(URL_FIELDS))
def test_every_payload_as_a_url_is_refused(
    make_site: MakeSite, field: str, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = [p for p in XSS if not p.startswith("{{")]
    files = {"content/articles/a.md": "---\ntitle: A\n---\nAlpha beta gamma term1.\n"}
    entries = [f"  - {{kind: context, quote: gamma, url: {q(u)}}}" for u in urls]
    if field == "source url":
        entries = [
            f"  - {{kind: fact, quote: beta, note: n, verdict: accurate, "
            f"sources: [{{title: s, url: {q(u)}}}]}}"
            for u in urls
        ]
    if field in {"context url", "source url"}:
        files["content/articles/a.annotations.yaml"] = "annotations:\n" + "\n".join(entries)
    if field == "glossary link url":
        links = ", ".join(f"{{title: l, url: {q(u)}}}" for u in urls)
        files["content/glossary/term1.yaml"] = f"term: term1\ndefinition: d\nlinks: [{links}]\n"
    if field == "front-matter source url":
        for n, u in enumerate(urls):
            files[f"content/articles/u{n}.md"] = (
                f"---\ntitle: U\nsource: {{name: s, url: {q(u)}}}\n---\nText.\n"
            )
    site = make_site(files)
    assert main(["build", "--site", str(site), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().err)
    assert {p["code"] for p in problems} == {"bad-url"}
    assert len(problems) == len(urls)  # each payload refused, none slipped through
    assert not (site / "public").exists()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt-get install chromium)")
def test_no_payload_runs_in_a_real_browser(corpus_build: Path, tmp_path: Path) -> None:
    """Load every page in headless Chromium; a payload that ran would leave its mark."""
    pages = sorted(corpus_build.rglob("*.html"))
    harness = tmp_path / "harness.html"
    frames = "".join(f'<iframe src="{p.as_uri()}"></iframe>' for p in pages)
    harness.write_text(
        f"<!DOCTYPE html><title>h</title>{frames}<script>"
        "window.onload = function () {"
        "  var out = [];"
        "  for (var f of document.querySelectorAll('iframe')) {"
        "    var d = f.contentDocument;"
        "    out.push(d && d.documentElement.dataset.pwned ? 'PWNED ' + f.src :"
        "      d && d.querySelector('main') ? 'ok' : 'unread ' + f.src);"
        "  }"
        "  document.body.setAttribute('data-result', out.join('|'));"
        "};</script>",
        encoding="utf-8",
    )
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            str(CHROMIUM),
            *FLAGS,
            f"--user-data-dir={profile}",
            "--allow-file-access-from-files",
            "--virtual-time-budget=10000",
            "--dump-dom",
            harness.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    match = re.search(r'data-result="([^"]*)"', done.stdout)
    assert match, done.stderr[-2000:]
    results = match[1].split("|")
    assert len(results) == len(pages)
    assert results == ["ok"] * len(pages), [r for r in results if r != "ok"]
