"""The site's folders and files, and every rule about paths, in one place.

Where the builder reads (`site.yaml`, `content/articles/`, `content/glossary/`,
`layouts/`) and what it writes (each page's path in the output folder, as an
`OutputFile`); which names may become part of an output path (`name_problem`,
`output_path_problem`, Windows device names) and the form in which two output paths
collide on a case-insensitive or normalizing file system (`fold_path`). Reading the
files safely is `load/files.py`.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostics, SourceLocation

log = logging.getLogger(__name__)

# What the builder reads, relative to the site folder.
CONFIG_FILE = "site.yaml"
ARTICLES_DIR = "content/articles"
ARTICLE_SUFFIXES = (".md", ".txt")
SIDECAR_SUFFIX = ".annotations.yaml"
SIDECAR_SUFFIXES = (SIDECAR_SUFFIX, ".annotations.yml")
"""`.yml` is read exactly like `.yaml` (as for glossary entries)."""
GLOSSARY_DIR = "content/glossary"
GLOSSARY_SUFFIXES = (".yaml", ".yml")
LAYOUTS_DIR = "layouts"
STATIC_DIR = f"{LAYOUTS_DIR}/static"
CACHE_DIR = ".cache/build"
SCHEMA_DIR = "schemas"

# What it writes, relative to the output folder.
ASSETS_DIR = "assets"
ANNOTATIONS_FILE = "annotations.jsonld"
SEARCH_DIR = "search-index"


def article_page(slug: str) -> str:
    """Where an article's page goes."""
    return f"articles/{slug}/index.html"


def article_annotations(slug: str) -> str:
    """Where an article's W3C annotations (`annotations.jsonld`) go."""
    return f"articles/{slug}/{ANNOTATIONS_FILE}"


def term_page(term_id: str) -> str:
    """Where a glossary term's page goes."""
    return f"glossary/{term_id}/index.html"


def term_card(term_id: str) -> str:
    """Where a glossary term's popover card goes (a script edition.js loads)."""
    return f"glossary/{term_id}/card.js"


ARCHIVE_PAGE = "archive/index.html"
TAGS_PAGE = "tags/index.html"
SERIES_PAGE = "series/index.html"


def tag_page(slug: str) -> str:
    """Where a tag's page goes (`slug`: `taxonomy_slug` of the tag)."""
    return f"tags/{slug}/index.html"


def tag_feed(slug: str) -> str:
    """Where a tag's Atom feed goes."""
    return f"tags/{slug}/feed.xml"


def series_page(slug: str) -> str:
    """Where a series' page goes (`slug`: `taxonomy_slug` of its name)."""
    return f"series/{slug}/index.html"


MAX_SLUG_BYTES = 120
"""The longest tag or series slug, in UTF-8 bytes (file systems allow 255 per name)."""


@functools.lru_cache(maxsize=1 << 14)
def taxonomy_slug(name: str) -> str:
    """The folder name of a tag's or series' page: its letters, digits and marks in any
    script, case-folded, in Unicode's composed form, words joined by hyphens
    (`Économie` -> `économie`, `Trade & Tariffs` -> `trade-tariffs`); '' when it has none."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", name).casefold())
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" else " " for c in text)
    return "-".join(kept.split())


def sidecar_of(article_rel: str) -> tuple[str, ...]:
    """The paths an article file's sidecar may have (`content/articles/x.md` -> x's)."""
    stem = article_rel.rsplit(".", 1)[0]
    return tuple(stem + suffix for suffix in SIDECAR_SUFFIXES)


# Device names Windows reserves in every folder, with or without an extension.
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in "0123456789¹²³"}
    | {f"lpt{i}" for i in "0123456789¹²³"}
)


@functools.lru_cache(maxsize=1 << 16)
def fold_path(path: str) -> str:
    """Return the form in which two paths collide (NFC + casefold)."""
    return unicodedata.normalize("NFC", path).casefold()


def is_reserved(name: str) -> bool:
    """Say whether a file or folder name is a reserved device name on Windows."""
    return name.split(".", 1)[0].rstrip(" ").casefold() in RESERVED_NAMES


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def name_problem(name: str) -> str:
    """Say why one path component cannot be written portably, or return ''."""
    if name in {"", ".", ".."}:
        return f"'{name}' is not a file name"
    if _CONTROL.search(name):
        return "contains a NUL or control character"
    if "/" in name or "\\" in name:
        return "contains a path separator"
    if is_reserved(name):
        return f"'{name}' is a reserved device name on Windows"
    if name.endswith((".", " ")):
        return "ends with a dot or a space, which Windows drops"
    return ""


@functools.lru_cache(maxsize=1 << 16)
def output_path_problem(path: str) -> str:
    """Say why an output path could leave the output folder or fail to write, or return ''."""
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return "is absolute"
    for part in path.split("/"):
        problem = name_problem(part)
        if problem:
            return problem
    return ""


def refuse_reserved(name: str, rel: str, diags: Diagnostics) -> bool:
    """Report a slug or id that is a reserved device name; True when it is one."""
    if not is_reserved(name):
        return False
    diags.error(
        SourceLocation(rel),
        "reserved-name",
        f"'{name}' cannot name a page: it is a reserved device name on Windows",
        "rename the file, e.g. add a word to it",
    )
    return True


@dataclass(frozen=True, slots=True)
class Deflated:
    """Bytes held compressed until they are written: files made while the workers run, in
    a build that does not write them into a new tree at once (`output.Stage`)."""

    blob: bytes

    @classmethod
    def of(cls, data: bytes) -> Deflated:
        return cls(zlib.compress(data, 1))


@dataclass(slots=True)
class StageFolder:
    """Where staged files are: the new site's temporary folder, then the output folder
    once it is swapped in (`output.Stage`)."""

    path: Path


@dataclass(frozen=True, slots=True)
class Staged:
    """Bytes already written into the new site (`output.Stage`), at `path` inside it."""

    folder: StageFolder
    path: str

    @property
    def location(self) -> Path:
        return self.folder.path / self.path


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str
    """Path inside the output folder, with forward slashes."""
    data: bytes | Path | Deflated | Staged
    """The file's bytes; for a file kept from the last build, where they are; compressed;
    or already written into the new site."""
    source: str
    """What produced it, for error messages about collisions."""
    sha256: str = ""
    """The bytes' hash, when it is known without reading them (a kept or compressed file)."""

    @property
    def content(self) -> bytes:
        """The file's bytes (a kept file is read only when something asks for them)."""
        if isinstance(self.data, bytes):
            return self.data
        if isinstance(self.data, Deflated):
            return zlib.decompress(self.data.blob)
        if isinstance(self.data, Staged):
            return self.data.location.read_bytes()
        return self.data.read_bytes()

    @property
    def kept(self) -> bool:
        """Whether this is the file the last build wrote, left where it is."""
        return isinstance(self.data, Path)

    @property
    def hash(self) -> str:
        """The bytes' SHA-256 in hex (`sha256`, when it is known)."""
        return self.sha256 or hashlib.sha256(self.content).hexdigest()

    def held_compressed(self) -> OutputFile:
        """The same file, its bytes compressed and hashed, to hold many in little memory."""
        if not isinstance(self.data, bytes):
            return self
        sha = hashlib.sha256(self.data).hexdigest()
        return OutputFile(self.path, Deflated.of(self.data), self.source, sha)


def epub_name(title: str) -> str:
    """The e-book's file name in the output folder: the site's title as a slug
    (`Annotated Edition` -> `annotated-edition.epub`)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return f"{slug or 'edition'}.epub"
