"""Built-in layouts, overridable file by file (builder/load/layout_files.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from builder.anchor.annotate import AnnotatedArticle
from builder.cli import main
from builder.diagnostics import Diagnostics
from builder.incremental.keys import SiteKey
from builder.load import layout_files
from builder.load.config import load_config
from builder.load.layout_files import LayoutFolders, builtin_layouts
from builder.render.layouts import Renderer
from builder.site import OutputFile
from tests.support.sites import REPO, MakeSite, age

ARTICLE = "---\ntitle: Rates\nauthor: A. Writer\n---\nThe bank raised rates.\n"
PAGE = "public/articles/rates/index.html"


@pytest.fixture(autouse=True)
def cache_key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.fixture
def bare(make_site: MakeSite) -> Path:
    """A site folder with site.yaml and content only: no layouts/."""
    site = make_site({"content/articles/rates.md": ARTICLE}, layouts=False)
    assert not (site / "layouts").exists()
    return site


@pytest.fixture
def builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built-in layouts, used as the built-in ones for the test."""
    copy = tmp_path / "builtin"
    shutil.copytree(REPO / "layouts", copy)
    monkeypatch.setattr(layout_files, "builtin_layouts", lambda: copy.resolve())
    return copy


def test_a_checkout_reads_the_repository_layouts_in_place() -> None:
    assert builtin_layouts() == (REPO / "layouts").resolve()
    assert LayoutFolders.of(REPO).search_path == [REPO / "layouts"]  # the bundled edition


def test_a_site_without_layouts_builds_with_the_built_in_ones(bare: Path) -> None:
    assert main(["check", "--strict", "--site", str(bare), "-q"]) == 0
    assert main(["build", "--site", str(bare), "-q"]) == 0
    for name in ("style.css", "edition.js", "search.js", "favicon.svg"):
        built = (bare / "public/assets" / name).read_bytes()
        assert built == (REPO / "layouts/static" / name).read_bytes(), name
    page = (bare / PAGE).read_text(encoding="utf-8")
    assert '<p class="byline">' in page and "data-article-body" in page
    assert (bare / "public/search/index.html").is_file()
    assert (bare / "public/404.html").is_file()


def test_one_partial_and_one_stylesheet_replace_the_built_in_ones(bare: Path) -> None:
    (bare / "layouts/partials").mkdir(parents=True)
    (bare / "layouts/partials/byline.html").write_text(
        '<p class="my-byline">By {{ article.author }}</p>\n', encoding="utf-8"
    )
    (bare / "layouts/static").mkdir()
    (bare / "layouts/static/style.css").write_text("body { color: teal; }\n", encoding="utf-8")
    assert main(["build", "--site", str(bare), "-q"]) == 0
    page = (bare / PAGE).read_text(encoding="utf-8")
    assert '<p class="my-byline">By A. Writer</p>' in page
    assert '<p class="byline">' not in page
    assert '<section class="endnotes"' in page or "data-article-body" in page  # article.html
    assert 'rel="icon"' in page  # partials/head.html, built in
    assets = bare / "public/assets"
    assert (assets / "style.css").read_text(encoding="utf-8") == "body { color: teal; }\n"
    assert (assets / "edition.js").read_bytes() == (REPO / "layouts/static/edition.js").read_bytes()


def test_a_site_asset_of_a_new_name_is_added_to_the_built_in_ones(bare: Path) -> None:
    (bare / "layouts/static").mkdir(parents=True)
    (bare / "layouts/static/extra.css").write_text("p {}\n", encoding="utf-8")
    assert main(["build", "--site", str(bare), "-q"]) == 0
    names = {p.name for p in (bare / "public/assets").iterdir()}
    assert {"extra.css", "style.css", "edition.js"} <= names


def test_a_template_error_in_an_override_names_the_override(
    bare: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    byline = bare / "layouts/partials/byline.html"
    byline.parent.mkdir(parents=True)
    byline.write_text("<p>\n{{ article.nothing_here }}\n</p>\n", encoding="utf-8")
    assert main(["check", "--site", str(bare)]) == 1
    err = capsys.readouterr().err
    assert "layouts/partials/byline.html:2:1: error[template-error]" in err
    assert "nothing_here" in err
    byline.write_text("<p>\n\n{% if %}\n</p>\n", encoding="utf-8")
    assert main(["check", "--site", str(bare)]) == 1
    err = capsys.readouterr().err
    assert "layouts/partials/byline.html:3:1: error[template-error]: template syntax error" in err


def test_a_template_error_in_a_built_in_layout_names_its_real_path(
    bare: Path, builtin: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (builtin / "partials/byline.html").write_text("<p>\n{{ nothing.here }}\n", encoding="utf-8")
    assert main(["check", "--site", str(bare)]) == 1
    err = capsys.readouterr().err
    used = (builtin / "partials/byline.html").resolve().as_posix()
    assert f"{used}:2:1: error[template-error]" in err
    (builtin / "partials/byline.html").write_text("{% endif %}\n", encoding="utf-8")
    assert main(["check", "--site", str(bare)]) == 1
    assert f"{used}:1:1: error[template-error]: template syntax error" in capsys.readouterr().err


def test_a_layout_named_in_the_site_that_is_not_a_file_is_not_passed_over(
    bare: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bare / "layouts/home.html").mkdir(parents=True)
    assert main(["check", "--site", str(bare)]) == 1
    err = capsys.readouterr().err
    assert (
        "layouts/home.html:1:1: error[template-missing]: layout 'home.html' not found: "
        "layouts/home.html is not a file"
    ) in err
    assert "remove layouts/home.html to use the built-in layout" in err


def site_key(site: Path) -> str:
    config = load_config(site, Diagnostics())
    assert config is not None
    return SiteKey.of(site, config).base


def test_the_pages_key_changes_with_a_built_in_layout_and_with_an_override(
    bare: Path, builtin: Path
) -> None:
    first = site_key(bare)
    (builtin / "partials/az.html").write_text("<nav></nav>\n", encoding="utf-8")
    second = site_key(bare)
    assert second != first
    (bare / "layouts/partials").mkdir(parents=True)
    (bare / "layouts/partials/az.html").write_text("<nav>mine</nav>\n", encoding="utf-8")
    third = site_key(bare)
    assert third not in {first, second}
    (bare / "layouts/partials/az.html").write_text("<nav>mine, edited</nav>\n", encoding="utf-8")
    assert site_key(bare) not in {first, second, third}


def test_an_incremental_build_remakes_pages_when_a_built_in_or_override_changes(
    bare: Path, builtin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real = Renderer.render_article

    def spy(self: Renderer, item: AnnotatedArticle, *args: Any) -> OutputFile | None:
        made.append(item.article.slug)
        return real(self, item, *args)

    monkeypatch.setattr(Renderer, "render_article", spy)

    def build() -> str:
        made.clear()
        assert main(["build", "--site", str(bare), "-q"]) == 0
        return (bare / PAGE).read_text(encoding="utf-8")

    age(bare)  # else a file written in the last two seconds is read again at every build
    assert '<p class="byline">' in build() and made == ["rates"]
    build()
    assert made == []  # nothing changed: the page is kept, so the checks below mean something
    (builtin / "partials/byline.html").write_text(
        '<p class="builtin-edited">{{ article.author }}</p>\n', encoding="utf-8"
    )
    assert '<p class="builtin-edited">A. Writer</p>' in build()
    (bare / "layouts/partials").mkdir(parents=True)
    override = bare / "layouts/partials/byline.html"
    override.write_text('<p class="mine">{{ article.author }}</p>\n', encoding="utf-8")
    assert '<p class="mine">A. Writer</p>' in build()
    override.write_text('<p class="mine-edited">{{ article.author }}</p>\n', encoding="utf-8")
    assert '<p class="mine-edited">A. Writer</p>' in build()
    (builtin / "static/edition.js").write_text("// edited\n", encoding="utf-8")
    build()
    assert (bare / "public/assets/edition.js").read_text(encoding="utf-8") == "// edited\n"
    override.unlink()
    assert '<p class="builtin-edited">A. Writer</p>' in build()


def test_serve_watches_the_built_in_layouts_when_they_are_outside_the_site(bare: Path) -> None:
    assert LayoutFolders.of(bare).watched() == ((REPO / "layouts").resolve(),)
    assert LayoutFolders.of(REPO).watched() == ()  # the site's own layouts/, watched anyway
