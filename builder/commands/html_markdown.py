"""HTML -> Markdown that renders back to the same text: the last step of an import.

Takes a BeautifulSoup element (a page's article, its boilerplate already removed by
`import_html`) or an HTML fragment (a note in an annotation export); returns Markdown.
Paragraphs, headings, lists, block quotes, code, emphasis, strong and links are kept;
everything else gives its text. Every character the project's renderer would read as
markup is escaped, so the imported article shows the page's words, not stray emphasis,
headings or autolinks. Links keep only absolute http, https and mailto addresses.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

log = logging.getLogger(__name__)

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LIST_TAGS = frozenset({"ul", "ol", "menu"})
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "header", "hgroup", "hr", "html", "li", "main", "nav", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    }
    | set(HEADINGS)
    | LIST_TAGS
)  # fmt: skip
EMPHASIS = frozenset({"em", "i", "cite", "dfn", "var"})
STRONG = frozenset({"strong", "b"})
CODE = frozenset({"code", "kbd", "samp", "tt"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
MAX_CELL_CHARS = 200
"""A cell longer than this holds prose: its table lays out a page and is read as blocks."""
RULE = "* * *"
"""A thematic break (`<hr>`)."""
INDENT = "    "
"""What a list item's later lines are indented by: Python-Markdown nests at four spaces."""

# Markdown's inline markup characters; a "&" that would start an entity; a "<" that could
# start a tag or an autolink. One pattern, so a text node is searched once.
_SPECIAL = re.compile(r"[\\`*_\[\]]|&(?=#?[A-Za-z0-9]+;)|<(?=\S)")
# A line that Markdown would read as a block: a heading, a quote, a list item.
_LINE_MARKER = re.compile(r"^(#|>|[-+](?= |$)|\d+(?=\. |\.$))")
_SETEXT = re.compile(r"^(=+|-+) *$")
_MARKER_STARTS = frozenset("#>-+=")
"""How a line that `_LINE_MARKER` or `_SETEXT` matches starts (or with a digit)."""
_BREAK = "\x00"
"""Stands for a hard line break until the paragraph's spaces are folded."""
_AROUND_BREAK = re.compile(f" *{_BREAK} *")
_BREAKS = re.compile(f"{_BREAK}+")
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


@dataclass(frozen=True, slots=True)
class _Context:
    base_url: str
    """The page's address: relative links are resolved against it ('' leaves them unlinked)."""
    page_url: str
    """The page's address without its fragment: links to a place on the page are not kept."""


def html_to_markdown(element: Tag, base_url: str = "") -> str:
    """Convert an element's content to Markdown blocks separated by blank lines."""
    page = base_url.split("#", 1)[0]
    blocks = _Converter(_Context(base_url, page)).blocks(element)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def fragment_to_markdown(html: str, base_url: str = "") -> str:
    """Convert an HTML fragment (a note) to Markdown, without a final newline."""
    soup = BeautifulSoup(html, "html.parser")
    return html_to_markdown(soup, base_url).rstrip("\n")


def escape_text(text: str) -> str:
    """Escape text so that Markdown shows it as written (inline; see `_escape_lines`)."""
    return _SPECIAL.sub(_escaped, text) if _SPECIAL.search(text) else text


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return "&amp;" if char == "&" else "&lt;" if char == "<" else "\\" + char


def _escape_lines(text: str) -> str:
    """Escape what would start a block at the beginning of a line of a paragraph."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        # Only a line starting so can be a marker (re's digits are `isdecimal`): most
        # lines are spared two regular expressions.
        if line and (line[0] in _MARKER_STARTS or line[0].isdecimal()):
            lines[n] = _escape_line(line)
    return "\n".join(lines)


def _escape_line(line: str) -> str:
    if _SETEXT.match(line):
        return "&#61;" + line[1:] if line[0] == "=" else "\\" + line
    return _LINE_MARKER.sub(lambda m: _escape_marker(m.group(1)), line, count=1)


def _escape_marker(marker: str) -> str:
    return f"{marker}\\" if marker[0].isdigit() else f"\\{marker}"


class _Converter:
    """One walk over an element: blocks for block elements, inline Markdown within them."""

    def __init__(self, context: _Context) -> None:
        self.context = context

    def blocks(self, element: Tag) -> list[str]:
        """Return the Markdown blocks of an element's children, in order."""
        out: list[str] = []
        inline: list[str] = []
        after_break = False
        for child in element.children:
            if isinstance(child, Tag) and child.name == "br":
                if after_break:  # <br><br>: how many pages separate paragraphs
                    self._flush(inline, out)
                inline.append(_BREAK)
                after_break = True
            elif isinstance(child, NavigableString) and not child.strip():
                inline.append(" ")
            elif isinstance(child, Tag) and child.name in BLOCK_TAGS:
                self._flush(inline, out)
                out.extend(self._block(child))
                after_break = False
            else:
                inline.append(self._inline(child))
                after_break = False
        self._flush(inline, out)
        return out

    def _flush(self, inline: list[str], out: list[str]) -> None:
        text = _paragraph("".join(inline))
        inline.clear()
        if text:
            out.append(_escape_lines(text).replace("![", "\\!["))

    def _block(self, tag: Tag) -> list[str]:
        name = tag.name
        if name in HEADINGS:
            text = _fold_space(self._inline_children(tag).replace(_BREAK, " ")).strip()
            if not text:
                return []
            text = re.sub(r"#+$", lambda m: "\\#" * len(m.group()), text)
            return ["#" * max(2, HEADINGS[name]) + " " + text.replace("![", "\\![")]
        if name in LIST_TAGS:
            return self._list(tag)
        if name == "blockquote":
            inner = "\n\n".join(self.blocks(tag))
            return [_prefix_lines(inner, "> ", ">")] if inner else []
        if name == "pre":
            code = tag.get_text().strip("\n")
            return [_prefix_lines(code.replace("\t", INDENT), INDENT, "")] if code.strip() else []
        if name == "hr":
            return [RULE]
        if name == "table" and (table := self._table(tag)):
            return [table]
        return self.blocks(tag)

    def _list(self, tag: Tag) -> list[str]:
        ordered = tag.name == "ol"
        start = _int_attr(tag, "start", 1) if ordered else 1
        items: list[list[str]] = []
        for child in tag.children:
            if isinstance(child, Tag) and child.name == "li":
                items.append(self.blocks(child))
            elif isinstance(child, Tag) and child.name in BLOCK_TAGS:
                items.append(self._block(child))  # stray content: an item of its own
            else:
                text = _paragraph(self._inline(child))
                items.append([_escape_lines(text)] if text else [])
        items = [blocks for blocks in items if blocks]
        if not items:
            return []
        # Loose (blank lines between items) only when an item holds paragraphs; a nested
        # list alone keeps its item tight.
        loose = any(sum(not _is_list(b) for b in blocks) > 1 for blocks in items)
        rendered = []
        for n, blocks in enumerate(items):
            marker = f"{start + n}. " if ordered else "- "
            body = _prefix_lines(("\n\n" if loose else "\n").join(blocks), INDENT, "")
            rendered.append(marker + body[len(INDENT) :])
        return [("\n\n" if loose else "\n").join(rendered)]

    def _table(self, tag: Tag) -> str:
        """A table of text cells as a Markdown table ('' when a cell holds blocks)."""
        rows: list[list[str]] = []
        for row in tag.find_all("tr"):
            if row.find_parent("table") is not tag:
                return ""  # a table inside a table: laid out, not tabular
            cells = row.find_all(["td", "th"], recursive=False)
            if any(c.find(lambda t: t.name in BLOCK_TAGS) for c in cells):
                return ""
            texts = [_paragraph(self._inline_children(c)).replace("\n", " ") for c in cells]
            if any(len(text) > MAX_CELL_CHARS for text in texts):
                return ""  # prose in a cell: a table for layout
            rows.append([t.replace("  ", " ").replace("|", "\\|") for t in texts])
        width = max((len(r) for r in rows), default=0)
        if len(rows) < 2 or width < 2:
            return ""
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)

    def _inline_children(self, tag: Tag) -> str:
        return "".join(self._inline(child) for child in tag.children)

    def _inline(self, node: object) -> str:
        if isinstance(node, NavigableString):
            if isinstance(node, _SKIPPED_STRINGS):
                return ""
            return escape_text(_fold_space(str(node)))  # bs4 indexes its strings slowly
        if not isinstance(node, Tag):
            return ""
        name = node.name
        if name == "br":
            return _BREAK
        if name in CODE:
            return _code_span(node.get_text())
        inner = self._inline_children(node)
        if name in BLOCK_TAGS:
            return f" {inner} "  # a block inside a line: its words, kept apart
        if name in EMPHASIS:
            return _delimit(inner, "*")
        if name in STRONG:
            return _delimit(inner, "**")
        if name == "q":
            return f'"{inner}"'
        if name == "a":
            return self._link(node, inner)
        return inner

    def _link(self, tag: Tag, inner: str) -> str:
        href = tag.get("href")
        url = _absolute_url(href if isinstance(href, str) else "", self.context.base_url)
        if not url or not inner.strip() or url.split("#", 1)[0] == self.context.page_url:
            return inner
        lead, core, trail = _split_space(inner)
        return f"{lead}[{core}]({url}){trail}"


def _paragraph(text: str) -> str:
    """Fold white space, keep hard line breaks, trim."""
    text = _fold_space(text)
    if _BREAK not in text:
        return text.strip(" ")
    text = _AROUND_BREAK.sub(_BREAK, text).strip(" " + _BREAK)
    return _BREAKS.sub("  \n", text)


def _fold_space(text: str) -> str:
    r"""Each run of white space as one space: `re.sub(r"\s+", " ", text)`, four times faster.

    re's `\s` is `str.isspace` (no-break space included), what `str.split` splits on.
    The substitution, run on every text node and again on every paragraph, was a fifth
    of a 2 MB article's import.
    """
    if "  " not in text and text.isprintable():
        return text  # its only white space is single spaces (all other is unprintable)
    words = text.split()
    if not words:
        return " " if text else ""
    folded = " ".join(words)
    if text[0].isspace():
        folded = " " + folded
    if text[-1].isspace():
        folded += " "
    return folded


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip(" " + _BREAK)
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def _delimit(inner: str, mark: str) -> str:
    """Wrap text in emphasis marks, with its outer spaces outside them."""
    lead, core, trail = _split_space(inner)
    return f"{lead}{mark}{core}{mark}{trail}" if core else inner


def _code_span(text: str) -> str:
    text = _fold_space(text)
    if not text.strip():
        return text
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _prefix_lines(text: str, prefix: str, empty: str) -> str:
    return "\n".join(prefix + line if line.strip() else empty for line in text.split("\n"))


def _absolute_url(href: str, base: str) -> str:
    """Return an absolute http, https or mailto address for a link ('' for any other)."""
    href = href.strip()
    if not href or href.startswith("#"):
        return ""
    try:
        url = urljoin(base, href) if base else href
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in LINK_SCHEMES:
        return ""
    if parts.scheme.lower() != "mailto" and not parts.hostname:
        return ""
    # Spaces, brackets and quotes would end the Markdown link or break the page's HTML.
    return quote(url, safe=":/?#@!$&'*+,;=%~[]")


def _is_list(block: str) -> bool:
    return re.match(r"(- |\d+\. )", block) is not None


def _int_attr(tag: Tag, name: str, default: int) -> int:
    value = tag.get(name)
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if text.isdigit() else default
