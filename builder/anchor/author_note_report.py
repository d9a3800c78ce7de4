"""Tell the author what is wrong with an article's own footnotes, at the line it is on.

Takes the problems the renderer found (`markdown.author_notes.FootnoteProblem`: labels and
which of their references or definitions) and the article, and reports each as a
`Diagnostic` at the place in the article file where that reference or definition is
written: a reference without a definition and a definition nothing refers to are
warnings (the page shows the first as written and leaves the second out), a label
defined twice is an error (only one definition could be shown).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right

from builder.anchor.markdown.author_notes import FootnoteProblem
from builder.diagnostics import Diagnostics, SourceLocation
from builder.load.articles import Article, front_matter_end

log = logging.getLogger(__name__)


def report_author_notes(
    article: Article, problems: tuple[FootnoteProblem, ...], diags: Diagnostics
) -> None:
    """Report each problem with the article's footnotes at its line and column."""
    for problem in problems:
        label = problem.label
        if problem.code == "author-note-undefined":
            diags.warning(
                _locate(article, _reference(label), problem.occurrence),
                "author-note-undefined",
                f"footnote reference [^{label}] has no definition: the page shows it as written",
                f"add the note on a line of its own, '[^{label}]: …', or write '\\[^{label}]' "
                "to show the brackets",
            )
        elif problem.code == "author-note-unused":
            diags.warning(
                _locate(article, _definition(label), 1),
                "author-note-unused",
                f"footnote [^{label}] is defined but the text never refers to it: "
                "it is left out of the page",
                f"refer to it with [^{label}] where it belongs, or remove the definition",
            )
        else:
            first = _locate(article, _definition(label), 1)
            diags.error(
                _locate(article, _definition(label), problem.occurrence),
                "author-note-duplicate",
                f"footnote [^{label}] is defined more than once (first at line {first.line}); "
                "only one definition can be shown",
                "give each note a label of its own, or remove one definition",
            )


def _reference(label: str) -> re.Pattern[str]:
    """A reference `[^label]`: not escaped, not a definition."""
    return re.compile(rf"(?<!\\)\[\^{re.escape(label)}\](?!\s*:)")


def _definition(label: str) -> re.Pattern[str]:
    return re.compile(rf"^[ ]{{0,3}}(\[\^{re.escape(label)}\]:)", re.MULTILINE)


def _locate(article: Article, pattern: re.Pattern[str], occurrence: int) -> SourceLocation:
    """Where the `occurrence`th match of `pattern` in the article's body is written
    (best effort: the body's first line when it cannot be found)."""
    text = article.source_text
    body = max(0, front_matter_end(text) or 0)
    matches = list(pattern.finditer(text, body))
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    if not matches:
        return SourceLocation(article.path, bisect_right(line_starts, body))
    found = matches[min(occurrence, len(matches)) - 1]
    start = found.start(found.lastindex or 0)
    line = bisect_right(line_starts, start)
    return SourceLocation(article.path, line, start - line_starts[line - 1] + 1)
