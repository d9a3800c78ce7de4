"""Checks of the output before it is written: its paths, and the folder it replaces.

`check_paths` reports an output path that could leave the output folder and two
sources writing one path (compared as a case-insensitive, normalizing file system
would); `check_output_dir` refuses an output folder a build must not replace.
"""

from __future__ import annotations

import logging
from pathlib import Path

from builder.diagnostics import Diagnostics, SourceLocation
from builder.site import OutputFile, fold_path, output_path_problem

log = logging.getLogger(__name__)


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
