"""Find quotes in an article's reader-visible text (pure; no HTML library).

`TextIndex` holds the text of each block (paragraph, heading, list item, ...)
normalized for matching, with a map back to the raw offsets. `find_quote`
applies a W3C TextQuoteSelector (exact, prefix, suffix) plus an occurrence and
returns a `Span` in raw block offsets, or an `AnchorProblem` saying what went wrong.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
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


_AUTHOR_REFERENCE = re.compile(r"\[\^[^\]\s]+\]")
"""An author's footnote reference as Markdown writes it (`[^1]`): not the reader's text."""

# What needs a look in `TextIndex`: white space other than one plain space (group 1),
# or one non-ASCII character. A single " " maps to itself like any ASCII character.
_SPECIAL_RE = re.compile(r"(\s\s+|[^\S ])|[^\x00-\x7f]")


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
    """quote-not-found, quote-drifted, quote-ambiguous, quote-crosses-blocks,
    quote-context-mismatch or occurrence-out-of-range."""
    message: str
    matches: tuple[Span, ...] = ()
    closest: Span | None = None
    closest_ratio: float = 0.0
    choices: tuple[str, ...] = ()
    """For each match, the shortest selector field that picks it, e.g. `prefix: "Korea. "`."""
    field: str = "quote"
    """The selector field at fault: quote, prefix, suffix or occurrence."""


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
            self.block_start.append(len(self.block_of))
            self._append_block(b, raw, chars)
        self.text = "".join(chars)
        self._spaced: str | None = None

    def _map(self, block: int, start: int, end: int) -> None:
        self.block_of.append(block)
        self.raw_start.append(start)
        self.raw_end.append(end)

    def _append_block(self, b: int, raw: str, chars: list[str]) -> None:
        """Append one block's normalized characters, mapping each to its raw range.

        Runs of plain ASCII characters map one to one and are copied in bulk; only
        white space and non-ASCII characters (with the combining marks that follow
        them) are looked at one by one. This stage runs over every character of
        every article, so it must not loop in Python per character.
        """
        i = 0
        for special in _SPECIAL_RE.finditer(raw):
            p = special.start()
            if p < i:
                continue  # already taken into a cluster
            if (
                special.group(1) is None
                and i < p
                and unicodedata.combining(raw[p])
                and raw[p - 1] != " "
            ):
                p -= 1  # a combining mark joins the character before it, unless a space
            if i < p:
                self._append_plain(b, raw, i, p, chars)
            if special.group(1) is not None:
                i = special.end()
                chars.append(" ")
                self._map(b, p, i)
                continue
            j = p + 1
            while j < len(raw) and unicodedata.combining(raw[j]):
                j += 1
            cluster = raw[p:j]
            if not cluster.isascii():
                cluster = "".join(_FOLD.get(c, c) for c in unicodedata.normalize("NFC", cluster))
            for char in cluster:
                chars.append(char)
                self._map(b, p, j)
            i = j
        if i < len(raw):
            self._append_plain(b, raw, i, len(raw), chars)

    def _append_plain(self, b: int, raw: str, start: int, end: int, chars: list[str]) -> None:
        """Append raw[start:end], ASCII with at most single spaces, one to one."""
        chars.append(raw[start:end])
        self.block_of.extend([b] * (end - start))
        self.raw_start.extend(range(start, end))
        self.raw_end.extend(range(start + 1, end + 1))

    @property
    def spaced(self) -> str:
        """The text with block separators as spaces, for prefix/suffix and crossing checks."""
        if self._spaced is None:
            self._spaced = self.text.replace(BLOCK_SEPARATOR, " ")
        return self._spaced

    def span(self, start: int, end: int) -> Span:
        """Map a normalized range inside one block to raw block offsets."""
        return Span(self.block_of[start], self.raw_start[start], self.raw_end[end - 1])


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
    if "[^" in exact + prefix + suffix:  # copied from the Markdown with the author's references
        exact, prefix, suffix = (_AUTHOR_REFERENCE.sub("", t) for t in (exact, prefix, suffix))
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
    after_prefix = [
        s for s in starts if not want_prefix or spaced[:s].rstrip().endswith(want_prefix)
    ]
    kept = [
        s
        for s in after_prefix
        if not want_suffix or spaced[s + len(quote) :].lstrip().startswith(want_suffix)
    ]
    spans = tuple(index.span(s, s + len(quote)) for s in kept)
    if not kept:
        return AnchorProblem(
            "quote-context-mismatch",
            f"quote found {len(starts)} time(s), but never with this prefix/suffix",
            tuple(index.span(s, s + len(quote)) for s in starts),
            field="suffix" if after_prefix else "prefix",
        )
    if occurrence is not None:
        if occurrence > len(kept):
            return AnchorProblem(
                "occurrence-out-of-range",
                f"occurrence {occurrence} asked for, but the quote matches "
                f"only {len(kept)} time(s)",
                spans,
                field="occurrence",
            )
        return spans[occurrence - 1]
    if len(kept) > 1:
        return AnchorProblem(
            "quote-ambiguous",
            f"quote matches {len(kept)} places",
            spans,
            choices=tuple(_choices(index, quote, kept)),
        )
    return spans[0]


MAX_CONTEXT_WORDS = 8


def _choices(index: TextIndex, quote: str, starts: list[int]) -> list[str]:
    """Return, for each match, the shortest prefix or suffix from its own block that picks it."""
    spaced = index.spaced
    befores = [spaced[:s].rstrip() for s in starts]
    afters = [spaced[s + len(quote) :].lstrip() for s in starts]
    result = []
    for n, start in enumerate(starts):
        own_before = index.text[:start].rsplit(BLOCK_SEPARATOR, 1)[-1].rstrip()
        own_after = index.text[start + len(quote) :].split(BLOCK_SEPARATOR, 1)[0].lstrip()
        found = []
        words = own_before.split(" ")[-MAX_CONTEXT_WORDS:] if own_before else []
        for k in range(1, len(words) + 1):
            prefix = " ".join(words[-k:])
            if sum(b.endswith(prefix) for b in befores) == 1:
                found.append(f"prefix: {json.dumps(prefix + ' ', ensure_ascii=False)}")
                break
        words = own_after.split(" ")[:MAX_CONTEXT_WORDS] if own_after else []
        for k in range(1, len(words) + 1):
            suffix = " ".join(words[:k])
            if sum(a.startswith(suffix) for a in afters) == 1:
                found.append(f"suffix: {json.dumps(' ' + suffix, ensure_ascii=False)}")
                break
        # prefix/suffix survive edits elsewhere in the article; occurrence is the last resort.
        result.append(min(found, key=len) if found else f"occurrence: {n + 1}")
    return result


DRIFT_RATIO = 0.9
"""A missing quote whose closest passage is at least this alike, and the only one, drifted."""


def _not_found(index: TextIndex, quote: str) -> AnchorProblem:
    """Report a missing quote with the passage most like it, or as drifted when unique."""
    best: tuple[float, int, int] = (0.0, 0, 0)
    second = 0.0
    ends = [s - 1 for s in index.block_start[1:]] + [len(index.text)]
    for start, end in zip(index.block_start, ends, strict=True):
        ratio, first, last = _closest_in(index.text[start:end], quote)
        if ratio > best[0]:
            best, second = (ratio, start + first, start + last), best[0]
        elif ratio > second:
            second = ratio
    ratio, first, last = best
    closest = index.span(first, last) if ratio > 0.3 and last > first else None
    if closest is not None and ratio >= DRIFT_RATIO and second < DRIFT_RATIO:
        return AnchorProblem(
            "quote-drifted", "quote no longer matches exactly", closest=closest, closest_ratio=ratio
        )
    return AnchorProblem(
        "quote-not-found", "quote not found in the article", closest=closest, closest_ratio=ratio
    )


def _closest_in(text: str, quote: str) -> tuple[float, int, int]:
    """Find the window of `text` most like `quote`: (similarity, start, end)."""
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    anchor = matcher.find_longest_match(0, len(text), 0, len(quote))
    if anchor.size == 0:
        return 0.0, 0, 0
    base = max(0, anchor.a - anchor.b)
    slack = max(2, len(quote) // 5)
    best = (0.0, 0, 0)
    for first in range(max(0, base - slack), min(len(text), base + slack) + 1, max(1, slack // 4)):
        for last in range(
            first + len(quote) - slack, first + len(quote) + slack + 1, max(1, slack // 4)
        ):
            a, b = _word_edges(text, first, min(len(text), max(first, last)))
            if b <= a:
                continue
            window = difflib.SequenceMatcher(None, text[a:b], quote, autojunk=False)
            ratio = window.ratio()
            if ratio > best[0]:
                best = (ratio, a, b)
    return best


def _word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words and trim spaces at its ends."""
    start = min(start, max(0, len(text) - 1))
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end
