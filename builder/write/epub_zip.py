"""Write the EPUB container: files in, one zip out, streamed, reproducible and atomic.

`EpubZip.open(target, epoch)` gives a writer into a temporary file beside `target`;
`add` puts each file (a chapter as soon as it is made) into the zip, so the book is
never held whole in memory. Only when the block ends without an error is the file
renamed onto `target`; otherwise it is removed and `target` is left as it was.
Every entry has the same time (`epoch`), permissions and compression, and entries go
in the order they are added, so the same book gives the same bytes.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from builder.diagnostics import BuildFailed
from builder.write.output import write_failed

log = logging.getLogger(__name__)

CONTENT_DIR = "EPUB"
"""The folder holding the book's files inside the zip."""
CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
_LEVEL = 6
"""One compression level always: zlib's output for the same input and level is the same."""


class EpubZip:
    """An EPUB being written: `add` files; the mimetype and container come first."""

    def __init__(self, archive: zipfile.ZipFile, epoch: int) -> None:
        self._zip = archive
        self._time = datetime.fromtimestamp(epoch, tz=UTC).timetuple()[:6]
        self.names: list[str] = []
        self._write("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        self._write("META-INF/container.xml", CONTAINER.encode("utf-8"))

    @classmethod
    @contextmanager
    def open(cls, target: Path, epoch: int) -> Iterator[EpubZip]:
        """Write into a temporary file, renamed onto `target` only if the block succeeds."""
        tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(tmp, "w") as archive:
                yield cls(archive, epoch)
            os.replace(tmp, target)
        except OSError as exc:
            raise BuildFailed(
                [write_failed(exc, target, f"cannot write the e-book to {target}")]
            ) from exc
        finally:
            tmp.unlink(missing_ok=True)
        log.info("wrote %s", target)

    def add(self, path: str, data: bytes) -> None:
        """Add a file of the book (`path` inside the content folder)."""
        self._write(f"{CONTENT_DIR}/{path}", data)
        self.names.append(path)

    def _write(self, name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> None:
        info = zipfile.ZipInfo(name, date_time=self._time)
        info.compress_type = method
        info.create_system = 3  # the same on every system
        info.external_attr = 0o100644 << 16
        self._zip.writestr(info, data, compress_type=method, compresslevel=_LEVEL)
