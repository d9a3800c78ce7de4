"""One broken input per error: exit status, message, code, location, hint, public/ untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from builder.cli import main
from tests.conftest import MakeSite

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


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def built_site(make_site: MakeSite) -> Path:
    site = make_site(
        {
            "content/articles/rates.md": ARTICLE,
            "content/articles/rates.annotations.yaml": GOOD_SIDECAR,
            "content/glossary/inflation.yaml": GLOSSARY,
        }
    )
    assert main(["build", "--site", str(site), "-q"]) == 0
    return site


SIDECAR = "content/articles/rates.annotations.yaml"

CASES = [
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


@pytest.mark.parametrize(
    ("rel", "content", "where", "code", "message", "hint"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_broken_input_is_reported_and_public_untouched(
    built_site: Path,
    capsys: pytest.CaptureFixture[str],
    rel: str,
    content: str,
    where: str,
    code: str,
    message: str,
    hint: str,
) -> None:
    before = tree_digest(built_site / "public")
    (built_site / rel).write_text(content, encoding="utf-8")
    capsys.readouterr()

    assert main(["build", "--site", str(built_site)]) == 1

    err = capsys.readouterr().err
    head = f"{rel}:{where}: error[{code}]: "
    lines = err.splitlines()
    matching = [i for i, line in enumerate(lines) if line.startswith(head)]
    assert matching, f"no line starting {head!r} in:\n{err}"
    block = "\n".join(lines[matching[0] : matching[0] + 6])
    assert message in block
    assert hint in block
    assert "nothing was written" in err
    assert tree_digest(built_site / "public") == before


def test_not_found_shows_the_closest_passage_with_its_line(
    built_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (built_site / SIDECAR).write_text(
        "annotations:\n  - kind: footnote\n    quote: A lost paragraf which spins\n    note: x\n"
    )
    assert main(["check", "--site", str(built_site)]) == 1
    err = capsys.readouterr().err
    assert 'content/articles/rates.md line 8: "A last paragraph that spans"' in err


def test_ambiguous_lists_each_match_with_its_article_line(
    built_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (built_site / SIDECAR).write_text(
        "annotations:\n  - kind: footnote\n    quote: Prices rose\n    note: x\n"
    )
    assert main(["check", "--site", str(built_site)]) == 1
    err = capsys.readouterr().err
    assert "match 1, content/articles/rates.md line 6:" in err
    assert "match 2, content/articles/rates.md line 6:" in err
    assert "[Prices rose] in April" in err


def test_every_error_is_reported_at_once(
    built_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (built_site / SIDECAR).write_text(
        "annotations:\n  - kind: footnote\n    quote: nowhere\n    note: x\n"
        "  - kind: term\n    quote: Inflation\n    term: nope\n"
        "  - kind: fact\n    quote: raised\n    note: x\n    verdict: true-ish\n"
        "    sources: [{title: S, url: 'ftp://x'}]\n"
    )
    assert main(["check", "--site", str(built_site)]) == 1
    err = capsys.readouterr().err
    assert err.count(": error[") == 3
