"""Local preview: build into a temporary folder, serve it on 127.0.0.1, rebuild on change.

`PreviewServer` hears of saves to site.yaml, content/ and layouts/ (and to the built-in
layouts, which a source checkout may edit) from file-system events
(`watch.watch_sources`), rebuilds the site when one changes (only what the change
touched: it keeps one build cache), and tells open pages to reload
through a long-polling endpoint that a small script in every served page calls.
A failed build keeps the last good site and answers page requests with an error
page listing the problems, until a build succeeds again. The site is built with
base_url set to the server's own address, and never into the site's public/.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jinja2

from builder.commands.watch import snapshot, watch_sources
from builder.diagnostics import BuildFailed
from builder.incremental.cache import BuildCache
from builder.load.layout_files import LayoutFolders
from builder.pipeline import BuildOptions, build_site

log = logging.getLogger(__name__)

RELOAD_PATH = "/_edition/reload"
SCRIPT_PATH = "/_edition/live.js"
LONG_POLL_SECONDS = 20.0
"""How long a reload request waits for a new build before answering 'no change'."""
SAVE_AFTER_SECONDS = 2.0
"""The cache is saved once no build has run for this long: not while the pages reload."""

_PAGES = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_PAGES.globals["script_path"] = SCRIPT_PATH
LIVE_TAG = _PAGES.from_string(
    '<script src="{{ script_path }}?since={{ generation }}" defer data-edition-live></script>'
)
ERROR_PAGE = _PAGES.from_string(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Build failed</title>
<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #1e1e1e; color: #eee; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { color: #ff8a80; }
pre { white-space: pre-wrap; background: #2b2b2b; padding: 1rem; border-left: 4px solid #ff8a80; }
</style>
</head>
<body>
<main>
<h1>The build failed</h1>
<p>The previous version of the site is kept. Fix the problems below and save:
this page reloads by itself when the build succeeds.</p>
{% for problem in problems %}<pre>{{ problem }}</pre>
{% endfor %}
</main>
{% include live_tag %}
</body>
</html>
"""
)
LIVE_SCRIPT = b"""// Reload the page when the preview server finishes a new build.
(function () {
  "use strict";
  var script = document.currentScript;
  var since = new URL(script.src).searchParams.get("since");
  function poll() {
    fetch("%(reload)s?since=" + since, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (String(state.generation) !== since) { location.reload(); } else { poll(); }
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
""" % {b"reload": RELOAD_PATH.encode()}


@dataclass(frozen=True, slots=True)
class BuildState:
    generation: int
    """Counts finished builds, good or bad; pages reload when it changes."""
    problems: tuple[str, ...] = ()
    """The last build's errors, one text block each; empty when it succeeded."""
    seconds: float = 0.0


class PreviewServer:
    """Serve a site's preview build and rebuild it when its sources change."""

    def __init__(
        self,
        site_dir: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        strict: bool = False,
        report: Callable[[str], None] | None = None,
    ) -> None:
        self.site_dir = site_dir
        self.strict = strict
        self.report = report or (lambda message: print(message, file=sys.stderr))
        self.work_dir = Path(tempfile.mkdtemp(prefix="edition-serve-"))
        self.out_dir = self.work_dir / "public"
        self.out_dir.mkdir()
        self.cache = BuildCache.open(site_dir, output=self.out_dir)
        self.cache.output_private = True  # the preview folder: only this process writes it
        self.also = LayoutFolders.of(site_dir).watched()
        """The built-in layouts, watched too: a source checkout's may be edited."""
        self.state = BuildState(0)
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        handler = partial(_Handler, preview=self, directory=str(self.out_dir))
        try:
            self.httpd = ThreadingHTTPServer((host, port), handler)
        except OSError:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            raise
        self.httpd.daemon_threads = True
        shown_host = "localhost" if host in {"0.0.0.0", "::", ""} else host
        if ":" in shown_host:
            shown_host = f"[{shown_host}]"
        self.url = f"http://{shown_host}:{self.httpd.server_address[1]}/"
        self._threads: list[threading.Thread] = []
        self._building = threading.Lock()
        """Held by a build and by a save of the cache: they never overlap."""
        self._save_timer: threading.Timer | None = None
        self._unsaved = False
        """The last build succeeded and the cache has not been saved since."""

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        sources = snapshot(self.site_dir, self.also)  # before building: an edit meanwhile counts
        self.rebuild()
        # From now on the watcher names every source that changes (an edit during that
        # first build too, against the snapshot): the rest are not looked at again.
        self.cache.hearing = True
        for target in (self.httpd.serve_forever, partial(self._watch, sources)):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def close(self) -> None:
        """Stop serving and watching, release waiting pages and remove the preview build."""
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()
        if self._threads:  # serving: shutdown() waits for serve_forever, which never ran else
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._save_cache()  # what the last build made, if not saved yet
        shutil.rmtree(self.work_dir, ignore_errors=True)

    def rebuild(self) -> BuildState:
        """Build the site into the preview folder; record the errors instead of raising them."""
        with self._building:
            if self._save_timer is not None:
                self._save_timer.cancel()
            started = time.perf_counter()
            problems: tuple[str, ...] = ()
            try:
                # The preview folder is ours: changed files are replaced in place, no new
                # tree per edit. The cache is kept across rebuilds (only what changed is
                # redone), and saved once the pages have had time to reload.
                options = BuildOptions(strict=self.strict, base_url=self.url, in_place=True)
                build_site(self.site_dir, self.out_dir, options, self.cache)
            except BuildFailed as failed:
                problems = tuple(str(d) for d in failed.diagnostics if d.severity == "error")
            except Exception:  # a bug: show it in the browser too, and keep serving
                log.exception("the build crashed")
                problems = (traceback.format_exc(),)
            seconds = time.perf_counter() - started
            self._unsaved = not problems
            if self._unsaved:  # later: saving now would slow the reloading page's requests
                timer = threading.Timer(SAVE_AFTER_SECONDS, lambda: self._save_cache(timer))
                timer.daemon = True
                self._save_timer = timer
                timer.start()
        with self.changed:
            self.state = BuildState(self.state.generation + 1, problems, seconds)
            self.changed.notify_all()
        if problems:
            self.report(f"build failed ({len(problems)} error(s)); showing them in the browser")
            for problem in problems:
                self.report(problem)
        else:
            self.report(f"built in {seconds:.2f}s; serving {self.url}")
        return self.state

    def _save_cache(self, timer: threading.Timer | None = None) -> None:
        """Save the cache for the next `build` or `serve`, if the last build succeeded and
        it is not saved yet (from a `timer`: unless a later build set its own, which saves
        it then); a failure only costs that one time."""
        with self._building:
            if not self._unsaved or (timer is not None and timer is not self._save_timer):
                return
            self._unsaved = False
            try:
                self.cache.save()
            except OSError as exc:
                log.warning("could not save the build cache: %s", exc)

    def wait_for_build(self, since: int, timeout: float) -> BuildState:
        """Return the build state once its generation differs from `since`, or after `timeout`."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while self.state.generation == since and not self.stopping.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.changed.wait(left)
            return self.state

    def _watch(self, before: dict[str, tuple[int, int]]) -> None:
        for changed in watch_sources(self.site_dir, self.stopping, before, self.also):
            self.report(f"changed: {', '.join(changed[:3])}{' …' if len(changed) > 3 else ''}")
            self.cache.heard(changed)
            self.rebuild()


class _Handler(SimpleHTTPRequestHandler):
    """Serve the preview folder; add the reload script to pages; answer reload polls."""

    def __init__(self, *args: Any, preview: PreviewServer, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        url = urlsplit(self.path)
        if url.path == RELOAD_PATH:
            self._reload(parse_qs(url.query))
        elif url.path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, LIVE_SCRIPT, "text/javascript; charset=utf-8")
        elif self._is_page(url.path):
            self._page(url.path)
        else:
            super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        log.debug("%s %s", self.address_string(), format % args)

    def _reload(self, query: dict[str, list[str]]) -> None:
        since = query.get("since", ["-1"])[0]
        state = self.preview.wait_for_build(
            int(since) if since.lstrip("-").isdigit() else -1, LONG_POLL_SECONDS
        )
        body = json.dumps({"generation": state.generation, "ok": not state.problems})
        self._send(HTTPStatus.OK, body.encode(), "application/json")

    def _is_page(self, path: str) -> bool:
        return path.endswith((".html", "/"))

    def _page(self, path: str) -> None:
        state = self.preview.state
        live_tag = LIVE_TAG.render(generation=state.generation)
        if state.problems:
            page = ERROR_PAGE.render(
                problems=state.problems, live_tag=LIVE_TAG, generation=state.generation
            )
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, page.encode(), "text/html; charset=utf-8")
            return
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        status = HTTPStatus.OK
        if not file.is_file():
            status, file = HTTPStatus.NOT_FOUND, self.preview.out_dir / "404.html"
        try:
            content = file.read_bytes()
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self._send(status, _with_live_tag(content, live_tag), "text/html; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, media_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing asset with the site's 404 page when there is one."""
        not_found = self.preview.out_dir / "404.html"
        if code == HTTPStatus.NOT_FOUND and not_found.is_file():
            self._send(HTTPStatus.NOT_FOUND, not_found.read_bytes(), "text/html; charset=utf-8")
            return
        super().send_error(code, message, explain)


def _with_live_tag(page: bytes, live_tag: str) -> bytes:
    """Put the reload script just before </body> (or at the end of a page without one)."""
    at = page.rfind(b"</body>")
    at = len(page) if at == -1 else at
    return page[:at] + live_tag.encode() + b"\n" + page[at:]
