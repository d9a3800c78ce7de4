"""Hashes that key what the cache keeps: of the code, of files, and of each page's inputs.

Every key starts from `code_fingerprint`, so a new version of the builder, or of a
library whose output it uses, voids everything kept before.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from builder.load.config import SiteConfig
from builder.load.glossary import GlossaryEntry
from builder.load.layout_files import LayoutFolders
from builder.site import CONFIG_FILE

log = logging.getLogger(__name__)

FORMAT = 4
"""Bump when the layout of the cache files changes."""
_DEPENDENCIES = ("markdown", "jinja2", "markupsafe", "nh3", "pyyaml", "babel")
PACKAGE = Path(__file__).resolve().parent.parent
"""The builder's own code: every module of it is in the fingerprint."""


@functools.cache
def code_fingerprint() -> str:
    """Hash the builder's own code and its dependencies' versions: a new version voids the cache."""
    parts = [str(FORMAT), sys.version]
    for dist in _DEPENDENCIES:
        try:
            parts.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}: not installed")
    for source in sorted(PACKAGE.rglob("*.py")):  # every module, in every subpackage
        name = source.relative_to(PACKAGE).as_posix()
        parts.append(f"{name}:{hashlib.sha256(source.read_bytes()).hexdigest()}")
    return digest(*parts)


def digest(*parts: str | bytes) -> str:
    """Hash several parts unambiguously (each is length-prefixed)."""
    h = hashlib.sha256()
    if all(part.__class__ is str for part in parts):
        # The usual case, and a key of a page of many articles has thousands of parts:
        # their lengths, then the parts, hashed in two calls rather than two per part.
        texts: tuple[str, ...] = parts  # type: ignore[assignment]
        h.update(" ".join([str(len(t)) for t in texts]).encode() + b"\n")
        h.update("".join(texts).encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def folder_digest(folder: Path) -> str:
    """Hash every file under a folder, with its relative path."""
    parts: list[str | bytes] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def layouts_digests(site_dir: Path) -> tuple[str, ...]:
    """Hash the site's layouts and the built-in ones: a page is made again when either
    changes (the built-in folder is outside the code fingerprint, and a source checkout's
    can change while `serve` runs)."""
    folders = LayoutFolders.of(site_dir)
    return tuple(folder_digest(folder) for folder in folders.search_path)


def article_settings(config: SiteConfig) -> str:
    """The part of every article's key that is neither its file nor its sidecar: the code
    and the settings an annotated article is made with (the markers' words come from the
    strings files; the margin copies' edit links name the repository)."""
    return digest(
        code_fingerprint(),
        config.auto_link,
        repr(config.verdicts),
        config.strings.digest,
        repr(config.repository),
    )


def entry_key(entry: GlossaryEntry) -> str:
    """What a page shows of a glossary entry, as one string."""
    return repr(entry)


@dataclass(frozen=True, slots=True)
class SiteKey:
    """What every page depends on: the code, the site's folder and settings, the layouts
    (the site's and the built-in ones)."""

    base: str

    @classmethod
    def of(cls, site_dir: Path, config: SiteConfig) -> SiteKey:
        return cls(
            digest(
                code_fingerprint(),
                str(site_dir.absolute()),
                (site_dir / CONFIG_FILE).read_bytes(),
                config.base_url,  # build --base-url overrides the file
                str(config.source_epoch),  # the date of undated articles' JSON-LD and feeds
                *layouts_digests(site_dir),
            )
        )

    def page(self, path: str, inputs: Sequence[str]) -> str:
        """The key of the file at `path` made from `inputs` (everything it shows)."""
        return digest(self.base, path, *inputs)


@dataclass(slots=True)
class PageKeys:
    """Each page's last key, with what it was made from: a rebuild in the same process
    (the dev server's) hashes again only the pages whose inputs changed."""

    last: dict[str, tuple[str, Sequence[str], str]] = field(default_factory=dict)

    def key(self, site: SiteKey, path: str, inputs: Sequence[str]) -> str:
        last = self.last.get(path)
        if last is not None and last[0] == site.base and last[1] == inputs:
            return last[2]
        key = site.page(path, inputs)
        self.last[path] = (site.base, inputs, key)
        return key

    def keep_only(self, paths: dict[str, str]) -> None:
        """Forget the pages a build did not make."""
        self.last = {p: v for p, v in self.last.items() if p in paths}
