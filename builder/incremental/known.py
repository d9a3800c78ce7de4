"""Source files as last read, for a process that builds again and again (`serve`).

A file whose signature (mtime, size, inode, ctime) did not change since it was read is
not read or parsed again: the dev server then reads only what the writer touched. The
problems reading it reported are kept with it and reported again on every build.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from builder.diagnostics import Diagnostic, Diagnostics

T = TypeVar("T")
RACY_NS = 2_000_000_000
"""A file modified less than this long ago is read again next time (see `load_known`)."""


@dataclass(frozen=True, slots=True)
class KnownFile(Generic[T]):
    """A file as it was last read."""

    signature: tuple[int, int, int, int]
    """(mtime_ns, size, inode, ctime_ns): any write to the file changes it."""
    value: T | None
    """What reading it gave (None: it could not be used, see `problems`)."""
    problems: tuple[Diagnostic, ...]
    """What reading it reported (found without `strict`)."""


Known = dict[str, KnownFile[T]]
"""Path inside the site -> the file as last read."""


def load_known(
    site_dir: Path,
    rel: str,
    diags: Diagnostics,
    known: Known[T],
    load: Callable[[Path, str, Diagnostics], T | None],
    heard: bool = False,
) -> T | None:
    """`load(site_dir, rel, diags)`, or what it gave last time if the file did not change.

    `heard`: the caller hears of every change to the site's sources (the dev server's
    watcher, which makes the file forgotten: `BuildCache.heard`), so a file remembered is
    taken as it was, without looking at it."""
    found = known.get(rel) if heard else None
    if found is not None:
        diags.extend(found.problems)
        return found.value
    try:
        # a str path: a Path per file and build cost more than the stat (2000 files)
        info = os.stat(os.path.join(site_dir, rel), follow_symlinks=False)
    except OSError:
        info = None
    if info is None or stat.S_ISLNK(info.st_mode):  # read_site_file checks where it leads
        known.pop(rel, None)
        return load(site_dir, rel, diags)
    signature = (info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns)
    found = known.get(rel)
    if found is None or found.signature != signature:
        lenient = Diagnostics()
        value = load(site_dir, rel, lenient)
        found = KnownFile(signature, value, tuple(lenient.items))
        # A file written just now could be written again within its time's resolution
        # (two seconds on FAT) with the same size: its signature would not change. So it
        # is remembered only once it is older than that, as git does with its index.
        if time.time_ns() - info.st_mtime_ns > RACY_NS:
            known[rel] = found
        else:
            known.pop(rel, None)
    diags.extend(found.problems)
    return found.value


def hash_file(site_dir: Path, rel: str, diags: Diagnostics) -> str:
    """A `load_known` reader: the file's SHA-256."""
    return hashlib.sha256((site_dir / rel).read_bytes()).hexdigest()
