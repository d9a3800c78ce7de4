"""`review BASE` on a scratch git repository: each kind of change, its Markdown and JSON,
and the exit codes (0 reported, 1 a changed file has an error, 2 bad revision / no repo)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from builder.cli import main
from builder.commands.review_report import word_diff
from tests.support.sites import MakeSite, write_site

ARTICLE = "content/articles/rates.md"
SIDECAR = "content/articles/rates.annotations.yaml"
FILES = {
    ARTICLE: """\
        ---
        title: Rates
        ---
        The central bank raised *interest rates* again in March.

        Inflation fell. Prices rose in March. Prices rose in April.

        A last paragraph about wages.
        """,
    SIDECAR: """\
        annotations:
          - id: raised
            kind: footnote
            quote: raised interest rates
            note: The bank raised them by a quarter point.
          - id: prices
            kind: fact
            quote: Prices rose in March
            verdict: accurate
            note: The index rose.
            sources:
              - {title: Index, url: "https://example.org/index"}
          - id: wages
            kind: footnote
            quote: about wages
            note: Wages lagged.
        """,
    "content/glossary/inflation.yaml": "term: Inflation\ndefinition: A general rise in prices.\n",
    "content/glossary/rates.yaml": "term: Interest rate\ndefinition: The price of money.\n",
}


def git(site: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=T", *args],
        cwd=site,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(make_site: MakeSite) -> Path:
    """The site in a fresh git repository, one commit, tagged `base`."""
    site = make_site(FILES, layouts=False)
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "base")
    git(site, "tag", "base")
    return site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def review(
    site: Path, capsys: pytest.CaptureFixture[str], fmt: str = "markdown"
) -> tuple[int, str, str]:
    code = main(["review", "base", "--site", str(site), "--format", fmt])
    out, err = capsys.readouterr()
    return code, out, err


def test_no_change_reports_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = review(repo, capsys)
    assert code == 0
    assert "No article, sidecar or glossary entry changed." in out


def test_sidecar_changes_field_by_field(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sidecar = repo / SIDECAR
    edit(sidecar, "by a quarter point.", "by half a point.")
    edit(sidecar, "verdict: accurate", "verdict: misleading")
    edit(
        sidecar,
        '- {title: Index, url: "https://example.org/index"}',
        '- {title: Survey, url: "https://example.org/survey"}',
    )
    edit(sidecar, "quote: Prices rose in March", "quote: Prices rose\n    suffix: ' in April'")
    edit(sidecar, "  - id: wages\n    kind: footnote\n", "  - id: wages\n    kind: context\n")
    edit(sidecar, "    note: Wages lagged.\n", '    url: "https://example.org/wages"\n')
    sidecar.write_text(
        sidecar.read_text()
        + "  - id: fell\n    kind: footnote\n    quote: Inflation fell\n    note: New.\n"
    )
    code, out, err = review(repo, capsys)
    assert (code, err) == (0, "")
    assert "- **footnote** `raised` changed (line 2)" in out
    assert "note: The bank raised them by **half** a ~~quarter~~ point." in out
    assert "- **fact** `prices` changed (line 6)" in out
    assert "verdict: accurate → misleading" in out
    assert "sources: + Survey \\<https://example.org/survey\\>; − Index" in out
    assert (
        "quote moved: Inflation fell. \\[Prices rose in March\\]. Prices rose in April. → "
        "Inflation fell. Prices rose in March. \\[Prices rose\\] in April."
    ) in out
    assert "- **context** `wages` changed" in out and "kind: footnote → context" in out
    assert "- **footnote** `fell` added (line 18)" in out
    assert "  > **Inflation fell**. Prices rose in March." in out


def test_removed_annotation_shows_its_old_passage(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sidecar = repo / SIDECAR
    text = sidecar.read_text()
    sidecar.write_text(text[: text.index("  - id: wages")])
    code, out, _ = review(repo, capsys)
    assert code == 0
    assert "- **footnote** `wages` removed (line 13)" in out
    assert "  > …A last paragraph **about wages**" in out


def test_article_edits_show_paragraphs_and_annotations_that_moved_or_broke(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo / ARTICLE, "raised *interest rates*", "raised *interest  rate*")
    edit(repo / ARTICLE, "A last paragraph about wages.", "A last paragraph on pay.")
    code, out, err = review(repo, capsys)
    assert code == 1  # `wages` no longer anchors: the error check reports
    assert "quote-not-found" in err and f"{SIDECAR}:15:12" in err
    assert "- **footnote** `wages` no longer anchors — quote-not-found (line 13)" in out
    assert "- **footnote** `raised` quote drifted (line 2)" in out
    assert "  > …The central bank **raised interest rate** again in March.…" in out
    assert "  > **about wages**\n" in out
    assert "**Paragraphs changed:** 2" in out
    assert "- A last paragraph ~~about wages.~~ **on pay.**" in out
    assert "### Problems" in out


def test_glossary_entries_added_changed_and_removed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo / "content/glossary/inflation.yaml", "general rise", "broad rise")
    (repo / "content/glossary/rates.yaml").unlink()
    (repo / "content/glossary/wage.yaml").write_text("term: Wage\ndefinition: Pay.\n")
    code, out, _ = review(repo, capsys)
    assert code == 0
    assert "- `inflation` changed\n  - definition: A ~~general~~ **broad** rise in prices." in out
    assert "- `rates` removed" in out
    assert "- `wage` added" in out  # untracked files count too


def test_json_lists_the_same_changes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo / SIDECAR, "verdict: accurate", "verdict: inaccurate")
    git(repo, "commit", "-qam", "verdict")
    code, out, _ = review(repo, capsys, "json")
    assert code == 0
    data = json.loads(out)
    (article,) = data["articles"]
    (item,) = article["annotations"]
    assert (item["id"], item["status"], item["line"]) == ("prices", "changed", 6)
    assert item["changes"][0] == {
        "field": "verdict",
        "old": "accurate",
        "new": "inaccurate",
        "added": [],
        "removed": [],
    }
    assert item["passage"]["quote"] == "Prices rose in March"
    assert data["glossary"] == [] and data["problems"] == []


def test_a_sidecar_error_exits_1_with_checks_diagnostic(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo / SIDECAR, "verdict: accurate", "verdict: maybe")
    code, _, err = review(repo, capsys)
    assert code == 1
    assert f"{SIDECAR}:9:14: error[bad-value]: 'maybe' is not a valid verdict" in err


def test_bad_revision_or_no_repository_exit_2(
    repo: Path, make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "no-such-rev", "--site", str(repo)]) == 2
    assert "'no-such-rev' is not a revision" in capsys.readouterr().err
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "site.yaml").write_text("title: T\n")
    assert main(["review", "HEAD", "--site", str(plain)]) == 2
    assert "not a git repository" in capsys.readouterr().err


def test_word_diff_marks_removed_and_added_words() -> None:
    assert word_diff("a b c", "a x c") == "a ~~b~~ **x** c"
    assert word_diff("", "new *words*") == "**new \\*words\\***"


def test_a_site_in_a_subfolder_links_each_annotation_to_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    top = tmp_path / "repo"
    site = write_site(
        top / "edition",
        FILES,
        site_yaml='title: T\nrepository: {url: "https://github.com/o/r", path: edition}\n',
        layouts=False,
    )
    (top / "README.md").write_text("outside the site\n")
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "base")
    git(top, "tag", "base")
    edit(site / SIDECAR, "note: Wages lagged.", "note: Wages lagged behind.")
    (top / "README.md").write_text("changed, but not content\n")
    code, out, _ = review(site, capsys)
    assert code == 0
    assert (
        "- **footnote** `wages` changed ([line 13](https://github.com/o/r/blob/main/edition/"
        "content/articles/rates.annotations.yaml#L13))"
    ) in out
    assert "note: Wages lagged **behind.**" not in out  # words, not characters
    assert "note: Wages ~~lagged.~~ **lagged behind.**" in out


def test_a_removed_article_removes_its_annotations(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ARTICLE).unlink()
    (repo / SIDECAR).unlink()
    code, out, _ = review(repo, capsys)
    assert code == 0
    for ann_id in ("raised", "prices", "wages"):
        assert f"`{ann_id}` removed" in out
