"""Write the site: OutputFiles and static assets into the output folder, atomically.

The only module that writes. Everything goes into a fresh temporary folder
beside the output folder, which replaces the old one only when every file is
written, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from builder.diagnostics import Diagnostics, SourceLocation
from builder.layouts import LAYOUTS_DIR, OutputFile

log = logging.getLogger(__name__)

STATIC_DIR = f"{LAYOUTS_DIR}/static"
ASSETS_DIR = "assets"
ASSET_SUFFIXES = frozenset(
    {
        ".css",
        ".js",
        ".svg",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".ico",
        ".woff",
        ".woff2",
        ".txt",
    }
)


def collect_assets(site_dir: Path, diags: Diagnostics) -> list[OutputFile]:
    """Read the allow-listed static files under layouts/static/."""
    static = site_dir / STATIC_DIR
    files: list[OutputFile] = []
    if not static.is_dir():
        return files
    root = static.resolve()
    for path in sorted(static.rglob("*")):
        rel = path.relative_to(static).as_posix()
        if path.is_dir() or any(part.startswith(".") for part in path.relative_to(static).parts):
            continue
        if root not in path.resolve().parents:
            diags.error(
                SourceLocation(f"{STATIC_DIR}/{rel}"),
                "unsafe-path",
                "link points outside layouts/static",
                "copy the file in instead",
            )
            continue
        if path.suffix.lower() not in ASSET_SUFFIXES:
            log.info("%s/%s: not copied (not an asset type)", STATIC_DIR, rel)
            continue
        files.append(OutputFile(f"{ASSETS_DIR}/{rel}", path.read_bytes(), f"{STATIC_DIR}/{rel}"))
    return files


def check_paths(files: list[OutputFile], diags: Diagnostics) -> None:
    """Report two sources that would write the same output path (case-insensitively)."""
    seen: dict[str, OutputFile] = {}
    for file in files:
        key = file.path.casefold()
        if key in seen:
            diags.error(
                SourceLocation(file.source),
                "output-collision",
                f"'{file.source}' and '{seen[key].source}' both write {file.path}",
                "rename one of them",
            )
        else:
            seen[key] = file


def check_output_dir(out_dir: Path, site_dir: Path, diags: Diagnostics) -> None:
    """Refuse an output folder that is a file, or that holds the site's sources."""
    out, site = out_dir.resolve(), site_dir.resolve()
    shown = str(out_dir)
    if out.exists() and not out.is_dir():
        diags.error(
            SourceLocation(shown),
            "bad-output",
            "the output path is a file",
            "pass --out a folder path",
        )
    elif out == site or out in site.parents or (out / "site.yaml").exists():
        diags.error(
            SourceLocation(shown),
            "bad-output",
            "the output folder holds the site's sources; building would replace them",
            "pass --out a separate folder such as public/",
        )


def write_site(files: list[OutputFile], out_dir: Path) -> None:
    """Write every file into a temporary folder, then swap it in for `out_dir`."""
    out_dir = out_dir.absolute()
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    _recover(parent, out_dir)
    tmp = parent / f".{out_dir.name}.tmp-{os.getpid()}"
    old = parent / f".{out_dir.name}.old-{os.getpid()}"
    try:
        for file in files:
            target = tmp / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content)
        if out_dir.exists():
            out_dir.rename(old)
        try:
            tmp.rename(out_dir)
        except BaseException:
            if old.exists():
                old.rename(out_dir)
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    log.info("wrote %d files to %s", len(files), out_dir)


def _recover(parent: Path, out_dir: Path) -> None:
    """Clean up after a build that was killed: restore or remove its temporaries."""
    for old in sorted(parent.glob(f".{out_dir.name}.old-*")):
        if not out_dir.exists():
            log.warning("restoring %s from %s (a build was interrupted)", out_dir, old)
            old.rename(out_dir)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for stale in parent.glob(f".{out_dir.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)


OutputState = dict[str, list[Any]]
"""Path -> [sha256 of the content, size, mtime_ns] of each file in an output folder."""


def update_site(
    files: list[OutputFile], out_dir: Path, previous: OutputState | None
) -> OutputState:
    """Make `out_dir` hold exactly `files`, rewriting only the files whose bytes changed.

    `previous` is what the last build left there. When the folder no longer matches it
    (a file was edited, added or removed by hand), or there is none, the whole folder is
    written and swapped in by `write_site`. Otherwise each changed file is replaced
    atomically in place and files no longer built are removed.
    """
    hashes = {f.path: hashlib.sha256(f.content).hexdigest() for f in files}
    if previous is None or not _matches(out_dir, previous):
        write_site(files, out_dir)
        return _state(out_dir, hashes)
    written = 0
    for file in files:
        old = previous.get(file.path)
        if old is not None and old[0] == hashes[file.path]:
            continue
        target = out_dir / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        tmp.write_bytes(file.content)
        os.replace(tmp, target)
        written += 1
    for gone in sorted(previous.keys() - hashes.keys(), reverse=True):
        (out_dir / gone).unlink(missing_ok=True)
        _remove_empty_parents(out_dir, (out_dir / gone).parent)
    log.info("updated %d of %d files in %s", written, len(files), out_dir)
    return _state(out_dir, hashes)


def _matches(out_dir: Path, previous: OutputState) -> bool:
    """Whether the folder holds exactly the files of `previous`, untouched since."""
    found: set[str] = set()
    for folder, _dirs, names in os.walk(out_dir):
        rel = Path(folder).relative_to(out_dir)
        for name in names:
            path = (rel / name).as_posix()
            state = previous.get(path)
            if state is None:
                return False
            stat = os.stat(os.path.join(folder, name), follow_symlinks=False)
            if [stat.st_size, stat.st_mtime_ns] != state[1:]:
                return False
            found.add(path)
    return out_dir.is_dir() and len(found) == len(previous)


def _state(out_dir: Path, hashes: dict[str, str]) -> OutputState:
    state: OutputState = {}
    for path, sha in hashes.items():
        stat = (out_dir / path).stat()
        state[path] = [sha, stat.st_size, stat.st_mtime_ns]
    return state


def _remove_empty_parents(out_dir: Path, folder: Path) -> None:
    while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
