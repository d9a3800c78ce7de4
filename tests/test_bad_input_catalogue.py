"""The catalogue of bad input: one case per problem the build refuses.

Each case changes a good, already built site, runs `build`, and asserts the
exit status, the diagnostic's `path:line:col: error[code]:` head and words of
its message, and that public/ is byte for byte what it was. (The first cases,
one per common mistake, are in tests/support/rates.py; test_diagnostics.py runs them.)
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from builder.cli import main
from tests.support.rates import ARTICLE, COMMON_MISTAKES, SIDECAR
from tests.support.sites import REPO
from tests.support.snapshots import tree

GLOSSARY = "content/glossary/inflation.yaml"
ARTICLE_MD = "content/articles/rates.md"
NOTE = "annotations:\n  - id: raised\n    kind: footnote\n    quote: raised\n    note: {}\n"
CONTEXT_URL = "annotations:\n  - kind: context\n    quote: Inflation\n    url: {}\n"
FACT = (
    "annotations:\n  - kind: fact\n    quote: raised\n    note: x\n    verdict: accurate\n"
    "    sources: [{{title: S, url: '{}'}}]\n"
)


@dataclass(frozen=True)
class Symlink:
    target: str
    """Absolute, or relative to the link's folder."""


@dataclass(frozen=True)
class Folder:
    """A folder where a file is expected."""


@dataclass(frozen=True)
class Delete:
    """The file or folder is removed."""


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes | Symlink | Folder | Delete]
    where: str
    """`path:line:col` of the diagnostic."""
    code: str
    message: str
    """Words the diagnostic's message or hint must contain."""
    args: tuple[str, ...] = field(default=())
    env: dict[str, str] = field(default_factory=dict)


NFD_CAFE = unicodedata.normalize("NFD", "café")

CASES = [
    # --- YAML: one loader for every file ---
    Case(
        "alias",
        {
            SIDECAR: "annotations:\n  - &a\n    kind: footnote\n    quote: raised\n    note: x\n"
            "  - *a\n"
        },
        f"{SIDECAR}:2:5",
        "yaml-alias",
        "aliases and anchors are not allowed",
    ),
    Case(
        "merge-key",
        {GLOSSARY: "term: Inflation\ndefinition: x\n<<: {aliases: [prices]}\n"},
        f"{GLOSSARY}:3:1",
        "yaml-alias",
        "merge keys ('<<') are not allowed",
    ),
    Case(
        "python-tag",
        {SIDECAR: "annotations: !!python/object/apply:os.system [echo]\n"},
        f"{SIDECAR}:1:14",
        "yaml-tag",
        "'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    Case(
        "custom-tag",
        {"site.yaml": "title: !secret Test\n"},
        "site.yaml:1:8",
        "yaml-tag",
        "YAML tag '!secret' is not allowed",
    ),
    Case(
        "non-scalar-key",
        {GLOSSARY: "? [a, b]\n: c\nterm: Inflation\ndefinition: x\n"},
        f"{GLOSSARY}:1:3",
        "yaml-key",
        "a key must be plain text",
    ),
    Case(
        "several-documents",
        {GLOSSARY: "term: Inflation\ndefinition: x\n---\nterm: Deflation\n"},
        f"{GLOSSARY}:3:1",
        "yaml-syntax",
        "expected a single document",
    ),
    Case(
        "deep-nesting",
        {SIDECAR: "annotations: " + "[" * 900 + "]" * 900 + "\n"},
        f"{SIDECAR}:1:1",
        "yaml-too-deep",
        "nested too deeply",
    ),
    Case(
        "latin-1",
        {GLOSSARY: b"term: Inflation\ndefinition: caf\xe9 prices\n"},
        f"{GLOSSARY}:2:16",
        "bad-encoding",
        "byte 0xe9 at offset 31 is not valid UTF-8",
    ),
    Case(
        "utf-16",
        {GLOSSARY: "term: Inflation\ndefinition: x\n".encode("utf-16")},
        f"{GLOSSARY}:1:1",
        "bad-encoding",
        "file is UTF-16",
    ),
    Case(
        "yaml-over-1-mib",
        {SIDECAR: b"annotations: []\n" + b"#" * (1 << 20) + b"\n"},
        f"{SIDECAR}:1:1",
        "file-too-large",
        "the limit is 1048576",
    ),
    Case(
        "article-over-2-mib",
        {ARTICLE_MD: ARTICLE + "word " * (420 * 1024)},
        f"{ARTICLE_MD}:1:1",
        "file-too-large",
        "the limit is 2097152",
    ),
    # --- repository: edit links ---
    Case(
        "repository-on-an-unknown-forge",
        {"site.yaml": "title: T\nrepository:\n  url: https://codeberg.org/o/r\n"},
        "site.yaml:3:8",
        "unknown-forge",
        "only GitHub and GitLab addresses are known",
    ),
    Case(
        "repository-template-placeholder",
        {"site.yaml": "title: T\nrepository:\n  url: https://x.org/r\n  view_url: '{file}'\n"},
        "site.yaml:4:13",
        "bad-template",
        "unknown placeholder '{file}'",
    ),
    # --- top levels that are not mappings ---
    Case(
        "site-yaml-is-a-list",
        {"site.yaml": "- title: Test\n"},
        "site.yaml:1:1",
        "wrong-type",
        "site.yaml must be a mapping, not a list",
    ),
    Case(
        "sidecar-is-text",
        {SIDECAR: "just some words\n"},
        f"{SIDECAR}:1:1",
        "wrong-type",
        "the sidecar must be a mapping, not text",
    ),
    Case(
        "glossary-is-a-list",
        {GLOSSARY: "- term: Inflation\n- definition: x\n"},
        f"{GLOSSARY}:1:1",
        "wrong-type",
        "a glossary entry must be a mapping, not a list",
    ),
    Case(
        "front-matter-is-a-list",
        {ARTICLE_MD: "---\n- Rates\n---\nThe central bank raised rates.\n"},
        f"{ARTICLE_MD}:2:1",
        "wrong-type",
        "front matter must be a mapping, not a list",
    ),
    Case(
        "tags-is-text",
        {ARTICLE_MD: "---\ntags: Economy\n---\nThe central bank raised rates.\n"},
        f"{ARTICLE_MD}:2:7",
        "wrong-type",
        "'tags' must be a list, not text",
    ),
    Case(
        "series-without-part",
        {ARTICLE_MD: "---\nseries: {name: Rates}\n---\nThe central bank raised rates.\n"},
        f"{ARTICLE_MD}:2:9",
        "missing-field",
        "'series' is missing required field 'part'",
    ),
    Case(
        "series-part-zero",
        {ARTICLE_MD: "---\nseries: {name: Rates, part: 0}\n---\nThe bank raised rates.\n"},
        f"{ARTICLE_MD}:2:29",
        "wrong-type",
        "'part' must be a whole number from 1",
    ),
    Case(
        "tag-twice",
        {ARTICLE_MD: "---\ntags: [Economy, Trade, economy]\n---\nThe bank raised rates.\n"},
        f"{ARTICLE_MD}:2:24",
        "duplicate-tag",
        "tag 'economy' is listed twice (as 'Economy'); first at content/articles/rates.md:2:8",
    ),
    Case(
        "tag-without-letters",
        {ARTICLE_MD: "---\ntags: ['%%']\n---\nThe bank raised rates.\n"},
        f"{ARTICLE_MD}:2:8",
        "bad-name",
        "tag '%%' cannot name a page: it has no letter or digit",
    ),
    Case(
        "tags-that-make-one-page",
        {
            ARTICLE_MD: "---\ntags: [Économie]\n---\nThe bank raised rates.\n",
            "content/articles/more.md": "---\ntags: [ÉCONOMIE]\n---\nMore.\n",
        },
        "content/articles/rates.md:2:8",
        "name-collision",
        "tag 'Économie' and tag 'ÉCONOMIE' (at content/articles/more.md:2:8) would both make "
        "the page tags/économie/",
    ),
    Case(
        "series-part-twice",
        {
            ARTICLE_MD: "---\nseries: {name: Rates, part: 1}\n---\nThe bank raised rates.\n",
            "content/articles/more.md": "---\nseries:\n  name: Rates\n  part: 1\n---\nMore.\n",
        },
        "content/articles/rates.md:2:29",
        "duplicate-series-part",
        "'content/articles/rates.md' and 'content/articles/more.md' are both part 1 of the "
        "series 'Rates'",
    ),
    Case(
        "annotation-is-text",
        {SIDECAR: "annotations:\n  - raised interest rates\n"},
        f"{SIDECAR}:2:5",
        "wrong-type",
        "an annotation must be a mapping, not text",
    ),
    Case(
        "empty-sidecar",
        {SIDECAR: "# nothing yet\n"},
        f"{SIDECAR}:1:1",
        "missing-field",
        "missing required field 'annotations'",
    ),
    Case(
        "annotations-is-a-mapping",
        {SIDECAR: "annotations:\n  kind: footnote\n"},
        f"{SIDECAR}:2:3",
        "wrong-type",
        "'annotations' must be a list, not a mapping",
    ),
    # --- schema: fields, empty text, ids ---
    Case(
        "unknown-glossary-field",
        {GLOSSARY: "term: Inflation\ndefintion: x\n"},
        f"{GLOSSARY}:2:1",
        "unknown-field",
        "did you mean 'definition'?",
    ),
    Case(
        "unknown-site-field",
        {"site.yaml": "title: Test\ndescriptoin: x\n"},
        "site.yaml:2:1",
        "unknown-field",
        "did you mean 'description'?",
    ),
    Case(
        "home-latest-not-a-number",
        {"site.yaml": "title: Test\nhome:\n  latest: all\n"},
        "site.yaml:3:11",
        "wrong-type",
        "'latest' must be a whole number from 1, not 'all'",
    ),
    Case(
        "empty-quote",
        {SIDECAR: 'annotations:\n  - kind: footnote\n    quote: ""\n    note: x\n'},
        f"{SIDECAR}:3:12",
        "empty-field",
        "'quote' is empty",
    ),
    Case(
        "whitespace-note",
        {SIDECAR: NOTE.format('"  \\t "')},
        f"{SIDECAR}:5:11",
        "empty-field",
        "'note' is empty",
    ),
    Case(
        "whitespace-term",
        {GLOSSARY: 'term: "   "\ndefinition: x\n'},
        f"{GLOSSARY}:1:7",
        "empty-field",
        "'term' is empty",
    ),
    Case(
        "empty-alias",
        {GLOSSARY: 'term: Inflation\ndefinition: x\naliases: [prices, ""]\n'},
        f"{GLOSSARY}:3:19",
        "empty-field",
        "'aliases' is empty",
    ),
    Case(
        "null-quote",
        {SIDECAR: "annotations:\n  - kind: footnote\n    quote:\n    note: x\n"},
        f"{SIDECAR}:3:5",
        "missing-field",
        "missing required field 'quote'",
    ),
    Case(
        "occurrence-zero",
        {
            SIDECAR: "annotations:\n  - kind: footnote\n    quote: Prices rose\n    occurrence: 0\n"
            "    note: x\n"
        },
        f"{SIDECAR}:4:17",
        "wrong-type",
        "'occurrence' must be a whole number from 1, not '0'",
    ),
    Case(
        "bad-verdict",
        {
            SIDECAR: "annotations:\n  - kind: fact\n    quote: raised\n    note: x\n"
            "    verdict: mostly-true\n    sources: [{title: S, url: 'https://s.example/'}]\n"
        },
        f"{SIDECAR}:5:14",
        "bad-value",
        "did you mean 'mostly-accurate'?",
    ),
    Case(
        "fact-without-sources",
        {
            SIDECAR: "annotations:\n  - kind: fact\n    quote: raised\n    note: x\n"
            "    verdict: accurate\n    sources: []\n"
        },
        f"{SIDECAR}:6:14",
        "missing-field",
        "a fact note needs at least one source",
    ),
    Case(
        "glossary-ids-collide",
        {"content/glossary/inflation.yml": "term: Price rises\ndefinition: x\n"},
        "content/glossary/inflation.yml:1:1",
        "duplicate-id",
        "duplicate glossary id 'inflation' (first used at content/glossary/inflation.yaml",
    ),
    Case(
        "term-names-collide-nfc-nfd",
        {
            "content/glossary/cafe.yaml": "term: café\ndefinition: x\n",
            "content/glossary/coffee-house.yaml": "term: Coffee house\ndefinition: x\n"
            f"aliases: [{NFD_CAFE}]\n",
        },
        "content/glossary/coffee-house.yaml:3:11",  # the alias itself
        "duplicate-term",
        "'café' is also a name of glossary entry 'cafe'",
    ),
    Case(
        "annotation-ids-collide-after-casefold",
        {
            SIDECAR: "annotations:\n  - id: raised\n    kind: footnote\n    quote: raised\n"
            "    note: x\n  - id: RAISED\n    kind: footnote\n    quote: Inflation\n    note: y\n"
        },
        f"{SIDECAR}:6:9",
        "bad-id",
        "'RAISED' is not a valid id",
    ),
    Case(
        "unknown-see-also",
        {GLOSSARY: "term: Inflation\ndefinition: x\nsee_also: [inflation, deflation]\n"},
        f"{GLOSSARY}:3:23",  # the id that names nothing
        "unknown-term",
        "see_also names no glossary entry 'deflation'",
    ),
    Case(
        "note-too-long",
        {SIDECAR: NOTE.format("x" * 10_001)},
        f"{SIDECAR}:5:11",
        "too-long",
        "limit 10000 characters",
    ),
    Case(
        "note-too-many-brackets",
        {SIDECAR: NOTE.format('"' + "[" * 301 + '"')},
        f"{SIDECAR}:5:11",
        "too-long",
        "300 '['",
    ),
    Case(
        "title-too-long",
        {ARTICLE_MD: f"---\ntitle: {'T' * 1001}\n---\nThe central bank raised rates.\n"},
        f"{ARTICLE_MD}:2:8",
        "too-long",
        "'title' is 1001 characters; the limit is 1000",
    ),
    Case(
        "front-matter-unclosed",
        {ARTICLE_MD: "---\ntitle: Rates\nThe central bank raised rates.\n"},
        f"{ARTICLE_MD}:1:1",
        "front-matter",
        "has no closing '---' line",
    ),
    # --- URLs ---
    Case(
        "javascript-mixed-case",
        {SIDECAR: CONTEXT_URL.format("JaVaScRiPt:alert(1)")},
        f"{SIDECAR}:4:10",
        "bad-url",
        "must start with http: or https: or mailto:",
    ),
    Case(
        "javascript-with-tab",
        {SIDECAR: CONTEXT_URL.format('"java\\tscript:alert(1)"')},
        f"{SIDECAR}:4:10",
        "bad-url",
        "control or direction-changing characters",
    ),
    Case(
        "javascript-entity-encoded",
        {SIDECAR: CONTEXT_URL.format('"&#106;avascript:alert(1)"')},
        f"{SIDECAR}:4:10",
        "bad-url",
        "must start with http:",
    ),
    Case(
        "data-url",
        {SIDECAR: CONTEXT_URL.format("'data:text/html;base64,PHNjcmlwdD4='")},
        f"{SIDECAR}:4:10",
        "bad-url",
        "must start with http:",
    ),
    Case(
        "vbscript-in-glossary-link",
        {GLOSSARY: "term: Inflation\ndefinition: x\nlinks:\n  - {title: L, url: 'vbscript:x'}\n"},
        f"{GLOSSARY}:4:21",
        "bad-url",
        "must start with http:",
    ),
    Case(
        "url-without-host",
        {SIDECAR: CONTEXT_URL.format("https:///path")},
        f"{SIDECAR}:4:10",
        "bad-url",
        "has no host",
    ),
    Case(
        "url-with-unclosed-ipv6-bracket",  # found by the fuzzer: urlsplit raised ValueError
        {SIDECAR: CONTEXT_URL.format("'https://[oops/'")},
        f"{SIDECAR}:4:10",
        "bad-url",
        "is not a valid address (Invalid IPv6 URL)",
    ),
    Case(
        "url-with-space",
        {SIDECAR: CONTEXT_URL.format("https://a.example/two words")},
        f"{SIDECAR}:4:10",
        "bad-url",
        "contains spaces",
    ),
    Case(
        "url-with-bidi-override",
        {SIDECAR: CONTEXT_URL.format('"https://a.example/\\u202egnp.exe"')},
        f"{SIDECAR}:4:10",
        "bad-url",
        "direction-changing",
    ),
    Case(
        "ftp-source",
        {SIDECAR: FACT.format("ftp://files.example/report.pdf")},
        f"{SIDECAR}:6:31",
        "bad-url",
        "must start with http:",
    ),
    Case(
        "mailto-without-address",
        {SIDECAR: FACT.format("mailto:")},
        f"{SIDECAR}:6:31",
        "bad-url",
        "has no address",
    ),
    Case(
        "base-url-mailto",
        {"site.yaml": "title: Test\nbase_url: mailto:editor@example.org\n"},
        "site.yaml:2:11",
        "bad-url",
        "must start with http: or https:",
    ),
    Case(
        "source-url-in-front-matter",
        {ARTICLE_MD: "---\ntitle: Rates\nsource: {name: P, url: 'javascript:x'}\n---\nText.\n"},
        f"{ARTICLE_MD}:3:24",
        "bad-url",
        "must start with http:",
    ),
    Case(
        "plain-http-is-an-error-with-strict",
        {SIDECAR: CONTEXT_URL.format("http://a.example/")},
        f"{SIDECAR}:4:10",
        "insecure-url",
        "uses plain http",
        ("--strict",),
    ),
    # --- each diagnostic at the node it is about ---
    Case(
        "duplicate-annotation-id-at-the-second-id",
        {
            SIDECAR: "annotations:\n  - id: raised\n    kind: footnote\n    quote: raised\n"
            "    note: x\n  - kind: footnote\n    id: raised\n    quote: Inflation\n    note: y\n"
        },
        f"{SIDECAR}:7:9",
        "duplicate-id",
        f"duplicate annotation id 'raised' (first used at {SIDECAR}:2:9)",
    ),
    Case(
        "prefix-that-never-precedes-the-quote",
        {
            SIDECAR: "annotations:\n  - kind: footnote\n    quote: Prices rose\n"
            "    prefix: Wages fell.\n    suffix: in April\n    note: x\n"
        },
        f"{SIDECAR}:4:13",
        "quote-context-mismatch",
        "never with this prefix/suffix",
    ),
    Case(
        "suffix-that-never-follows-the-quote",
        {
            SIDECAR: "annotations:\n  - kind: footnote\n    quote: Prices rose\n"
            "    prefix: Inflation fell.\n    suffix: in May\n    note: x\n"
        },
        f"{SIDECAR}:5:13",
        "quote-context-mismatch",
        "never with this prefix/suffix",
    ),
    Case(
        "occurrence-out-of-range",
        {
            SIDECAR: "annotations:\n  - kind: footnote\n    quote: Prices rose\n"
            "    occurrence: 3\n    note: x\n"
        },
        f"{SIDECAR}:4:17",
        "occurrence-out-of-range",
        "only 2 time(s)",
    ),
    Case(
        "drifted-quote-with-strict",
        {
            SIDECAR: "annotations:\n  - kind: footnote\n    quote: raised intrest rates\n"
            "    note: x\n"
        },
        f"{SIDECAR}:3:12",
        "quote-drifted",
        "quote has drifted",
        ("--strict",),
    ),
    Case(
        "unused-term-in-a-yml-file-with-strict",
        {"content/glossary/zebra.yml": "term: Zebra crossing\ndefinition: x\n"},
        "content/glossary/zebra.yml:1:1",  # the file as it is named
        "unused-term",
        "no article uses glossary term 'zebra'",
        ("--strict",),
    ),
    Case(
        "yml-sidecar-is-read",
        {"content/articles/rates.annotations.yml": NOTE.format("''")},
        "content/articles/rates.annotations.yml:1:1",
        "duplicate-sidecar",
        "are both sidecars of article 'rates'",
    ),
    Case(
        "error-in-a-yml-sidecar-names-it",
        {
            SIDECAR: Delete(),
            "content/articles/rates.annotations.yml": "annotations:\n  - kind: footnote\n"
            "    quote: raised\n    note: x\n    colour: red\n",
        },
        "content/articles/rates.annotations.yml:5:5",
        "unknown-field",
        "unknown field 'colour'",
    ),
    Case(
        "site-yml-instead-of-site-yaml",
        {"site.yaml": Delete(), "site.yml": "title: Test\n"},
        "site.yml:1:1",
        "missing-config",
        "must be named site.yaml, not site.yml",
    ),
    Case(
        "no-articles-folder",
        {"content/articles": Delete()},
        "content/articles:1:1",
        "missing-articles",
        "content/articles",
    ),
    Case(
        "template-error-at-its-line",
        {
            "layouts/home.html": '{% extends "base.html" %}\n{% block main %}\n{{ nothing.here }}'
            "\n{% endblock %}\n"
        },
        "layouts/home.html:3:1",
        "template-error",
        "nothing",
    ),
    Case(
        "note-link-dropped-by-the-sanitizer-with-strict",
        {SIDECAR: NOTE.format("'See [this](javascript:alert(1)).'")},
        f"{SIDECAR}:5:11",
        "link-dropped",
        "'javascript:alert(1)' is not an http, https or mailto address",
        ("--strict",),
    ),
    Case(
        "definition-link-dropped-by-the-sanitizer-with-strict",
        {
            GLOSSARY: "term: Inflation\n"
            "definition: 'Compare <a href=\"data:text/html,x\">this</a>.'\n"
        },
        f"{GLOSSARY}:2:13",
        "link-dropped",
        "'data:text/html,x' is not",
        ("--strict",),
    ),
    # --- the author's own footnotes ([^1] in an article) ---
    Case(
        "footnote-reference-without-definition-with-strict",
        {ARTICLE_MD: ARTICLE.replace("again.", "again.[^why]")},
        f"{ARTICLE_MD}:4:48",
        "author-note-undefined",
        "footnote reference [^why] has no definition",
        ("--strict",),
    ),
    Case(
        "footnote-never-referred-to-with-strict",
        {ARTICLE_MD: ARTICLE + "\n[^spare]: Never used.\n"},
        f"{ARTICLE_MD}:11:1",
        "author-note-unused",
        "the text never refers to it",
        ("--strict",),
    ),
    Case(
        "footnote-defined-twice",
        {ARTICLE_MD: ARTICLE.replace("again.", "again.[^n]") + "\n[^n]: One.\n[^n]: Two.\n"},
        f"{ARTICLE_MD}:12:1",
        "author-note-duplicate",
        "defined more than once (first at line 11)",
    ),
    Case(
        "malformed-source-date-epoch",
        {},
        "SOURCE_DATE_EPOCH:1:1",
        "bad-environment",
        "must be a whole number of seconds, not 'abc'",
        env={"SOURCE_DATE_EPOCH": "abc"},
    ),
    # --- paths ---
    Case(
        "slug-with-capitals",
        {"content/articles/Rates.md": ARTICLE},
        "content/articles/Rates.md:1:1",
        "bad-slug",
        "does not make a valid slug",
    ),
    Case(
        "reserved-slug",
        {"content/articles/con.md": ARTICLE},
        "content/articles/con.md:1:1",
        "reserved-name",
        "reserved device name",
    ),
    Case(
        "reserved-glossary-id",
        {"content/glossary/nul.yaml": "term: Nul\ndefinition: x\n"},
        "content/glossary/nul.yaml:1:1",
        "reserved-name",
        "reserved device name",
    ),
    Case(
        "two-files-one-slug",
        {"content/articles/rates.txt": "## Rates\n\nText.\n"},
        "content/articles/rates.txt:1:1",
        "duplicate-slug",
        "'content/articles/rates.txt' and 'content/articles/rates.md' both make the page",
    ),
    Case(
        "article-symlink-outside-site",
        {"content/articles/leak.md": Symlink("/etc/hostname")},
        "content/articles/leak.md:1:1",
        "unsafe-path",
        "outside the site folder",
    ),
    Case(
        "glossary-folder-symlink-outside-site",
        {"content/glossary/more": Symlink("/etc")},
        "content/glossary/more:1:1",
        "unsafe-path",
        "outside the site folder",
    ),
    Case(
        "layout-symlink-outside-site",
        {"layouts/partials/byline.html": Symlink("/etc/hostname")},
        "layouts/partials/byline.html:1:1",
        "unsafe-path",
        "outside the site folder",
    ),
    Case(
        "static-symlink-to-sources",
        {"layouts/static/leak.txt": Symlink("../../content/articles/rates.md")},
        "layouts/static/leak.txt:1:1",
        "unsafe-path",
        "outside layouts/static",
    ),
    Case(
        "article-is-a-folder",
        {"content/articles/notes.md": Folder()},
        "content/articles/notes.md:1:1",
        "unreadable",
        "is not a regular file",
    ),
    Case(
        "assets-differ-only-in-case",
        {"layouts/static/Style.css": "p {}\n"},
        "layouts/static/style.css:1:1",
        "output-collision",
        "'layouts/static/style.css' and 'layouts/static/Style.css' both write",
    ),
    Case(
        "assets-differ-only-in-normalization",
        {"layouts/static/café.css": "p {}\n", f"layouts/static/{NFD_CAFE}.css": "a {}\n"},
        "layouts/static/café.css:1:1",
        "output-collision",
        "both write assets/",
    ),
    Case(
        "asset-with-reserved-name",
        {"layouts/static/aux.css": "p {}\n"},
        "layouts/static/aux.css:1:1",
        "unsafe-path",
        "reserved device name",
    ),
    # --- the rendered site, validated before the swap ---
    Case(
        "note-links-to-a-missing-page",
        {SIDECAR: NOTE.format("'See [there](../nowhere/index.html).'")},
        f"{SIDECAR}:5:24",
        "broken-link",
        "which the build does not produce",
    ),
    Case(
        "note-links-to-a-missing-fragment",
        {SIDECAR: NOTE.format("'See [below](#nowhere).'")},
        f"{SIDECAR}:5:24",
        "missing-fragment",
        "names no element of the page",
    ),
    Case(
        "note-links-to-a-folder",
        {SIDECAR: NOTE.format("'See [terms](../../glossary/).'")},
        f"{SIDECAR}:5:24",
        "broken-link",
        "../../glossary/index.html",
    ),
    Case(
        "note-links-from-the-server-root",
        {SIDECAR: NOTE.format("'See [about](/about/index.html).'")},
        f"{SIDECAR}:5:24",
        "broken-link",
        "starts at the server's root",
    ),
    Case(
        "note-links-outside-the-site",
        {SIDECAR: NOTE.format("'See [x](../../../x.html).'")},
        f"{SIDECAR}:5:20",
        "broken-link",
        "points outside the site",
    ),
    Case(
        "article-links-to-a-missing-fragment-elsewhere",
        {ARTICLE_MD: ARTICLE + "\nSee [the term](../../glossary/inflation/index.html#nope).\n"},
        f"{ARTICLE_MD}:11:16",
        "missing-fragment",
        "names no element of glossary/inflation",
    ),
    Case(
        "definition-links-to-a-missing-page",
        {
            GLOSSARY: "term: Inflation\n"
            "definition: 'Compare [deflation](../deflation/index.html).'\n"
        },
        f"{GLOSSARY}:2:34",
        "broken-link",
        "glossary/deflation/index.html",
    ),
    Case(
        "layout-repeats-an-id",
        {
            "layouts/home.html": '{% extends "base.html" %}\n{% block main %}<p id="main">x</p>'
            "{% endblock %}\n"
        },
        "layouts/base.html:25:7",  # <main id="main"> in base.html
        "duplicate-html-id",
        "the id 'main' appears 2 times",
    ),
    # --- interface strings (layouts/strings/) and languages ---
    Case(
        "site-language-is-not-a-tag",
        {"site.yaml": "title: T\nlanguage: English\n"},
        "site.yaml:2:11",
        "bad-language",
        "'English' is not a language tag",
    ),
    Case(
        "article-language-unknown-to-cldr",
        {"content/articles/other.md": "---\ntitle: O\nlanguage: qq\n---\nText.\n"},
        "content/articles/other.md:3:11",
        "bad-language",
        "'qq' is not a language CLDR knows",
    ),
    Case(
        "strings-plural-without-other",
        {"layouts/strings/en.yaml": 'toolbar.show: "Show"\ncount.fact:\n  one: "{n} check"\n'},
        "layouts/strings/en.yaml:3:3",
        "strings-shape",
        "the plural string 'count.fact' has no 'other' form",
    ),
    Case(
        "strings-placeholder-the-layout-does-not-give",
        {"layouts/strings/en.yaml": 'search.none: "Nothing for {querry}."\n'},
        "layouts/strings/en.yaml:1:14",
        "strings-placeholder",
        "uses {querry}, which its layouts do not give",
    ),
    Case(
        "strings-key-typo-is-an-error-with-strict",
        {"layouts/strings/en.yaml": 'toolbar.shwo: "Show"\n'},
        "layouts/strings/en.yaml:1:15",
        "strings-unknown-key",
        "did you mean 'toolbar.show'?",
        ("--strict",),
    ),
    Case(
        "language-without-strings-is-an-error-with-strict",
        {"site.yaml": "title: T\nlanguage: it\n"},
        "site.yaml:2:11",
        "strings-missing",
        "the interface is in English",
        ("--strict",),
    ),
    Case(
        "layout-template-missing",
        {"layouts/glossary_term.html": Folder()},
        "layouts/glossary_term.html:1:1",
        "template-missing",
        "not found",
    ),
]


def apply(site: Path, files: dict[str, str | bytes | Symlink | Folder | Delete]) -> None:
    for rel, content in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() or path.is_symlink():
            path.unlink()
        elif path.is_dir() and isinstance(content, Delete):
            shutil.rmtree(path)
        if isinstance(content, Delete):
            continue
        if isinstance(content, Symlink):
            os.symlink(content.target, path)
        elif isinstance(content, Folder):
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def test_the_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_refused_and_public_is_untouched(
    built_site: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    case: Case,
) -> None:
    public = built_site / "public"
    before = tree(public)
    apply(built_site, case.files)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    capsys.readouterr()

    checked = main(["check", "--site", str(built_site), *case.args])
    check_err = capsys.readouterr().err
    status = main(["build", "--site", str(built_site), *case.args])

    err = capsys.readouterr().err
    assert status == 1, err
    assert (checked, check_err) == (status, err), "check and build must report the same"
    head = f"{case.where}: error[{case.code}]: "
    lines = err.splitlines()
    found = [i for i, line in enumerate(lines) if line.startswith(head)]
    assert found, f"no line starting {head!r} in:\n{err}"
    assert any(case.message in "\n".join(lines[i : i + 4]) for i in found), err
    assert "nothing was written" in err
    assert tree(public) == before
    assert not list(built_site.glob(".public.tmp-*"))


def emitted_codes() -> set[str]:
    """Every diagnostic code the builder's source can emit, read from its syntax tree."""
    codes: set[str] = set()
    for module in sorted((REPO / "builder").rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                position = {
                    "error": 1,
                    "warning": 1,
                    "fail": 1,
                    "Diagnostic": 2,
                    "AnchorProblem": 0,
                }
                args = node.args
                if name in position and len(args) > position[name]:
                    arg = args[position[name]]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        codes.add(arg.value)
            elif isinstance(node, ast.Tuple) and len(node.elts) == 3:  # site_check's problems
                first = node.elts[0]
                if isinstance(first, ast.Constant) and first.value in {
                    "broken-link",
                    "missing-fragment",
                }:
                    codes.add(first.value)
    return codes


NOT_IN_A_SOURCE_FILE = {
    "bad-output": "about --out, a folder the build would replace (tests/test_output.py)",
    "write-failed": "the output folder cannot be written (tests/test_output.py)",
    "output-locked": "another build holds the lock (tests/test_output.py)",
    "cache-damaged": "a record of .cache/ changed during the build (tests/test_incremental.py)",
    "import-incomplete": "an annotation of an export being imported (tests/test_import_notes.py)",
}


def test_every_code_is_located_by_some_case() -> None:
    """Each code a source file can cause has a case pinning its line and column."""
    located = {case.code for case in CASES} | {case[4] for case in COMMON_MISTAKES}
    assert emitted_codes() - located == set(NOT_IN_A_SOURCE_FILE)


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    table = (REPO / "docs/diagnostics.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", table, re.M))
    emitted = emitted_codes()
    assert len(emitted) > 40
    assert emitted - documented == set(), "codes missing from docs/diagnostics.md"
    assert documented - emitted == set(), "documented codes the builder never emits"
