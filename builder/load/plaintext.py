"""Pasted plain text -> the paragraphs, title, author and date of a news article.

A plain-text article in the shape of a pasted news article (`## Title`, a byline
`Author Name 19 April 2013`, paragraphs) gets its title, author and date from that
shape, and is repaired: paragraphs broken mid-sentence are joined and a trailing
publisher block is dropped (rules in `repair_paragraphs`). `plain_to_markdown` escapes
the paragraphs into Markdown that renders as the same text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

log = logging.getLogger(__name__)

HEADING_RE = re.compile(r"#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
"""A Markdown heading line: a plain-text article's title, or a Markdown article's."""
_BYLINE_RE = re.compile(
    r"(?P<author>\S.*?)\s+(?P<date>\d{1,2} (?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December) \d{4})\s*$"
)
_SENTENCE_END = tuple(".!?:;\"')]\u201d\u2019\u2026")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#])")
# A trailing block is publisher boilerplate when it follows two or more blank
# lines and is short; longer text after a gap is kept as article text.
TRAILER_MAX_WORDS = 60
TRAILER_MAX_PARAGRAPHS = 3


@dataclass(frozen=True, slots=True)
class PlainText:
    """A pasted plain-text article after repair."""

    title: str
    author: str
    date: str
    paragraphs: tuple[str, ...]


def parse_plain_text(text: str) -> PlainText:
    """Split a pasted article into title, byline and repaired paragraphs."""
    blocks = _blocks_with_gaps(text)
    title = author = date = ""
    if blocks and (match := HEADING_RE.fullmatch(blocks[0][1])):
        title = match["title"]
        blocks = blocks[1:]
    if blocks and "\n" not in blocks[0][1] and (byline := _BYLINE_RE.fullmatch(blocks[0][1])):
        author = byline["author"].strip()
        date = datetime.strptime(byline["date"], "%d %B %Y").date().isoformat()
        blocks = blocks[1:]
    return PlainText(title, author, date, tuple(repair_paragraphs(blocks)))


def _blocks_with_gaps(text: str) -> list[tuple[int, str]]:
    """Return (blank lines before it, paragraph text) for each paragraph."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    gap_before = blank = 0
    for line in text.split("\n"):
        if not line.strip():
            blank += 1
            continue
        if current and blank:
            blocks.append((gap_before, " ".join(current)))
            current = []
        if not current:
            gap_before = blank if blocks else 0
        current.append(line.strip())
        blank = 0
    if current:
        blocks.append((gap_before, " ".join(current)))
    return blocks


def repair_paragraphs(blocks: list[tuple[int, str]]) -> list[str]:
    """Join paragraphs broken mid-sentence and drop a trailing publisher block.

    A paragraph that does not end with sentence punctuation, followed after one
    blank line by a paragraph starting with a lowercase letter, continues it.
    The text after the last gap of two or more blank lines is a trailer when it
    has at most TRAILER_MAX_PARAGRAPHS paragraphs and TRAILER_MAX_WORDS words.
    """
    gaps = [i for i, (gap, _) in enumerate(blocks) if gap >= 2 and i > 0]
    if gaps:
        trailer = blocks[gaps[-1] :]
        words = sum(len(text.split()) for _, text in trailer)
        if len(trailer) <= TRAILER_MAX_PARAGRAPHS and words <= TRAILER_MAX_WORDS:
            log.debug("dropping trailer: %s", trailer)
            blocks = blocks[: gaps[-1]]
    paragraphs: list[str] = []
    for gap, text in blocks:
        if (
            paragraphs
            and gap == 1
            and not paragraphs[-1].endswith(_SENTENCE_END)
            and text[:1].islower()
        ):
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
    return paragraphs


def plain_to_markdown(paragraphs: tuple[str, ...]) -> str:
    """Escape plain paragraphs so Markdown renders them as the same text."""
    escaped = []
    for para in paragraphs:
        text = _MARKDOWN_SPECIAL.sub(r"\\\1", para)
        # A leading "1. ", "- " or "+ " would start a list.
        text = re.sub(r"^(\d+)\. ", r"\1\\. ", text)
        text = re.sub(r"^([-+]) ", r"\\\1 ", text)
        escaped.append(text)
    return "\n\n".join(escaped) + "\n"
