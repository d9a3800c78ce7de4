"""Hear about saves to a site's sources as they happen: file-system events, not polling.

`watch_sources` yields, for each burst of saves to `site.yaml`, `content/` or `layouts/`
(and to other folders it is given: the built-in layouts, in a source checkout),
the paths that changed, from the system's file events (inotify, FSEvents, ...) through
watchfiles (a maintained binding of Rust's notify). A save is heard within `STEP_MS`
of the last write of a burst, however large the site: polling listed every file twice
a second (44 ms of work at 5000 articles) and heard a save up to half a second late.
Hidden files and folders (editors' swap files, `.git`) and backups ending in `~` are
not sources; a link to a folder is not followed.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from stat import S_ISREG

from watchfiles import watch

from builder.site import CONFIG_FILE, LAYOUTS_DIR

log = logging.getLogger(__name__)

WATCHED = (CONFIG_FILE, "content", LAYOUTS_DIR)
STEP_MS = 30
"""A burst of writes ends when nothing more is written for this long (an editor that
saves by writing a temporary file and renaming it makes several events)."""
LONGEST_BURST_MS = 400
"""Changes are handed over at least this often while writes keep coming."""
IDLE_MS = 500
"""How often an idle watcher looks whether a watched folder or site.yaml appeared."""
SETTLE_MS = 20
"""A burst's files are read again after this long, until they stay the same."""
MAX_SETTLE_ROUNDS = 25


def is_source(site_dir: Path, path: str, also: Sequence[Path] = ()) -> bool:
    """Whether a path (absolute, as the events give it) is one of the site's sources, or
    a file in one of the folders `also` watched (the built-in layouts, outside the site)."""
    parts: tuple[str, ...] = ()
    for folder in also:
        if folder in Path(path).parents:
            parts = Path(path).relative_to(folder).parts
            break
    else:
        try:
            parts = Path(path).relative_to(site_dir).parts
        except ValueError:
            return False
        if not parts or parts[0] not in WATCHED:
            return False
    return not any(part.startswith(".") for part in parts) and not parts[-1].endswith("~")


def watch_sources(
    site_dir: Path,
    stop: threading.Event,
    before: dict[str, tuple[int, int]] | None = None,
    also: Sequence[Path] = (),
) -> Iterator[list[str]]:
    """Yield the site paths that changed, burst by burst, until `stop` is set.

    `before`, a `snapshot` taken earlier (before the first build, say), is compared once
    the watcher listens: a save made in between is yielded first. A burst is yielded
    only once its files have stopped changing (`settled`), and not at all when they are
    as they were last yielded (an event that trails a save already built). Files in the
    folders `also` (absolute, outside the site) are named by their absolute paths.
    """
    site_dir = site_dir.resolve()  # the events name real, absolute paths
    also = [folder.resolve() for folder in also]
    known = snapshot(site_dir, also) if before is None else dict(before)
    first = before is not None
    while not stop.is_set():
        roots = _roots(site_dir, also)
        events = watch(
            *(roots or [site_dir]),
            watch_filter=lambda change, path: is_source(site_dir, path, also),
            step=STEP_MS,
            debounce=LONGEST_BURST_MS,
            rust_timeout=IDLE_MS,
            yield_on_timeout=True,
            stop_event=stop,
            raise_interrupt=False,
            recursive=True,
        )
        for changes in events:
            paths = {_relative(site_dir, path) for _, path in changes}
            for folder in [p for p in paths if (site_dir / p).is_dir()]:
                # A new folder's files may be written before its watch is in place.
                found: dict[str, tuple[int, int]] = {}
                _scan(str(site_dir / folder), folder, found)
                paths |= found.keys()
            rooted = roots == _roots(site_dir, also)
            if first or not rooted:  # listening now, or a watched folder came or went
                paths |= snapshot(site_dir, also).keys() | known.keys()
                first = False
            now = settled(site_dir, paths)
            changed = sorted(p for p in paths if now.get(p) != known.get(p))
            for path in changed:
                if path in now:
                    known[path] = now[path]
                else:
                    known.pop(path, None)
            if changed:
                yield changed
            if not rooted:
                # Watch the folders there are now; what is written before that watch is
                # in place is found by comparing a snapshot once it listens.
                first = True
                break


def settled(site_dir: Path, paths: set[str]) -> dict[str, tuple[int, int]]:
    """The (modification time, size) of each path that is a file, once none of them has
    changed for `SETTLE_MS` (an editor may truncate a file, then write it)."""
    now = _stat(site_dir, paths)
    for _ in range(MAX_SETTLE_ROUNDS):
        time.sleep(SETTLE_MS / 1000)
        again = _stat(site_dir, paths)
        if again == now:
            break
        now = again
    return now


def _stat(site_dir: Path, paths: set[str]) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for path in paths:
        try:
            stat = (site_dir / path).stat()
        except OSError:
            continue
        if S_ISREG(stat.st_mode):
            found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def _roots(site_dir: Path, also: Sequence[Path]) -> list[Path]:
    """The watched folders and files that exist now."""
    return [p for p in (*(site_dir / name for name in WATCHED), *also) if p.exists()]


def _relative(site_dir: Path, path: str) -> str:
    try:
        return Path(path).relative_to(site_dir).as_posix()
    except ValueError:  # a folder watched `also`, outside the site
        return Path(path).as_posix()


def snapshot(site_dir: Path, also: Sequence[Path] = ()) -> dict[str, tuple[int, int]]:
    """Map every source file to its (modification time, size): what `watch_sources`
    compares once, to catch a save made before it was listening. Files in the folders
    `also` are named by their absolute paths."""
    found: dict[str, tuple[int, int]] = {}
    for folder in also:
        if folder.is_dir():
            _scan(str(folder), folder.as_posix(), found)
    for name in WATCHED:
        top = site_dir / name
        if top.is_dir():
            _scan(str(top), name, found)
        else:
            try:
                stat = top.stat()
            except OSError:
                continue
            if S_ISREG(stat.st_mode):
                found[name] = (stat.st_mtime_ns, stat.st_size)
    return found


def _scan(folder: str, rel: str, found: dict[str, tuple[int, int]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = f"{rel}/{entry.name}"
        try:
            if entry.is_dir(follow_symlinks=False):
                _scan(entry.path, path, found)
            elif entry.is_file() and not entry.name.endswith("~"):
                stat = entry.stat()
                found[path] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue  # gone meanwhile
