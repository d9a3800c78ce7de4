"""The rates site: an article, its sidecar and a glossary entry that the diagnostics tests
break one file at a time (built by the `built_site` fixture), and its common mistakes.

Each common mistake is a broken file of the rates site, with the location, code and words
its diagnostic must have; tests/test_diagnostics.py runs them and
tests/test_bad_input_catalogue.py counts their codes as located.
"""

from __future__ import annotations

ARTICLE = """\
---
title: Rates
---
The central bank raised *interest rates* again.

Inflation fell. Prices rose in March. Prices rose in April.

A last paragraph
that spans two lines.
"""
GLOSSARY = "term: Inflation\ndefinition: A general rise in prices.\n"
GOOD_SIDECAR = """\
annotations:
  - id: raised
    kind: footnote
    quote: raised interest rates
    note: Fine.
"""

SIDECAR = "content/articles/rates.annotations.yaml"

FILES = {
    "content/articles/rates.md": ARTICLE,
    SIDECAR: GOOD_SIDECAR,
    "content/glossary/inflation.yaml": GLOSSARY,
}
"""The rates site's files, for `make_site`."""

COMMON_MISTAKES = [
    # (id, file, content, expected location, code, words in the message, words in the hint)
    (
        "yaml-syntax",
        SIDECAR,
        'annotations:\n  - kind: footnote\n    quote: "open\n',
        "4:1",
        "yaml-syntax",
        "YAML syntax error",
        "quote",
    ),
    (
        "duplicate-key",
        SIDECAR,
        "annotations:\n  - kind: footnote\n    quote: raised\n    quote: again\n    note: x\n",
        "4:5",
        "duplicate-key",
        "duplicate key 'quote' (first at line 3)",
        "remove one",
    ),
    (
        "unknown-kind",
        SIDECAR,
        "annotations:\n  - kind: footnotes\n    quote: raised\n",
        "2:11",
        "bad-value",
        "'footnotes' is not a valid kind",
        "did you mean 'footnote'",
    ),
    (
        "unknown-field",
        SIDECAR,
        "annotations:\n  - kind: fact\n    quote: raised\n    note: x\n    verdict: accurate\n"
        "    sourse: []\n",
        "6:5",
        "unknown-field",
        "unknown field 'sourse'",
        "did you mean 'sources'",
    ),
    (
        "missing-field",
        SIDECAR,
        "annotations:\n  - kind: footnote\n    quote: raised\n",
        "2:5",
        "missing-field",
        "missing required field 'note'",
        "add `note:`",
    ),
    (
        "wrong-type",
        SIDECAR,
        "annotations:\n  - kind: footnote\n    quote: [raised]\n    note: x\n",
        "3:12",
        "wrong-type",
        "'quote' must be text, not a list",
        "",
    ),
    (
        "bad-id",
        SIDECAR,
        "annotations:\n  - id: Bad_Id\n    kind: footnote\n    quote: raised\n    note: x\n",
        "2:9",
        "bad-id",
        "'Bad_Id' is not a valid id",
        "lowercase",
    ),
    (
        "quote-not-found",
        SIDECAR,
        "annotations:\n  - kind: footnote\n    quote: lifted the interest rates up again\n"
        "    note: x\n",
        "3:12",
        "quote-not-found",
        "quote not found in article 'rates': \"lifted the interest",
        'quote: "raised interest rates again"',
    ),
    (
        "quote-ambiguous",
        SIDECAR,
        "annotations:\n  - kind: footnote\n    quote: Prices rose\n    note: x\n",
        "3:12",
        "quote-ambiguous",
        "quote matches 2 places",
        "prefix",
    ),
    (
        "quote-crosses-blocks",
        SIDECAR,
        "annotations:\n  - kind: footnote\n    quote: again. Inflation fell\n    note: x\n",
        "3:12",
        "quote-crosses-blocks",
        "runs across two paragraphs",
        "inside one paragraph",
    ),
    (
        "unknown-term",
        SIDECAR,
        "annotations:\n  - kind: term\n    quote: Inflation\n    term: inflaton\n",
        "4:11",
        "unknown-term",
        "no glossary entry 'inflaton'",
        "did you mean 'inflation'",
    ),
    (
        "bad-url",
        SIDECAR,
        "annotations:\n  - kind: context\n    quote: Inflation\n    url: javascript:alert(1)\n",
        "4:10",
        "bad-url",
        "'url' must start with http: or https:",
        "https://",
    ),
    (
        "duplicate-annotation-id",
        SIDECAR,
        "annotations:\n  - id: a\n    kind: footnote\n    quote: raised\n    note: x\n"
        "  - id: a\n    kind: footnote\n    quote: Inflation\n    note: y\n",
        "6:9",
        "duplicate-id",
        f"duplicate annotation id 'a' (first used at {SIDECAR}:2:9)",
        "different id",
    ),
    (
        "orphan-sidecar",
        "content/articles/rate.annotations.yaml",
        GOOD_SIDECAR,
        "1:1",
        "orphan-sidecar",
        "no article 'rate' for this sidecar",
        "rename it",
    ),
    (
        "glossary-missing-definition",
        "content/glossary/inflation.yaml",
        "term: Inflation\n",
        "1:1",
        "missing-field",
        "missing required field 'definition'",
        "add `definition:`",
    ),
    (
        "site-yaml-bad-auto-link",
        "site.yaml",
        "title: T\nglossary:\n  auto_link: some\n",
        "3:14",
        "bad-value",
        "'some' is not a valid auto_link",
        "use one of",
    ),
    (
        "front-matter-bad-date",
        "content/articles/rates.md",
        "---\ntitle: Rates\ndate: April 2013\n---\nThe central bank raised interest rates.\n",
        "3:7",
        "bad-date",
        "'date' must be a date like 2013-04-19",
        "YYYY-MM-DD",
    ),
]
