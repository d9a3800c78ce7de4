"""The preview server, driven by a real HTTP client on localhost with bounded waits."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.commands.serve import RELOAD_PATH, SCRIPT_PATH, PreviewServer
from builder.commands.watch import is_source, snapshot
from builder.incremental.cache import BuildCache
from builder.load import layout_files
from tests.support.hosting import fetch
from tests.support.sites import REPO, MakeSite, age

ARTICLE = "---\ntitle: A\n---\nThe first version.\n"
SIDECAR = "annotations:\n  - kind: footnote\n    quote: first version\n    note: A note.\n"


@pytest.fixture
def preview(make_site: MakeSite) -> Iterator[PreviewServer]:
    site = make_site(
        {"content/articles/a.md": ARTICLE, "content/articles/a.annotations.yaml": SIDECAR}
    )
    server = PreviewServer(site, port=0, report=lambda message: None)
    server.start()
    try:
        yield server
    finally:
        server.close()


def next_build(preview: PreviewServer, since: int) -> dict[str, object]:
    """Ask the server, as the page script does, for the build after `since` (bounded)."""
    status, _, body = fetch(f"{preview.url[:-1]}{RELOAD_PATH}?since={since}")
    assert status == 200
    state: dict[str, object] = json.loads(body)
    assert state["generation"] != since, "no rebuild within the long-poll window"
    return state


def test_the_watcher_sees_every_source_file_but_hidden_and_backup_ones(
    make_site: MakeSite,
) -> None:
    site = make_site(
        {"content/articles/a.md": ARTICLE, "content/articles/a.annotations.yaml": SIDECAR}
    )
    for rel in [
        "content/articles/.a.md.swp",
        "content/articles/a.md~",
        "content/.drafts/b.md",
        "content/glossary/nested/deeper/x.yaml",
        "content/old~/c.md",  # a folder ending in ~ is not a backup file
        "layouts/partials/extra.html",
        "public/index.html",  # output, not watched
    ]:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x")
    (site / "content/loop").symlink_to(site / "content")  # a link to a folder: not followed
    (site / "content/linked.md").symlink_to(site / "content/articles/a.md")  # a file: watched
    found = snapshot(site)
    expected = {"site.yaml", "content/glossary/nested/deeper/x.yaml", "content/old~/c.md"}
    expected |= {"content/linked.md"}
    expected |= {"content/articles/a.md", "content/articles/a.annotations.yaml"}
    expected |= {
        p.relative_to(site).as_posix() for p in (site / "layouts").rglob("*") if p.is_file()
    }
    expected |= {
        p.relative_to(site).as_posix()
        for p in (site / "content/glossary").glob("*.yaml")
        if p.is_file()
    }
    assert set(found) == expected
    article = site / "content/articles/a.md"
    assert found["content/articles/a.md"] == (article.stat().st_mtime_ns, article.stat().st_size)
    article.write_text(ARTICLE + "More.\n")
    assert snapshot(site)["content/articles/a.md"][1] == len(ARTICLE) + len("More.\n")
    # The events' filter takes the same files (as absolute paths).
    events = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    taken = {rel for rel in events if is_source(site.resolve(), str(site.resolve() / rel))}
    assert taken == expected


def test_serves_the_site_on_localhost_with_the_reload_script(preview: PreviewServer) -> None:
    assert preview.url.startswith("http://127.0.0.1:")
    status, media_type, body = fetch(preview.url)
    assert (status, media_type) == (200, "text/html")
    assert f'<script src="{SCRIPT_PATH}?since=1" defer data-edition-live></script>'.encode() in body
    assert body.index(b"data-edition-live") < body.index(b"</body>")
    status, media_type, script = fetch(preview.url[:-1] + SCRIPT_PATH)
    assert (status, media_type) == (200, "text/javascript")
    assert RELOAD_PATH.encode() in script and b"location.reload()" in script
    status, media_type, css = fetch(preview.url + "assets/style.css")
    assert (status, media_type) == (200, "text/css") and b"data-edition-live" not in css
    # The preview is built for its own address, not the published one.
    page = fetch(preview.url + "articles/a/index.html")[2]
    assert f'<link rel="canonical" href="{preview.url}articles/a/">'.encode() in page


def test_missing_page_gets_the_404_page(preview: PreviewServer) -> None:
    status, _, body = fetch(preview.url + "no/such/page.html")
    assert status == 404 and b"Page not found" in body
    assert f'href="{preview.url}assets/style.css"'.encode() in body
    assert fetch(preview.url + "no/such/asset.png")[0] == 404


def test_edit_rebuilds_and_tells_the_page(preview: PreviewServer) -> None:
    article = preview.site_dir / "content/articles/a.md"
    article.write_text(ARTICLE.replace("first version", "first version, edited"), "utf-8")
    state = next_build(preview, 1)
    assert state == {"generation": 2, "ok": True}
    status, _, body = fetch(preview.url + "articles/a/index.html")
    assert status == 200 and b"first version, edited" in body
    assert b"?since=2" in body


def test_the_cache_is_saved_after_the_pages_are_told(preview: PreviewServer) -> None:
    """A rebuild answers the pages first, then (once idle) saves the cache a later `build`
    starts from."""
    article = preview.site_dir / "content/articles/a.md"
    article.write_text(ARTICLE.replace("first version", "first version, edited"), "utf-8")
    next_build(preview, 1)
    deadline = time.monotonic() + 10
    saved = lambda: getattr(BuildCache.open(preview.site_dir).articles.get("a"), "key", "")  # noqa: E731
    while saved() != preview.cache.articles["a"].key:
        assert time.monotonic() < deadline, "the cache was not saved after the rebuild"
        time.sleep(0.05)


def test_the_cache_is_saved_once_idle_or_on_closing(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not while the pages reload (it would slow their requests): when no build ran for
    a while, and at the latest when the server closes; a failed build saves nothing."""
    monkeypatch.setattr("builder.commands.serve.SAVE_AFTER_SECONDS", 3600.0)
    site = make_site(
        {"content/articles/a.md": ARTICLE, "content/articles/a.annotations.yaml": SIDECAR}
    )
    server = PreviewServer(site, port=0, report=lambda message: None)
    try:
        server.start()
        first = server._save_timer  # the first build's, replaced by the next one's
        server.rebuild()
        assert not (site / ".cache/build/index.json").exists(), "saved before it was idle"
        server._save_cache(first)  # as that timer would, firing late: not saved
        assert not (site / ".cache/build/index.json").exists()
        key = server.cache.articles["a"].key
    finally:
        server.close()
    assert BuildCache.open(site).articles["a"].key == key
    # A broken edit, then closing: the last good build's cache is not overwritten.
    (site / ".cache").rename(site / ".cache-good")
    monkeypatch.setattr("builder.commands.serve.SAVE_AFTER_SECONDS", 0.0)
    (site / "content/articles/a.annotations.yaml").write_text("annotations: [", "utf-8")
    server = PreviewServer(site, port=0, report=lambda message: None)
    try:
        server.start()
        assert server.state.problems
    finally:
        server.close()
    assert not (site / ".cache/build/index.json").exists()


def test_closing_a_server_that_never_started_returns(make_site: MakeSite) -> None:
    """Ctrl+C during the first build (inside `start`) closes a server that never served:
    closing must not wait for a serving loop that never ran."""
    site = make_site({"content/articles/a.md": ARTICLE})
    server = PreviewServer(site, port=0, report=lambda message: None)
    closing = threading.Thread(target=server.close, daemon=True)
    closing.start()
    closing.join(timeout=10)
    assert not closing.is_alive(), "close() hangs on a server that never started"
    assert not server.work_dir.exists()


def test_a_broken_edit_shows_the_error_page_and_a_fix_recovers(preview: PreviewServer) -> None:
    sidecar = preview.site_dir / "content/articles/a.annotations.yaml"
    sidecar.write_text(SIDECAR.replace("first version", "<b>missing</b> words"), "utf-8")
    assert next_build(preview, 1) == {"generation": 2, "ok": False}
    for path in ("", "articles/a/index.html", "glossary/"):
        status, _, body = fetch(preview.url + path)
        assert status == 500
        assert b"content/articles/a.annotations.yaml:3:12: error[quote-not-found]" in body
        assert b"&lt;b&gt;missing&lt;/b&gt;" in body and b"<b>missing" not in body
        live = f'<script src="{SCRIPT_PATH}?since=2" defer data-edition-live></script>'
        assert live.encode() in body  # the error page reloads itself too
    assert fetch(preview.url + "assets/style.css")[0] == 200  # the last good build stays
    sidecar.write_text(SIDECAR, "utf-8")
    assert next_build(preview, 2) == {"generation": 3, "ok": True}
    assert fetch(preview.url + "articles/a/index.html")[0] == 200


def test_layout_changes_are_watched_too(preview: PreviewServer) -> None:
    layout = preview.site_dir / "layouts/home.html"
    text = layout.read_text("utf-8")
    layout.write_text(text.replace("{% block main %}", "{% block main %}<h2>Reading</h2>", 1))
    next_build(preview, 1)
    assert b"<h2>Reading</h2>" in fetch(preview.url)[2]


def test_edits_of_the_built_in_layouts_and_of_a_new_override_are_watched(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builtin = tmp_path / "builtin"  # as a source checkout's layouts/, outside the site
    shutil.copytree(REPO / "layouts", builtin)
    monkeypatch.setattr(layout_files, "builtin_layouts", lambda: builtin.resolve())
    site = make_site({"content/articles/a.md": ARTICLE}, layouts=False)
    server = PreviewServer(site, port=0, report=lambda message: None)
    server.start()
    try:
        home = builtin / "home.html"
        text = home.read_text("utf-8")
        home.write_text(text.replace("{% block main %}", "{% block main %}<h2>Built in</h2>", 1))
        next_build(server, 1)
        assert b"<h2>Built in</h2>" in fetch(server.url)[2]
        (site / "layouts").mkdir()
        (site / "layouts/home.html").write_text(
            text.replace("{% block main %}", "{% block main %}<h2>Mine</h2>", 1), "utf-8"
        )
        next_build(server, 2)
        page = fetch(server.url)[2]
        assert b"<h2>Mine</h2>" in page and b"Built in" not in page
    finally:
        server.close()


def test_reload_poll_answers_at_once_when_behind_and_the_folder_goes_on_close(
    make_site: MakeSite,
) -> None:
    site = make_site({"content/articles/a.md": ARTICLE})
    server = PreviewServer(site, port=0, report=lambda message: None)
    server.start()
    started = time.monotonic()
    assert next_build(server, 0) == {"generation": 1, "ok": True}
    assert time.monotonic() - started < 5
    work = server.work_dir
    assert (work / "public/index.html").is_file()
    server.close()
    assert not work.exists()
    assert not (site / "public").exists()  # never writes the site's own public/


def test_serve_command_binds_localhost_and_stops_cleanly(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": ARTICLE})
    with subprocess.Popen(
        [sys.executable, "-m", "builder", "serve", "--site", str(site), "--port", "0"],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as process:
        watchdog = threading.Timer(60, process.kill)  # bounds the blocking reads below
        watchdog.start()
        try:
            assert process.stderr is not None
            url = ""
            for _ in range(20):  # a few report lines come before it
                line = process.stderr.readline()
                found = re.search(r"serving (http://127\.0\.0\.1:\d+/) \(Ctrl\+C", line)
                if found:
                    url = found.group(1)
                    break
            assert url, "the server did not say where it listens"
            assert fetch(url)[0] == 200
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=10) == 0
            watchdog.cancel()


def test_a_remembered_source_is_not_looked_at_until_the_watcher_hears_it_change(
    make_site: MakeSite,
) -> None:
    """Serving, the cache takes the sources it read as they were (no look at each file
    per rebuild) and forgets each one the watcher hears of: an edit of one is built."""
    site = make_site(
        {"content/articles/a.md": ARTICLE, "content/articles/a.annotations.yaml": SIDECAR}
    )
    age(site)  # files older than two seconds are remembered (incremental/known.py)
    server = PreviewServer(site, port=0, report=lambda message: None)
    server.start()
    try:
        sidecar = "content/articles/a.annotations.yaml"
        assert server.cache.hearing and sidecar in server.cache.sources.sidecars
        assert "content/articles/a.md" in server.cache.sources.known
        (site / sidecar).write_text(SIDECAR.replace("A note.", "A heard note."), "utf-8")
        assert next_build(server, 1) == {"generation": 2, "ok": True}
        assert b"A heard note." in fetch(server.url + "articles/a/index.html")[2]
    finally:
        server.close()
