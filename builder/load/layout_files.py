"""Which layout files a site is built with: its own `layouts/` over the built-in ones.

A site needs no `layouts/` folder: every page template, partial and asset has a built-in
version, and a file in the site's `layouts/` (`partials/byline.html`, `static/style.css`)
replaces the built-in file of the same name only. The built-in layouts travel with the
package (`builder/_layouts/`, copied from the repository's `layouts/` when a wheel is
built: setup.py); a source checkout or an editable install reads the repository's
`layouts/` in place, which stays their one source.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from builder.site import LAYOUTS_DIR

log = logging.getLogger(__name__)

SHIPPED_DIR = "_layouts"
"""Where a built package keeps the built-in layouts, inside `builder/`."""


@functools.cache
def builtin_layouts() -> Path:
    """Return the built-in layouts folder: the package's copy, else the repository's."""
    shipped = resources.files("builder") / SHIPPED_DIR
    if isinstance(shipped, Path) and shipped.is_dir():
        return shipped.resolve()
    checkout = Path(__file__).resolve().parents[2] / LAYOUTS_DIR
    if not checkout.is_dir():
        log.warning("no built-in layouts at %s or %s", shipped, checkout)
    return checkout


@dataclass(frozen=True, slots=True)
class LayoutFolders:
    """The site's layouts folder (it may not exist) and the built-in one under it."""

    site_dir: Path
    site: Path
    builtin: Path

    @classmethod
    def of(cls, site_dir: Path) -> LayoutFolders:
        return cls(site_dir, site_dir / LAYOUTS_DIR, builtin_layouts())

    @property
    def search_path(self) -> list[Path]:
        """The folders to look a layout up in, the site's first."""
        if self.same:
            return [self.site]
        return [self.site, self.builtin]

    @property
    def same(self) -> bool:
        """Whether the site's layouts are the built-in ones (the repository's own edition)."""
        return self.site.is_dir() and self.site.resolve() == self.builtin

    def files(self, under: str = "") -> dict[str, Path]:
        """Every layout file by its name in `layouts/` (`partials/head.html`), or in its
        folder `under` (`static`): the site's where it has one, else the built-in file."""
        found: dict[str, Path] = {}
        for folder in reversed(self.search_path):  # the site's files last: they replace
            top = folder / under if under else folder
            if not top.is_dir():
                continue
            for path in sorted(top.rglob("*")):
                if not path.is_dir():
                    found[path.relative_to(top).as_posix()] = path
        return dict(sorted(found.items()))

    def is_site_file(self, path: Path) -> bool:
        """Whether a layout file is the site's own (not a built-in one)."""
        return self.site == path or self.site in path.parents

    def label(self, path: Path) -> str:
        """How messages name a layout file: the site's as `layouts/…`, relative to the site
        folder; a built-in one by its real path."""
        real = path.resolve()
        site = self.site.resolve()
        if real == site or site in real.parents:
            return f"{LAYOUTS_DIR}/{real.relative_to(site).as_posix()}"
        if self.is_site_file(path):
            return f"{LAYOUTS_DIR}/{path.relative_to(self.site).as_posix()}"
        return real.as_posix()

    def watched(self) -> tuple[Path, ...]:
        """The built-in folder, when a watcher of the site's sources would not see it."""
        site_dir = self.site_dir.resolve()
        if self.builtin == site_dir or site_dir in self.builtin.parents:
            return ()
        return (self.builtin,) if self.builtin.is_dir() else ()
