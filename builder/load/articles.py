"""content/articles/*.md|*.txt -> Article.

Markdown articles may start with YAML front matter; plain-text articles are read by
`plaintext.py`.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from builder.diagnostics import Diagnostic, Diagnostics, FieldLocations, SourceLocation
from builder.incremental.memo import NO_MEMO, Memo
from builder.load.files import read_site_file
from builder.load.plaintext import HEADING_RE, parse_plain_text, plain_to_markdown
from builder.load.schema import ID_RE, Checked, Field, check_mapping
from builder.load.strings import language_problem
from builder.load.yamlio import decode_yaml_bytes, parse_yaml
from builder.site import ARTICLE_SUFFIXES, ARTICLES_DIR, refuse_reserved, taxonomy_slug

log = logging.getLogger(__name__)

MAX_ARTICLE_BYTES = 2 * 1024 * 1024

SOURCE_FIELDS = (
    Field("name", "text", required=True, help="the publication's name"),
    Field("url", "url", help="address of the original article"),
)
SERIES_FIELDS = (
    Field("name", "text", required=True, help="the series' name, the same in each of its parts"),
    Field("part", "int", required=True, help="the article's place in the series: 1, 2, ..."),
)
FRONT_MATTER_FIELDS: tuple[Field, ...] = (
    Field("title", "text", help="the article's title"),
    Field("author", "text", help="who wrote it"),
    Field("date", "date", help="publication date, YYYY-MM-DD"),
    Field("source", "mapping", help="where it was first published", fields=SOURCE_FIELDS),
    Field("summary", "text", help="one or two sentences for the home page"),
    Field("order", "int", help="position on the home page (lower first)"),
    Field("tags", "list", item="text", help="topics the article is listed under, e.g. [Economy]"),
    Field("series", "mapping", help="the series the article is a part of", fields=SERIES_FIELDS),
    Field("language", "text", help="BCP 47 tag of the article's language, when not the site's"),
)


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Series:
    """The series an article belongs to, and its place in it."""

    name: str
    part: int
    """From 1; two articles of one series never share a part."""


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    path: str
    """Path of the article file relative to the site folder."""
    title: str
    markdown: str
    """The body as Markdown (plain text is escaped into Markdown)."""
    source_text: str
    """The whole file as written, for mapping passages back to lines."""
    author: str = ""
    date: str = ""
    source: Source | None = None
    summary: str = ""
    order: int | None = None
    tags: tuple[str, ...] = ()
    """As written (NFC), each once; a tag's page is at `site.taxonomy_slug(tag)`."""
    series: Series | None = None
    locations: FieldLocations = ()
    """Where its front matter's tags (`tags.0`, ...) and series (`series`, `series.part`)
    are written, for the problems found across articles (`load.taxonomy`)."""
    language: str = ""
    """The article's own language tag ('' when it is the site's): its page's `lang`."""

    def info(self, minutes: int) -> ArticleInfo:
        """What a list of articles shows of this one (`minutes`: its reading time)."""
        return ArticleInfo(
            self.slug,
            self.path,
            self.title,
            self.author,
            self.date,
            self.source,
            self.summary,
            self.order,
            minutes,
            self.tags,
            self.series,
            self.language,
        )


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article as a list of articles shows it: its metadata, not its text."""

    slug: str
    path: str
    title: str
    author: str
    date: str
    source: Source | None
    summary: str
    order: int | None
    minutes: int
    """Its reading time, in whole minutes."""
    tags: tuple[str, ...] = ()
    series: Series | None = None
    language: str = ""


def load_articles(site_dir: Path, diags: Diagnostics, memo: Memo = NO_MEMO) -> list[Article]:
    """Load every article, sorted by (order, date, slug); report problems."""
    folder = site_dir / ARTICLES_DIR
    if not folder.is_dir():
        diags.error(
            SourceLocation(ARTICLES_DIR),
            "missing-articles",
            f"no {ARTICLES_DIR}/ folder",
            "create it and add an article",
        )
        return []
    by_slug: dict[str, str] = {}
    articles: list[Article] = []
    load = partial(load_article, memo=memo)
    for name in sorted(os.listdir(folder)):  # names, not Paths: sorting Paths is slow
        slug, suffix = os.path.splitext(name)
        if suffix not in ARTICLE_SUFFIXES or name.startswith("."):
            continue
        rel = f"{ARTICLES_DIR}/{name}"
        if not ID_RE.fullmatch(slug):
            diags.error(
                SourceLocation(rel),
                "bad-slug",
                f"file name '{name}' does not make a valid slug",
                "rename it with lowercase letters, digits and hyphens, e.g. us-leaves-door-ajar.md",
            )
            continue
        if refuse_reserved(slug, rel, diags):
            continue
        if slug in by_slug:
            diags.error(
                SourceLocation(rel),
                "duplicate-slug",
                f"'{rel}' and '{by_slug[slug]}' both make the page for '{slug}'",
                "remove or rename one of them",
            )
            continue
        by_slug[slug] = rel
        article = memo.read(site_dir, rel, diags, load)
        if article is not None:
            articles.append(article)
    return sorted(articles, key=_article_order)


def _article_order(article: Article) -> tuple[int, str, str]:
    order = article.order if article.order is not None else 1_000_000
    return (order, article.date or "9999", article.slug)


def load_article(
    site_dir: Path, rel: str, diags: Diagnostics, memo: Memo = NO_MEMO
) -> Article | None:
    """Read one article file; None when it cannot be read (reported)."""
    data = read_site_file(site_dir, rel, diags, MAX_ARTICLE_BYTES)
    text = None if data is None else decode_yaml_bytes(data, rel, diags, MAX_ARTICLE_BYTES)
    if text is None:
        return None
    slug = Path(rel).stem
    if rel.endswith(".txt"):
        plain = parse_plain_text(text)
        return Article(
            slug=slug,
            path=rel,
            title=plain.title or _title_from_slug(slug),
            markdown=plain_to_markdown(plain.paragraphs),
            source_text=text,
            author=plain.author,
            date=plain.date,
        )
    return _load_markdown_article(slug, rel, text, diags, memo)


def front_matter_end(text: str) -> int | None:
    """Where an article file's front matter ends: the offset of the newline before its
    closing `---` line; None when there is no front matter, -1 when it is never closed."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end == -1 and text.endswith("\n---"):
        end = len(text) - 4
    return end


def _load_markdown_article(
    slug: str, rel: str, text: str, diags: Diagnostics, memo: Memo
) -> Article | None:
    front = FrontMatter()
    body = text
    end = front_matter_end(text)
    if end is not None:
        if end == -1:
            diags.error(
                SourceLocation(rel),
                "front-matter",
                "front matter starts with '---' but has no closing '---' line",
                "add a line with only '---' after the front matter",
            )
            return None
        yaml_text = text[4 : end + 1]
        found, problems = memo.value(
            "front-matter", (rel, yaml_text), partial(_parse_front_matter, yaml_text, rel)
        )
        diags.extend(problems)
        if found is None:
            return None
        front = found
        # Keep line numbers: blank out the front matter instead of cutting it.
        body = "\n" * text.count("\n", 0, end + 5) + text[end + 5 :]
    title = front.title
    if not title:
        title, body = _take_heading(body)
    return Article(
        slug=slug,
        path=rel,
        title=title or _title_from_slug(slug),
        markdown=body,
        source_text=text,
        author=front.author,
        date=front.date,
        source=front.source,
        summary=front.summary,
        order=front.order,
        tags=front.tags,
        series=front.series,
        locations=front.locations,
        language=front.language,
    )


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """An article file's front matter, checked (what an article without one has)."""

    title: str = ""
    author: str = ""
    date: str = ""
    source: Source | None = None
    summary: str = ""
    order: int | None = None
    tags: tuple[str, ...] = ()
    series: Series | None = None
    locations: FieldLocations = ()
    language: str = ""


def _parse_front_matter(
    yaml_text: str, rel: str
) -> tuple[FrontMatter | None, tuple[Diagnostic, ...]]:
    """Check a front matter; return it (None if it cannot be used) and what it reported
    (found without `strict`: the build decides what a warning counts as)."""
    diags = Diagnostics()
    return _front_matter(yaml_text, rel, diags), tuple(diags.items)


def _front_matter(yaml_text: str, rel: str, diags: Diagnostics) -> FrontMatter | None:
    node = parse_yaml(yaml_text, rel, diags, line_offset=1)
    if node is None:
        return None
    meta = check_mapping(node, FRONT_MATTER_FIELDS, diags, "front matter")
    if meta is None:
        return None
    values = meta.values
    source_meta = values.get("source")
    source = None
    if source_meta is not None and "name" in source_meta.values:
        source = Source(source_meta.values["name"].strip(), source_meta.values.get("url", ""))
    series_meta = values.get("series")
    series = None
    locations: list[tuple[str, SourceLocation]] = []
    if series_meta is not None and {"name", "part"} <= series_meta.values.keys():
        series = Series(_name(series_meta.values["name"]), series_meta.values["part"])
        locations += [("series", series_meta.loc("name")), ("series.part", series_meta.loc("part"))]
    tags = _tags(meta, diags)
    locations += [(f"tags.{i}", loc) for i, (_, loc) in enumerate(tags)]
    language = values.get("language", "").strip()
    problem = language_problem(language) if language else ""
    if problem:
        diags.error(
            meta.loc("language"),
            "bad-language",
            f"{problem} (language)",
            "write a BCP 47 tag such as en, fr, de-CH, pt-BR or ar, or leave the field out",
        )
        language = ""
    return FrontMatter(
        title=values.get("title", "").strip(),
        author=values.get("author", "").strip(),
        date=values.get("date", ""),
        source=source,
        summary=values.get("summary", "").strip(),
        order=values.get("order"),
        tags=tuple(tag for tag, _ in tags),
        series=series,
        locations=tuple(locations),
        language=language,
    )


def _tags(meta: Checked, diags: Diagnostics) -> list[tuple[str, SourceLocation]]:
    """The front matter's tags with where each is written; a tag given twice (the same
    page: `taxonomy_slug`) is reported and kept once."""
    seen: dict[str, tuple[str, SourceLocation]] = {}
    for i, value in enumerate(meta.values.get("tags", ())):
        tag, loc = _name(value), meta.loc(f"tags.{i}")
        slug = taxonomy_slug(tag)
        if slug in seen:
            first, where = seen[slug]
            same = "" if first == tag else f" (as '{first}')"
            diags.error(
                loc,
                "duplicate-tag",
                f"tag '{tag}' is listed twice{same}; first at {where}",
                "remove one of them",
            )
            continue
        seen[slug] = (tag, loc)
    return list(seen.values())


def _name(value: str) -> str:
    """A tag's or series' name as shown and compared: trimmed, in Unicode's composed form."""
    return unicodedata.normalize("NFC", " ".join(value.split()))


def _take_heading(body: str) -> tuple[str, str]:
    """Use a leading Markdown heading as the title, removing it from the body."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        match = HEADING_RE.fullmatch(line.strip())
        if match:
            lines[i] = ""
            return match["title"], "\n".join(lines)
        break
    return "", body


def _title_from_slug(slug: str) -> str:
    return slug.replace("-", " ").capitalize()
