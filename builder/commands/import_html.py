"""`import PAGE.html`: a saved web page -> content/articles/<slug>.md.

Reads the page's bytes (its declared or sniffed encoding), parses them with
BeautifulSoup's `html.parser`, takes the title, author, date and source from what
the page states (`page_meta`), finds the article and drops the page's boilerplate
(`page_text`), and writes the article's text as Markdown (`html_markdown`) under
front matter. A file that is not an HTML page, or a page without article text, is
refused with a message saying what was expected; nothing is written then.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from builder.anchor.anchoring import fold_text
from builder.commands.html_markdown import RULE, html_to_markdown
from builder.commands.html_tree import parse_page, tags
from builder.commands.page_meta import (
    PageMeta,
    iso_date,
    lead_in_meta,
    read_page_meta,
    source_name,
    title_from_head,
    visible_meta,
)
from builder.commands.page_precut import cut_boilerplate
from builder.commands.page_text import (
    drop_link_lists,
    find_article,
    strip_boilerplate,
    strip_never_text,
)
from builder.commands.scaffold import (
    FrontMatter,
    ScaffoldError,
    article_text,
    new_article_path,
    write_new_file,
)
from builder.load.plaintext import TRAILER_MAX_PARAGRAPHS, TRAILER_MAX_WORDS
from builder.load.schema import ID_RE

log = logging.getLogger(__name__)

MAX_PAGE_BYTES = 50 * 1024 * 1024
EXPECTED = "expected a web page saved from a browser (.html or .htm) holding an article"
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|p|div|article|main|h1|title)\b", re.I)
# WHATWG Encoding: pages that declare these are decoded as windows-1252 by every browser.
_LATIN = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"})
_HEADER_LEAD = 4
"""How many leading blocks may repeat the title, byline or date (dropped: the front
matter says them)."""


@dataclass(frozen=True, slots=True)
class ImportedPage:
    """A saved page read: what it says about its article, and the article as Markdown."""

    meta: PageMeta
    markdown: str
    found_by: str
    """How the article was found: 'itemprop=articleBody', 'article', 'main', 'text density'."""


def import_html_page(site_dir: Path, source: Path, slug: str | None = None) -> Path:
    """Turn a saved web page into content/articles/<slug>.md; return the file made."""
    target = new_article_path(site_dir, slug or slug_from_name(source.stem))
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ScaffoldError(f"{source}: cannot read: {exc.strerror}") from exc
    if len(data) > MAX_PAGE_BYTES:
        raise ScaffoldError(f"{source}: {len(data)} bytes is more than a page; {EXPECTED}")
    page = read_html_page(data, str(source))
    meta = page.meta
    front = FrontMatter(
        meta.title or target.stem,
        meta.author,
        meta.date,
        source_name(meta),
        meta.url,
    )
    write_new_file(target, article_text(front, page.markdown))
    log.info("%s: article found by %s", source, page.found_by)
    return target


def read_html_page(data: bytes, name: str) -> ImportedPage:
    """Read a saved page's metadata and article; ScaffoldError when it has neither."""
    text = decode_html(data)
    if "\x00" in text or not _HTML_TAG.search(text):
        raise ScaffoldError(f"{name}: this is not an HTML page; {EXPECTED}")
    try:
        return _read_page(text, name)
    except RecursionError as exc:  # the Markdown writer recurses into nested elements
        raise ScaffoldError(
            f"{name}: the page's elements are nested too deeply to read (often a tag such "
            "as <font> opened again and again and never closed)"
        ) from exc


def _read_page(text: str, name: str) -> ImportedPage:
    soup = parse_page(text, cut_boilerplate)
    stated = read_page_meta(soup)
    head_title = title_from_head(soup)
    strip_never_text(soup)
    meta = stated.filled_from(visible_meta(_article_scope(soup), soup))
    strip_boilerplate(soup)
    found = find_article(soup)
    markdown = ""
    if found is not None:
        meta = meta.filled_from(lead_in_meta(found.root))
    meta = meta.filled_from(PageMeta(title=head_title))
    if found is not None:
        drop_link_lists(found.root)
        markdown = html_to_markdown(found.root, meta.url)
        markdown = _drop_trailer(_drop_header_lines(markdown, meta))
    if not markdown.strip() or found is None:
        raise ScaffoldError(
            f"{name}: found no article text in this page; {EXPECTED} (paragraphs of text "
            "in its <article>, <main> or body)"
        )
    return ImportedPage(meta, markdown, found.found_by)


def decode_html(data: bytes) -> str:
    """Decode a page as a browser would: byte-order mark, declared charset, else UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "cp1252" if name in _LATIN else name
        try:
            return data.decode(codecs.lookup(name).name, "replace")
        except LookupError:
            log.debug("unknown charset %r; trying UTF-8", name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def slug_from_name(name: str) -> str:
    """A slug made from a file name: "Rates Rise (Daily).html" -> rates-rise-daily."""
    if ID_RE.fullmatch(name):
        return name
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))[:80].strip("-")
    return slug or name


def _article_scope(soup: BeautifulSoup) -> Tag:
    """Where the visible headline and byline are looked for first: the article, if marked."""
    body = soup.body or soup
    elements = tags(body)
    articles = [tag for tag in elements if tag.name == "article"]
    if articles:
        return max(articles, key=lambda tag: len(tag.get_text()))
    return next((tag for tag in elements if tag.name == "main"), body)


def _drop_header_lines(markdown: str, meta: PageMeta) -> str:
    """Drop leading blocks that repeat the title, the byline or the date."""
    blocks = markdown.split("\n\n")
    title = _plain(meta.title)
    author = _plain(meta.author)
    while blocks and blocks[0] == RULE:
        blocks = blocks[1:]
    lead = 0
    while lead < min(_HEADER_LEAD, len(blocks)):
        text = _plain(blocks[lead].lstrip("#").replace("\\", ""))
        repeated = bool(text) and (
            text == title
            or (author and text.removeprefix("by ").strip() == author)
            or (iso_date(blocks[lead]) and len(text) <= 40)
        )
        if not repeated:
            break
        lead += 1
    kept = blocks[lead:]
    return "\n\n".join(kept).strip("\n") + "\n" if kept else ""


def _drop_trailer(markdown: str) -> str:
    """Drop a short block after the article's last rule: the publisher's, as in plain text."""
    blocks = markdown.rstrip("\n").split("\n\n")
    if RULE not in blocks:
        return markdown
    last = len(blocks) - 1 - blocks[::-1].index(RULE)
    trailer = blocks[last + 1 :]
    words = sum(len(block.split()) for block in trailer)
    if len(trailer) <= TRAILER_MAX_PARAGRAPHS and words <= TRAILER_MAX_WORDS:
        blocks = blocks[:last]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _plain(text: str) -> str:
    return fold_text(text).strip().lower()
