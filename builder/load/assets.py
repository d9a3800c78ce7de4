"""Static assets: the allow-listed files under `layouts/static/`, copied to `assets/`."""

from __future__ import annotations

import logging
from pathlib import Path

from builder.diagnostics import Diagnostics, SourceLocation
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
