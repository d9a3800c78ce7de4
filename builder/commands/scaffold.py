"""`new` and `import`: create content files for authors, never overwriting one.

`new article SLUG` and `new term ID` write commented templates; `import FILE.txt`
turns a pasted plain-text article into Markdown with front matter, using the
same shape and repair rules as the build (articles.parse_plain_text).
"""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

from builder.load.plaintext import parse_plain_text, plain_to_markdown
from builder.load.schema import ID_RE
from builder.site import ARTICLES_DIR, GLOSSARY_DIR, SCHEMA_DIR

log = logging.getLogger(__name__)

ARTICLE_TEMPLATE = """\
---
title: {title}
author: Author Name
date: {today}          # YYYY-MM-DD
# source: {{name: Publication, url: "https://example.org/original-article"}}
summary: One or two sentences for the home page.
---

The article's text, in Markdown. Blank lines separate paragraphs.
"""

SIDECAR_TEMPLATE = """\
# yaml-language-server: $schema=../../{schema_dir}/annotations.schema.json
# Annotations for content/articles/{slug}.md. Each `quote` is text exactly as a reader sees it.
# See docs/content-format.md and CONTRIBUTING.md.
annotations: []
#  - id: first-note
#    kind: footnote            # footnote | context | fact | term
#    quote: "a phrase from the article"
#    note: |
#      What the reader should know, in Markdown.
"""

TERM_TEMPLATE = """\
# yaml-language-server: $schema=../../{schema_dir}/glossary.schema.json
term: {title}
definition: |
  A neutral definition in two to five sentences, in Markdown.
aliases: []            # other forms of the term as they appear in articles
see_also: []           # ids of related glossary entries
links: []
#  - {{title: "A page about it", url: "https://example.org/page"}}
"""


class ScaffoldError(Exception):
    """The file cannot be created; the message says why."""


def new_article(site_dir: Path, slug: str) -> list[Path]:
    """Create an article and its empty sidecar from commented templates."""
    _check_id(slug, "slug")
    article = site_dir / ARTICLES_DIR / f"{slug}.md"
    sidecar = site_dir / ARTICLES_DIR / f"{slug}.annotations.yaml"
    _refuse_existing(article, sidecar, site_dir / ARTICLES_DIR / f"{slug}.txt")
    title = json.dumps(slug.replace("-", " ").capitalize())
    _write(article, ARTICLE_TEMPLATE.format(title=title, today=date.today().isoformat()))
    _write(sidecar, SIDECAR_TEMPLATE.format(slug=slug, schema_dir=SCHEMA_DIR))
    return [article, sidecar]


def new_term(site_dir: Path, term_id: str) -> list[Path]:
    """Create a glossary entry from a commented template."""
    _check_id(term_id, "glossary id")
    path = site_dir / GLOSSARY_DIR / f"{term_id}.yaml"
    _refuse_existing(path)
    title = json.dumps(term_id.replace("-", " ").capitalize())
    _write(path, TERM_TEMPLATE.format(title=title, schema_dir=SCHEMA_DIR))
    return [path]


def import_plain_text(site_dir: Path, source: Path, slug: str | None = None) -> Path:
    """Turn a pasted plain-text article into content/articles/<slug>.md."""
    slug = slug or source.stem
    _check_id(slug, "slug")
    target = site_dir / ARTICLES_DIR / f"{slug}.md"
    _refuse_existing(target, site_dir / ARTICLES_DIR / f"{slug}.txt")
    try:
        text = source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaffoldError(f"{source}: cannot read as UTF-8 text: {exc}") from exc
    plain = parse_plain_text(text)
    front = ["---", f"title: {json.dumps(plain.title or slug, ensure_ascii=False)}"]
    if plain.author:
        front.append(f"author: {json.dumps(plain.author, ensure_ascii=False)}")
    if plain.date:
        front.append(f'date: "{plain.date}"')
    front += [
        '# source: {name: Publication, url: "https://example.org/original-article"}',
        "---",
        "",
    ]
    _write(target, "\n".join(front) + "\n" + plain_to_markdown(plain.paragraphs))
    return target


def _check_id(value: str, what: str) -> None:
    if not ID_RE.fullmatch(value):
        raise ScaffoldError(
            f"'{value}' is not a valid {what}: use lowercase letters, digits "
            "and single hyphens, e.g. us-leaves-door-ajar"
        )


def _refuse_existing(*paths: Path) -> None:
    for path in paths:
        if path.exists():
            raise ScaffoldError(f"{path} already exists; not overwriting it")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    log.info("created %s", path)
