"""Incremental builds: only what changed is redone, and the output equals a clean build."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
import pytest

from bench.corpus import generate
from builder import parallel
from builder.anchor.article import ArticleContext, ArticleResult
from builder.cli import main
from builder.diagnostics import BuildFailed, Diagnostics
from builder.incremental import cache as cache_module
from builder.incremental import keys
from builder.incremental import scans as scans_module
from builder.incremental.cache import BuildCache
from builder.incremental.records import read_result, record_bytes, record_name
from builder.incremental.store import template_cache_dir
from builder.load import articles, glossary
from builder.load.articles import Article
from builder.load.inputs import load_inputs
from builder.pipeline import BuildOptions, build_site
from builder.render import feeds
from builder.render.layouts import Renderer
from builder.site import CACHE_DIR, OutputFile
from builder.write import output, update
from tests.support.sites import REPO, age
from tests.support.snapshots import tree

ARTICLES = 20


@pytest.fixture(autouse=True)
def cache_key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    generate(folder, articles=ARTICLES, words=250, annotations=6, terms=25, seed=9)
    age(folder)  # else a file written in the last two seconds is read again every build
    return folder


@pytest.fixture
def annotated_slugs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs the per-article stage runs on, in order."""
    seen: list[str] = []
    real = parallel.annotate_article

    def spy(article: Article, context: ArticleContext) -> ArticleResult:
        seen.append(article.slug)
        return real(article, context)

    monkeypatch.setattr(parallel, "annotate_article", spy)
    return seen


ONE_JOB = BuildOptions(jobs=1)


def incremental(site: Path, in_place: bool = False, out: Path | None = None) -> BuildCache:
    """Build as the CLI does, with the site's cache (saved afterwards); return the cache."""
    out = out or site / "public"
    cache = BuildCache.open(site, output=out)
    build_site(site, out, BuildOptions(jobs=1, in_place=in_place), cache)
    cache.save()
    return cache


def assert_same_as_clean(site: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build_site(site, clean, ONE_JOB)
    assert tree(site / "public") == tree(clean)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_author_notes(path: Path) -> None:
    """Give an article footnotes of its own: a reference in its first paragraph, and one
    whose note holds a glossary term's name."""
    text = path.read_text(encoding="utf-8")
    head, body = text.rsplit("\n---\n", 1)
    first, rest = body.lstrip("\n").split("\n\n", 1)
    term = first_term(path.parents[2])[1]
    notes = f"\n\n[^a]: The author's own note, on {term}.\n\n[^b]: Another.\n"
    path.write_text(f"{head}\n---\n{first}[^a][^b]\n\n{rest}{notes}", encoding="utf-8")


def first_term(site: Path) -> tuple[Path, str]:
    entry = sorted((site / "content/glossary").glob("*.yaml"))[0]
    match = re.search(r'^term: "(.*)"$', entry.read_text(encoding="utf-8"), re.M)
    assert match
    return entry, match[1]


def word_of(site: Path, slug: str) -> str:
    """A long word from the body of one article (and so probably of no other)."""
    body = (site / f"content/articles/{slug}.md").read_text(encoding="utf-8").split("---")[2]
    return max(re.findall(r"[a-z]+", body), key=len)


def test_no_change_redoes_nothing(site: Path, tmp_path: Path, annotated_slugs: list[str]) -> None:
    incremental(site)
    assert len(annotated_slugs) == ARTICLES
    public = tree(site / "public")
    annotated_slugs.clear()
    incremental(site)
    assert annotated_slugs == []
    assert tree(site / "public") == public
    assert_same_as_clean(site, tmp_path)


EDITS: dict[str, Callable[[Path], None]] = {
    "sidecar-note": lambda s: edit(
        s / "content/articles/article-00004.annotations.yaml",
        "note: |\n      ",
        "note: |\n      New ",
    ),
    "article-text": lambda s: edit(
        s / "content/articles/article-00007.md", "\n\n", "\n\nA new first paragraph.\n\n"
    ),
    "article-title": lambda s: edit(
        s / "content/articles/article-00010.md", 'title: "', 'title: "A '
    ),
    "glossary-definition": lambda s: edit(
        first_term(s)[0], "definition: |\n  ", "definition: |\n  X "
    ),
    "glossary-term-renamed": lambda s: edit(first_term(s)[0], 'term: "', 'term: "The '),
    "glossary-alias-added": lambda s: edit(
        first_term(s)[0], "term: ", f'aliases: ["{word_of(s, "article-00003")}"]\nterm: '
    ),
    "layout": lambda s: edit(
        s / "layouts/article.html", '<article class="article"', "<article class='x'"
    ),
    # A marker's accessible name is made in the per-article stage: its article is redone.
    "interface-string": lambda s: edit(
        s / "layouts/strings/en.yaml", 'marker.footnote: "Note {n}"', 'marker.footnote: "N. {n}"'
    ),
    "site-language": lambda s: edit(s / "site.yaml", "language: en", "language: fr"),
    "article-date": lambda s: edit(s / "content/articles/article-00010.md", "date: 20", "date: 19"),
    "site-title": lambda s: edit(s / "site.yaml", "title: Benchmark", "title: Timing"),
    "author-notes-added": lambda s: add_author_notes(s / "content/articles/article-00004.md"),
    "article-removed": lambda s: (s / "content/articles/article-00012.md").unlink(),
    "article-added": lambda s: (s / "content/articles/zz-new.md").write_text("# New\n\nHello.\n"),
    "output-edited-by-hand": lambda s: (s / "public/index.html").write_text("changed"),
    "output-file-added-by-hand": lambda s: (s / "public/stray.html").write_text("stray"),
    "output-page-removed-by-hand": lambda s: (
        s / "public/articles/article-00003/index.html"
    ).unlink(),
}


@pytest.mark.parametrize("in_place", [False, True], ids=["new-tree", "in-place"])
@pytest.mark.parametrize("name", EDITS)
def test_incremental_build_equals_clean_build(
    site: Path, tmp_path: Path, name: str, in_place: bool
) -> None:
    incremental(site, in_place)
    if name == "article-removed":
        (site / "content/articles/article-00012.annotations.yaml").unlink()
    EDITS[name](site)
    incremental(site, in_place)
    assert_same_as_clean(site, tmp_path)
    if name == "article-removed":
        assert not (site / "public/articles/article-00012").exists()  # its folder too


def test_editing_an_authors_note_equals_a_clean_build(site: Path, tmp_path: Path) -> None:
    """An article's own footnotes added, edited and removed: each incremental build is the
    clean build, byte for byte."""
    article = site / "content/articles/article-00004.md"
    before = article.read_text(encoding="utf-8")
    incremental(site)
    add_author_notes(article)
    incremental(site)
    assert "author-note-2" in (site / "public/articles/article-00004/index.html").read_text()
    assert_same_as_clean(site, tmp_path)
    edit(article, "[^b]: Another.", "[^b]: Another, edited.")
    incremental(site)
    assert_same_as_clean(site, tmp_path)
    article.write_text(before, encoding="utf-8")
    incremental(site)
    assert_same_as_clean(site, tmp_path)


def test_in_place_replaces_only_the_changed_files(site: Path) -> None:
    incremental(site, in_place=True)
    inode = {p: p.stat().st_ino for p in (site / "public").rglob("*") if p.is_file()}
    EDITS["sidecar-note"](site)
    incremental(site, in_place=True)
    changed = {
        p.relative_to(site / "public").as_posix()
        for p in (site / "public").rglob("*")
        if p.is_file() and inode.get(p) != p.stat().st_ino
    }
    assert "articles/article-00004/index.html" in changed
    assert len(changed) < len(inode) / 4, changed  # not a new tree


def test_feeds_are_made_again_only_when_what_they_show_changed(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    for name, path in (("render_atom", "feed.xml"), ("render_sitemap", "sitemap.xml")):
        real = getattr(feeds, name)

        def spy(*a: Any, real: Any = real, name: str = name, path: str = path) -> Any:
            file = real(*a)
            made.append(name if file.path == path else "tag feed")
            return file

        monkeypatch.setattr(feeds, name, spy)
    incremental(site)
    assert Counter(made) == {"render_atom": 1, "render_sitemap": 1, "tag feed": 12 + 7}
    made.clear()
    EDITS["sidecar-note"](site)
    incremental(site)
    assert made == []
    EDITS["article-date"](site)
    incremental(site)
    assert sorted(made) == ["render_atom", "render_sitemap", "tag feed", "tag feed"]  # its 2 tags
    made.clear()
    edit(site / "content/articles/article-00003.md", 'title: "', 'title: "A ')
    incremental(site)
    assert sorted(made) == ["render_atom", "tag feed", "tag feed"]


def test_kept_files_are_read_when_they_cannot_be_linked(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged pages are not read back; where hard links fail, they are copied whole."""
    incremental(site)
    monkeypatch.setattr(output, "_link", lambda source, target: False)
    EDITS["sidecar-note"](site)
    incremental(site)
    assert_same_as_clean(site, tmp_path)


def test_kept_pages_are_scanned_when_their_scan_is_not_cached(site: Path, tmp_path: Path) -> None:
    """The link check reads a kept page from the output folder when it has no scan of it."""
    incremental(site)
    cache = BuildCache.open(site, output=site / "public")
    cache.scans.files.clear()
    # An id renamed: every page is checked, and so scanned.
    edit(site / "content/articles/article-00004.annotations.yaml", 'id: "n1"', 'id: "n1x"')
    build_site(site, site / "public", ONE_JOB, cache)
    assert any(key.startswith("articles/article-00009/") for key in cache.scans.scans)
    assert_same_as_clean(site, tmp_path)


def spy_on_spare_updates(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the builds that brought the spare folder up to date instead of making a tree."""
    calls: list[int] = []
    real = update._update_spare

    def spy(files: list[OutputFile], out_dir: Path, *args: object) -> None:
        calls.append(len(files))
        real(files, out_dir, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(update, "_update_spare", spy)
    return calls


def test_the_third_build_updates_the_spare_in_place(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    updates = spy_on_spare_updates(monkeypatch)
    incremental(site)
    assert not output.spare_dir(site / "public").exists()
    EDITS["sidecar-note"](site)
    incremental(site)  # a new tree; the replaced site becomes the spare
    assert output.spare_dir(site / "public").is_dir() and updates == []
    spare = tree(output.spare_dir(site / "public"))
    EDITS["article-text"](site)
    incremental(site)
    assert len(updates) == 1
    assert_same_as_clean(site, tmp_path)
    EDITS["article-removed"](site)
    (site / "content/articles/article-00012.annotations.yaml").unlink()
    incremental(site)
    assert len(updates) == 2
    assert_same_as_clean(site, tmp_path)
    assert spare != tree(output.spare_dir(site / "public"))


def test_a_spare_edited_by_hand_is_not_used(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    updates = spy_on_spare_updates(monkeypatch)
    incremental(site)
    EDITS["sidecar-note"](site)
    incremental(site)
    (output.spare_dir(site / "public") / "index.html").write_text("edited")
    EDITS["article-text"](site)
    incremental(site)
    assert updates == []
    assert_same_as_clean(site, tmp_path)


def test_a_spare_update_that_fails_keeps_public(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    incremental(site)
    EDITS["sidecar-note"](site)
    incremental(site)
    before = tree(site / "public")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(update, "_replace_changed", fail)
    EDITS["article-text"](site)
    with pytest.raises(BuildFailed) as failed:
        incremental(site)
    assert failed.value.diagnostics[0].code == "write-failed"
    assert tree(site / "public") == before
    assert not output.spare_dir(site / "public").exists()  # half-updated: removed, not trusted
    assert [p.name for p in site.iterdir() if p.name.startswith(".public.tmp")] == []
    monkeypatch.undo()
    incremental(site)
    assert_same_as_clean(site, tmp_path)


def test_a_sidecar_edit_redoes_one_article(
    site: Path, tmp_path: Path, annotated_slugs: list[str]
) -> None:
    incremental(site)
    annotated_slugs.clear()
    EDITS["sidecar-note"](site)
    incremental(site)
    assert annotated_slugs == ["article-00004"]


def test_glossary_edits_redo_only_the_articles_that_use_the_term(
    site: Path, annotated_slugs: list[str]
) -> None:
    incremental(site)
    annotated_slugs.clear()
    EDITS["glossary-definition"](site)
    incremental(site)
    assert annotated_slugs == []  # a definition shows only on the glossary pages
    word = word_of(site, "article-00003")
    EDITS["glossary-alias-added"](site)
    incremental(site)
    _, term = first_term(site)
    users = {
        p.name.split(".")[0]
        for p in (site / "content/articles").glob("*.md")
        if re.search(f"{re.escape(term)}|{word}", p.read_text(encoding="utf-8"), re.I)
    }
    assert "article-00003" in annotated_slugs
    assert 0 < len(annotated_slugs) < ARTICLES
    assert set(annotated_slugs) <= users


def test_a_cache_from_elsewhere_is_not_trusted(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, annotated_slugs: list[str]
) -> None:
    incremental(site)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    annotated_slugs.clear()
    incremental(site)
    assert len(annotated_slugs) == ARTICLES


def test_a_damaged_cache_is_ignored(site: Path, tmp_path: Path) -> None:
    incremental(site)
    for record in (site / CACHE_DIR / "records").iterdir():
        record.write_bytes(b"{")
        break
    incremental(site)
    assert_same_as_clean(site, tmp_path)


def test_cli_uses_the_cache_unless_told_not_to(site: Path) -> None:
    assert main(["build", "--site", str(site), "-q", "-j", "1"]) == 0
    assert (site / CACHE_DIR / "index.json").is_file()
    assert (site / ".cache/.gitignore").read_text().endswith("*\n")
    shutil.rmtree(site / ".cache")
    assert main(["build", "--site", str(site), "-q", "--no-cache"]) == 0
    assert not (site / ".cache").exists()


def test_check_reuses_the_cache_and_writes_nothing(site: Path, annotated_slugs: list[str]) -> None:
    assert main(["build", "--site", str(site), "-q", "-j", "1"]) == 0
    EDITS["sidecar-note"](site)
    before = [tree(site / CACHE_DIR, mtimes=True), tree(site / "public", mtimes=True)]
    annotated_slugs.clear()
    assert main(["check", "--site", str(site), "-q", "-j", "1"]) == 0
    assert annotated_slugs == ["article-00004"]
    assert [tree(site / CACHE_DIR, mtimes=True), tree(site / "public", mtimes=True)] == before
    annotated_slugs.clear()
    assert main(["check", "--site", str(site), "-q", "-j", "1", "--no-cache"]) == 0
    assert len(annotated_slugs) == ARTICLES


def test_a_layout_reading_more_of_an_article_than_its_summary_is_told_so(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pages made from many articles are given summaries, never whole articles: a layout
    that asks for more gets a template error at its line (by `check` and `build` alike),
    not a page that a cache may leave stale."""
    edit(
        site / "layouts/home.html",
        "{% set article = item.article %}",
        "{% set article = item.article %}{{ item.notes[0].html }}",
    )
    for command in ("check", "build"):
        capsys.readouterr()
        assert main([command, "--site", str(site), "-q", "-j", "1"]) == 1
        err = capsys.readouterr().err
        assert "layouts/home.html:9:1: error[template-error]:" in err
        assert "has no attribute 'notes'" in err


def test_strict_and_lenient_runs_share_the_cache_and_strict_still_fails(
    site: Path, annotated_slugs: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    sidecar = site / "content/articles/article-00002.annotations.yaml"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace('url: "https://', 'url: "http://', 1), encoding="utf-8")
    assert 'url: "http://' in sidecar.read_text(encoding="utf-8")
    assert main(["build", "--site", str(site), "-q", "-j", "1"]) == 0  # a warning only
    annotated_slugs.clear()
    capsys.readouterr()
    assert main(["check", "--site", str(site), "-q", "-j", "1", "--strict"]) == 1
    assert annotated_slugs == []  # the lenient build's results, made strict
    assert "error[insecure-url]" in capsys.readouterr().err


def test_an_edit_reads_back_only_the_records_of_pages_made_again(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged articles come from their summaries. A note's edit changes one page (its
    neighbours link to it by title); a title's edit the neighbours' pages too, whose
    stored notes and body are then read back."""
    incremental(site)
    loaded: list[str] = []
    real = BuildCache._load

    def spy(self: BuildCache, record: str, article: Article) -> ArticleResult:
        loaded.append(article.slug)
        return real(self, record, article)

    monkeypatch.setattr(BuildCache, "_load", spy)
    EDITS["sidecar-note"](site)
    incremental(site)
    assert loaded == []
    EDITS["article-title"](site)
    order = [a.slug for a in articles.load_articles(site, Diagnostics())]
    incremental(site)
    at = order.index("article-00010")
    assert sorted(loaded) == sorted([order[at - 1], order[at + 1]])
    assert_same_as_clean(site, tmp_path)


def test_a_record_read_back_is_the_result_it_stores(tmp_path: Path) -> None:
    inputs = load_inputs(REPO, None, Diagnostics())
    context = ArticleContext(REPO, inputs.config, inputs.glossary, inputs.sidecars)
    [article] = inputs.articles
    result = parallel.annotate_article(article, context)
    data, stored = record_bytes(result)
    record, _ = record_name(data)
    (tmp_path / f"{record}.json").write_bytes(data)
    assert stored.summary == result.summary  # the article's metadata, not its text
    assert read_result(tmp_path, record, article) == replace(result, search_text="")
    (tmp_path / f"{record}.json").write_bytes(data.replace(b"Kaesong", b"Kaesonh", 1))
    with pytest.raises(ValueError, match="damaged"):
        read_result(tmp_path, record, article)


def test_compiled_layouts_are_kept_for_the_next_process(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jinja's bytecode cache, in the user's folder: a later build compiles no layout again,
    except one that changed."""
    incremental(site)
    folder = template_cache_dir()
    assert folder is not None and folder.is_relative_to(tmp_path / "user-cache")
    assert list(folder.iterdir())
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def spy(self: jinja2.Environment, source: str, name: str | None = None, *a: Any) -> Any:
        compiled.append(name or "")
        return real(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    EDITS["sidecar-note"](site)
    incremental(site)
    assert compiled == []
    EDITS["layout"](site)
    incremental(site)
    assert compiled == ["article.html"]
    assert_same_as_clean(site, tmp_path)


def damage(record: Path, at: int) -> None:
    """Change one byte of a file, keeping its size."""
    data = bytearray(record.read_bytes())
    data[at] = ord("X") if data[at] != ord("X") else ord("Y")
    record.write_bytes(bytes(data))


def test_a_damaged_summary_voids_the_cache(site: Path, tmp_path: Path) -> None:
    incremental(site)
    damage(next((site / CACHE_DIR / "records").iterdir()), 5)  # in the first line
    assert BuildCache.open(site).articles == {}
    incremental(site)
    assert_same_as_clean(site, tmp_path)


def test_a_record_damaged_past_its_summary_fails_clearly_when_read(site: Path) -> None:
    cache = incremental(site)
    order = [a.slug for a in articles.load_articles(site, Diagnostics())]
    neighbour = order[order.index("article-00010") - 1]  # its page is made again
    cached = cache.articles[neighbour]
    damage(site / CACHE_DIR / "records" / f"{cached.record}.json", cached.size - 5)
    before = tree(site / "public")
    EDITS["article-title"](site)  # of article-00010, which its neighbours' pages show
    with pytest.raises(BuildFailed) as failed:
        incremental(site)
    assert [d.code for d in failed.value.diagnostics] == ["cache-damaged"]
    assert "delete .cache/build/" in failed.value.diagnostics[0].hint
    assert tree(site / "public") == before


def files_read(monkeypatch: pytest.MonkeyPatch, module: object, loader: str) -> list[str]:
    """The site files that `module.loader(site_dir, rel, diags)` reads from now on."""
    read: list[str] = []
    real = getattr(module, loader)

    def spy(site_dir: Path, rel: str, diags: Diagnostics, **options: Any) -> object:
        read.append(rel)
        return real(site_dir, rel, diags, **options)

    monkeypatch.setattr(module, loader, spy)
    return read


def test_a_kept_cache_reads_only_the_article_files_that_changed(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the dev server keeps: an article file is read again only when it was written."""
    cache = BuildCache(None, output=site / "public")
    build_site(site, site / "public", ONE_JOB, cache)
    read = files_read(monkeypatch, articles, "load_article")
    build_site(site, site / "public", ONE_JOB, cache)
    assert read == []
    EDITS["article-title"](site)
    build_site(site, site / "public", ONE_JOB, cache)
    assert read == ["content/articles/article-00010.md"]
    EDITS["article-removed"](site)
    (site / "content/articles/article-00012.annotations.yaml").unlink()
    build_site(site, site / "public", ONE_JOB, cache)
    assert "content/articles/article-00012.md" not in cache.sources.known
    assert_same_as_clean(site, tmp_path)


def test_a_kept_cache_reads_only_the_glossary_entries_that_changed(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = BuildCache(None, output=site / "public")
    build_site(site, site / "public", ONE_JOB, cache)
    read = files_read(monkeypatch, glossary, "load_entry")
    build_site(site, site / "public", ONE_JOB, cache)
    assert read == []
    entry, _ = first_term(site)
    EDITS["glossary-definition"](site)
    build_site(site, site / "public", ONE_JOB, cache)
    assert read == [f"content/glossary/{entry.name}"]
    assert_same_as_clean(site, tmp_path)
    # A problem found when the file was read is reported again while it is unchanged.
    edit(entry, "term: ", "colour: red\nterm: ")
    for _ in range(2):
        with pytest.raises(BuildFailed) as failed:
            build_site(site, site / "public", BuildOptions(jobs=1, strict=True), cache)
        assert ["colour" in d.message for d in failed.value.diagnostics] == [True]
    entry.unlink()
    with pytest.raises(BuildFailed):  # articles still link the term
        build_site(site, site / "public", ONE_JOB, cache)
    assert f"content/glossary/{entry.name}" not in cache.sources.known


def link_check_scopes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The scope of each build's link check from now on (None: every page)."""
    scopes: list[object] = []
    real = BuildCache.link_check_scope

    def spy(self: BuildCache, files: Any) -> Any:
        scopes.append(real(self, files))
        return scopes[-1]

    monkeypatch.setattr(BuildCache, "link_check_scope", spy)
    return scopes


def test_the_link_check_looks_again_only_at_pages_made_again(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scopes = link_check_scopes(monkeypatch)
    incremental(site)
    incremental(site)  # nothing changed, nothing checked: the scans are still kept
    EDITS["sidecar-note"](site)
    incremental(site)
    assert scopes[0] is None  # the first build checks every page
    assert scopes[1] == set()
    # The page alone: its neighbours show its title, which did not change.
    assert scopes[2] == {"articles/article-00004/index.html"}
    edit(
        site / "content/articles/article-00003.md",
        "\n\n",
        "\n\nSee [this note](../article-00004/index.html#note-n1).\n\n",
    )
    incremental(site)
    # A page not made again still fails when an id it links to goes.
    edit(site / "content/articles/article-00004.annotations.yaml", 'id: "n1"', 'id: "n1x"')
    with pytest.raises(BuildFailed) as failed:
        incremental(site)
    assert scopes[-1] is None
    assert [(d.code, "article-00003" in d.message) for d in failed.value.diagnostics] == [
        ("missing-fragment", True)
    ]


def test_a_file_added_keeps_the_link_check_to_the_pages_made_again(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new word makes a new search shard: a file added breaks no link that resolved, so
    only the page made again is checked. Nor does a file gone that no page links to (the
    shard, once the word is gone again)."""
    scopes = link_check_scopes(monkeypatch)
    incremental(site)
    before = set(tree(site / "public"))
    sidecar = site / "content/articles/article-00004.annotations.yaml"
    edit(sidecar, "note: |\n      ", "note: |\n      Qzxwvkj ")
    incremental(site)
    added = set(tree(site / "public")) - before
    assert added and all(path.startswith("search-index/") for path in added), added
    assert scopes[-1] == {"articles/article-00004/index.html"}
    edit(sidecar, "note: |\n      Qzxwvkj ", "note: |\n      ")
    incremental(site)
    assert set(tree(site / "public")) == before
    assert scopes[-1] == {"articles/article-00004/index.html"}


def test_a_file_gone_that_a_kept_page_links_to_is_found(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that a page not made again links to goes away: every page is checked."""
    scopes = link_check_scopes(monkeypatch)
    notes = "\n\nIts [notes as data](../article-00004/annotations.jsonld).\n\n"
    edit(site / "content/articles/article-00001.md", "\n\n", notes)
    incremental(site)
    sidecar = site / "content/articles/article-00007.annotations.yaml"
    edit(sidecar, "note: |\n      ", "note: |\n      New ")  # a check of one page
    incremental(site)
    assert scopes[-1] == {"articles/article-00007/index.html"}  # what it links to is added
    for name in ("article-00004.md", "article-00004.annotations.yaml"):
        (site / "content/articles" / name).unlink()
    with pytest.raises(BuildFailed) as failed:
        incremental(site)
    assert scopes[-1] is None
    found = [(d.code, "article-00001/" in d.message) for d in failed.value.diagnostics]
    assert ("broken-link", True) in found, found


def test_a_kept_cache_after_each_edit_equals_a_clean_build(site: Path, tmp_path: Path) -> None:
    """What `serve` does: one cache kept in memory (files as read, postings) across edits."""
    cache = BuildCache.open(site, output=site / "public")
    options = BuildOptions(jobs=1, in_place=True)
    build_site(site, site / "public", options, cache)
    for name in [
        "sidecar-note",
        "article-text",
        "article-title",
        "glossary-definition",
        "glossary-alias-added",
        "article-date",
        "article-added",
    ]:
        EDITS[name](site)
        build_site(site, site / "public", options, cache)
        assert_same_as_clean(site, tmp_path)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts the renders of the pages made from many articles: home and term pages."""
    counts: Counter[str] = Counter()
    for name in ("render_home", "render_term"):
        real = getattr(Renderer, name)

        def spy(self: Renderer, *args: Any, real: Any = real, name: str = name) -> Any:
            counts[name] += 1
            return real(self, *args)

        monkeypatch.setattr(Renderer, name, spy)
    return counts


def test_pages_made_from_many_articles_are_kept_when_what_they_show_is_unchanged(
    site: Path, tmp_path: Path, renders: Counter[str]
) -> None:
    incremental(site)
    assert renders == {"render_home": 1, "render_term": 25}
    EDITS["sidecar-note"](site)  # a note's text: not shown on the home page or term pages
    incremental(site)
    assert renders == {"render_home": 1, "render_term": 25}
    EDITS["article-title"](site)  # shown on both
    incremental(site)
    assert renders["render_home"] == 2 and 25 < renders["render_term"] < 50
    assert_same_as_clean(site, tmp_path)


def test_an_edit_reads_back_only_the_page_scans_the_link_check_needs(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scans_module, "SCANS_PER_BUCKET", 2)  # two dozen files, not one
    incremental(site)
    pages = len(list((site / "public").rglob("*.html")))
    buckets = set((site / CACHE_DIR / "scans").iterdir())
    assert len(buckets) > 16
    EDITS["sidecar-note"](site)
    cache = BuildCache.open(site, output=site / "public")
    build_site(site, site / "public", ONE_JOB, cache)
    assert 0 < len(cache.scans.scans) < pages / 2  # read back or made again
    cache.save()
    assert len(set((site / CACHE_DIR / "scans").iterdir()) - buckets) <= 6  # rewritten


def test_a_damaged_page_scan_is_made_again(site: Path, tmp_path: Path) -> None:
    incremental(site)
    for scan in (site / CACHE_DIR / "scans").iterdir():
        scan.write_bytes(scan.read_bytes().replace(b"note-", b"nope-"))
    # An id renamed: every page is checked, against scans made again from the pages.
    edit(site / "content/articles/article-00004.annotations.yaml", 'id: "n1"', 'id: "n1x"')
    incremental(site)
    assert_same_as_clean(site, tmp_path)


def test_an_edit_reads_back_only_the_search_words_and_shards_it_changes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    incremental(site)
    read: Counter[str] = Counter()
    for owner, name in ((BuildCache, "_words"), (BuildCache, "_stored_shard")):
        real = getattr(owner, name)

        def spy(self: object, *args: Any, real: Any = real, name: str = name) -> Any:
            read[name] += 1
            return real(self, *args)

        monkeypatch.setattr(owner, name, spy)
    edit(
        site / "content/articles/article-00004.annotations.yaml",
        "note: |\n      ",
        "note: |\n      Zanzibar ",
    )
    incremental(site)
    assert read["_words"] == 1  # the edited article's words before the edit
    assert read["_stored_shard"] == 1  # the one shard with the new word
    assert_same_as_clean(site, tmp_path)
    read.clear()
    EDITS["article-title"](site)  # a new title moves no document's number
    incremental(site)
    assert read["_words"] <= 1  # at most the edited article's: no other is taken again
    assert_same_as_clean(site, tmp_path)


def test_a_search_shard_missing_from_the_output_is_made_again(site: Path, tmp_path: Path) -> None:
    incremental(site)
    shards = sorted((site / "public/search-index/words").iterdir())
    for shard in shards[::3]:
        shard.unlink()
    EDITS["sidecar-note"](site)
    incremental(site)
    assert_same_as_clean(site, tmp_path)


def test_a_search_text_file_missing_from_the_output_is_made_again(
    site: Path, tmp_path: Path
) -> None:
    # A fresh result brings the text the per-article stage made; a reused one has none
    # (records leave it out), so the file is made again from the article.
    incremental(site)
    texts = sorted((site / "public/search-index/text/articles").iterdir())
    for text in texts[::4]:
        text.unlink()
    incremental(site)
    assert all(text.is_file() for text in texts)
    assert_same_as_clean(site, tmp_path)


def test_pages_are_not_reused_from_a_folder_an_older_build_wrote(
    site: Path, tmp_path: Path
) -> None:
    """Build into public/, edit, build elsewhere (as `serve` does), then into public/ again."""
    incremental(site)
    EDITS["sidecar-note"](site)
    incremental(site, out=tmp_path / "elsewhere")
    incremental(site)
    assert_same_as_clean(site, tmp_path)


def test_front_matter_is_parsed_again_only_when_it_changed(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    incremental(site)
    parsed: list[str] = []
    real = articles._parse_front_matter

    def spy(yaml_text: str, rel: str) -> Any:
        parsed.append(rel)
        return real(yaml_text, rel)

    monkeypatch.setattr(articles, "_parse_front_matter", spy)
    incremental(site)
    assert parsed == []
    EDITS["article-title"](site)
    incremental(site)
    assert parsed == ["content/articles/article-00010.md"]
    # What parsing reported is reported again while the front matter is unchanged.
    edit(site / "content/articles/article-00003.md", "title: ", "colour: red\ntitle: ")
    cache = BuildCache.open(site, output=site / "public")
    for _ in range(2):
        with pytest.raises(BuildFailed) as failed:
            build_site(site, site / "public", BuildOptions(jobs=1, strict=True), cache)
        assert ["colour" in d.message for d in failed.value.diagnostics] == [True]
        cache.sources.known.clear()  # files are read again: their front matter is remembered
    assert parsed == ["content/articles/article-00010.md", "content/articles/article-00003.md"]


def test_the_code_fingerprint_covers_modules_in_subpackages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit to any module, however deep, voids the cache."""
    package = tmp_path / "builder"
    (package / "anchor/markdown").mkdir(parents=True)
    (package / "cli.py").write_text("x = 1\n")
    deep = package / "anchor/markdown/render.py"
    deep.write_text("y = 1\n")
    monkeypatch.setattr(keys, "PACKAGE", package)
    before = keys.code_fingerprint.__wrapped__()
    deep.write_text("y = 2\n")
    assert keys.code_fingerprint.__wrapped__() != before


def test_the_output_folder_is_looked_at_once_a_build_and_a_private_one_never(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache checks the folder it builds into when the build starts (every file as the
    last build left it), not each kept page alone and then the folder again when writing.
    The dev server's preview folder, which only its process writes, is not walked."""
    incremental(site, in_place=True)
    walked: list[Path] = []
    real = update.folder_matches

    def spy(folder: Path, state: dict[str, list[Any]]) -> bool:
        walked.append(folder)
        return real(folder, state)

    monkeypatch.setattr(cache_module, "folder_matches", spy)
    monkeypatch.setattr(update, "folder_matches", spy)
    EDITS["sidecar-note"](site)
    incremental(site, in_place=True)
    assert walked == [output.real_out_dir(site / "public")]
    walked.clear()
    cache = BuildCache.open(site, output=site / "public")
    cache.output_private = True
    EDITS["article-text"](site)
    build_site(site, site / "public", BuildOptions(jobs=1, in_place=True), cache)
    assert walked == []
    assert_same_as_clean(site, tmp_path)


def test_a_build_parses_again_only_the_glossary_entries_written_since(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each entry's text is parsed once: a build (a CLI one, from the saved cache) takes
    what the others gave; an entry's problems are reported again from what it kept."""
    incremental(site)
    parsed: list[str] = []
    real = glossary._entry

    def spy(text: str, rel: str, diags: Diagnostics) -> glossary.GlossaryEntry | None:
        parsed.append(rel)
        return real(text, rel, diags)

    monkeypatch.setattr(glossary, "_entry", spy)
    incremental(site)
    assert parsed == []
    entry = sorted((site / "content/glossary").glob("*.yaml"))[3]
    rel = f"content/glossary/{entry.name}"
    edit(entry, "definition: |\n  ", "definition: |\n  Edited ")
    incremental(site)
    assert parsed == [rel]
    edit(entry, "definition: |\n", "colour: red\ndefinition: |\n")  # an unknown field
    cache = BuildCache.open(site, output=site / "public")  # kept, as `serve` does
    for _ in range(2):
        cache.sources.known.clear()  # read the file again: its problems come from the kept value
        with pytest.raises(BuildFailed) as failed:
            build_site(site, site / "public", ONE_JOB, cache)
        assert [d.location.path for d in failed.value.diagnostics] == [rel]
    assert parsed == [rel, rel]


def test_a_hearing_cache_keeps_the_values_of_the_files_it_did_not_read_again(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dev server takes unchanged files as they were, unread: the front matters and
    glossary entries parsed from them stay in its cache, so the `build` after it parses
    none of them again."""
    cache = BuildCache.open(site, output=site / "public")
    build_site(site, site / "public", ONE_JOB, cache)
    kept = {kind: len(cache.values[kind]) for kind in ("front-matter", "glossary-entry")}
    assert kept == {"front-matter": ARTICLES, "glossary-entry": 25}
    cache.hearing = True
    EDITS["sidecar-note"](site)
    cache.heard(["content/articles/article-00004.annotations.yaml"])
    build_site(site, site / "public", ONE_JOB, cache)
    assert {kind: len(cache.values[kind]) for kind in kept} == kept
    cache.save()
    parsed: list[str] = []
    monkeypatch.setattr(articles, "_front_matter", lambda *a: parsed.append(a[1]))
    monkeypatch.setattr(glossary, "_entry", lambda *a: parsed.append(a[1]))
    incremental(site)
    assert parsed == []
