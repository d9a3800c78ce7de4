"""Static assets: the allow-listed files under `layouts/static/`, copied to `assets/`.

A file in the site's `layouts/static/` replaces the built-in file of the same name; the
others are the built-in ones (`load.layout_files`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.layout_files import LayoutFolders
from builder.site import ASSETS_DIR, STATIC_DIR, OutputFile

log = logging.getLogger(__name__)


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
    """Read the allow-listed static files: the site's layouts/static/, over the built-in."""
    folders = LayoutFolders.of(site_dir)
    files: list[OutputFile] = []
    for rel, path in folders.files("static").items():
        own = folders.is_site_file(path)
        label = f"{STATIC_DIR}/{rel}" if own else folders.label(path)
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        root = ((folders.site if own else folders.builtin) / "static").resolve()
        if root not in path.resolve().parents:
            diags.error(
                SourceLocation(label),
                "unsafe-path",
                "link points outside layouts/static",
                "copy the file in instead",
            )
            continue
        if path.suffix.lower() not in ASSET_SUFFIXES:
            log.info("%s: not copied (not an asset type)", label)
            continue
        files.append(OutputFile(f"{ASSETS_DIR}/{rel}", path.read_bytes(), label))
    return files
