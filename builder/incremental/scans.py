"""The link check's page scans, kept between builds in a few dozen bucket files.

A page's scan (its ids and links, `render.site_check.PageRefs`) holds while the page's
key does. Scans are saved in buckets of about `SCANS_PER_BUCKET`, each a file named by
its hash, and a bucket is read only when a build asks for one of its scans: the link
check mostly needs the new pages' scans, which are made anew.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.htmlscan import PageRefs
from builder.incremental.codec import decode_mixed, encode
from builder.incremental.store import write_atomic

log = logging.getLogger(__name__)

SCANS_PER_BUCKET = 32
"""About how many page scans one file of `scans/` holds."""


@dataclass(slots=True)
class Scans:
    scans: dict[str, PageRefs] = field(default_factory=dict)
    """Page path and key -> the page's scan, as read or made in this process."""
    files: dict[str, int] = field(default_factory=dict)
    """Page path and key -> the bucket of `scans/` that holds its scan."""
    buckets: dict[int, str] = field(default_factory=dict)
    """Bucket -> the hash of its file, `scans/<hash>.json` (a JSON object: key -> scan)."""
    folder: Path | None = None
    """Where the bucket files are (None: none were read from a folder)."""
    used: set[str] = field(default_factory=set)
    """The keys this build asked for: only those are saved."""
    _read: set[int] = field(default_factory=set)

    @classmethod
    def from_index(cls, files: dict[str, int], buckets: dict[str, str], folder: Path) -> Scans:
        return cls(files=files, buckets={int(b): sha for b, sha in buckets.items()}, folder=folder)

    def index(self) -> dict[str, Any]:
        return {"scans": self.files, "scan_buckets": self.buckets}

    def start_build(self) -> None:
        """Forget the scans the last build did not use (a kept cache would grow with every
        edit), then start counting what this one uses."""
        if self.used:
            self.scans = {k: v for k, v in self.scans.items() if k in self.used}
        self.used.clear()

    def get(self, path: str, key: str, make: Callable[[], PageRefs]) -> PageRefs:
        """The scan of the page at `path` with `key`: kept, or made now."""
        name = f"{path}\n{key}"
        self.used.add(name)
        refs = self.stored(name)
        if refs is None:
            refs = self.scans[name] = make()
        return refs

    def stored(self, name: str) -> PageRefs | None:
        """The scan kept under `name`, read from its bucket if this process has not yet."""
        refs = self.scans.get(name)
        bucket = self.files.get(name)
        if refs is None and bucket is not None and bucket not in self._read:
            self._read_bucket(bucket)
            refs = self.scans.get(name)
        return refs

    def keep(self, names: set[str]) -> None:
        """Count `names` as used: their scans stay valid while their pages' keys do."""
        self.used.update(names)

    def save(self, folder: Path) -> None:
        """Write the buckets whose scans changed (a new one, or one no longer used: a full
        build writes a few dozen files, an edit a few), and remove the others' stale files."""
        folder.mkdir(parents=True, exist_ok=True)
        used = self.used
        count = max(1, len(used) // SCANS_PER_BUCKET)
        new = {k: _bucket(k, count) for k in used & self.scans.keys() - self.files.keys()}
        gone = [k for k in self.files if k not in used]
        dirty = set(new.values()) | {self.files[k] for k in gone}
        for bucket in dirty - self._read:
            if bucket in self.buckets:
                self._read_bucket(bucket)  # keeps its scans that are still used
        where = {k: b for k, b in self.files.items() if k in used} | new
        members: dict[int, dict[str, PageRefs]] = {b: {} for b in dirty}
        for key, bucket in where.items():
            if bucket in members:
                if key not in self.scans:  # its bucket was unreadable: scanned again next time
                    continue
                members[bucket][key] = self.scans[key]
        for bucket, scans in members.items():
            self.buckets.pop(bucket, None)
            if scans:
                data = encode(dict(sorted(scans.items())))
                name = hashlib.sha256(data).hexdigest()
                if not (folder / f"{name}.json").exists():
                    write_atomic(folder / f"{name}.json", data)
                self.buckets[bucket] = name
        self.files = {k: b for k, b in where.items() if b in self.buckets}
        self._read |= dirty
        self.folder = folder
        names = {f"{name}.json" for name in self.buckets.values()}
        for stale in folder.iterdir():
            if stale.name not in names:
                stale.unlink(missing_ok=True)

    def _read_bucket(self, bucket: int) -> None:
        """Take in the scans of one bucket file (checked against the index's hash)."""
        self._read.add(bucket)
        name = self.buckets.get(bucket)
        if name is None or self.folder is None:
            return
        try:
            data = (self.folder / f"{name}.json").read_bytes()
            if hashlib.sha256(data).hexdigest() != name:
                raise ValueError("its hash is not the one the index names")
            scans = decode_mixed(data)
            if not isinstance(scans, dict) or not all(
                isinstance(v, PageRefs) for v in scans.values()
            ):
                raise ValueError("it holds no scans")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.info("scans %s unreadable (%s); scanning those pages again", name, exc)
            del self.buckets[bucket]
            return
        for key, refs in scans.items():
            self.scans.setdefault(key, refs)


def _bucket(key: str, buckets: int) -> int:
    """The bucket a new key goes to (kept there while the key is used)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % buckets
