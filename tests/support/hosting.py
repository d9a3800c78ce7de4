"""A static host for tests: serves a folder under a sub-path, the way GitHub Pages does.

Requests outside the prefix get a bare 404; a missing file inside it gets the site's
404.html with status 404; a folder gets its index.html.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

TIMEOUT = 10


class _SubPathHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, prefix: str, **kwargs: Any) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        # Only called for paths under the prefix (do_GET checks first).
        return super().translate_path("/" + urlsplit(path).path[len(self.prefix) :])

    def do_GET(self) -> None:  # noqa: N802
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(HTTPStatus.NOT_FOUND, "outside the site's sub-path")
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir() and not self.path.endswith("/"):
            super().do_GET()  # redirects to the slash form
        elif not (target.is_file() or (target / "index.html").is_file()):
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(HTTPStatus.NOT_FOUND)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def static_host(folder: Path, prefix: str = "/edition/") -> Iterator[str]:
    """Serve `folder` at http://127.0.0.1:PORT{prefix}; yield that URL."""
    handler = partial(_SubPathHandler, prefix=prefix, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET a URL; return (status, content type, body), also for error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()
