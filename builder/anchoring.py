"""Find quotes in an article's reader-visible text (pure; no HTML library).

`TextIndex` holds the text of each block (paragraph, heading, list item, ...)
normalized for matching, with a map back to the raw offsets. `find_quote`
applies a W3C TextQuoteSelector (exact, prefix, suffix) plus an occurrence and
returns a `Span` in raw block offsets, or an `AnchorProblem` saying what went wrong.
"""

from __future__ import annotations

import difflib
import logging
import unicodedata
from dataclasses import dataclass

log = logging.getLogger(__name__)

BLOCK_SEPARATOR = "\n"
_FOLD = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u2026": "...",
    # Inverse of the renderer's smarty extension: "--" is shown as an en dash, "---" an em dash.
    "\u2013": "--",
    "\u2014": "---",
}


@dataclass(frozen=True, slots=True)
class Span:
    block: int
    start: int
    """Raw offset in the block's text (inclusive)."""
    end: int
    """Raw offset in the block's text (exclusive)."""


@dataclass(frozen=True, slots=True)
class AnchorProblem:
    code: str
    """quote-not-found, quote-ambiguous, quote-crosses-blocks or occurrence-out-of-range."""
    message: str
    matches: tuple[Span, ...] = ()
    closest: Span | None = None
    closest_ratio: float = 0.0


def fold_text(text: str) -> str:
    """Normalize text for comparison: NFC, straight quotes, ASCII dashes and dots, single spaces."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char.isspace():
            if not out or out[-1] != " ":
                out.append(" ")
        else:
            out.append(_FOLD.get(char, char))
    return "".join(out)


def normalize_quote(text: str) -> str:
    return fold_text(text).strip()


class TextIndex:
    """The normalized text of an article's blocks with a map back to raw offsets."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        chars: list[str] = []
        self.block_of: list[int] = []
        self.raw_start: list[int] = []
        self.raw_end: list[int] = []
        self.block_start: list[int] = []
        for b, raw in enumerate(blocks):
            if b:
                chars.append(BLOCK_SEPARATOR)
                self._map(b - 1, len(blocks[b - 1]), len(blocks[b - 1]))
            self.block_start.append(len(chars))
            self._append_block(b, raw, chars)
        self.text = "".join(chars)
        self._spaced: str | None = None

    def _map(self, block: int, start: int, end: int) -> None:
        self.block_of.append(block)
        self.raw_start.append(start)
        self.raw_end.append(end)

    def _append_block(self, b: int, raw: str, chars: list[str]) -> None:
        i, n = 0, len(raw)
        while i < n:
            j = i + 1
            if raw[i].isspace():
                while j < n and raw[j].isspace():
                    j += 1
                chars.append(" ")
                self._map(b, i, j)
            else:
                while j < n and unicodedata.combining(raw[j]):
                    j += 1
                cluster = raw[i:j]
                if not cluster.isascii():
                    cluster = "".join(
                        _FOLD.get(c, c) for c in unicodedata.normalize("NFC", cluster)
                    )
                for char in cluster:
                    chars.append(char)
                    self._map(b, i, j)
            i = j

    @property
    def spaced(self) -> str:
        """The text with block separators as spaces, for prefix/suffix and crossing checks."""
        if self._spaced is None:
            self._spaced = self.text.replace(BLOCK_SEPARATOR, " ")
        return self._spaced

    def span(self, start: int, end: int) -> Span:
        """Map a normalized range inside one block to raw block offsets."""
        return Span(self.block_of[start], self.raw_start[start], self.raw_end[end - 1])

    def normalized_range(self, span: Span) -> tuple[int, int]:
        """Map a raw span back to its normalized range."""
        base = self.block_start[span.block]
        start = base
        while (
            start < len(self.raw_start)
            and self.raw_end[start] <= span.start
            and self.block_of[start] == span.block
        ):
            start += 1
        end = start
        while (
            end < len(self.raw_start)
            and self.block_of[end] == span.block
            and self.raw_start[end] < span.end
        ):
            end += 1
        return start, end


def find_all(haystack: str, needle: str) -> list[int]:
    positions: list[int] = []
    start = haystack.find(needle)
    while start != -1:
        positions.append(start)
        start = haystack.find(needle, start + 1)
    return positions


def find_quote(
    index: TextIndex,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    occurrence: int | None = None,
) -> Span | AnchorProblem:
    """Apply a quote selector to the index: one Span, or the reason there is none."""
    quote = normalize_quote(exact)
    if not quote:
        return AnchorProblem("quote-not-found", "quote is empty")
    starts = find_all(index.text, quote)
    if not starts:
        crossing = find_all(index.spaced, quote)
        if crossing:
            return AnchorProblem(
                "quote-crosses-blocks",
                "quote runs across two paragraphs or blocks",
                (index.span(crossing[0], crossing[0] + 1),),
            )
        return _not_found(index, quote)
    want_prefix = fold_text(prefix).rstrip()
    want_suffix = fold_text(suffix).lstrip()
    spaced = index.spaced
    kept = [
        s
        for s in starts
        if (not want_prefix or spaced[:s].rstrip().endswith(want_prefix))
        and (not want_suffix or spaced[s + len(quote) :].lstrip().startswith(want_suffix))
    ]
    spans = tuple(index.span(s, s + len(quote)) for s in kept)
    if not kept:
        return AnchorProblem(
            "quote-context-mismatch",
            f"quote found {len(starts)} time(s), but never with this prefix/suffix",
            tuple(index.span(s, s + len(quote)) for s in starts),
        )
    if occurrence is not None:
        if occurrence > len(kept):
            return AnchorProblem(
                "occurrence-out-of-range",
                f"occurrence {occurrence} asked for, but the quote matches "
                f"only {len(kept)} time(s)",
                spans,
            )
        return spans[occurrence - 1]
    if len(kept) > 1:
        return AnchorProblem("quote-ambiguous", f"quote matches {len(kept)} places", spans)
    return spans[0]


def _not_found(index: TextIndex, quote: str) -> AnchorProblem:
    """Report a missing quote with the passage most like it (difflib, per block)."""
    best: tuple[float, int, int] = (0.0, 0, 0)
    ends = [s - 1 for s in index.block_start[1:]] + [len(index.text)]
    for start, end in zip(index.block_start, ends, strict=True):
        block_text = index.text[start:end]
        matcher = difflib.SequenceMatcher(None, block_text, quote, autojunk=False)
        pieces = [m for m in matcher.get_matching_blocks() if m.size]
        if not pieces:
            continue
        # Align the window's ends with the quote's ends, around the matched pieces.
        first = max(0, pieces[0].a - pieces[0].b)
        last = min(
            len(block_text),
            pieces[-1].a + pieces[-1].size + len(quote) - pieces[-1].b - pieces[-1].size,
        )
        first, last = _word_edges(block_text, first, last)
        ratio = difflib.SequenceMatcher(None, block_text[first:last], quote, autojunk=False).ratio()
        if ratio > best[0]:
            best = (ratio, start + first, start + last)
    closest = index.span(best[1], best[2]) if best[0] > 0.3 and best[2] > best[1] else None
    return AnchorProblem(
        "quote-not-found", "quote not found in the article", closest=closest, closest_ratio=best[0]
    )


def _word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words and trim spaces at its ends."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


def context_of(index: TextIndex, span: Span, width: int) -> tuple[str, str]:
    """Return up to `width` characters of normalized text before and after a span."""
    start, end = index.normalized_range(span)
    return index.spaced[max(0, start - width) : start], index.spaced[end : end + width]
