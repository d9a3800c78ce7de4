"""The shortest quote selector that picks one place of an article's text.

Takes the article's `TextIndex` and a place in it (a `Span`, or a reader's selection
in raw block offsets) and returns the `QuoteSelector` a sidecar entry needs: the text
at that place, with the fewest whole words of `prefix` or `suffix` that make it unique
under `anchoring.find_quote` (the build's own rules), and `occurrence` only as the last
resort. Import (`commands.quote_context`) uses it for exported quotes; the reader's
"suggest a note" panel (layouts/static/suggest.js) does the same steps in the browser,
and tests/fixtures/suggest_vectors.json holds the cases both must agree on.
"""

from __future__ import annotations

import logging

from builder.anchor.anchoring import Span, TextIndex, find_all, find_quote, normalize_quote
from builder.anchor.quote_report import one_line, raw_text
from builder.load.annotations import QuoteSelector

log = logging.getLogger(__name__)

MAX_CONTEXT_WORDS = 8
"""The longest prefix or suffix tried, in words, before `occurrence` is used."""


def selection_selector(index: TextIndex, block: int, start: int, end: int) -> QuoteSelector | None:
    """The selector for a reader's selection of `index.blocks[block][start:end]`.

    White space at the selection's ends is left out, and its ends are moved inward to
    whole characters as anchoring sees them (a letter with its combining marks); None
    when nothing but white space is selected.
    """
    text = index.blocks[block]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    first = index.block_start[block]
    last = index.block_start[block + 1] - 1 if block + 1 < len(index.blocks) else len(index.text)
    inside = [
        k for k in range(first, last) if index.raw_start[k] >= start and index.raw_end[k] <= end
    ]
    if not inside or index.text[inside[0] : inside[-1] + 1].isspace():
        return None
    span = index.span(inside[0], inside[-1] + 1)
    quote = normalize_quote(raw_text(index, span))
    starts = find_all(index.text, quote)
    occurrence = starts.index(inside[0]) + 1 if inside[0] in starts else 1
    return shortest_selector(index, span, occurrence)


def shortest_selector(index: TextIndex, span: Span, occurrence: int) -> QuoteSelector:
    """The quote at `span` with the fewest words of context that make it unique.

    `occurrence` (which match it is, from 1) is the last resort, as in `check`'s hints.
    """
    quote = one_line(raw_text(index, span)).strip()
    candidates = [QuoteSelector(quote)]
    block = index.blocks[span.block]
    # A space where the quote meets its context, unless the quote begins or ends mid-word.
    join_before = " " if span.start == 0 or block[span.start - 1].isspace() else ""
    join_after = " " if span.end == len(block) or block[span.end].isspace() else ""
    befores = _words_before(index, span)
    afters = _words_after(index, span)
    prefixes = [" ".join(befores[-k:]) + join_before for k in range(1, len(befores) + 1)]
    suffixes = [join_after + " ".join(afters[:k]) for k in range(1, len(afters) + 1)]
    candidates += [QuoteSelector(quote, prefix=p) for p in prefixes]
    candidates += [QuoteSelector(quote, suffix=s) for s in suffixes]
    candidates.sort(key=_length)
    pairs = [QuoteSelector(quote, p, s) for p in prefixes for s in suffixes]
    candidates += sorted(pairs, key=_length)
    for selector in candidates:
        if find_quote(index, selector.exact, selector.prefix, selector.suffix) == span:
            return selector
    return QuoteSelector(quote, occurrence=occurrence)


def _length(selector: QuoteSelector) -> int:
    return len(selector.prefix.strip()) + len(selector.suffix.strip())


def _words_before(index: TextIndex, span: Span) -> list[str]:
    """Up to MAX_CONTEXT_WORDS words right before the span (into the block before)."""
    text = index.blocks[span.block][: span.start]
    if span.block and len(text.split()) < MAX_CONTEXT_WORDS:
        text = index.blocks[span.block - 1] + " " + text
    return one_line(text).split()[-MAX_CONTEXT_WORDS:]


def _words_after(index: TextIndex, span: Span) -> list[str]:
    """Up to MAX_CONTEXT_WORDS words right after the span (into the block after)."""
    text = index.blocks[span.block][span.end :]
    if span.block + 1 < len(index.blocks) and len(text.split()) < MAX_CONTEXT_WORDS:
        text = text + " " + index.blocks[span.block + 1]
    return one_line(text).split()[:MAX_CONTEXT_WORDS]
