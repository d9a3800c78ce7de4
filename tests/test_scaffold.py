"""`new` and `import`: files made for authors, never over another (builder/commands/scaffold.py)."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from builder.cli import main
from builder.commands import scaffold
from builder.commands.scaffold import ScaffoldError, import_plain_text, new_article, new_term
from tests.support.sites import MakeSite


class Day(date):
    @classmethod
    def today(cls) -> Day:
        return cls(2013, 4, 19)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scaffold, "date", Day)


def test_new_article_writes_the_commented_templates(make_site: MakeSite) -> None:
    site = make_site({})
    made = new_article(site, "rates-rise")
    assert made == [
        site / "content/articles/rates-rise.md",
        site / "content/articles/rates-rise.annotations.yaml",
    ]
    assert made[0].read_text(encoding="utf-8") == textwrap.dedent(
        """\
        ---
        title: "Rates rise"
        author: Author Name
        date: 2013-04-19          # YYYY-MM-DD
        # source: {name: Publication, url: "https://example.org/original-article"}
        summary: One or two sentences for the home page.
        ---

        The article's text, in Markdown. Blank lines separate paragraphs.
        """
    )
    assert made[1].read_text(encoding="utf-8") == textwrap.dedent(
        """\
        # yaml-language-server: $schema=../../schemas/annotations.schema.json
        # Annotations for content/articles/rates-rise.md. Each `quote` is text exactly as a reader sees it.
        # See docs/content-format.md and CONTRIBUTING.md.
        annotations: []
        #  - id: first-note
        #    kind: footnote            # footnote | context | fact | term
        #    quote: "a phrase from the article"
        #    note: |
        #      What the reader should know, in Markdown.
        """  # noqa: E501
    )


def test_new_term_writes_the_commented_template(make_site: MakeSite) -> None:
    site = make_site({})
    [made] = new_term(site, "central-bank")
    assert made == site / "content/glossary/central-bank.yaml"
    assert made.read_text(encoding="utf-8") == textwrap.dedent(
        """\
        # yaml-language-server: $schema=../../schemas/glossary.schema.json
        term: "Central bank"
        definition: |
          A neutral definition in two to five sentences, in Markdown.
        aliases: []            # other forms of the term as they appear in articles
        see_also: []           # ids of related glossary entries
        links: []
        #  - {title: "A page about it", url: "https://example.org/page"}
        """
    )


def test_new_files_filled_in_pass_check_strict(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({})
    assert main(["new", "article", "rates-rise", "--site", str(site)]) == 0
    assert main(["new", "term", "central-bank", "--site", str(site)]) == 0
    assert capsys.readouterr().out == (
        f"created {site / 'content/articles/rates-rise.md'}\n"
        f"created {site / 'content/articles/rates-rise.annotations.yaml'}\n"
        f"created {site / 'content/glossary/central-bank.yaml'}\n"
    )
    article = site / "content/articles/rates-rise.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(
        text.replace("Author Name", "Jane Doe").replace(
            "The article's text, in Markdown.", "The central bank raised rates."
        ),
        encoding="utf-8",
    )
    sidecar = site / "content/articles/rates-rise.annotations.yaml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace(
            "annotations: []\n",
            "annotations:\n  - kind: term\n    quote: central bank\n    term: central-bank\n",
        ),
        encoding="utf-8",
    )
    entry = site / "content/glossary/central-bank.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "A neutral definition in two to five sentences, in Markdown.",
            "The bank that sets a country's interest rates.",
        ),
        encoding="utf-8",
    )
    assert main(["check", "--strict", "--site", str(site)]) == 0, capsys.readouterr().err


def test_the_templates_as_made_check_but_for_the_unused_term(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({})
    new_article(site, "rates-rise")
    new_term(site, "central-bank")
    assert main(["check", "--strict", "--site", str(site)]) == 1
    assert capsys.readouterr().err == (
        "content/glossary/central-bank.yaml:1:1: error[unused-term]: no article uses glossary "
        "term 'central-bank'\n"
        "  hint: add an alias that occurs in an article, link it with a term annotation, or "
        "remove the entry\n"
        "1 error(s); nothing was written.\n"
    )


@pytest.mark.parametrize(
    "existing",
    [
        "content/articles/rates-rise.md",
        "content/articles/rates-rise.annotations.yaml",
        "content/articles/rates-rise.txt",
    ],
)
def test_new_article_never_overwrites(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], existing: str
) -> None:
    site = make_site({existing: "mine\n"})
    assert main(["new", "article", "rates-rise", "--site", str(site)]) == 2
    assert capsys.readouterr().err == (
        f"error: {site / existing} already exists; not overwriting it\n"
    )
    assert (site / existing).read_text(encoding="utf-8") == "mine\n"
    written = sorted(p.name for p in (site / "content/articles").iterdir())
    assert written == [Path(existing).name]  # nothing else was made either


def test_new_term_never_overwrites(make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({"content/glossary/central-bank.yaml": "term: Mine\ndefinition: x\n"})
    assert main(["new", "term", "central-bank", "--site", str(site)]) == 2
    path = site / "content/glossary/central-bank.yaml"
    assert capsys.readouterr().err == f"error: {path} already exists; not overwriting it\n"
    assert path.read_text(encoding="utf-8") == "term: Mine\ndefinition: x\n"


@pytest.mark.parametrize(
    ("argv", "what"),
    [
        (["new", "article", "Rates_Rise"], "'Rates_Rise' is not a valid slug"),
        (["new", "article", "rates--rise"], "'rates--rise' is not a valid slug"),
        (["new", "term", "central_bank"], "'central_bank' is not a valid glossary id"),
    ],
)
def test_a_bad_name_exits_2_and_says_what_is_allowed(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], argv: list[str], what: str
) -> None:
    site = make_site({})
    assert main([*argv, "--site", str(site)]) == 2
    assert capsys.readouterr().err == (
        f"error: {what}: use lowercase letters, digits and single hyphens, "
        "e.g. us-leaves-door-ajar\n"
    )
    assert list((site / "content/articles").iterdir()) == []
    assert not (site / "content/glossary").exists()


PASTED = (
    "\ufeff## Rates rise again\r\n\r\n"
    "Jane Doe 19 April 2013\r\n\r\n"
    "The bank raised *rates* by\r\n\r\n"
    "half a point. Prices # rose.\r\n\r\n"
    "1. Not a list\r\n\r\n"
    "- nor this\r\n\r\n\r\n"
    "Publisher trailer.\r\n"
)


def test_import_turns_pasted_text_into_markdown_with_front_matter(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({})
    pasted = tmp_path / "rates-rise.txt"
    pasted.write_bytes(PASTED.encode("utf-8"))
    assert main(["import", str(pasted), "--site", str(site)]) == 0
    made = site / "content/articles/rates-rise.md"
    assert capsys.readouterr().out == f"created {made}\n"
    assert made.read_text(encoding="utf-8") == textwrap.dedent(
        """\
        ---
        title: "Rates rise again"
        author: "Jane Doe"
        date: "2013-04-19"
        # source: {name: Publication, url: "https://example.org/original-article"}
        ---

        The bank raised \\*rates\\* by half a point. Prices \\# rose.

        1\\. Not a list

        \\- nor this
        """
    )
    assert main(["check", "--strict", "--site", str(site)]) == 0


def test_import_without_a_heading_uses_the_slug_as_title(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site({})
    pasted = tmp_path / "notes.txt"
    pasted.write_text("Just one paragraph.\n", encoding="utf-8")
    made = import_plain_text(site, pasted, slug="short-note")
    assert made == site / "content/articles/short-note.md"
    assert made.read_text(encoding="utf-8") == (
        '---\ntitle: "short-note"\n'
        '# source: {name: Publication, url: "https://example.org/original-article"}\n'
        "---\n\nJust one paragraph.\n"
    )


def test_import_never_overwrites_and_refuses_text_that_is_not_utf8(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"content/articles/rates-rise.md": "mine\n"})
    pasted = tmp_path / "rates-rise.txt"
    pasted.write_bytes(PASTED.encode("utf-8"))
    assert main(["import", str(pasted), "--site", str(site)]) == 2
    made = site / "content/articles/rates-rise.md"
    assert capsys.readouterr().err == f"error: {made} already exists; not overwriting it\n"
    assert made.read_text(encoding="utf-8") == "mine\n"
    latin = tmp_path / "cafe.txt"
    latin.write_bytes(b"Caf\xe9 society.\n")
    with pytest.raises(ScaffoldError) as refused:
        import_plain_text(site, latin)
    assert str(refused.value) == (
        f"{latin}: cannot read as UTF-8 text: 'utf-8' codec can't decode byte 0xe9 in "
        "position 3: invalid continuation byte"
    )
    assert not (site / "content/articles/cafe.md").exists()
