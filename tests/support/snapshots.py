"""Snapshots of a folder, to say that a build left it byte for byte as it was (or made two
folders the same)."""

from __future__ import annotations

from pathlib import Path


def tree(folder: Path, mtimes: bool = False) -> dict[str, object]:
    """Every file and folder under `folder`, by its path relative to `folder`.

    A file maps to its bytes, or with `mtimes` to (bytes, st_mtime_ns); a folder, whose
    path ends in "/", to None, as does anything else (a dangling symbolic link). Two
    snapshots are equal when the folders hold the same files with the same bytes (and
    times) and the same folders, empty ones included.
    """
    entries: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir():
            entries[rel + "/"] = None
        elif not path.is_file():
            entries[rel] = None
        elif mtimes:
            entries[rel] = (path.read_bytes(), path.stat().st_mtime_ns)
        else:
            entries[rel] = path.read_bytes()
    return entries
