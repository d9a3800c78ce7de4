"""Place an exported quote in an article, then write the shortest selector that picks it.

Takes the article's `TextIndex` and an exported TextQuoteSelector; returns a `Placed`
(the span, and a `QuoteSelector` with the shortest `prefix` or `suffix`, in whole
words, that makes it unique under the build's own anchoring rules) or the
`AnchorProblem` that `check` would report.

An export's contexts are not ours: Hypothesis keeps 32 characters on each side, taken
across paragraph breaks and with the page's white space, and a page may differ from the
article around the quote. So they are only used to choose among the quote's matches:
each match scores the characters of context that agree with the article (white space
folded, as anchoring folds it), and the best one is taken. Then the selector is made
afresh from the article's own text, and checked by `find_quote` itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from builder.anchor.anchoring import (
    AnchorProblem,
    Span,
    TextIndex,
    find_all,
    find_quote,
    fold_text,
    normalize_quote,
)
from builder.anchor.shortest import shortest_selector
from builder.commands.note_exports import ExportedQuote
from builder.load.annotations import QuoteSelector

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Placed:
    span: Span
    selector: QuoteSelector
    """The article's text at the span, with the shortest context that picks it."""


def place_quote(index: TextIndex, quote: ExportedQuote) -> Placed | AnchorProblem:
    """Find where an exported quote is in the article and the selector to write for it."""
    exact = normalize_quote(quote.exact)
    starts = find_all(index.text, exact) if exact else []
    if not starts:
        found = find_quote(index, quote.exact)
        if isinstance(found, Span):  # cannot happen: the same search found nothing
            return AnchorProblem("quote-not-found", "quote not found in the article")
        if found.code == "quote-drifted":  # close is not the same: report it as not found
            return replace(found, code="quote-not-found", message="quote not found")
        return found
    scores = [_context_score(index, start, len(exact), quote) for start in starts]
    best = max(scores)
    chosen = [start for start, score in zip(starts, scores, strict=True) if score == best]
    if len(chosen) > 1:
        spans = tuple(index.span(s, s + len(exact)) for s in chosen)
        return AnchorProblem(
            "quote-ambiguous",
            f"quote matches {len(chosen)} places and the export's prefix and suffix do not "
            "tell them apart",
            spans,
        )
    start = chosen[0]
    span = index.span(start, start + len(exact))
    return Placed(span, shortest_selector(index, span, starts.index(start) + 1))


def _context_score(index: TextIndex, start: int, length: int, quote: ExportedQuote) -> int:
    """How many characters of the export's prefix and suffix agree with the article here."""
    spaced = index.spaced
    prefix = fold_text(quote.prefix).strip()
    suffix = fold_text(quote.suffix).strip()
    before = spaced[max(0, start - len(prefix) - 8) : start].rstrip()
    after = spaced[start + length : start + length + len(suffix) + 8].lstrip()
    agree = 0
    while agree < min(len(prefix), len(before)) and prefix[-1 - agree] == before[-1 - agree]:
        agree += 1
    ahead = 0
    while ahead < min(len(suffix), len(after)) and suffix[ahead] == after[ahead]:
        ahead += 1
    return agree + ahead
