"""The source files a build cache has read, taken as they were while they are unchanged.

A file is read again only when it was written since (`known.load_known`: its mtime,
size, inode and ctime), or, in a process that hears of every change (the dev server's
watcher), only once it is named as changed (`heard`). Sidecars are only hashed here (the
per-article stage reads them), and their hashes are saved with the cache: a CLI build
hashes only the sidecars written since. A value a file's reading made (a front matter
parsed: `BuildCache.value`) is still in use while the file is taken as it was.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from builder.diagnostics import Diagnostics
from builder.incremental.known import KnownFile, hash_file, load_known
from builder.incremental.memo import Loader

T = TypeVar("T")

ValueName = tuple[str, str]
"""A value's kind and the hash of its key (`BuildCache.value`)."""


@dataclass(slots=True)
class SourceFiles:
    known: dict[str, KnownFile[Any]] = field(default_factory=dict)
    """Source files as last read, while unchanged (in memory only: a kept cache's)."""
    sidecars: dict[str, KnownFile[str]] = field(default_factory=dict)
    """Sidecar path -> its hash, while its file is unchanged (saved with the cache)."""
    values_read: dict[str, set[ValueName]] = field(default_factory=dict)
    """Source path -> the values its last reading made or used."""
    reading: str | None = None
    """The file being read now: the values asked for belong to it."""
    _used: set[str] = field(default_factory=set)
    _sidecars_used: set[str] = field(default_factory=set)

    def read(
        self, site_dir: Path, rel: str, diags: Diagnostics, load: Loader[T], heard: bool
    ) -> tuple[T | None, Collection[ValueName]]:
        """What `load` gives for the file, read now or as it was; and the values its
        reading used (`heard`: the caller hears of every change, `load_known`)."""
        self._used.add(rel)

        def reading(site_dir: Path, rel: str, diags: Diagnostics) -> T | None:
            self.reading, self.values_read[rel] = rel, set()
            try:
                return load(site_dir, rel, diags)
            finally:
                self.reading = None

        found = load_known(site_dir, rel, diags, self.known, reading, heard)
        return found, self.values_read.get(rel, ())

    def used(self, name: ValueName) -> None:
        """A value was asked for: while a file is being read, it belongs to that file."""
        if self.reading is not None:
            self.values_read[self.reading].add(name)

    def sidecar_hash(self, site_dir: Path, rel: str, heard: bool) -> str:
        """A hash of a sidecar file, read only when it was written since it was hashed."""
        self._sidecars_used.add(rel)
        return load_known(site_dir, rel, Diagnostics(), self.sidecars, hash_file, heard) or ""

    def heard(self, changed: Collection[str]) -> None:
        """Forget the files that changed (paths in the site), as a watcher heard."""
        for rel in changed:
            self.known.pop(rel, None)
            self.sidecars.pop(rel, None)

    def forget_unread(self) -> None:
        """Forget the files this build did not read (gone, or no longer listed), then
        start counting the next build's."""
        self.known = {rel: f for rel, f in self.known.items() if rel in self._used}
        self.values_read = {r: v for r, v in self.values_read.items() if r in self.known}
        self.sidecars = {r: f for r, f in self.sidecars.items() if r in self._sidecars_used}
        self._used, self._sidecars_used = set(), set()
