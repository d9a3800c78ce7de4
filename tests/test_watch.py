"""Hearing saves (builder/commands/watch.py): file-system events, settled, each burst once."""

from __future__ import annotations

import queue
import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from builder.commands.watch import snapshot, watch_sources
from tests.support.sites import MakeSite

Heard = queue.Queue[list[str]]


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    return make_site({"content/articles/a.md": "Text.\n"})


@contextmanager
def listening(
    site: Path, before: dict[str, tuple[int, int]], more: Sequence[Path] = ()
) -> Iterator[Heard]:
    """What the watcher yields, burst by burst, while the block runs."""
    found: Heard = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=lambda: [found.put(p) for p in watch_sources(site, stop, before, more)],
        daemon=True,
    )
    thread.start()
    try:
        yield found
    finally:
        stop.set()
        thread.join(timeout=5)


@pytest.fixture
def heard(site: Path) -> Iterator[Heard]:
    with listening(site, snapshot(site)) as found:
        yield found


def next_burst(heard: Heard, seconds: float = 3.0) -> list[str]:
    return heard.get(timeout=seconds)


def nothing_more(heard: Heard, seconds: float = 1.2) -> bool:
    try:
        heard.get(timeout=seconds)
    except queue.Empty:
        return True
    return False


def test_a_save_is_heard_once_its_file_settles(site: Path, heard: Heard) -> None:
    article = site / "content/articles/a.md"
    with article.open("w") as file:  # truncated, then written in two parts
        file.write("New ")
        file.flush()
        file.write("text.\n")
    assert next_burst(heard) == ["content/articles/a.md"]
    assert nothing_more(heard)  # the write's trailing events change nothing more


def test_a_save_made_before_it_listened_is_heard_first(site: Path) -> None:
    before = snapshot(site)
    (site / "content/articles/a.md").write_text("Changed before the watcher started.\n")
    stop = threading.Event()
    try:
        assert next(watch_sources(site, stop, before)) == ["content/articles/a.md"]
    finally:
        stop.set()


def test_hidden_and_backup_files_and_the_output_are_not_sources(site: Path, heard: Heard) -> None:
    (site / "content/articles/.a.md.swp").write_text("x")
    (site / "content/articles/a.md~").write_text("x")
    (site / "public").mkdir()
    (site / "public/index.html").write_text("x")
    assert nothing_more(heard)
    (site / "content/glossary").mkdir()
    (site / "content/glossary/t.yaml").write_text("term: T\ndefinition: D.\n")
    assert next_burst(heard) == ["content/glossary/t.yaml"]


def test_a_layouts_folder_made_later_is_watched(site: Path, heard: Heard) -> None:
    shutil.rmtree(site / "layouts")
    gone = next_burst(heard)
    assert "layouts/base.html" in gone and all(p.startswith("layouts/") for p in gone)
    (site / "layouts/partials").mkdir(parents=True)
    (site / "layouts/partials/extra.html").write_text("<p>x</p>")
    burst = next_burst(heard, 5.0)
    while "layouts/partials/extra.html" not in burst:
        burst = next_burst(heard, 5.0)
    (site / "layouts/partials/extra.html").write_text("<p>changed</p>")
    assert next_burst(heard, 5.0) == ["layouts/partials/extra.html"]


def test_a_folder_watched_also_is_heard_by_its_absolute_paths(site: Path, tmp_path: Path) -> None:
    """serve watches the built-in layouts too when they are outside the site (a checkout)."""
    builtin = (tmp_path / "builtin").resolve()
    (builtin / "partials").mkdir(parents=True)
    (builtin / "partials/byline.html").write_text("<p>x</p>")
    before = snapshot(site, [builtin])
    assert f"{builtin.as_posix()}/partials/byline.html" in before
    assert "content/articles/a.md" in before
    with listening(site, before, [builtin]) as found:
        (builtin / "partials/byline.html").write_text("<p>edited</p>")
        assert next_burst(found) == [f"{builtin.as_posix()}/partials/byline.html"]
        (builtin / "partials/.byline.html.swp").write_text("x")  # hidden: not a source
        (site / "content/articles/a.md").write_text("Edited.\n")
        assert next_burst(found) == ["content/articles/a.md"]


def test_a_file_written_while_the_watch_is_moved_is_heard(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A watched folder came back: the watch is set up again, and a file written before
    that watch listens (here: just before it is made) is still heard."""
    import builder.commands.watch as module

    real_watch = module.watch
    calls: list[int] = []

    def late_watch(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 2:  # the watch that follows layouts/ coming back
            (site / "layouts/partials/late.html").write_text("<p>late</p>")
        return real_watch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "watch", late_watch)
    shutil.rmtree(site / "layouts")
    with listening(site, snapshot(site)) as found:
        time.sleep(0.2)  # listening, with no layouts/ to watch
        (site / "layouts/partials").mkdir(parents=True)
        burst = next_burst(found, 5.0)
        while "layouts/partials/late.html" not in burst:
            burst = next_burst(found, 5.0)
    assert len(calls) == 2
