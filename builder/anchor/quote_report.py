"""Turn a quote that did not anchor into a diagnostic an author can act on.

Takes an AnchorProblem from anchoring.py and the article it was looked for
in; reports the message, each match or the closest passage with its line in
the article file, a character-level diff, and the selector line to paste.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
from bisect import bisect_right

from builder.anchor.anchoring import AnchorProblem, Span, TextIndex, find_all, fold_text
from builder.diagnostics import Diagnostics, field_location
from builder.load.annotations import Annotation
from builder.load.articles import Article, front_matter_end

log = logging.getLogger(__name__)

CONTEXT_CHARS = 25


def report_problem(
    ann: Annotation,
    problem: AnchorProblem,
    article: Article,
    index: TextIndex,
    diags: Diagnostics,
) -> None:
    """Report why an annotation's quote did not anchor (drift is a warning)."""
    quote = one_line(ann.selector.exact).strip()
    code = problem.code
    if code in {"quote-not-found", "quote-drifted"}:
        detail, hint = _closest(quote, problem, article, index)
        if code == "quote-drifted":
            message = f'quote has drifted from the article\'s text: "{quote}"'
            hint = "run `python -m builder fix` to update the sidecar, or " + hint
            diags.warning(ann.location, code, message, hint, detail)
            return
        message = f"quote not found in article '{article.slug}': \"{quote}\""
        diags.error(ann.location, code, message, hint, detail)
        return
    if code == "quote-crosses-blocks":
        diags.error(
            ann.location,
            code,
            f'quote runs across two paragraphs or blocks: "{quote}"',
            "a quote must lie inside one paragraph, heading, list item or table cell; "
            "annotate each part separately",
        )
        return
    lines = article_lines(article, index, problem.matches)
    detail = []
    for n, (span, line) in enumerate(zip(problem.matches, lines, strict=True), 1):
        before, after = (one_line(t) for t in _around(index, span))
        pick = f" — pick it with {problem.choices[n - 1]}" if problem.choices else ""
        detail.append(
            f'match {n}, {article.path} line {line}: "…{before}[{raw_text(index, span)}]'
            f'{after}…"{pick}'
        )
    hint = "add a 'prefix' or 'suffix' with the words around the one you mean, or 'occurrence: N'"
    if code == "occurrence-out-of-range":
        hint = f"use an occurrence from 1 to {len(problem.matches)}"
    elif code == "quote-context-mismatch":
        hint = "the prefix must be the text right before the quote and the suffix right after it"
    where = field_location(ann.locations, problem.field, ann.location)
    diags.error(where, code, f'{problem.message}: "{quote}"', hint, detail)


def _closest(
    quote: str, problem: AnchorProblem, article: Article, index: TextIndex
) -> tuple[list[str], str]:
    if problem.closest is None:
        return [], "copy the quote from the article as it reads on the page"
    text = one_line(raw_text(index, problem.closest))
    [line] = article_lines(article, index, (problem.closest,))
    detail = [
        f"closest passage ({problem.closest_ratio:.0%} alike), {article.path} line {line}: "
        f'"{text}"',
        f"difference: {char_diff(quote, text)}",
    ]
    return detail, f"if that is the passage, write: quote: {json.dumps(text, ensure_ascii=False)}"


def char_diff(old: str, new: str) -> str:
    """Show how `old` becomes `new`: [-removed-] and {+added+} characters."""
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(old[a1:a2])
            continue
        if a2 > a1:
            parts.append(f"[-{old[a1:a2]}-]")
        if b2 > b1:
            parts.append(f"{{+{new[b1:b2]}+}}")
    return "".join(parts)


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def raw_text(index: TextIndex, span: Span) -> str:
    return index.blocks[span.block][span.start : span.end]


def _around(index: TextIndex, span: Span) -> tuple[str, str]:
    """Up to CONTEXT_CHARS of text on each side of a span, cut at word boundaries."""
    text = index.blocks[span.block]
    before = text[max(0, span.start - CONTEXT_CHARS) : span.start]
    after = text[span.end : span.end + CONTEXT_CHARS]
    if span.start > CONTEXT_CHARS and " " in before:
        before = before[before.index(" ") + 1 :]
    if span.end + CONTEXT_CHARS < len(text) and " " in after:
        after = after[: after.rindex(" ")]
    return before, after


def article_lines(article: Article, index: TextIndex, spans: tuple[Span, ...]) -> list[int]:
    """Find the line of the article file where each span's text is written (best effort)."""
    source = TextIndex([article.source_text])
    line_starts = [0] + [m.end() for m in re.finditer("\n", article.source_text)]
    body = max(0, front_matter_end(article.source_text) or 0)  # passages are in the body

    def find(text: str) -> list[int]:
        return [h for h in find_all(source.text, text) if source.raw_start[h] >= body]

    seen: dict[str, int] = {}
    result = []
    for span in spans:
        text = fold_text(raw_text(index, span)).strip()
        nth = seen.get(text, 0)
        seen[text] = nth + 1
        hits = find(text) if text else []
        if nth >= len(hits):
            # Markup inside the passage: fall back to the start of its block.
            first_words = " ".join(fold_text(index.blocks[span.block]).split()[:4])
            hits, nth = (find(first_words) if first_words else []), 0
        if hits and nth < len(hits):
            result.append(bisect_right(line_starts, source.raw_start[hits[nth]]))
        else:
            result.append(1)
    return result
