"""Write the site: OutputFiles and static assets into the output folder, atomically.

The only module that writes. Everything goes into a fresh temporary folder
beside the output folder, which is swapped in only when every file is written:
in one atomic step where the system can exchange two folders (Linux
`renameat2(RENAME_EXCHANGE)`), else by renaming the old folder aside first. A
build that fails, is interrupted or killed leaves the previous site as it was,
and the next build removes what it left behind.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.diagnostics import BuildFailed, Diagnostic, Diagnostics, SourceLocation
from builder.render.layouts import LAYOUTS_DIR, OutputFile, Staged, StageFolder
from builder.site import fold_path, output_path_problem

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
    """Report an output path that could leave the folder, and two sources writing one path.

    Paths collide when they are equal after NFC and casefolding: on macOS and
    Windows file systems `Logo.png` and `logo.png` are one file.
    """
    seen: dict[str, OutputFile] = {}
    for file in files:
        problem = output_path_problem(file.path)
        if problem:
            diags.error(
                SourceLocation(file.source),
                "unsafe-path",
                f"output path '{file.path}' {problem}",
                "rename the file it comes from",
            )
            continue
        key = fold_path(file.path)
        if key in seen:
            diags.error(
                SourceLocation(file.source),
                "output-collision",
                f"'{file.source}' and '{seen[key].source}' both write {file.path}",
                "rename one of them; names that differ only in case or Unicode "
                "normalization are one file on many systems",
            )
        else:
            seen[key] = file


def check_output_dir(out_dir: Path, site_dir: Path, diags: Diagnostics) -> None:
    """Refuse an output folder that is a file, holds the site's sources or is not a site."""
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
    elif out.is_dir() and ((out / ".git").exists() or not _looks_built(out)):
        diags.error(
            SourceLocation(shown),
            "bad-output",
            "the output folder holds files that are not a built site "
            "(a .git folder, or no index.html); building would replace them",
            "pass --out a new or empty folder, or one an earlier build made",
        )


def _looks_built(folder: Path) -> bool:
    """Say whether a folder is empty or holds a built site (its index.html)."""
    return (folder / "index.html").is_file() or not any(folder.iterdir())


@dataclass(slots=True)
class Stage:
    """The temporary folder of a new site, filled while the build still runs.

    A full build writes each article's files here as soon as they are made (instead of
    holding them, compressed, until the end), while the workers annotate the rest;
    `write_site` then adds the other files and swaps the folder in. Open it holding
    `lock.build_lock(out_dir)`; it is removed when the build ends, whatever happens.
    """

    out_dir: Path
    tmp: Path
    folder: StageFolder

    @classmethod
    @contextmanager
    def open(cls, out_dir: Path) -> Iterator[Stage]:
        out_dir = real_out_dir(out_dir)
        tmp = _tmp_dir(out_dir)
        try:
            with _writing(out_dir):
                out_dir.parent.mkdir(parents=True, exist_ok=True)
                recover(out_dir)
                tmp.mkdir()
            yield cls(out_dir, tmp, StageFolder(tmp))
        finally:
            _remove(tmp)

    def hold(self, file: OutputFile) -> OutputFile:
        """Write a new file into the stage; the file as `write_site` then finds it."""
        if not isinstance(file.data, bytes) or output_path_problem(file.path):
            return file.held_compressed()  # check_paths reports a bad path at the end
        target = self.tmp / file.path
        with _writing(self.out_dir):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
        return OutputFile(file.path, Staged(self.folder, file.path), file.source, file.hash)


def stage_for(
    out_dir: Path, outputs: dict[str, OutputState] | None
) -> AbstractContextManager[Stage | None]:
    """A `Stage` when the build will write a whole new site (no cache, or none of this
    folder: `update_site` has nothing to compare with); else nothing."""
    if outputs is not None and str(real_out_dir(out_dir)) in outputs:
        return nullcontext(None)
    return Stage.open(out_dir)


def write_site(
    files: list[OutputFile],
    out_dir: Path,
    mtime: int | None = None,
    unchanged: frozenset[str] = frozenset(),
    keep_previous: bool = False,
    stage: Stage | None = None,
) -> None:
    """Write every file into a temporary folder, then swap it in for `out_dir`.

    Call it holding `lock.build_lock(out_dir)`: it removes what an interrupted
    build left beside `out_dir`. `mtime` (SOURCE_DATE_EPOCH) sets every file's
    modification time. Paths in `unchanged` are hard-linked from the current
    `out_dir` instead of written (an incremental build). With `keep_previous`,
    the site it replaces becomes the spare folder (`spare_dir`) instead of being
    removed. A failed write raises BuildFailed with `write-failed`. With a `stage`,
    the new site is made in it (its files are already there).
    """
    out_dir = real_out_dir(out_dir)
    if stage is not None:
        with _writing(out_dir):
            _write_tree(stage.tmp, files, mtime, out_dir, unchanged)
            _swap(stage.tmp, out_dir)  # the stage now holds the previous site, if any
            stage.folder.path = out_dir  # where the staged files are now
        log.info("wrote %d files to %s", len(files), out_dir)
        return
    with _new_tree(out_dir) as tmp:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        recover(out_dir)
        _write_tree(tmp, files, mtime, out_dir, unchanged)
        _swap(tmp, out_dir)
        if keep_previous and tmp.exists():
            _remove(spare_dir(out_dir))
            tmp.rename(spare_dir(out_dir))
    log.info("wrote %d files to %s", len(files), out_dir)


@contextmanager
def _new_tree(out_dir: Path) -> Iterator[Path]:
    """Give the temporary folder a new site is made in, beside `out_dir`, and remove it
    afterwards: the unfinished build, or after a swap the previous site (unless the
    caller moved it). A failed write becomes BuildFailed with `write-failed`."""
    tmp = _tmp_dir(out_dir)
    try:
        with _writing(out_dir):
            yield tmp
    finally:
        _remove(tmp)


def _tmp_dir(out_dir: Path) -> Path:
    """This process's temporary folder for a new site, beside `out_dir` (`recover`
    removes one a killed build left)."""
    return out_dir.parent / f".{out_dir.name}.tmp-{os.getpid()}"


@contextmanager
def _writing(out_dir: Path) -> Iterator[None]:
    """Turn an OSError met while writing the site into BuildFailed with `write-failed`."""
    try:
        yield
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise BuildFailed(
            [write_failed(exc, out_dir, f"cannot write the site to {out_dir}{where}")]
        ) from exc


def _write_tree(
    tmp: Path, files: list[OutputFile], mtime: int | None, old: Path, unchanged: frozenset[str]
) -> None:
    tmp.mkdir(exist_ok=True)  # a stage exists already
    made = {tmp}
    for file in files:
        target = tmp / file.path
        if isinstance(file.data, Staged) and file.data.location == target:
            continue
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if file.path in unchanged and _link(old / file.path, target):
            continue
        target.write_bytes(file.content)
    if mtime is not None:
        for folder, _, names in os.walk(tmp, topdown=False):
            for name in names:
                os.utime(os.path.join(folder, name), (mtime, mtime))
            os.utime(folder, (mtime, mtime))


def _link(source: Path, target: Path) -> bool:
    """Share an unchanged file with the previous site; False where links are not possible."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def _swap(tmp: Path, out_dir: Path) -> None:
    """Put `tmp` in place of `out_dir`; afterwards `tmp` holds the previous site, if any."""
    if not out_dir.exists():
        tmp.rename(out_dir)
    elif not _exchange(tmp, out_dir):
        old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
        out_dir.rename(old)
        try:
            tmp.rename(out_dir)
        except BaseException:
            old.rename(out_dir)
            raise
        old.rename(tmp)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc before 2.28, or another libc
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}:
        return False  # a file system without exchange (e.g. some network mounts)
    raise OSError(err, os.strerror(err), str(b))


def recover(out_dir: Path) -> None:
    """Clean up after a build that was killed: restore or remove its temporaries."""
    out_dir = out_dir.absolute()
    parent, name = out_dir.parent, out_dir.name
    if not parent.is_dir():
        return
    leftovers = sorted(p for p in parent.iterdir() if p.name.startswith(f".{name}."))
    for old in (p for p in leftovers if p.name.startswith(f".{name}.old-")):
        if not out_dir.exists():
            log.warning("restoring %s from %s (a build was interrupted)", out_dir, old.name)
            old.rename(out_dir)
        else:
            log.info("removing %s, left by an interrupted build", old.name)
            _remove(old)
    for stale in (p for p in leftovers if p.name.startswith(f".{name}.tmp-")):
        log.info("removing %s, left by an interrupted build", stale.name)
        _remove(stale)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def write_failed(exc: OSError, out_dir: Path, message: str) -> Diagnostic:
    """Turn an OSError met while writing into a diagnostic that says what to do."""
    if exc.errno in {errno.ENOSPC, errno.EDQUOT}:
        hint = "free some disk space, or pass --out a folder on another disk"
    elif exc.errno == errno.EROFS:
        hint = "the file system is read-only; pass --out a writable folder"
    elif exc.errno in {errno.EACCES, errno.EPERM}:
        hint = f"check that you may write to {out_dir.absolute().parent}, or pass --out"
    elif exc.errno in {errno.ENOTDIR, errno.EEXIST}:
        hint = "a file stands where a folder is needed; pass --out a folder path"
    else:
        hint = "check the output folder, or pass --out another one"
    return Diagnostic(
        f"{message}: {exc.strerror or exc}", SourceLocation(str(out_dir)), "write-failed", hint
    )


OutputState = dict[str, list[Any]]
"""Path -> [sha256 of the content, size, mtime_ns] of each file in an output folder."""


def real_out_dir(out_dir: Path) -> Path:
    """The output folder as an absolute path, through a symbolic link."""
    out_dir = out_dir.absolute()
    return out_dir.resolve() if out_dir.is_symlink() else out_dir


def spare_dir(out_dir: Path) -> Path:
    """Where the site before the last one is kept, beside the output folder."""
    return out_dir.parent / f".{out_dir.name}.spare"


def update_site(
    files: list[OutputFile],
    out_dir: Path,
    outputs: dict[str, OutputState],
    mtime: int | None = None,
    in_place: bool = False,
    stage: Stage | None = None,
) -> None:
    """Make `out_dir` hold exactly `files`, writing only the files whose bytes changed.

    `outputs` holds, by folder, what the last build left in its folder and that
    folder's spare (`spare_dir`: the site before the last one); it is updated to
    hold `out_dir`'s alone, so pages are reused only from the last build's folder.
    The new site is swapped in whole, so an interrupted build never leaves a mix
    of old and new pages. When the spare still matches what was left in it, it
    is brought up to date (a cost that grows with what changed in the last two
    builds) and swapped in; otherwise a new tree is made, hard-linking unchanged
    files (a cost that grows with the site), and the replaced site becomes the
    spare. A folder edited by hand is rewritten in full.

    `in_place` is for a folder no one else relies on (the dev server's preview):
    changed files are replaced one by one, each atomically (a reader sees the old
    bytes or the new), and files no longer built are removed. That costs what
    changed, but a build killed midway can leave a mix, which the next build,
    seeing a folder that no longer matches, rewrites.
    """
    out_dir = real_out_dir(out_dir)
    spare = spare_dir(out_dir)
    previous = outputs.pop(str(out_dir), None)
    spare_state = outputs.pop(str(spare), None)
    # Only this folder's files are this build's from now on: another folder's (an older
    # build's, or the dev server's) must not be taken for the pages this build keyed.
    outputs.clear()
    hashes = {f.path: f.hash for f in files}
    if previous is None or not _matches(out_dir, previous):
        write_site(files, out_dir, mtime, stage=stage)
        _remove(spare)
        log.info("wrote all %d files to %s", len(files), out_dir)
        outputs[str(out_dir)] = _state(out_dir, hashes)
        return
    changed = [f for f in files if previous.get(f.path, [None])[0] != hashes[f.path]]
    if in_place:
        try:
            _replace_changed(files, out_dir, previous, changed, mtime)
        except OSError as exc:
            raise BuildFailed(
                [write_failed(exc, out_dir, f"cannot update the site in {out_dir}")]
            ) from exc
        log.info("replaced %d of %d files in %s", len(changed), len(files), out_dir)
        outputs[str(out_dir)] = _state(out_dir, hashes, previous, changed)
    elif spare_state is not None and _matches(spare, spare_state):
        stale = [f for f in files if spare_state.get(f.path, [None])[0] != hashes[f.path]]
        _update_spare(files, out_dir, spare_state, stale, mtime)
        log.info("updated %d of %d files in the spare of %s", len(stale), len(files), out_dir)
        outputs[str(spare)] = previous
        outputs[str(out_dir)] = _state(out_dir, hashes, spare_state, stale)
    else:
        unchanged = frozenset(hashes.keys() - {f.path for f in changed})
        write_site(files, out_dir, mtime, unchanged, keep_previous=True)
        log.info("rewrote %d of %d files in %s", len(changed), len(files), out_dir)
        if spare.is_dir():
            outputs[str(spare)] = previous
        outputs[str(out_dir)] = _state(out_dir, hashes)  # linked files may have new times


def _update_spare(
    files: list[OutputFile],
    out_dir: Path,
    spare_state: OutputState,
    stale: list[OutputFile],
    mtime: int | None,
) -> None:
    """Bring the spare folder up to date, then swap it in; the replaced site becomes the spare.

    It is renamed to a temporary name first: a build killed before the swap leaves
    it for `recover` to remove, never a half-updated spare taken for a whole one.
    """
    spare = spare_dir(out_dir)
    with _new_tree(out_dir) as tmp:
        recover(out_dir)
        spare.rename(tmp)
        _replace_changed(files, tmp, spare_state, stale, mtime)
        if mtime is not None:
            for folder, _, _ in os.walk(tmp):
                os.utime(folder, (mtime, mtime))
        _swap(tmp, out_dir)
        tmp.rename(spare)


def _replace_changed(
    files: list[OutputFile],
    folder: Path,
    previous: OutputState,
    changed: list[OutputFile],
    mtime: int | None,
) -> None:
    """Remove the files of `previous` no longer built, then write the `changed` ones (each
    renamed into place). Removing first frees a path that a file held and a folder now needs.
    """
    built = {f.path for f in files}
    for path in sorted(set(previous) - built, reverse=True):
        gone = folder / path
        gone.unlink(missing_ok=True)
        for parent in gone.parents:  # and the folders that held only it
            if parent == folder or any(parent.iterdir()):
                break
            parent.rmdir()
    for file in changed:
        target = folder / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        tmp.write_bytes(file.content)
        if mtime is not None:
            os.utime(tmp, (mtime, mtime))
        os.replace(tmp, target)


def _matches(out_dir: Path, previous: OutputState) -> bool:
    """Whether the folder holds exactly the files of `previous`, untouched since."""
    found = 0
    folders = [("", str(out_dir))]
    try:
        while folders:
            rel, folder = folders.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    path = rel + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((path + "/", entry.path))
                        continue
                    state = previous.get(path)
                    if state is None:
                        return False
                    stat = entry.stat(follow_symlinks=False)
                    if stat.st_size != state[1] or stat.st_mtime_ns != state[2]:
                        return False
                    found += 1
    except OSError:
        return False
    return found == len(previous)


def _state(
    out_dir: Path,
    hashes: dict[str, str],
    known: OutputState | None = None,
    written: Sequence[OutputFile] = (),
) -> OutputState:
    """Record each file's hash, size and time; a file not `written` keeps its `known` entry."""
    fresh = {f.path for f in written}
    state: OutputState = {}
    for path, sha in hashes.items():
        entry = known.get(path) if known is not None and path not in fresh else None
        if entry is not None and entry[0] == sha:
            state[path] = entry
            continue
        stat = os.stat(os.path.join(out_dir, path))
        state[path] = [sha, stat.st_size, stat.st_mtime_ns]
    return state
