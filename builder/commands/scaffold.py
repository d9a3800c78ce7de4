"""`new` and `import`: create content files for authors, never overwriting one.

`new article SLUG` and `new term ID` write commented templates; `import FILE.txt`
turns a pasted plain-text article into Markdown with front matter, using the
same shape and repair rules as the build (articles.parse_plain_text). Every import
that makes an article writes it through `article_text` (`import_html` too).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
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

SIDECAR_HEADER = """\
# yaml-language-server: $schema=../../{schema_dir}/annotations.schema.json
# Annotations for content/articles/{slug}.md. Each `quote` is text exactly as a reader sees it.
# See docs/content-format.md and CONTRIBUTING.md.
"""
"""The first lines of a new sidecar, whoever makes it (`new article`, `import` of notes)."""

SIDECAR_TEMPLATE = (
    SIDECAR_HEADER
    + """\
annotations: []
#  - id: first-note
#    kind: footnote            # footnote | context | fact | term
#    quote: "a phrase from the article"
#    note: |
#      What the reader should know, in Markdown.
"""
)

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
    check_id(slug, "slug")
    article = site_dir / ARTICLES_DIR / f"{slug}.md"
    sidecar = site_dir / ARTICLES_DIR / f"{slug}.annotations.yaml"
    refuse_existing(article, sidecar, site_dir / ARTICLES_DIR / f"{slug}.txt")
    title = json.dumps(slug.replace("-", " ").capitalize())
    write_new_file(article, ARTICLE_TEMPLATE.format(title=title, today=date.today().isoformat()))
    write_new_file(sidecar, SIDECAR_TEMPLATE.format(slug=slug, schema_dir=SCHEMA_DIR))
    return [article, sidecar]


def new_term(site_dir: Path, term_id: str) -> list[Path]:
    """Create a glossary entry from a commented template."""
    check_id(term_id, "glossary id")
    path = site_dir / GLOSSARY_DIR / f"{term_id}.yaml"
    refuse_existing(path)
    title = json.dumps(term_id.replace("-", " ").capitalize())
    write_new_file(path, TERM_TEMPLATE.format(title=title, schema_dir=SCHEMA_DIR))
    return [path]


def import_plain_text(site_dir: Path, source: Path, slug: str | None = None) -> Path:
    """Turn a pasted plain-text article into content/articles/<slug>.md."""
    slug = slug or source.stem
    target = new_article_path(site_dir, slug)
    try:
        text = source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaffoldError(f"{source}: cannot read as UTF-8 text: {exc}") from exc
    plain = parse_plain_text(text)
    front = FrontMatter(plain.title or slug, plain.author, plain.date)
    write_new_file(target, article_text(front, plain_to_markdown(plain.paragraphs)))
    return target


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What an imported article's front matter says ('' where nothing is known)."""

    title: str
    author: str = ""
    date: str = ""
    source_name: str = ""
    source_url: str = ""


def article_text(front: FrontMatter, body: str) -> str:
    """An article file: front matter, then the Markdown body."""
    lines = ["---", f"title: {_json(front.title)}"]
    if front.author:
        lines.append(f"author: {_json(front.author)}")
    if front.date:
        lines.append(f'date: "{front.date}"')
    if front.source_name:
        url = f", url: {_json(front.source_url)}" if front.source_url else ""
        lines.append(f"source: {{name: {_json(front.source_name)}{url}}}")
    else:
        lines.append('# source: {name: Publication, url: "https://example.org/original-article"}')
    lines += ["---", ""]
    return "\n".join(lines) + "\n" + body


def new_article_path(site_dir: Path, slug: str) -> Path:
    """Return content/articles/<slug>.md after checking the slug is valid and free."""
    check_id(slug, "slug")
    target = site_dir / ARTICLES_DIR / f"{slug}.md"
    refuse_existing(target, site_dir / ARTICLES_DIR / f"{slug}.txt")
    return target


def _json(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def check_id(value: str, what: str) -> None:
    if not ID_RE.fullmatch(value):
        raise ScaffoldError(
            f"'{value}' is not a valid {what}: use lowercase letters, digits "
            "and single hyphens, e.g. us-leaves-door-ajar"
        )


def refuse_existing(*paths: Path) -> None:
    for path in paths:
        if path.exists():
            raise ScaffoldError(f"{path} already exists; not overwriting it")


def write_new_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    log.info("created %s", path)
