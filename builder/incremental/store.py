"""Where the build cache lives, and how its index is signed, read and written.

The cache is `<site>/.cache/build/`: a signed `index.json` naming record and scan
files. The signing key is kept in the user's own cache folder
(`~/.cache/edition-builder/cache.key`), outside any site, so a cache written
elsewhere (committed to the site's repository, say) is ignored, never trusted.
Compiled layouts are kept beside the key: they hold marshalled code.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
from pathlib import Path
from typing import Any

from builder.incremental.codec import decode_mixed, encode
from builder.incremental.keys import code_fingerprint

log = logging.getLogger(__name__)


def user_cache_dir() -> Path:
    """This user's folder for the builder (outside any site, so no contributor can write it)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "edition-builder"


def template_cache_dir() -> Path | None:
    """Where compiled layouts are kept for this version of the builder (None: unavailable).

    Jinja's bytecode cache loads marshalled code, so it lives with the signing key in
    the user's own folder, never in the site's `.cache/`.
    """
    folder = user_cache_dir() / f"templates-{code_fingerprint()[:16]}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


_keys_read: dict[Path, bytes] = {}
"""Signing keys this process has read, by path (a build asks more than once)."""


def signing_key() -> bytes | None:
    """Return this machine's key for signing caches, creating it on first use."""
    path = user_cache_dir() / "cache.key"
    if path in _keys_read:
        return _keys_read[path]
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
        key = path.read_bytes()
    except FileExistsError:
        key = path.read_bytes()
    except OSError as exc:
        log.info("no cache key at %s (%s); building without a cache", path, exc)
        return None
    _keys_read[path] = key
    return key


def read_index(folder: Path) -> dict[str, Any] | None:
    """The index in `folder`, if it is signed with this machine's key and made by this
    code (None otherwise: the build starts from nothing)."""
    key = signing_key()
    index_file = folder / "index.json"
    if key is None or not index_file.is_file():
        return None
    mac, _, body = index_file.read_bytes().partition(b"\n")
    if not hmac.compare_digest(hmac.new(key, body, "sha256").hexdigest().encode(), mac):
        log.info("%s: not signed on this machine; ignoring it", index_file)
        return None
    index = decode_mixed(body)
    if not isinstance(index, dict) or index.get("fingerprint") != code_fingerprint():
        return None
    return index


def write_index(folder: Path, index: dict[str, Any]) -> None:
    """Sign and write the index (the records it names must be written first)."""
    key = signing_key()
    if key is None:
        return
    body = encode({"fingerprint": code_fingerprint(), **index})
    # The signature, a line, then the index: read back with one JSON parse.
    mac = hmac.new(key, body, "sha256").hexdigest().encode()
    write_atomic(folder / "index.json", mac + b"\n" + body)


def make_folders(folder: Path) -> Path:
    """Make the cache's folder and its records folder (returned) if missing, with a
    `.gitignore` that keeps the cache out of the site's repository."""
    records = folder / "records"
    records.mkdir(parents=True, exist_ok=True)
    ignore = folder.parent / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, b"# Build cache: safe to delete.\n*\n")
    return records


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file under a temporary name, then rename it into place."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
