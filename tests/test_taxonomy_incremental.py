"""Tags, series and the archive in incremental builds: an edit remakes only the lists that
show what it changed, and the output is byte for byte a clean build's."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from builder.incremental.cache import BuildCache
from builder.pipeline import BuildOptions, build_site
from builder.render import feeds
from builder.render.layouts import Renderer
from tests.support import taxonomy_site as tx
from tests.support.sites import age, write_site
from tests.support.snapshots import tree

LISTS = (
    "render_home",
    "render_archive",
    "render_tags",
    "render_tag",
    "render_series_index",
    "render_series",
    "render_term",
)


@pytest.fixture(autouse=True)
def cache_key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = write_site(tmp_path / "site", tx.FILES, tx.SITE_YAML, layouts=False)
    age(folder)  # else a file written in the last two seconds is read again every build
    return folder


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The list pages and feeds made: `render_tag:<name>`, `render_archive`, `feed:<path>`..."""
    counts: Counter[str] = Counter()
    for name in LISTS:
        real = getattr(Renderer, name)

        def spy(self: Renderer, *args: Any, real: Any = real, name: str = name) -> Any:
            label = getattr(args[0], "name", "") if name in {"render_tag", "render_series"} else ""
            counts[f"{name}:{label}" if label else name] += 1
            return real(self, *args)

        monkeypatch.setattr(Renderer, name, spy)
    real_atom = feeds.render_atom

    def atom(config: Any, articles: Any, which: Any = None) -> Any:
        made = real_atom(config, articles, which)
        counts[f"feed:{made.path}"] += 1
        return made

    monkeypatch.setattr(feeds, "render_atom", atom)
    return counts


def incremental(site: Path) -> None:
    cache = BuildCache.open(site, output=site / "public")
    build_site(site, site / "public", BuildOptions(jobs=1), cache)
    cache.save()


def assert_same_as_clean(site: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build_site(site, clean, BuildOptions(jobs=1))
    assert tree(site / "public") == tree(clean)


def edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


HOLD = "content/articles/rates-hold.md"


def test_a_note_edit_remakes_no_list(site: Path, tmp_path: Path, made: Counter[str]) -> None:
    incremental(site)
    made.clear()
    edit(site, tx.SIDECAR, "For the third", "For the fourth")
    incremental(site)
    assert made == Counter()
    assert "fourth" in (site / "public/articles/rates-hold/index.html").read_text("utf-8")
    assert_same_as_clean(site, tmp_path)


def test_a_tags_edit_remakes_only_the_tags_concerned(
    site: Path, tmp_path: Path, made: Counter[str]
) -> None:
    incremental(site)
    made.clear()
    edit(site, HOLD, '"Central banks"]', '"Trade"]')  # Économie stays: its page is kept
    incremental(site)
    assert made == Counter(
        {
            "render_tags": 1,  # the counts changed
            "render_tag:Central banks": 1,
            "render_tag:Trade": 1,
            f"feed:tags/{'central-banks'}/feed.xml": 1,
            "feed:tags/trade/feed.xml": 1,
        }
    )
    assert_same_as_clean(site, tmp_path)


def test_a_title_edit_remakes_the_lists_that_show_the_article(
    site: Path, tmp_path: Path, made: Counter[str]
) -> None:
    incremental(site)
    made.clear()
    edit(site, HOLD, "title: Rates hold", "title: Rates hold steady")
    incremental(site)
    assert set(made) == {
        "render_home",
        "render_archive",
        "render_tag:Économie",
        "render_tag:Central banks",
        "render_series:The Rate Cycle",
        "render_term",  # Inflation's and Interest rate's pages name it
        "feed:feed.xml",
        "feed:tags/économie/feed.xml",
        "feed:tags/central-banks/feed.xml",
    }
    assert made["render_term"] == 2
    assert_same_as_clean(site, tmp_path)


EDITS: dict[str, Callable[[Path], None]] = {
    "tag-renamed-everywhere": lambda s: [
        edit(s, f"content/articles/{slug}.md", '"Trade"', '"Commerce"')
        for slug in ("trade-deal", "ports", "souk")
    ],
    "last-article-of-a-tag-untagged": lambda s: edit(
        s, "content/articles/elections.md", 'tags: ["Politics"]\n', ""
    ),
    "series-parts-swapped": lambda s: [
        edit(s, HOLD, "part: 2", "part: 9"),
        edit(s, "content/articles/rates-fall.md", "part: 3", "part: 2"),
    ],
    "article-moved-to-another-year": lambda s: edit(s, HOLD, "date: 2025", "date: 2023"),
    "article-removed": lambda s: [
        (s / HOLD).unlink(),
        (s / tx.SIDECAR).unlink(),
    ],
    "home-latest-changed": lambda s: edit(s, "site.yaml", "latest: 5", "latest: 2"),
}


@pytest.mark.parametrize("name", EDITS)
def test_incremental_build_after_a_taxonomy_edit_equals_a_clean_build(
    site: Path, tmp_path: Path, name: str
) -> None:
    incremental(site)
    EDITS[name](site)
    incremental(site)
    assert_same_as_clean(site, tmp_path)
    if name == "last-article-of-a-tag-untagged":
        assert not (site / "public/tags/politics").exists()
