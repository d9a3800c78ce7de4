"""Write the site: OutputFiles into the output folder, atomically.

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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from builder.diagnostics import BuildFailed, Diagnostic, SourceLocation
from builder.site import OutputFile, Staged, StageFolder, output_path_problem

log = logging.getLogger(__name__)


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
    made: set[Path] = field(default_factory=set)
    """Folders made in the stage so far (a mkdir per file was 6 % of the main process)."""

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
            if target.parent not in self.made:
                target.parent.mkdir(parents=True, exist_ok=True)
                self.made.add(target.parent)
            target.write_bytes(file.data)
        return OutputFile(file.path, Staged(self.folder, file.path), file.source, file.hash)


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


def real_out_dir(out_dir: Path) -> Path:
    """The output folder as an absolute path, through a symbolic link."""
    out_dir = out_dir.absolute()
    return out_dir.resolve() if out_dir.is_symlink() else out_dir


def spare_dir(out_dir: Path) -> Path:
    """Where the site before the last one is kept, beside the output folder."""
    return out_dir.parent / f".{out_dir.name}.spare"
