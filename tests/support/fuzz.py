"""The fuzz target: any bytes, loaded as a YAML file of the site, raise only BuildFailed.

The first byte picks the kind of file (site.yaml, a glossary entry, a sidecar
or an article's front matter); the rest is its content, which goes through the
real loader and schema checks. Anything but BuildFailed escaping, or a
diagnostic without a usable location, is a crash. tests/support/fuzz_yaml.py runs it
under atheris; tests/test_fuzz.py runs both that and a hypothesis version.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from builder.diagnostics import Diagnostics
from builder.load.annotations import load_sidecars
from builder.load.articles import load_article
from builder.load.config import SiteConfig, load_config
from builder.load.glossary import load_glossary
from tests.support.sites import REPO

HOSTILE = [
    (2, b"annotations:\n  - &a {kind: footnote, quote: x, note: y}\n  - *a\n"),
    (2, b"annotations: !!python/object/apply:os.system [echo]\n"),
    (0, b"title: T\n<<: {description: d}\n"),
    (0, b"title: T\nlanguage:\n  auto_link: first\n"),  # found by atheris in CI
    (1, b"? [a, b]\n: c\nterm: T\ndefinition: d\n"),
    (1, b"\xef\xbb\xbfterm: T\r\ndefinition: caf\xe9\r\n"),
    (1, "term: T\ndefinition: d\n".encode("utf-16")),
    (2, b"annotations: " + b"[" * 200 + b"]" * 200 + b"\n"),
    (3, b"title: no\ndate: 2013-04-19\norder: 0755\nsource: {name: 1.10, url: 'http://x'}\n"),
    (
        2,
        b"annotations:\n  - kind: fact\n    quote: x\n    verdict: accurate\n    note: ["
        + b"[" * 50
        + b"\n    sources: [{title: s, url: 'javascript:x'}]\n",
    ),
]


KINDS = (
    ("site.yaml", b""),
    ("content/glossary/entry.yaml", b""),
    ("content/articles/a.annotations.yaml", b""),
    ("content/articles/a.md", b"---\n"),
)
"""(file, what goes before the content) for each kind; an article gets its body after."""


def make_site(parent: Path | None = None) -> Path:
    """Create the folder the target writes its file into (in memory where there is /dev/shm)."""
    shm = Path("/dev/shm")
    where = parent or (shm if shm.is_dir() else None)
    site = Path(tempfile.mkdtemp(prefix="fuzz-site-", dir=where))
    (site / "content/glossary").mkdir(parents=True)
    (site / "content/articles").mkdir(parents=True)
    return site


def seed(kind: int, content: bytes) -> bytes:
    """Make an input that loads `content` as the given kind of file."""
    return bytes([kind]) + content


def load_everything(data: bytes, site: Path) -> None:
    """Load `data` as the kind of file its first byte picks; raise BuildFailed on errors."""
    if not data:
        return
    kind = data[0] % len(KINDS)
    rel, before = KINDS[kind]
    after = b"\n---\nText of the article.\n" if kind == 3 else b""
    (site / rel).write_bytes(before + data[1:] + after)
    diags = Diagnostics()
    if kind == 0:
        load_config(site, diags)
    elif kind == 1:
        load_glossary(site, diags)
    elif kind == 2:
        load_sidecars(site, {"a"}, {"entry"}, SiteConfig(site, "Fuzz"), diags)
    else:
        load_article(site, rel, diags)
    for diag in diags.items:
        loc = diag.location
        assert loc.path and loc.line >= 1 and loc.column >= 1, diag
        assert str(diag) and json.dumps(diag.as_json())
    diags.raise_if_errors()


def write_corpus(folder: Path) -> int:
    """Write seed inputs: the bundled edition's files (one annotation each) and hostile ones."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [(0, (REPO / "site.yaml").read_bytes())] + HOSTILE
    seeds += [(1, p.read_bytes()) for p in sorted((REPO / "content/glossary").glob("*.yaml"))]
    for sidecar in sorted((REPO / "content/articles").glob("*.annotations.yaml")):
        text = sidecar.read_text(encoding="utf-8")
        for item in re.split(r"\n(?=  - )", text.split("\n", 1)[1]):
            seeds.append((2, f"annotations:\n{item}\n".encode()))
    for n, (kind, content) in enumerate(seeds):
        (folder / f"seed-{n:03d}").write_bytes(seed(kind, content))
    return len(seeds)
