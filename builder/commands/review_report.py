"""Print a `Review` as Markdown (for $GITHUB_STEP_SUMMARY or a pull-request comment) or
JSON, and the `review` command's entry: exit 0 when it could report, 1 when a changed
file has an error (printed as `check` prints it), 2 for a bad revision or no work tree."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import logging
import re
import sys
from typing import TYPE_CHECKING, Any

from builder.diagnostics import format_diagnostics

if TYPE_CHECKING:
    from builder.commands.review import (
        AnnotationReview,
        ArticleReview,
        Change,
        EntryReview,
        Passage,
        Review,
    )

log = logging.getLogger(__name__)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def run_review(args: argparse.Namespace) -> int:
    """The `review` command."""
    # Imported here: the CLI starts without the build's stages (as `new` and `init` do).
    from builder.commands.review import ReviewError, review_site

    try:
        review = review_site(args.site, args.base)
    except ReviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(to_json(review) if args.format == "json" else to_markdown(review))
    if review.problems:
        print(format_diagnostics(review.problems, "text"), file=sys.stderr)
    return 1 if any(d.severity == "error" for d in review.problems) else 0


def to_json(review: Review) -> str:
    """The review as JSON: the Review dataclass's fields, problems as `check --format json`."""
    value: dict[str, Any] = {
        "base": review.base,
        "articles": [dataclasses.asdict(a) for a in review.articles],
        "glossary": [dataclasses.asdict(e) for e in review.glossary],
        "problems": [d.as_json() for d in review.problems],
    }
    return json.dumps(value, indent=2, ensure_ascii=False)


def to_markdown(review: Review) -> str:
    """The review as GitHub-flavoured Markdown."""
    lines = [f"## Annotation review against `{review.base}`", ""]
    if not review.articles and not review.glossary:
        lines.append("No article, sidecar or glossary entry changed.")
    for article in review.articles:
        lines += _article(article)
    if review.glossary:
        lines += ["### Glossary", ""]
        for entry in review.glossary:
            lines += _entry(entry)
    errors = [d for d in review.problems if d.severity == "error"]
    if review.problems:
        lines += ["### Problems", "", f"{len(errors)} error(s), as `check` reports them:", ""]
        lines += ["```", format_diagnostics(review.problems, "text"), "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def _article(article: ArticleReview) -> list[str]:
    lines = [f"### Article `{article.slug}`", ""]
    if not article.annotations and not article.paragraphs:
        lines += ["No change to its annotations or paragraphs.", ""]
    for item in article.annotations:
        lines += _annotation(item)
    if article.paragraphs:
        lines += [f"**Paragraphs changed:** {len(article.paragraphs)}", ""]
        for change in article.paragraphs:
            lines.append(f"- {word_diff(change.old, change.new)}")
        lines.append("")
    return lines


def _annotation(item: AnnotationReview) -> list[str]:
    problem = item.passage.problem if item.passage else ""
    if item.status == "unchanged":
        status = "quote drifted" if problem == "quote-drifted" else f"no longer anchors — {problem}"
    else:
        status = item.status + (f" — {problem}" if problem else "")
    line = f"[line {item.line}]({item.source})" if item.source else f"line {item.line}"
    lines = [f"- **{item.kind}** `{item.id}` {status} ({line})"]
    if item.passage:
        lines.append(f"  > {_passage(item.passage)}")
    for change in item.changes:
        lines.append(f"  - {_change(change)}")
    lines.append("")
    return lines


def _passage(passage: Passage) -> str:
    before = "…" + escape(passage.before) if passage.before else ""
    after = escape(passage.after) + "…" if passage.after else ""
    return f"{before}**{escape(passage.quote)}**{after}"


def _change(change: Change) -> str:
    if change.field == "sources":
        parts = [f"+ {escape(s)}" for s in change.added] + [
            f"− {escape(s)}" for s in change.removed
        ]
        return "sources: " + "; ".join(parts)
    if change.field in {"note", "definition"}:
        return f"{change.field}: {word_diff(change.old, change.new)}"
    if change.field == "quote":
        return f"quote moved: {escape(change.old)} → {escape(change.new)}"
    return f"{change.field}: {escape(change.old) or '(none)'} → {escape(change.new) or '(none)'}"


def _entry(entry: EntryReview) -> list[str]:
    lines = [f"- `{entry.id}` {entry.status}"]
    lines += [f"  - {_change(change)}" for change in entry.changes]
    return [*lines, ""]


def word_diff(old: str, new: str) -> str:
    """Mark words removed as ~~struck~~ and words added in **bold**, the rest as it is."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"~~{escape(' '.join(a[i1:i2]))}~~")
        if j2 > j1:
            out.append(f"**{escape(' '.join(b[j1:j2]))}**")
    return " ".join(out)


def escape(text: str) -> str:
    """Escape Markdown's special characters and fold the text onto one line (white space
    at either end is kept as one space, so a quote stays apart from its context)."""
    folded = " ".join(text.split())
    if folded and text[:1].isspace():
        folded = " " + folded
    if folded and text[-1:].isspace():
        folded += " "
    return _MARKDOWN_SPECIAL.sub(r"\\\1", folded)
