"""`import EXPORT.json|.jsonld --slug SLUG`: annotations from other tools into a sidecar
(builder/commands/import_notes.py and note_exports, note_kinds, quote_context,
sidecar_append).

tests/fixtures/import/hypothesis.json was made on the page that news-jsonld.html is
saved from, so its quotes carry that page's white space and its contexts cross the page's
paragraph breaks and boilerplate; other-tool.jsonld is a W3C AnnotationPage of the kind
other annotation tools write.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder.anchor.anchoring import Span, TextIndex
from builder.anchor.shortest import shortest_selector
from builder.cli import main
from builder.commands.note_exports import ExportedNote, ExportedQuote
from builder.commands.note_kinds import NoteFields, Skip, choose_fields
from builder.htmlscan import html_text
from builder.load.annotations import ContextLink, FactNote, Link, QuoteSelector, TermRef
from builder.pipeline import BuildResult
from tests.support.builds import annotate_site
from tests.support.sites import FIXTURES, REPO, SLUG, MakeSite

EXPORTS = FIXTURES / "import"
SIDECAR = "content/articles/harbour.annotations.yaml"
STORM_SURGE = "term: Storm surge\ndefinition: A rise of the sea driven by a storm.\n"


def harbour_site(make_site: MakeSite, sidecar: str | bytes | None = None) -> Path:
    """The harbour article (news-jsonld.html, imported) with a glossary entry."""
    files: dict[str, str | bytes] = {
        "content/articles/harbour.md": (EXPORTS / "news-jsonld.md").read_bytes(),
        "content/glossary/storm-surge.yaml": STORM_SURGE,
    }
    if sidecar is not None:
        files[SIDECAR] = sidecar
    return make_site(files)


def run_import(site: Path, export: Path, slug: str = "harbour") -> int:
    return main(["import", str(export), "--slug", slug, "--site", str(site)])


HYPOTHESIS_ENTRIES = """\

  # Imported from hypothesis.json (Hypothesis).
  - id: the-countys-own-estimate-in
    kind: footnote
    quote: the bill has already passed £14m
    note: >-
      The county's own estimate, in its [March
      briefing](https://www.county.example/floods/briefing-march-2024), was **£9.6m**
      for the wall alone.
  - id: the-councils-report-published-last
    kind: context
    quote: The council’s report, published last week
    url: https://www.county.example/floods/2024-report
    title: Flood options report 2024
  - id: correct-the-wall-was-raised
    kind: fact
    quote: built in 1953 after the great North Sea flood
    verdict: accurate
    note: >-
      Correct: the wall was raised after the flood of 31 January 1953. See the
      [Environment Agency's history of the
      defences](https://www.gov.example/ea/estuary-defences-history).
    sources:
      - {title: "Environment Agency's history of the defences", url: "https://www.gov.example/ea/estuary-defences-history"}
  - id: storm-surge
    kind: term
    quote: storm surge
    term: storm-surge
  - id: until-the-autumn-not-before
    kind: footnote
    quote: the autumn
    suffix: ":"
    note: >-
      *Until* the autumn, not before: the council's timetable says September at the
      earliest.
"""  # noqa: E501


def test_a_hypothesis_export_becomes_a_new_sidecar(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = harbour_site(make_site)
    export = EXPORTS / "hypothesis.json"
    assert run_import(site, export) == 1  # some annotations could not be imported
    sidecar = site / SIDECAR
    out, err = capsys.readouterr()
    assert out == f"created {sidecar}: 5 annotation(s) from {export}\n"
    assert sidecar.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schemas/annotations.schema.json\n"
        "# Annotations for content/articles/harbour.md. Each `quote` is text exactly as a "
        "reader sees it.\n"
        "# See docs/content-format.md and CONTRIBUTING.md.\n"
        "annotations:\n" + HYPOTHESIS_ENTRIES
    )
    assert err.splitlines() == [
        f"{export}:100:1: skipped annotation 7 (eN1gWvYyEe6iTy7fF1qUaQ): a note on the whole "
        "page: it quotes no text",
        f"{export}:107:1: skipped annotation 8 (gP4hXvYyEe6jVz9hG3sWcA): a reply to another "
        "annotation",
        f"{export}:157:1: skipped annotation 12 (oT6lBwYyEe6nDg7mK1aEkg): a highlight without "
        "a note: a footnote needs text",
        f"{export}:58:1: error[import-incomplete]: annotation 4 (yK2dTvYyEe6fQmX9aB3nUw) not "
        "imported: a fact check without a source: link at least one in its text",
        f"{export}:86:1: error[import-incomplete]: annotation 6 (cM8fVvYyEe6h1Sx5dE9oTw) not "
        "imported: no glossary entry 'sea-wall' in this site: add "
        "content/glossary/sea-wall.yaml",
        f"{export}:129:1: error[quote-not-found]: annotation 10 (kR0jZvYyEe6lZc3kI7wAgw) not "
        "imported: quote not found in article 'harbour': \"the wall was built for a surge of "
        '2.4 metres"',
        '  closest passage (88% alike), content/articles/harbour.md line 14: "the wall was '
        'designed for a surge of 2.4 metres"',
        "  difference: the wall was [-bu-]{+des+}i[-lt-]{+gned+} for a surge of 2.4 metres",
        '  hint: if that is the passage, write: quote: "the wall was designed for a surge of '
        '2.4 metres"',
        f"{export}:143:1: error[quote-not-found]: annotation 11 (mS3kAwYyEe6mBe5lJ9yCiQ) not "
        "imported: quote not found in article 'harbour': \"whole length. Advertisement A "
        'wall built"',
        '  closest passage (49% alike), content/articles/harbour.md line 10: "whole length."',
        "  difference: whole length.[- Advertisement A wall built-]",
        '  hint: if that is the passage, write: quote: "whole length."',
        f"{export}:171:1: error[import-incomplete]: annotation 13 (qU9mCwYyEe6oFi9nL3cGmw) not "
        "imported: a context note without a link: write the address in its text",
        "5 annotation(s) not imported; see above.",
    ]
    assert main(["check", "--strict", "--site", str(site)]) == 0


def test_importing_again_adds_nothing(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = harbour_site(make_site)
    export = EXPORTS / "hypothesis.json"
    run_import(site, export)
    first = (site / SIDECAR).read_bytes()
    capsys.readouterr()
    assert run_import(site, export) == 1
    assert (site / SIDECAR).read_bytes() == first
    err = capsys.readouterr().err
    assert err.count("already in the sidecar") == 5
    assert f"nothing added to {site / SIDECAR}" in err


EXISTING = """\
# Our notes on the harbour story.
annotations:
  # A note kept from before.
  - id: storm-surge       # an id the import must not take again
    kind: footnote
    quote: storm surge
    note: Kept.

# The end of the file.
"""


def test_a_w3c_export_is_appended_leaving_the_sidecar_as_it_was(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = harbour_site(make_site, EXISTING.replace("\n", "\r\n").encode("utf-8-sig"))
    export = EXPORTS / "other-tool.jsonld"
    assert run_import(site, export) == 1
    data = (site / SIDECAR).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\n") == data.count(b"\r\n")
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    assert text == EXISTING + (
        "\n"
        "  # Imported from other-tool.jsonld (W3C Web Annotation).\n"
        "  - id: the-petition-closed-on-2\n"
        "    kind: footnote\n"
        "    quote: a petition signed by more than 3,000 people\n"
        "    note: The petition closed on 2 April with 3,412 signatures.\n"
        "  - id: the-consultation-page-with-the\n"
        "    kind: context\n"
        "    quote: a consultation closes on 30 June\n"
        "    url: https://www.county.example/floods/consultation\n"
        "    note: The consultation page, with the three options in full.\n"
        "  - id: insurers-paid-400-claims-by\n"
        "    kind: fact\n"
        "    quote: and expect more\n"
        "    verdict: misleading\n"
        "    note: Insurers paid 400 claims by 10 April, but the *trade body* expects twice as "
        "many.\n"
        "    sources:\n"
        '      - {title: "insurers.example/press/2024-04-10-floods", '
        'url: "https://insurers.example/press/2024-04-10-floods"}\n'
    )
    err = capsys.readouterr().err
    assert f"{export}:38:1: skipped annotation 3 (https://notes.example/anno/3): a highlight" in err
    assert f"{export}:47:1: skipped annotation 4 (https://notes.example/anno/4): a reply" in err
    assert (
        f"{export}:54:1: error[quote-crosses-blocks]: annotation 5 (https://notes.example/anno/5) "
        'not imported: quote runs across two paragraphs or blocks: "at an estimated £22m; a new '
        'flood gate"'
    ) in err
    assert main(["check", "--strict", "--site", str(site)]) == 0


def test_the_commented_template_of_new_article_takes_the_entries(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = harbour_site(make_site)
    assert main(["new", "article", "notes", "--site", str(site)]) == 0
    (site / "content/articles/notes.md").write_text(
        "---\ntitle: Notes\n---\nThe bank raised rates. The bank raised rates again.\n",
        encoding="utf-8",
    )
    export = tmp_path / "one.json"
    # The export's context says which of the two: the one after "rates. ".
    row = hypothesis_row("The bank raised rates", "Why?", prefix="The bank raised rates. ")
    export.write_text(json.dumps({"rows": [row]}))
    assert run_import(site, export, "notes") == 0
    text = (site / "content/articles/notes.annotations.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "annotations:\n"
        "#  - id: first-note\n"
        "#    kind: footnote            # footnote | context | fact | term\n"
        '#    quote: "a phrase from the article"\n'
        "#    note: |\n"
        "#      What the reader should know, in Markdown.\n"
        "\n"
        "  # Imported from one.json (Hypothesis).\n"
        "  - id: why\n"
        "    kind: footnote\n"
        "    quote: The bank raised rates\n"
        '    prefix: "rates. "\n'
        "    note: Why?\n"
    )
    assert main(["check", "--strict", "--site", str(site)]) == 0


def hypothesis_row(exact: str, text: str, prefix: str = "", **more: object) -> dict[str, object]:
    selector = {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": ""}
    return {"id": "r1", "text": text, "tags": [], "target": [{"selector": [selector]}], **more}


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ("annotations: [{kind: footnote, quote: x, note: y}]\n",
         "the sidecar's `annotations` list is written in flow style ([...]); write it as a "
         "block list (one `- ` item per entry) to import into it"),
        ("annotations: {}\n", "the sidecar's `annotations` is not a list"),
    ],
)  # fmt: skip
def test_a_sidecar_it_cannot_append_to_is_left_alone(
    make_site: MakeSite,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    layout: str,
    message: str,
) -> None:
    site = harbour_site(make_site, layout)
    export = tmp_path / "one.json"
    export.write_text(json.dumps({"rows": [hypothesis_row("storm surge", "A note.")]}))
    assert run_import(site, export) == 2
    sidecar = site / SIDECAR
    assert capsys.readouterr().err == f"error: {sidecar}: cannot add annotations: {message}\n"
    assert sidecar.read_text(encoding="utf-8") == layout


def test_a_sidecar_with_a_yaml_error_is_reported_and_left_alone(
    make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = 'annotations:\n  - kind: footnote\n    quote: "open\n'
    site = harbour_site(make_site, broken)
    export = tmp_path / "one.json"
    export.write_text(json.dumps({"rows": [hypothesis_row("storm surge", "A note.")]}))
    assert run_import(site, export) == 1
    assert "error[yaml-syntax]" in capsys.readouterr().err
    assert (site / SIDECAR).read_text(encoding="utf-8") == broken


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", '{"rows": [', "not valid JSON (line 1, column 11: Expecting value); "
         "expected a Hypothesis export (JSON with its annotations under \"rows\") or W3C Web "
         "Annotations (JSON-LD: an AnnotationCollection, an AnnotationPage or Annotations)"),
        ("empty.json", '{"total": 0, "rows": []}', "this Hypothesis export holds no annotations"),
        ("other.json", '{"name": "x"}', "no annotations found in this JSON; expected a "
         "Hypothesis export (JSON with its annotations under \"rows\") or W3C Web Annotations "
         "(JSON-LD: an AnnotationCollection, an AnnotationPage or Annotations)"),
        ("remote.jsonld", '{"type": "AnnotationCollection", "first": "https://x.example/p1"}',
         "the collection's annotations are not in the file (its first page is only named: "
         "https://x.example/p1); save that page's JSON and import it"),
    ],
)  # fmt: skip
def test_an_export_it_cannot_read_is_refused_saying_what_was_expected(
    make_site: MakeSite,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
    message: str,
) -> None:
    site = harbour_site(make_site)
    export = tmp_path / name
    export.write_text(content, encoding="utf-8")
    assert run_import(site, export) == 2
    assert capsys.readouterr().err == f"error: {export}: {message}\n"
    assert not (site / SIDECAR).exists()


def test_an_export_needs_the_slug_of_an_existing_article(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = harbour_site(make_site)
    export = EXPORTS / "hypothesis.json"
    assert main(["import", str(export), "--site", str(site)]) == 2
    assert capsys.readouterr().err == (
        f"error: {export}: an annotation export needs --slug: the article whose sidecar "
        "receives the annotations\n"
    )
    assert run_import(site, export, "flood") == 2
    assert capsys.readouterr().err == (
        f"error: no article 'flood' in {site / 'content/articles'}: write or import the "
        "article first, then its annotations\n"
    )


# --- the shortest selector --------------------------------------------------------------


@pytest.mark.parametrize(
    ("blocks", "span", "selector"),
    [
        (["Rates rose in May."], Span(0, 0, 10), QuoteSelector("Rates rose")),
        (["Prices rose. Prices rose in May."], Span(0, 13, 24),
         QuoteSelector("Prices rose", suffix=" in")),
        (["Prices rose. Prices rose."], Span(0, 13, 24),
         QuoteSelector("Prices rose", prefix="rose. ")),
        (["It rose.", "It rose."], Span(1, 0, 7), QuoteSelector("It rose", prefix="rose. ")),
        (["x", "x"], Span(1, 0, 1), QuoteSelector("x", prefix="x ")),
        (["a a", "a a"], Span(1, 0, 1), QuoteSelector("a", prefix="a a ", suffix=" a")),
        (["ab", "ab"], Span(1, 1, 2), QuoteSelector("b", prefix="ab a")),
        (["b", "b", "b"], Span(1, 0, 1), QuoteSelector("b", prefix="b ", suffix=" b")),
        (["a a a a a a a a a a", "a a a a a a a a a a"], Span(1, 0, 1),
         QuoteSelector("a", occurrence=11)),
    ],
)  # fmt: skip
def test_the_shortest_context_that_makes_a_quote_unique(
    blocks: list[str], span: Span, selector: QuoteSelector
) -> None:
    index = TextIndex(blocks)
    assert shortest_selector(index, span, selector.occurrence or 1) == selector


# --- our own export, round trip ---------------------------------------------------------


def test_our_export_imported_into_an_empty_sidecar_gives_the_same_notes(
    bundled: tuple[Path, BuildResult], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = bundled
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(REPO / "site.yaml", site)
    shutil.copytree(REPO / "layouts", site / "layouts")
    shutil.copytree(REPO / "content", site / "content")
    (site / "content/articles" / f"{SLUG}.annotations.yaml").unlink()
    export = out / "articles" / SLUG / "annotations.jsonld"
    assert main(["import", str(export), "--slug", SLUG, "--site", str(site)]) == 0
    assert capsys.readouterr().err == ""
    [original] = annotate_site(REPO)
    [imported] = annotate_site(site)
    assert notes_of(imported) == notes_of(original)
    assert len(notes_of(original)) == 75
    assert main(["check", "--strict", "--site", str(site)]) == 0


def notes_of(item: object) -> list[tuple[object, ...]]:
    """Each note's kind, place, text, note text and what its kind adds, in reading order."""
    notes = []
    for note in item.notes:  # type: ignore[attr-defined]
        ann = note.annotation
        extra: object = None
        if isinstance(ann, FactNote):
            extra = (ann.verdict, [source.url for source in ann.sources])
        elif isinstance(ann, ContextLink):
            extra = ann.url
        elif isinstance(ann, TermRef):
            extra = ann.term
        text = item.own_text[note.start : note.end]  # type: ignore[attr-defined]
        notes.append((note.kind, note.start, note.end, text, html_text(note.html), extra))
    return notes


# --- which kind, with which fields ------------------------------------------------------

QUOTE = ExportedQuote("rates rose")
VERDICTS = {"accurate": "Accurate", "mostly-accurate": "Mostly accurate"}
LINKED = "See [the report](https://r.example/report) and https://s.example/data."


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (ExportedNote(1, "", QUOTE, "A note."), NoteFields("footnote", "A note.")),
        (ExportedNote(1, "", QUOTE, LINKED, ("Fact", "verdict:Mostly accurate")),
         NoteFields("fact", LINKED, verdict="mostly-accurate", sources=(
             Link("the report", "https://r.example/report"),
             Link("s.example/data", "https://s.example/data")))),
        (ExportedNote(1, "", QUOTE, LINKED, ("context", "term:inflation")),
         NoteFields("term", LINKED, term="inflation")),  # term, then fact, then context
        (ExportedNote(1, "", QUOTE, "<https://c.example/page>", ("CONTEXT",)),
         NoteFields("context", url="https://c.example/page")),
        (ExportedNote(1, "", QUOTE, LINKED, ("context",)),
         NoteFields("context", LINKED, url="https://r.example/report", title="the report")),
        (ExportedNote(1, "", QUOTE, "", motivation="identifying",
                      links=("../../glossary/inflation/index.html",)),
         NoteFields("term", term="inflation")),
        (ExportedNote(1, "", QUOTE, "Checked.", motivation="assessing", label="Accurate",
                      links=("https://s.example/a",)),
         NoteFields("fact", "Checked.", verdict="accurate",
                    sources=(Link("s.example/a", "https://s.example/a"),))),
        (ExportedNote(1, "", QUOTE, "Seen.", motivation="linking", links=("https://l.example",)),
         NoteFields("context", "Seen.", url="https://l.example")),
        (ExportedNote(1, "", QUOTE, LINKED, ("verdict:true",)),
         Skip("'true' is not one of this site's verdicts (accurate, mostly-accurate)")),
        (ExportedNote(1, "", QUOTE, LINKED, ("fact",)),
         Skip("a fact check without a verdict: tag it verdict:<id> (one of accurate, "
              "mostly-accurate)")),
        (ExportedNote(1, "", QUOTE, "", motivation="identifying"),
         Skip("a term annotation names no glossary entry: tag it term:<id>")),
        (ExportedNote(1, "", QUOTE, "", motivation="highlighting"),
         Skip("a highlight without a note: a footnote needs text", problem=False)),
    ],
)  # fmt: skip
def test_tags_and_motivation_choose_the_kind_and_fill_its_fields(
    note: ExportedNote, expected: NoteFields | Skip
) -> None:
    assert choose_fields(note, VERDICTS, {"inflation"}) == expected
