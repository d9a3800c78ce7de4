"""One build at a time per output folder: an advisory lock file beside it.

`build_lock` holds `flock` on `.<out>.lock` next to the output folder for the
whole build, so a second build of the same folder waits for the first (saying
so, with the holder's pid) and fails with `output-locked` after a timeout. The
kernel drops the lock when its process dies, even by SIGKILL, so a lock is
never stale.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from builder.diagnostics import BuildFailed, Diagnostic, SourceLocation
from builder.write.output import write_failed

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 300.0
"""Seconds a build waits for another build of the same folder before giving up."""
_POLL = 0.05


def lock_path(out_dir: Path) -> Path:
    """Return the lock file that guards `out_dir`."""
    out_dir = out_dir.absolute()
    return out_dir.parent / f".{out_dir.name}.lock"


@contextmanager
def build_lock(out_dir: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the output folder's lock for the body; wait up to `timeout` seconds for it."""
    if sys.platform == "win32":  # no flock; one build at a time is the user's to keep
        yield
        return
    import fcntl

    path = lock_path(out_dir)
    fd = _open(path, out_dir)
    try:
        deadline = time.monotonic() + timeout
        waiting = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waiting:
                    log.warning(
                        "waiting for another build of %s to finish (pid %s holds %s)",
                        out_dir,
                        _holder(path),
                        path.name,
                    )
                    waiting = True
                if time.monotonic() >= deadline:
                    raise BuildFailed([_locked(out_dir, path, timeout)]) from None
                time.sleep(_POLL)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing drops the lock


def _open(path: Path, out_dir: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise BuildFailed(
            [write_failed(exc, out_dir, f"cannot create the lock file {path}")]
        ) from None


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip() or "?"
    except (OSError, UnicodeDecodeError):
        return "?"


def _locked(out_dir: Path, path: Path, timeout: float) -> Diagnostic:
    return Diagnostic(
        f"another build of {out_dir} (pid {_holder(path)}) is still running after "
        f"{timeout:g} s of waiting",
        SourceLocation(str(out_dir)),
        "output-locked",
        f"wait for it to finish, or stop it; the lock is {path}",
    )
