"""The EPUB: its container, package document, chapters with footnotes that pop up, the
glossary, reproducible bytes, a failed run writing nothing, and `build` with `epub: true`.

EPUBCheck runs in tests/test_epub_check.py (a Java process each: slower), the chapter in
Chromium in tests/test_epub_browser.py.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
import zipfile
from pathlib import Path

import pytest

from builder.cli import main
from builder.htmltree import parse_fragment
from builder.load.config import SiteConfig
from builder.render.epub import EPOCH_1980, book_identifier, modified_epoch
from builder.render.xhtml import serialize_children
from builder.site import epub_name
from tests.support import epub_site, essay
from tests.support.sites import MakeSite

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
NAME = epub_name("Éditions d’été — «Notes»")


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    return make_site(epub_site.FILES, site_yaml=None)


def write_epub(site: Path, out: Path, *extra: str) -> bytes:
    assert main(["epub", "--site", str(site), "--out", str(out), "-q", *extra]) == 0
    return out.read_bytes()


def xml_files(path: Path) -> dict[str, etree.Element]:
    """Every XML file of the book, parsed (a file that is not well-formed fails here)."""
    with zipfile.ZipFile(path) as book:
        return {
            name: etree.fromstring(book.read(name))
            for name in book.namelist()
            if name.endswith((".xhtml", ".opf", ".xml"))
        }


def test_the_name_is_the_titles_slug() -> None:
    assert NAME == "editions-dete-notes.epub"
    assert epub_name("!!!") == "edition.epub"


def test_container_mimetype_first_and_stored(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "book.epub"
    write_epub(site, out)
    with zipfile.ZipFile(out) as book:
        first = book.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert book.read("mimetype") == b"application/epub+zip"
        assert out.read_bytes()[30:38] == b"mimetype"  # no extra field before the value
        names = book.namelist()
    assert "META-INF/container.xml" in names
    chapters = [n for n in names if n.startswith("EPUB/chapter-")]
    assert chapters == ["EPUB/chapter-00001.xhtml", "EPUB/chapter-00002.xhtml"]


def test_package_metadata(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "book.epub"
    write_epub(site, out)
    package = xml_files(out)["EPUB/package.opf"]
    meta = package.find("opf:metadata", NS)
    assert meta is not None

    def texts(tag: str) -> list[str]:
        return [e.text or "" for e in meta.findall(tag, NS)]

    assert texts("dc:title") == ["Éditions d’été — «Notes»"]
    assert texts("dc:creator") == ["Zoë Dupré", "Ōe Kenzaburō"]
    assert texts("dc:language") == ["fr"]
    config = SiteConfig(site, "x", base_url="https://example.org/ete/")
    assert texts("dc:identifier") == [book_identifier(config)]
    assert texts("dc:source") == ["https://example.org/monde/premier"]
    props = {}
    for item in meta.findall("opf:meta", NS):
        props.setdefault(item.get("property"), []).append(item.text)
    assert props["dcterms:modified"] == ["2023-11-14T22:13:20Z"]
    assert props["schema:accessMode"] == ["textual"]
    assert props["schema:accessibilityHazard"] == ["none"]
    assert "structuralNavigation" in props["schema:accessibilityFeature"]
    assert props["schema:accessibilitySummary"]
    assert "dcterms:conformsTo" not in props  # no claim the book was not evaluated for


def test_identifier_is_stable_and_needs_no_base_url(tmp_path: Path) -> None:
    with_url = SiteConfig(tmp_path, "T", base_url="https://example.org/")
    assert book_identifier(with_url) == book_identifier(
        SiteConfig(Path("/"), "Other", base_url="https://example.org/")
    )
    assert book_identifier(SiteConfig(tmp_path, "T")) != book_identifier(SiteConfig(tmp_path, "U"))
    assert book_identifier(SiteConfig(tmp_path, "T")).startswith("urn:uuid:")


def test_modified_is_the_newest_article_date_without_source_date_epoch(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "book.epub"
    write_epub(site, out)
    meta = xml_files(out)["EPUB/package.opf"].find("opf:metadata", NS)
    assert meta is not None
    modified = [m.text for m in meta if m.get("property") == "dcterms:modified"]
    assert modified == ["2024-06-02T00:00:00Z"]
    with zipfile.ZipFile(out) as book:
        assert {info.date_time for info in book.infolist()} == {(2024, 6, 2, 0, 0, 0)}


def test_modified_ignores_dates_that_are_no_days(tmp_path: Path) -> None:
    config = SiteConfig(tmp_path, "T")
    assert modified_epoch(config, ["", "2024-02-30", "1970-01-02"]) == EPOCH_1980
    assert modified_epoch(config, ["2024-06-02", "2024-02-30"]) == 1717286400


def test_every_note_reachable_from_its_noteref_and_back(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "book.epub"
    write_epub(site, out)
    files = xml_files(out)
    kinds = set()
    for name, root in files.items():
        if not name.startswith("EPUB/chapter-"):
            continue
        ids = {e.get("id"): e for e in root.iter() if e.get("id")}
        asides = [e for e in root.iter(f"{{{NS['x']}}}aside")]
        refs = [e for e in root.iter(f"{{{NS['x']}}}a") if e.get(EPUB_TYPE) == "noteref"]
        assert {r.get("href", "")[1:] for r in refs} == {a.get("id") for a in asides}, name
        for ref in refs:
            assert ref.get("role") == "doc-noteref"
            aside = ids[ref.get("href", "")[1:]]
            assert aside.get(EPUB_TYPE) == "footnote" and aside.get("role") == "doc-footnote"
            backs = [a for a in aside.iter(f"{{{NS['x']}}}a") if a.get("role") == "doc-backlink"]
            assert backs and all(ids[b.get("href", "")[1:]] is ref for b in backs), name
            kinds.add(aside.get("class"))
        assert not list(root.iter(f"{{{NS['x']}}}script"))
        assert not [e for e in root.iter() if "sidenote" in (e.get("class") or "")]
    assert kinds == {"note note-footnote", "note note-fact", "note note-context"}


def test_notes_show_verdict_sources_and_links(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "book.epub"
    write_epub(site, out)
    chapter = xml_files(out)["EPUB/chapter-00001.xhtml"]
    text = "".join(chapter.itertext())
    # The site's language is French: the interface words are French (layouts/strings/fr.yaml).
    assert "Vérification\u00a0: Plutôt exact" in text
    assert "Communiqué « officiel »" in text
    hrefs = [a.get("href") for a in chapter.iter(f"{{{NS['x']}}}a")]
    assert "https://example.org/zurich" in hrefs  # the context link's own link
    assert "https://example.org/a?b=1&c=2" in hrefs  # entities and <br> in a note survive
    assert "chapter-00002.xhtml" in hrefs  # a link to another article points into the book
    assert "glossary.xhtml#term-inflation" in hrefs
    assert not [h for h in hrefs if h and "index.html" in h]


def test_glossary_terms_definitions_and_used_in(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "book.epub"
    write_epub(site, out)
    files = xml_files(out)
    glossary = files["EPUB/glossary.xhtml"]
    sections = [e for e in glossary.iter() if e.get(EPUB_TYPE) == "glossary"]
    assert len(sections) == 1
    terms = [e for e in glossary.iter() if e.get(EPUB_TYPE) == "glossterm"]
    defs = [e for e in glossary.iter() if e.get(EPUB_TYPE) == "glossdef"]
    assert [t.get("id") for t in terms] == ["term-inflation"] and len(defs) == 1
    used = [
        a.get("href", "") for a in defs[0].iter(f"{{{NS['x']}}}a") if "chapter" in a.get("href", "")
    ]
    assert used
    for href in used:
        file, _, fragment = href.partition("#")
        assert any(e.get("id") == fragment for e in files[f"EPUB/{file}"].iter())


def test_nav_has_toc_and_landmarks_in_the_sites_order(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "book.epub"
    write_epub(site, out)
    nav = xml_files(out)["EPUB/nav.xhtml"]
    navs = {e.get(EPUB_TYPE): e for e in nav.iter(f"{{{NS['x']}}}nav")}
    assert set(navs) == {"toc", "landmarks"}
    toc = [a.get("href") for a in navs["toc"].iter(f"{{{NS['x']}}}a")]
    assert toc == ["title.xhtml", "chapter-00001.xhtml", "chapter-00002.xhtml", "glossary.xhtml"]
    marks = {a.get(EPUB_TYPE) for a in navs["landmarks"].iter(f"{{{NS['x']}}}a")}
    assert {"cover", "toc", "bodymatter", "glossary"} <= marks


def test_same_content_same_bytes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = write_epub(site, tmp_path / "a.epub", "--no-cache")
    again = write_epub(site, tmp_path / "b.epub", "--no-cache")
    assert first == again
    assert main(["build", "--site", str(site), "-q"]) == 0  # the build's cache, read back
    assert write_epub(site, tmp_path / "c.epub") == first
    assert (site / "public" / NAME).read_bytes() == first  # build writes the same book


def test_default_target_is_in_public(site: Path) -> None:
    assert main(["epub", "--site", str(site), "-q"]) == 0
    assert (site / "public" / NAME).is_file()


def test_a_failed_build_writes_no_epub(site: Path) -> None:
    sidecar = site / "content/articles/second.annotations.yaml"
    sidecar.write_text("annotations:\n  - kind: footnote\n    quote: absent words\n    note: x\n")
    assert main(["build", "--site", str(site), "-q"]) == 1
    assert not (site / "public").exists()
    assert not [p for p in site.iterdir() if ".epub" in p.name]


def test_build_with_epub_links_it_from_the_home_page(site: Path) -> None:
    assert main(["check", "--site", str(site), "-q", "--strict"]) == 0  # the link resolves
    assert main(["build", "--site", str(site), "-q"]) == 0
    assert (site / "public" / NAME).is_file()
    assert f'href="{NAME}"' in (site / "public" / "index.html").read_text(encoding="utf-8")
    assert not [p for p in site.iterdir() if ".epub" in p.name]  # no temporary file left


def test_build_without_epub_writes_none(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": "---\ntitle: A\n---\nText.\n"})
    assert main(["build", "--site", str(site), "-q"]) == 0
    assert not list((site / "public").glob("*.epub"))
    assert ".epub" not in (site / "public" / "index.html").read_text(encoding="utf-8")


def test_a_failed_run_writes_nothing(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "book.epub"
    out.write_bytes(b"the last book")
    sidecar = site / "content/articles/second.annotations.yaml"
    sidecar.write_text("annotations:\n  - kind: footnote\n    quote: absent words\n    note: x\n")
    assert main(["epub", "--site", str(site), "--out", str(out)]) == 1
    assert "quote not found" in capsys.readouterr().err
    assert out.read_bytes() == b"the last book"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.epub", "site"]


def test_epub_must_be_true_or_false(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({}, site_yaml="title: T\nepub: yes please\n")
    assert main(["epub", "--site", str(site)]) == 1
    assert (
        "site.yaml:2:7: error[wrong-type]: 'epub' must be true or false" in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("html", "xhtml"),
    [
        ("<p>a<br>b &amp; &eacute;</p>", "<p>a<br />b &amp; é</p>"),
        ("<span hidden>x</span>", '<span hidden="hidden">x</span>'),
        ("text <em>only", "text <em>only</em>"),
        ("a</b>c", "ac"),
        ('<a href="?a=1&b=2">x</a>', '<a href="?a=1&amp;b=2">x</a>'),
        ("\x0bbad\x01", "bad"),
    ],
)
def test_html_becomes_well_formed_xhtml(html: str, xhtml: str) -> None:
    out = serialize_children(parse_fragment(html))
    assert out == xhtml
    etree.fromstring(f"<div>{out}</div>")


def test_fast_tokenizer_reads_the_build_html_as_html_parser_does() -> None:
    """The bundled article's body and every note: `htmlscan.html_tokens` (the fast path)
    gives the same XHTML as `html.parser`, the reference."""
    from builder.anchor.article import ArticleContext, annotate_article
    from builder.diagnostics import Diagnostics
    from builder.load.inputs import load_inputs
    from tests.support.sites import REPO

    inputs = load_inputs(REPO, None, Diagnostics())
    context = ArticleContext(REPO, inputs.config, inputs.glossary, inputs.sidecars)
    item = annotate_article(inputs.articles[0], context).annotated
    assert item is not None
    fragments = [item.body_html, *(n.html for n in item.notes)]
    for html in fragments:
        fast = serialize_children(parse_fragment(html))
        assert fast == serialize_children(parse_fragment(html, fast=False))


def test_attributes_xml_cannot_hold_are_dropped() -> None:
    out = serialize_children(parse_fragment('<p a:b="1" xml:lang="fr" xmlns="x" c="2">t</p>'))
    assert out == '<p xml:lang="fr" c="2">t</p>'
    etree.fromstring(f"<div>{out}</div>")


def test_the_authors_own_notes_are_footnotes_of_their_own(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """An article's `[^1]` notes pop up as EPUB footnotes, labelled as the author's, and
    each links back to every place that refers to it; the edition's notes stay apart."""
    site = make_site(essay.FILES)
    out = tmp_path / "essay.epub"
    write_epub(site, out)
    root = xml_files(out)["EPUB/chapter-00001.xhtml"]
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    refs = [
        e
        for e in root.iter(f"{{{NS['x']}}}a")
        if e.get(EPUB_TYPE) == "noteref" and e.get("href", "").startswith("#author-note-")
    ]
    assert [r.get("href") for r in refs] == [
        "#author-note-1",
        "#author-note-2",
        "#author-note-1",
        "#author-note-3",
    ]
    for number in (1, 2, 3):
        aside = ids[f"author-note-{number}"]
        assert aside.tag == f"{{{NS['x']}}}aside"
        assert aside.get(EPUB_TYPE) == "footnote" and aside.get("role") == "doc-footnote"
        label = aside.find("x:p", NS)
        assert label is not None and label.text == f"Author’s note {number}"
        backs = [a for a in aside.iter(f"{{{NS['x']}}}a") if a.get("role") == "doc-backlink"]
        targets = {ids[b.get("href", "")[1:]] for b in backs}
        assert targets == {r for r in refs if r.get("href") == f"#author-note-{number}"}
    assert not [e for e in root.iter(f"{{{NS['x']}}}ol") if e.get("id", "").startswith("author")]
    edition = [e.get("id") for e in root.iter(f"{{{NS['x']}}}aside") if "note-" in e.get("id", "")]
    assert edition[:3] == ["author-note-1", "author-note-2", "author-note-3"]
    assert sorted(edition[3:]) == ["note-dredging", "note-grain", "note-quays"]
