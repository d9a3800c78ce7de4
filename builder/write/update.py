"""Update the output folder: write only the files whose bytes changed, still swapping whole.

`write_output` is the write stage: with nothing known of the output folder it writes
a whole new site (`output.write_site`); when the memo knows what the last build left
there, `update_site` writes only what changed (see its docstring for how the swap stays
atomic).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from builder.diagnostics import BuildFailed
from builder.incremental.memo import NO_MEMO, Memo, OutputState
from builder.site import OutputFile
from builder.write.output import (
    Stage,
    _new_tree,
    _remove,
    _swap,
    real_out_dir,
    recover,
    spare_dir,
    write_failed,
    write_site,
)

log = logging.getLogger(__name__)


def open_stage(out_dir: Path, memo: Memo = NO_MEMO) -> AbstractContextManager[Stage | None]:
    """A `Stage` when the build will write a whole new site (nothing is known of this
    folder: there is nothing to compare with); else nothing."""
    outputs = memo.outputs()
    if outputs is not None and str(real_out_dir(out_dir)) in outputs:
        return nullcontext(None)
    return Stage.open(out_dir)


def write_output(
    files: list[OutputFile],
    out_dir: Path,
    mtime: int | None,
    memo: Memo = NO_MEMO,
    in_place: bool = False,
    stage: Stage | None = None,
) -> None:
    """Make `out_dir` hold exactly `files`: a new site, or the last one updated (`update_site`)."""
    outputs = memo.outputs()
    if outputs is None:
        write_site(files, out_dir, mtime, stage=stage)
    else:
        update_site(files, out_dir, outputs, mtime, in_place=in_place, stage=stage)


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
    `out_dir`'s state must be one the folder matched (`folder_matches`) when this
    build started: the memo checks that once, before any page is kept from the folder
    (`BuildCache` in `plan`), and `Memo.outputs` leaves out a state it no longer matches.
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
    previous = outputs.pop(str(out_dir), None)  # as the memo found it: see the docstring
    spare_state = outputs.pop(str(spare), None)
    # Only this folder's files are this build's from now on: another folder's (an older
    # build's, or the dev server's) must not be taken for the pages this build keyed.
    outputs.clear()
    hashes = {f.path: f.hash for f in files}
    if previous is None:
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
    elif spare_state is not None and folder_matches(spare, spare_state):
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


def folder_matches(out_dir: Path, previous: OutputState) -> bool:
    """Whether the folder holds exactly the files of `previous`, untouched since (by size
    and modification time, as git's index tells an edited file)."""
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
