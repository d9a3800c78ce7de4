"""Every generated page passes the Nu HTML Checker (vnu) with no errors and no warnings."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from builder.pipeline import BuildResult, build_site
from tests.support import essay, taxonomy_site
from tests.support.sites import REPO, MakeSite, hostile_site, write_site

VNU_JAR = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"


def validate(pages: list[Path], *flags: str) -> str:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail("the HTML checker is not installed: run `make test` (npm ci; a Java runtime)")
    done = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--Werror", "--format", "gnu", *flags, *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stdout + done.stderr if done.returncode else ""


def test_bundled_edition_is_valid_html(bundled: tuple[Path, BuildResult]) -> None:
    out, _ = bundled
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 18
    assert validate(pages) == ""


def test_hostile_content_still_gives_valid_html(make_site: MakeSite, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(hostile_site(make_site), out)
    assert validate(sorted(out.rglob("*.html"))) == ""


def test_edit_links_keep_pages_valid(tmp_path: Path) -> None:
    """The bundled edition with a `repository`: every note and term page has an edit link."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    text = (REPO / "site.yaml").read_text(encoding="utf-8")
    (site / "site.yaml").write_text(
        text + 'repository: {url: "https://github.com/owner/edition"}\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    build_site(site, out)
    pages = [*out.glob("articles/*/index.html"), *out.glob("glossary/*/index.html")]
    assert all("data-edit-" in page.read_text(encoding="utf-8") for page in pages)
    assert validate(sorted(pages)) == ""


def test_the_authors_own_notes_give_valid_html(make_site: MakeSite, tmp_path: Path) -> None:
    """An article with `[^1]` footnotes and the edition's notes, one inside an author's note."""
    out = tmp_path / "out"
    build_site(make_site(essay.FILES), out)
    assert validate(sorted(out.rglob("*.html"))) == ""


def test_tags_series_and_archive_pages_are_valid_html(tmp_path: Path) -> None:
    """A site with tags (in Latin and Arabic letters), a series and three years of articles."""
    site = write_site(
        tmp_path / "site", taxonomy_site.FILES, taxonomy_site.SITE_YAML, layouts=False
    )
    build_site(site, tmp_path / "out")
    pages = sorted((tmp_path / "out").rglob("*.html"))
    assert {"archive", "tags", "series"} <= {
        p.relative_to(tmp_path / "out").parts[0] for p in pages
    }
    assert validate(pages) == ""
