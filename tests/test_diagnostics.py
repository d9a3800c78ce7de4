"""One broken input per error: exit status, message, code, location, hint, public/ untouched.

The rates site and its common mistakes are in tests/support/rates.py (the catalogue of
bad input counts their codes too).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.cli import main
from tests.support.rates import COMMON_MISTAKES, SIDECAR
from tests.support.snapshots import tree


@pytest.mark.parametrize(
    ("rel", "content", "where", "code", "message", "hint"),
    [case[1:] for case in COMMON_MISTAKES],
    ids=[case[0] for case in COMMON_MISTAKES],
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
    before = tree(built_site / "public")
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
    assert tree(built_site / "public") == before


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
