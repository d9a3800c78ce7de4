"""Sites for tests: the writer behind `make_site`, the bundled edition, small inline sites."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

from builder.diagnostics import Diagnostics
from builder.load.yamlio import YMapping, YScalar, YSequence, read_yaml_file

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"

SITE_YAML = "title: Test Edition\ndescription: A test.\n"

MakeSite = Callable[..., Path]
"""The `make_site` fixture: `make_site(files, site_yaml=SITE_YAML)` -> the site folder."""


def write_site(
    site: Path,
    files: dict[str, str | bytes],
    site_yaml: str | None = SITE_YAML,
    layouts: bool = True,
) -> Path:
    """Write a site into `site` from {relative path: dedented text or bytes}.

    The layouts are copied from the repository (once; `layouts=False`: none, the site
    uses the built-in ones); `site_yaml=None` writes no site.yaml. Calling it again on
    the same folder adds or replaces files.
    """
    site.mkdir(parents=True, exist_ok=True)
    if layouts and not (site / "layouts").exists():
        shutil.copytree(REPO / "layouts", site / "layouts")
    (site / "content" / "articles").mkdir(parents=True, exist_ok=True)
    if site_yaml is not None:
        (site / "site.yaml").write_text(site_yaml, encoding="utf-8")
    for rel, content in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return site


# --- the bundled edition (the repository's own site) ---

SLUG = "us-leaves-door-ajar"
"""The bundled edition's article."""
BUNDLED_SIDECAR = f"content/articles/{SLUG}.annotations.yaml"


def sidecar_entries() -> list[dict[str, str]]:
    """The bundled article's annotations: each entry's scalar fields, in file order."""
    node = read_yaml_file(REPO, BUNDLED_SIDECAR, Diagnostics())
    assert isinstance(node, YMapping)
    items = node.items["annotations"]
    assert isinstance(items, YSequence)
    entries = []
    for item in items.items:
        assert isinstance(item, YMapping)
        entries.append({k: v.value for k, v in item.items.items() if isinstance(v, YScalar)})
    return entries


# --- hostile content: script, handlers and script URLs in every field ---

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"
JS_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def hostile_site(make_site: MakeSite) -> Path:
    """An article, its sidecar and a glossary entry full of PAYLOAD and JS_URLS."""
    links = " ".join(f"[l{i}]({url})" for i, url in enumerate(JS_URLS))
    return make_site(
        {
            "content/articles/evil.md": f"""\
            ---
            title: "Title {PAYLOAD}"
            author: "<b onmouseover=alert(3)>Author</b>"
            summary: "{{{{ 7*7 }}}} {PAYLOAD}"
            tags: ["Tag {PAYLOAD}", "{{{{ 7*7 }}}}"]
            series: {{name: "Series {PAYLOAD}", part: 1}}
            ---
            Body {PAYLOAD} text {{{{ 7*7 }}}} and {links} and <a href="javascript:x">raw</a>.

            Second paragraph mentions evil.
            """,
            "content/articles/evil.annotations.yaml": f"""\
            annotations:
              - id: n1
                kind: footnote
                quote: Second paragraph
                note: |
                  Note {PAYLOAD} <a href="javascript:alert(1)" onclick="x()">a</a>
                  <iframe src="https://x.example/"></iframe><style>*{{}}</style><!-- c -->
                  [md](javascript:alert(1)) {{{{ 7*7 }}}} <svg onload=alert(1)></svg>
              - id: n2
                kind: fact
                quote: mentions
                verdict: accurate
                note: "<form action='https://x.example'><input></form>ok"
                sources:
                  - {{title: "<script>alert(1)</script>", url: "https://s.example/?q=%3Cscript%3E"}}
            """,
            "content/glossary/evil.yaml": f"""\
            term: "Evil {PAYLOAD}"
            definition: "Def {PAYLOAD} [x](vbscript:msgbox(1))"
            aliases: [evil]
            """,
        }
    )


def age(folder: Path, seconds: int = 60) -> None:
    """Date every file under `folder` back by `seconds`: a file written in the last two
    seconds is read again at every build (incremental/known.py), as a fresh one may be."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            info = path.stat()
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - seconds * 10**9))
