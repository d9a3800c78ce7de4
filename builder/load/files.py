"""Reading the site's files safely: nothing outside the site, no non-files, nothing too big.

Loaders read every input file through `read_site_file`, which refuses a path that
resolves outside the site folder (a symlink in `content/` or `layouts/`), anything that
is not a regular file, and a file over its size cap, before reading a byte;
`check_symlinks` reports links leaving the site before anything is read through them.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from builder.diagnostics import Diagnostics, SourceLocation

log = logging.getLogger(__name__)


def is_inside(root: Path, path: Path) -> bool:
    """Say whether `path`, with every symlink followed, lies inside `root` (resolved)."""
    resolved = path.resolve()
    return resolved == root or root in resolved.parents


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
"""Refuse a symlink (the caller then checks where it leads); never wait on a FIFO."""


def read_site_file(site_dir: Path, rel: str, diags: Diagnostics, limit: int) -> bytes | None:
    """Read a file of the site; None (reported) when it leaves the site, is no file or too big.

    The folders above it were checked first (`check_symlinks`): only a file that is
    itself a symbolic link has its target resolved, which costs a system call per
    folder of its path.
    """
    path = site_dir / rel
    loc = SourceLocation(rel)
    try:
        try:
            if not _NO_FOLLOW:  # no O_NOFOLLOW (Windows): check every file
                raise OSError(errno.ELOOP, "")
            fd = os.open(path, _OPEN_FLAGS)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            if not is_inside(site_dir.resolve(), path):
                _outside(rel, path, diags)
                return None
            fd = os.open(path, _OPEN_FLAGS & ~_NO_FOLLOW)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                diags.error(
                    loc, "unreadable", f"'{rel}' is not a regular file", "remove it or rename it"
                )
                return None
            if info.st_size > limit:
                report_too_large(loc, info.st_size, limit, diags)
                return None
            with os.fdopen(fd, "rb") as file:
                fd = -1  # the file object closes it now
                return file.read()
        finally:
            if fd != -1:
                os.close(fd)
    except OSError as exc:
        diags.error(
            loc,
            "unreadable",
            f"cannot read '{rel}': {exc.strerror or exc}",
            "check that the file exists and that you may read it",
        )
        return None


def report_too_large(loc: SourceLocation, size: int, limit: int, diags: Diagnostics) -> None:
    """Report a file over its size cap."""
    diags.error(
        loc,
        "file-too-large",
        f"file is {size} bytes; the limit is {limit}",
        "split the file into smaller ones",
    )


def check_symlinks(site_dir: Path, folder: str, diags: Diagnostics) -> None:
    """Report every symlink under `folder` (file or folder) that points outside the site."""
    top = site_dir / folder
    if not top.exists() and not top.is_symlink():
        return
    root = site_dir.resolve()
    if not is_inside(root, top):
        _outside(folder, top, diags)
        return
    for link in _links_under(str(top)):
        path = Path(link)
        if not is_inside(root, path):
            _outside(path.relative_to(site_dir).as_posix(), path, diags)


def _links_under(folder: str) -> Iterator[str]:
    """Every symlink under `folder`, without following linked folders (one scandir each:
    the entries' types come with the listing)."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_symlink():
            yield entry.path
        elif entry.is_dir():
            yield from _links_under(entry.path)


def _outside(rel: str, path: Path, diags: Diagnostics) -> None:
    diags.error(
        SourceLocation(rel),
        "unsafe-path",
        f"'{rel}' is a link to {path.resolve()}, outside the site folder",
        "copy the file into the site instead of linking to it",
    )
